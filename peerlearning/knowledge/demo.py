"""The coalition's update posts from the seed, as demo content."""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.text import slugify

from peerlearning.knowledge.models import Update
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Community


@dataclass(frozen=True)
class Post:
    title: str
    region: str
    byline: str = ""
    published_on: datetime.date | None = None
    community: str = ""


# Each post starts at its title line in the seed file; the seed gives a date for some only.
POSTS = [
    Post(
        "Peer Learning: A Methodology Towards Sustaining & Scaling Up Promising Migration "
        "Governance Practices",
        ProgrammeRegion.GLOBAL,
        "Silvia Gomez, IDC Global Advocacy Coordinator",
        community="un-network-global-peer-learning-exchanges",
    ),
    Post(
        "Building Movement to End Immigration Detention: Strategy, Process & Learnings from "
        "Thailand",
        ProgrammeRegion.ASIA_PACIFIC,
        "Chawaratt (Mic) Chawarangkul, IDC Southeast Asia Programme Manager",
        community="asia-pacific-regional-peer-learning-platform",
    ),
    Post(
        "Mexican Organisations Look to the Supreme Court to Set Precedent for Non-Detention",
        ProgrammeRegion.AMERICAS,
        "Diana Martinez, IDC Americas Programme Officer",
    ),
    Post(
        "April 2023 Updates: IDC’s MENA Regional Programme",
        ProgrammeRegion.MENA,
        "Asma Nairi, IDC MENA Regional Coordinator",
        community="mena-peer-learning-network",
    ),
    Post("Belgium Move Coalition: Testimonies of Immigration Detention", ProgrammeRegion.EUROPE),
    Post(
        "Human Lives Are At Risk In Migration Governance Systems That Center Immigration Detention",
        ProgrammeRegion.AMERICAS,
        "IDC Statement: Mexico City",
        datetime.date(2023, 4, 4),
    ),
    Post(
        "Migrant Youth Leadership in Mexico",
        ProgrammeRegion.AMERICAS,
        "Olga Carolina Abarca Alfaro, Psychologist, AISOS Comitán",
    ),
    Post("Children Dying in Detention in US & Mexico", ProgrammeRegion.AMERICAS),
    Post(
        "Panel on Management of Mixed Migratory Flows in North Africa and the Sahel",
        ProgrammeRegion.AFRICA,
    ),
    Post("Documentary on Belgium Return Model", ProgrammeRegion.EUROPE),
]

# Lines that are layout left-overs of the original newsletter, not text.
NOISE = re.compile(r"^\d+x\d+\s+pf\s+[0-9a-f]+$")
BYLINE = re.compile(r"^(Guest Blog )?Written [Bb]y ")


def split_posts(text: str) -> list[tuple[Post, str]]:
    lines = [line.rstrip() for line in text.splitlines()]
    starts: list[int] = []
    cursor = 0
    for post in POSTS:
        index = next(i for i in range(cursor, len(lines)) if lines[i].strip() == post.title)
        starts.append(index)
        cursor = index + 1
    result = []
    for number, (post, start) in enumerate(zip(POSTS, starts, strict=True)):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        body_lines = []
        for line in lines[start + 1 : end]:
            stripped = line.strip()
            if NOISE.match(stripped) or BYLINE.match(stripped) or stripped == post.title:
                continue
            if post.published_on and stripped.startswith(post.byline):
                continue
            body_lines.append(stripped)
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines)).strip()
        result.append((post, body))
    return result


def load(shared: Path) -> int:
    """Create the seed's update posts; existing ones (and edits to them) are left alone."""
    seed = next((shared / "seed").glob("*.txt"))
    created = 0
    for position, (post, body) in enumerate(split_posts(seed.read_text(encoding="utf-8"))):
        _, was_created = Update.objects.get_or_create(
            slug=slugify(post.title)[:120],
            defaults={
                "title": post.title,
                "byline": post.byline,
                "region": post.region,
                "published_on": post.published_on,
                "body": body,
                "position": position,
                "source": "International Detention Coalition",
                "community": Community.objects.filter(slug=post.community).first()
                if post.community
                else None,
            },
        )
        created += was_created
    return created
