"""Joining details (video link, venue, logistics) reach registered participants only (issue 13,
requirement 3): on the exchange's page, in their confirmation and reminder e-mails, in their own
calendar entries. Everyone else who might be near them — a person on the waiting list, one who
cancelled, one invited who has not registered, a member of the community, a facilitator of
another community, a signed-out visitor, the API, the community's public feed — sees nothing;
each refusal beside the participant who does see them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.exchanges import actions
from peerlearning.exchanges.calendars import new_calendar_token
from peerlearning.exchanges.models import Exchange, Registration
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room-4711"
VENUE = "UN Conference Centre, Room Zqx-12, Rajdamnern Nok Avenue"
NOTES = "Bring your passport to the security check at gate Zqx-3."
SECRETS = ("secret-room-4711", "Room Zqx-12", "gate Zqx-3")


def shows_details(text: str) -> set[str]:
    return {secret for secret in SECRETS if secret in text}


@pytest.fixture
def room(network, django_capture_on_commit_callbacks, mailoutbox):
    """asia-open, public and with one place: the community member holds it; `waiting` is on the
    waiting list; `cancelled` registered and cancelled; `invited` was invited only."""
    exchange = network.open_exchange
    Exchange.objects.filter(pk=exchange.pk).update(
        visibility="public",
        capacity=2,
        starts_at=timezone.now() + timedelta(hours=20),
        ends_at=timezone.now() + timedelta(hours=23),
    )
    exchange.refresh_from_db()
    waiting = make_user("waiting@test.example", display_name="Wanda Waiting")
    cancelled = make_user("cancelled@test.example", display_name="Carl Cancelled")
    invited = make_user("invited@test.example", display_name="Ivy Invited")
    for person in (waiting, cancelled):
        confirmed_affiliation(person, network.ministry)
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_joining_details(
            exchange,
            by=network.facilitator,
            joining_link=LINK,
            joining_venue=VENUE,
            joining_notes=NOTES,
        )
        actions.register(
            exchange, network.community_member, organisation=network.ministry, accepted_rule=True
        )
        gone = actions.register(
            exchange, cancelled, organisation=network.ministry, accepted_rule=True
        )
        actions.register(exchange, waiting, organisation=network.ministry, accepted_rule=True)
        actions.invite_person(exchange, invited, by=network.facilitator)
    # Cancelled after the place was taken: the cancellation promotes the waiting person, so it
    # is undone to keep one person on the waiting list.
    Registration.objects.filter(pk=gone.pk).update(status="cancelled")
    assert Registration.objects.get(exchange=exchange, person=waiting).status == "waitlisted"
    return {
        "exchange": exchange,
        "participant": network.community_member,
        "waiting": waiting,
        "cancelled": cancelled,
        "invited": invited,
        "community member": network.hidden,  # a member of the community, not registered
        "other facilitator": network.other_facilitator,
        "outsider": network.outsider,
        "network": network,
    }


OUTSIDERS = (
    "waiting",
    "cancelled",
    "invited",
    "community member",
    "other facilitator",
    "outsider",
)


def test_the_exchange_page_shows_them_to_the_participant_only(room):
    page = client_for(room["participant"]).get("/exchanges/asia-open/")
    assert page.status_code == 200
    assert shows_details(page.content.decode()) == set(SECRETS)
    for persona in OUTSIDERS:
        response = client_for(room[persona]).get("/exchanges/asia-open/")
        assert response.status_code == 200, persona  # they see the exchange...
        assert "Open regional meeting" in response.content.decode()
        assert not shows_details(response.content.decode()), persona  # ...not how to join
    anonymous = Client().get("/exchanges/asia-open/")
    assert anonymous.status_code == 200
    assert not shows_details(anonymous.content.decode())


def test_the_facilitators_who_write_them_read_them(room):
    facilitator = client_for(room["network"].facilitator)
    assert shows_details(facilitator.get("/exchanges/asia-open/").content.decode()) == set(SECRETS)
    form = facilitator.get("/exchanges/asia-open/joining/").content.decode()
    assert LINK in form


def test_only_the_facilitators_of_the_exchange_may_edit_them(room):
    for persona in ("participant", "other facilitator", "waiting"):
        response = client_for(room[persona]).post(
            "/exchanges/asia-open/joining/", {"joining_link": "https://evil.example/x"}
        )
        assert response.status_code == 403, persona
    room["exchange"].refresh_from_db()
    assert room["exchange"].joining_link == LINK  # nothing was written
    response = client_for(room["network"].facilitator).post(
        "/exchanges/asia-open/joining/",
        {"joining_link": "meet.example.org/new", "joining_venue": "", "joining_notes": ""},
    )
    assert response.status_code == 302
    room["exchange"].refresh_from_db()
    assert room["exchange"].joining_link == "https://meet.example.org/new"


def test_the_exchange_calendar_file_carries_them_for_the_participant_only(room):
    own = client_for(room["participant"]).get("/exchanges/asia-open/calendar.ics")
    text = own.content.decode().replace("\r\n ", "")
    assert shows_details(text) == set(SECRETS)
    assert f"URL:{LINK}" in text
    for persona in OUTSIDERS:
        response = client_for(room[persona]).get("/exchanges/asia-open/calendar.ics")
        assert response.status_code == 200, persona
        assert "Open regional meeting" in response.content.decode()
        assert not shows_details(response.content.decode().replace("\r\n ", "")), persona
    assert not shows_details(Client().get("/exchanges/asia-open/calendar.ics").content.decode())


def test_the_community_feed_never_carries_them(room):
    feed = Client().get("/communities/asia-pacific/calendar.ics").content.decode()
    assert "Open regional meeting" in feed  # the exchange is in the feed...
    assert not shows_details(feed.replace("\r\n ", ""))  # ...without how to join


def test_a_personal_feed_carries_them_for_a_place_held_only(room):
    participant = new_calendar_token(room["participant"])
    feed = Client().get(f"/calendar/{participant}.ics").content.decode().replace("\r\n ", "")
    assert shows_details(feed) == set(SECRETS)
    waiting = new_calendar_token(room["waiting"])
    feed = Client().get(f"/calendar/{waiting}.ics").content.decode().replace("\r\n ", "")
    assert not shows_details(feed)


def test_the_api_never_carries_them(room):
    for persona in ("participant", *OUTSIDERS):
        response = client_for(room[persona]).get("/api/v1/exchanges/asia-open")
        assert response.status_code == 200, persona
        assert not shows_details(response.content.decode()), persona
        agenda = client_for(room[persona]).get("/api/v1/exchanges/asia-open/agenda")
        assert not shows_details(agenda.content.decode()), persona


def test_confirmation_e_mails_carry_them_to_registered_participants_only(room, mailoutbox):
    by_person = {m.to[0]: m for m in mailoutbox}
    confirmation = by_person[room["participant"].email]
    assert confirmation.subject.startswith("You are registered")
    assert shows_details(confirmation.body) == set(SECRETS)
    assert by_person[room["waiting"].email].subject.startswith("On the waiting list")
    for persona in ("waiting", "invited"):
        assert not shows_details(by_person[room[persona].email].body), persona


def test_reminders_carry_them_to_registered_participants_only(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.send_reminders()
    assert sent == 1  # the place holder only: not the waiting list, not the cancelled
    (message,) = mailoutbox
    assert message.to == [room["participant"].email]
    assert shows_details(message.body) == set(SECRETS)


def test_a_person_promoted_from_the_waiting_list_gets_them_then(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    page = client_for(room["waiting"]).get("/exchanges/asia-open/").content.decode()
    assert not shows_details(page)
    mailoutbox.clear()
    registration = Registration.objects.get(exchange=room["exchange"], person=room["participant"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_registration(registration, by=room["participant"])
    (message,) = mailoutbox
    assert message.to == [room["waiting"].email]
    assert shows_details(message.body) == set(SECRETS)
    page = client_for(room["waiting"]).get("/exchanges/asia-open/").content.decode()
    assert shows_details(page) == set(SECRETS)
    # And the one who cancelled no longer sees them.
    page = client_for(room["participant"]).get("/exchanges/asia-open/").content.decode()
    assert not shows_details(page)


def test_a_change_is_e_mailed_to_those_holding_a_place_only(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_joining_details(
            room["exchange"],
            by=room["network"].facilitator,
            joining_link=LINK,
            joining_venue=VENUE,
            joining_notes="Bring your passport to gate Zqx-3 (moved to the north side).",
        )
    (message,) = mailoutbox  # not the waiting list, not the cancelled, not the invited
    assert message.to == [room["participant"].email]
    assert message.subject == "How to join: Open regional meeting"
    assert shows_details(message.body) == set(SECRETS)
    assert "moved to the north side" in message.body
    # Saved again unchanged: nobody is written to twice.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_joining_details(
            room["exchange"],
            by=room["network"].facilitator,
            joining_link=LINK,
            joining_venue=VENUE,
            joining_notes="Bring your passport to gate Zqx-3 (moved to the north side).",
        )
    assert not mailoutbox


def test_a_place_given_up_before_the_e_mail_goes_gets_no_details(
    room, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    # Control: a change while the place is held is sent to the participant.
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_joining_details(
            room["exchange"],
            by=room["network"].facilitator,
            joining_link="https://meet.example.org/secret-room-4711-b",
            joining_venue=VENUE,
            joining_notes=NOTES,
        )
    assert [m.to for m in mailoutbox] == [[room["participant"].email]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_joining_details(
            room["exchange"],
            by=room["network"].facilitator,
            joining_link="https://meet.example.org/secret-room-4711-c",
            joining_venue=VENUE,
            joining_notes=NOTES,
        )
        # Queued for the participant; their place is given up before the task reads it.
        Registration.objects.filter(exchange=room["exchange"], person=room["participant"]).update(
            status="cancelled"
        )
    assert not mailoutbox
