"""An exchange's e-mails give its time as a person there reads it on the wall clock, and as the
recipient reads it at home when that differs — named, in the recipient's language, whatever
the server's clock, in summer and in winter (issue 13)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import Exchange, ExchangeInvitation
from peerlearning.network.models import Affiliation
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

# 2 p.m. in Madrid: 12:00 UTC in summer (CEST, UTC+2), 13:00 UTC in winter (CET, UTC+1).
# Mexico City keeps UTC-6 all year: 6 a.m. in summer, 7 a.m. in winter.
SUMMER = datetime(2031, 7, 15, 12, 0, tzinfo=UTC)
WINTER = datetime(2032, 1, 15, 13, 0, tzinfo=UTC)


def in_madrid(network, starts: datetime) -> Exchange:
    Exchange.objects.filter(pk=network.open_exchange.pk).update(
        time_zone="Europe/Madrid", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    network.open_exchange.refresh_from_db()
    return network.open_exchange


def invite(network, capture) -> None:
    with capture(execute=True):
        response = client_for(network.facilitator).post(
            "/exchanges/asia-open/participants/invite/", {"email": network.outsider.email}
        )
    assert response.status_code == 302


def last_body(mailoutbox, person) -> str:
    message = [m for m in mailoutbox if m.to == [person.email]][-1]
    return message.body


@pytest.mark.parametrize(
    ("starts", "madrid", "mexico"),
    [
        (SUMMER, "July 15, 2031, 2 p.m.", "July 15, 2031, 6 a.m."),
        (WINTER, "Jan. 15, 2032, 2 p.m.", "Jan. 15, 2032, 7 a.m."),
    ],
)
def test_an_invitation_gives_the_madrid_time_and_the_recipients_own(
    network, mailoutbox, django_capture_on_commit_callbacks, starts, madrid, mexico
):
    in_madrid(network, starts)
    network.outsider.time_zone = "America/Mexico_City"
    network.outsider.save(update_fields=["time_zone"])
    invite(network, django_capture_on_commit_callbacks)
    body = last_body(mailoutbox, network.outsider)
    assert f"When: {madrid} (Europe/Madrid)" in body
    assert f"Your time: {mexico} (America/Mexico_City)" in body
    # Never the server's (UTC) clock.
    assert "1 p.m." not in body
    assert "noon" not in body


def test_no_second_time_for_a_recipient_without_a_zone_or_on_the_same_clock(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    in_madrid(network, WINTER)
    for zone in ("", "Europe/Paris"):  # Paris reads the same time as Madrid
        network.outsider.time_zone = zone
        network.outsider.save(update_fields=["time_zone"])
        invite(network, django_capture_on_commit_callbacks)
        body = last_body(mailoutbox, network.outsider)
        assert "When: Jan. 15, 2032, 2 p.m. (Europe/Madrid)" in body
        assert "Your time" not in body
        ExchangeInvitation.objects.filter(person=network.outsider).delete()


def test_the_time_is_written_in_the_recipients_language(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    in_madrid(network, SUMMER)
    network.outsider.languages = ["es"]
    network.outsider.time_zone = "America/Mexico_City"
    network.outsider.save(update_fields=["languages", "time_zone"])
    invite(network, django_capture_on_commit_callbacks)
    body = last_body(mailoutbox, network.outsider)
    assert "Cuándo: 15 de julio de 2031 a las 14:00 (Europe/Madrid)" in body
    assert "Su hora local: 15 de julio de 2031 a las 06:00 (America/Mexico_City)" in body


def test_the_confirmation_and_the_reminder_give_the_same_times(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    in_madrid(network, WINTER)
    person = network.outsider
    person.time_zone = "America/Mexico_City"
    person.save(update_fields=["time_zone"])
    Affiliation.objects.update_or_create(
        person=person, organisation=network.ngo, defaults={"status": "confirmed"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(person).post(
            "/exchanges/asia-open/register/",
            {"organisation": network.ngo.pk, "accept_rule": "on"},
        )
    assert response.status_code == 302
    confirmation = last_body(mailoutbox, person)
    assert "Your place in Open regional meeting is confirmed." in confirmation
    assert "When: Jan. 15, 2032, 2 p.m. (Europe/Madrid)" in confirmation
    assert "Your time: Jan. 15, 2032, 7 a.m. (America/Mexico_City)" in confirmation

    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(now=WINTER - timedelta(hours=20)) == 1
    reminder = last_body(mailoutbox, person)
    assert "A reminder: Open regional meeting starts soon." in reminder
    assert "When: Jan. 15, 2032, 2 p.m. (Europe/Madrid)" in reminder
    assert "Your time: Jan. 15, 2032, 7 a.m. (America/Mexico_City)" in reminder


def test_a_place_freed_up_gives_the_times_too_in_arabic(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    in_madrid(network, SUMMER)  # two places
    people = [make_user(f"r{i}@test.example") for i in range(3)]
    for person in people:
        Affiliation.objects.update_or_create(
            person=person, organisation=network.ngo, defaults={"status": "confirmed"}
        )
        actions.register(
            network.open_exchange, person, organisation=network.ngo, accepted_rule=True
        )
    waiting = people[2]
    waiting.languages = ["ar"]
    waiting.time_zone = "America/Mexico_City"
    waiting.save(update_fields=["languages", "time_zone"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(people[0]).post("/exchanges/asia-open/register/cancel/")
    body = last_body(mailoutbox, waiting)
    # Arabic dates as Django writes them: 2 p.m. ("2 م") in Madrid, 6 a.m. ("6 ص") in Mexico.
    madrid, mexico = (
        line
        for line in body.splitlines()
        if "(Europe/Madrid)" in line or "(America/Mexico_City)" in line
    )
    assert "2031" in madrid and "2 م" in madrid
    assert "(Europe/Madrid)" in madrid
    assert "6 ص" in mexico and "(America/Mexico_City)" in mexico


@pytest.mark.parametrize(
    ("sent_at", "zone", "word"),
    [
        (WINTER - timedelta(hours=3), "", "Today"),  # 11 a.m. in Madrid, the same day
        (WINTER - timedelta(hours=20), "", "Tomorrow"),  # 6 p.m. the day before
        # 00:30 on the day in Madrid, but still 5:30 p.m. the day before in Mexico City.
        (WINTER - timedelta(hours=13, minutes=30), "", "Today"),
        (WINTER - timedelta(hours=13, minutes=30), "America/Mexico_City", "Tomorrow"),
    ],
)
def test_a_reminder_says_today_or_tomorrow_as_the_recipients_calendar_reads_it(
    network, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, sent_at, zone, word
):
    in_madrid(network, WINTER)
    person = network.outsider
    person.time_zone = zone
    person.save(update_fields=["time_zone"])
    Affiliation.objects.update_or_create(
        person=person, organisation=network.ngo, defaults={"status": "confirmed"}
    )
    actions.register(network.open_exchange, person, organisation=network.ngo, accepted_rule=True)
    monkeypatch.setattr(timezone, "now", lambda: sent_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders() == 1
    subject = [m for m in mailoutbox if m.to == [person.email]][-1].subject
    assert subject == f"{word}: Open regional meeting"


@pytest.mark.parametrize(
    ("zone", "until"), [("", "July 15, 2031"), ("Pacific/Auckland", "July 16, 2031")]
)
def test_an_invitations_last_day_is_the_recipients_day(
    network, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, zone, until
):
    """Other e-mails with a moment in them write it in the recipient's zone: an invitation sent
    at 8 p.m. UTC lasts, for a reader in Auckland (UTC+12 in July), until the next morning."""
    from peerlearning.network import actions as network_actions

    network.outsider.time_zone = zone
    network.outsider.save(update_fields=["time_zone"])
    monkeypatch.setattr(timezone, "now", lambda: datetime(2031, 7, 1, 20, 0, tzinfo=UTC))
    with django_capture_on_commit_callbacks(execute=True):
        network_actions.invite_to_community(
            network.asia, by=network.facilitator, email=network.outsider.email
        )
    assert f"The link works once, until {until}." in last_body(mailoutbox, network.outsider)
