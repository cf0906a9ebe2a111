"""The coalition's update posts, summarised in the project's own words (data/updates.json).

Each post is a short summary of one of the coalition's public updates: what happened, where,
when, who and the figures, exactly as the coalition gives them, with a link to the source. A
statement names the organisations that signed it (`signed_by`, by acronym or name); a post with
`draft_by` is a draft its community's facilitator is writing, written through the same action as
on the platform (with its editorial history), and published by nobody yet.
"""

import datetime
import json
from typing import Any

from django.utils.text import slugify

from peerlearning.accounts.models import User
from peerlearning.demo import DATA
from peerlearning.knowledge.models import Concept, Update, UpdateKind
from peerlearning.network.models import Community, Country, Organisation

UPDATES_JSON = DATA / "updates.json"
SOURCE = "International Detention Coalition"


def posts() -> list[dict[str, Any]]:
    with UPDATES_JSON.open(encoding="utf-8") as handle:
        result: list[dict[str, Any]] = json.load(handle)
    return result


def _organisation(key: str) -> Organisation:
    return Organisation.objects.filter(acronym=key).first() or Organisation.objects.get(name=key)


def _links(post: dict[str, Any]) -> dict[str, list[Any]]:
    """The post's countries, concepts (those the thesaurus has) and signatories."""
    return {
        "countries": list(Country.objects.filter(code__in=post.get("countries", []))),
        "concepts": list(Concept.objects.filter(slug__in=post.get("concepts", []))),
        "signatories": [_organisation(key) for key in post.get("signed_by", [])],
    }


def _draft(post: dict[str, Any]) -> bool:
    """A community's draft, written by its facilitator (if the demo account is there)."""
    from peerlearning.knowledge import actions

    writer = User.objects.filter(email=post["draft_by"]).first()
    # Its address is made of its title when it is written; a later edit keeps it.
    if writer is None or Update.objects.filter(slug=slugify(post["title"])[:100]).exists():
        return False
    actions.create_update(
        by=writer,
        community=Community.objects.get(slug=post["community"]),
        kind=post.get("kind", UpdateKind.NEWS),
        title=post["title"],
        body=" ".join(post["summary"]),
        language="en",
        region=post["region"],
        source=f"{SOURCE}, {post['source_url']}",
        **_links(post),
    )
    return True


def load() -> int:
    """Create the update posts; existing ones (and edits to them) are left alone."""
    created = 0
    for position, post in enumerate(posts()):
        if post.get("draft_by"):
            created += _draft(post)
            continue
        published_on = post["published_on"]
        update, was_created = Update.objects.get_or_create(
            slug=slugify(post["title"])[:120],
            defaults={
                "title": post["title"],
                "byline": post["byline"],
                "region": post["region"],
                "published_on": datetime.date.fromisoformat(published_on) if published_on else None,
                "body": " ".join(post["summary"]),
                "position": position,
                "source": f"{SOURCE}, {post['source_url']}",
                "community": Community.objects.filter(slug=post["community"]).first()
                if post["community"]
                else None,
                "kind": post.get("kind", UpdateKind.NEWS),
            },
        )
        if was_created:
            links = _links(post)
            update.countries.set(links["countries"])
            update.concepts.set(links["concepts"])
            update.signatories.set(links["signatories"])
        created += was_created
    return created
