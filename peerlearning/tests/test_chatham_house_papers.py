"""The Chatham House crawl (test_chatham_house.py) reaches the letter and the certificate as each
persona downloads their own; here, the papers the facilitators download for others, for every
delegation and every attendee of the exchange under the rule: each names only its own delegation
or person (a pseudonym as a pseudonym, never the name behind it), and nothing said."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import Exchange
from peerlearning.tests.test_chatham_house import room, text_of  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

SAID = ("Learning number", "we release every child", "Screen early", "Useful and safe")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_each_delegation_letter_names_its_own_members_only(room):  # noqa: F811
    facilitator = signed_in(room["personas"]["facilitator"])
    people = room["people"]
    for index, person in enumerate(people):
        response = facilitator.get(
            f"/exchanges/room-exchange/invitation-letter.pdf?organisation=ministry-{index}"
        )
        text = " ".join(text_of(response).split())
        assert person.public in text and person.organisation in text
        others = set().union(*(p.markers for p in people if p is not person))
        assert not {m for m in others if m in text}, index
        assert person.email not in text
        if person.pseudonym:
            assert person.name not in text  # the name behind the pseudonym
        assert not [said for said in SAID if said in text]


def test_each_certificate_names_its_attendee_only(room):  # noqa: F811
    # The room's exchange is dated in 2030 and reported already: its end is moved to the past
    # (no certificate is given before the end, even for an exchange marked held).
    Exchange.objects.filter(pk=room["exchange"].pk).update(
        starts_at=timezone.now() - timedelta(days=2), ends_at=timezone.now() - timedelta(days=1)
    )
    facilitator = signed_in(room["personas"]["facilitator"])
    people = room["people"]
    for person in people:
        response = facilitator.get(
            f"/exchanges/room-exchange/certificate.pdf?person={person.user.uuid}"
        )
        assert response.status_code == 200
        text = " ".join(text_of(response).split())
        assert person.public in text
        every_other = set().union(*(p.markers for p in people)) - {person.public}
        assert not {m for m in every_other if m in text}, person.public
        assert not [said for said in SAID if said in text]


def test_joining_details_never_name_anyone_in_the_papers_or_e_mails(
    room,  # noqa: F811
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """Joining details written by the facilitators reach the participant's own papers and
    e-mails, and bring no other participant with them."""
    exchange = room["exchange"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_joining_details(
            exchange,
            by=room["personas"]["facilitator"],
            joining_link="https://meet.example.org/room",
            joining_venue="Palácio, Sala 2",
            joining_notes="Doors open at 13:30.",
        )
    # Joining details are shown until the exchange is held: back to "registration closed".
    Exchange.objects.filter(pk=exchange.pk).update(status="closed")
    participant = signed_in(room["personas"]["participant"])
    page = participant.get("/exchanges/room-exchange/").content.decode()
    assert "https://meet.example.org/room" in page
    every_marker = set().union(*(p.markers for p in room["people"][1:]))
    for path in ("/exchanges/room-exchange/", "/exchanges/room-exchange/calendar.ics"):
        text = participant.get(path).content.decode()
        assert not {m for m in every_marker - {room["people"][1].public} if m in text}, path
