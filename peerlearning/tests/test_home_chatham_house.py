"""The personal home under the Chatham House crawl (DESIGN.md §4): whatever waits for each persona
of an exchange held under the rule — contributions reported for review, follow-ups due — the home
names no participant, and never pairs a contribution with anyone."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.exchanges.models import Outcome
from peerlearning.tests.test_chatham_house import room  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_the_home_shows_no_participant_to_any_persona(room):  # noqa: F811
    Outcome.objects.filter(exchange=room["exchange"], kind="follow-up").update(
        due_on=timezone.localdate() + datetime.timedelta(days=3)
    )
    people = room["people"]
    every_marker = set().union(*(p.markers for p in people))
    reached = {}
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        response = client.get("/home/")
        if user is None:
            assert response.status_code == 302
            continue
        text = response.content.decode()
        own: set[str] = next((p.markers for p in people if p.user == user), set())
        leaked = {m for m in every_marker - own if m in text}
        assert not leaked, f"{persona} /home/ shows {leaked}"
        assert "Learning number" not in text, f"{persona} /home/ quotes a contribution"
        reached[persona] = text
    # The crawl proves something: the facilitator's home does list what waits in the room.
    assert "1 report waiting" in reached["facilitator"]
    assert "Share guidance." in reached["facilitator"]
    # And a participant's own name is on their own home only.
    assert people[0].public in reached["participant"]
