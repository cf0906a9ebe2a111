"""The coalition's update posts, summarised in the project's own words (data/updates.json).

Each post is a short summary of one of the coalition's public updates: what happened, where,
when, who and the figures, exactly as the coalition gives them, with a link to the source.
"""

import datetime
import json
from typing import Any

from django.utils.text import slugify

from peerlearning.demo import DATA
from peerlearning.knowledge.models import Update
from peerlearning.network.models import Community

UPDATES_JSON = DATA / "updates.json"
SOURCE = "International Detention Coalition"


def posts() -> list[dict[str, Any]]:
    with UPDATES_JSON.open(encoding="utf-8") as handle:
        result: list[dict[str, Any]] = json.load(handle)
    return result


def load() -> int:
    """Create the update posts; existing ones (and edits to them) are left alone."""
    created = 0
    for position, post in enumerate(posts()):
        published_on = post["published_on"]
        _, was_created = Update.objects.get_or_create(
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
            },
        )
        created += was_created
    return created
