"""The Chatham House promise (DESIGN.md §4) kept by lessons (issue 17): a lesson made from a key
learning of an exchange under the rule names nobody — no participant's name, pseudonym,
organisation or e-mail — on the lessons page, the page that makes them, the lesson's edit page,
search and the API, for any persona; and carries no country."""

import pytest
from django.test import Client

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import Exchange, Outcome
from peerlearning.knowledge.models import Lesson
from peerlearning.tests import test_chatham_house

pytestmark = pytest.mark.django_db

room = test_chatham_house.room  # the room of the Chatham House crawl, its markers planted


def surfaces(lesson: Lesson, exchange: Exchange) -> list[str]:
    return [
        "/lessons/",
        "/lessons/?region=asia-pacific",
        f"/lessons/{lesson.uuid}/edit/",
        f"/exchanges/{exchange.slug}/lessons/",
        "/search/?q=screen+early",
        "/api/v1/search?q=screen+early",
        *(f"/search/?q={word}" for word in ("Name", "Ministry", "Pseud", "participant")),
    ]


def crawl(room, lesson) -> int:
    every_marker = set().union(*(p.markers for p in room["people"]))
    checked = 0
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in surfaces(lesson, room["exchange"]):
            response = client.get(path)
            text = response.content.decode()
            leaked = {marker for marker in every_marker if marker in text}
            assert not leaked, f"{persona} GET {path} ({response.status_code}) shows {leaked}"
            checked += 1
    return checked


def test_a_lesson_of_an_exchange_under_the_rule_names_nobody(
    room, django_capture_on_commit_callbacks
):
    exchange = room["exchange"]
    facilitator = room["personas"]["facilitator"]
    learning = Outcome.objects.get(exchange=exchange, kind="learning")
    client = Client()
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/exchanges/{exchange.slug}/lessons/",
            {"outcomes": [str(learning.uuid)], "region": "europe"},
        )
    assert response.status_code == 302
    lesson = Lesson.objects.get(outcome=learning)
    assert not lesson.countries.exists()
    assert lesson.created_by == facilitator  # kept for the record, shown nowhere
    assert crawl(room, lesson) > 50

    # Control: the lesson is there to be read, by those who may see the exchange, and once the
    # exchange is public by everyone and by search, still naming nobody.
    participant = Client()
    participant.force_login(room["personas"]["participant"])
    assert "Screen early." in participant.get("/lessons/").content.decode()
    assert "Screen early." not in Client().get("/lessons/").content.decode()
    Exchange.objects.filter(pk=exchange.pk).update(visibility="public")
    with django_capture_on_commit_callbacks(execute=True):
        actions.exchange_changed(Exchange.objects.get(pk=exchange.pk))
    page = Client().get("/lessons/").content.decode()
    assert "Screen early." in page and "From the exchange" in page
    assert f"lesson-{lesson.uuid}" in Client().get("/search/?q=screen+early").content.decode()
    assert crawl(room, lesson) > 50
