"""The demo is alive on the day it is loaded (issue 13, requirement 7): beside the historical
records, things to do dated from the load day — whatever that day is — each on its persona's
home; loading again adds nothing while they still wait."""

import datetime
import zoneinfo
from io import StringIO

import pytest
from django.utils import timezone

from peerlearning import access, demo
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import Exchange, ExchangeInvitation, Outcome
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import CommunityJoinRequest
from peerlearning.network.testing import client_for
from peerlearning.support.models import Match
from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def load(today: datetime.date | None = None) -> None:
    demo.load(StringIO().write, today=today)


def person(email: str) -> User:
    return User.objects.get(email=email)


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Exchange, ExchangeInvitation, Match, CommunityJoinRequest, Outcome, Practice)
    }


# Summer time in Madrid three weeks later (UTC+2), and winter time (UTC+1).
@pytest.mark.parametrize(
    ("today", "utc_hour"), [(datetime.date(2031, 3, 24), 13), (datetime.date(2030, 10, 14), 14)]
)
def test_loaded_on_any_day_the_things_to_do_are_ahead_or_waiting(today, utc_hour):
    load(today)
    moment = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    member, lived = person("member@example.org"), person("lived@example.org")
    facilitator, editor = person("facilitator@example.org"), person("editor@example.org")

    exchange = Exchange.objects.get(slug__startswith="online-exchange-case-management")
    assert exchange.starts_at is not None
    assert exchange.starts_at.date() == today + datetime.timedelta(weeks=3)
    assert exchange.starts_at.astimezone(MADRID).hour == 15
    assert exchange.starts_at.astimezone(datetime.UTC).hour == utc_hour
    assert exchange.registration_is_open(now=moment)
    assert exchange.sessions.count() == 3
    assert exchange.sessions.all()[0].starts_at == exchange.starts_at

    invitation = access.invitations_waiting(member, moment).get()
    assert invitation.exchange == exchange
    assert invitation.delegation is not None  # the member's government, invited
    match = access.matches_awaiting(Match.objects.all(), lived).get()
    assert match.offerer_decision == "accepted"  # the answer of the person settles it
    join_request = access.join_requests_to_decide(facilitator).get()
    assert join_request.person.email == "outsider@example.org"
    follow_up = access.follow_ups_due(facilitator, today + datetime.timedelta(days=7)).get(
        text__startswith="Circulate the summary"
    )
    assert follow_up.due_on == today + datetime.timedelta(days=7)
    assert follow_up.status == "open"
    practice = access.practices_to_review(editor).get()
    assert practice.external_id == "demo-screening-and-referral-of-children-at-the-border"
    assert not access.practices_to_review(facilitator).filter(pk=practice.pk).exists()

    # Loaded again the same day: nothing added, everything still waiting.
    before = counts()
    load(today)
    assert counts() == before
    assert access.invitations_waiting(member, moment).count() == 1


def test_loaded_today_each_persona_finds_its_things_to_do_on_its_home():
    load()
    pages = {
        email: client_for(person(email)).get("/home/").content.decode()
        for email in (
            "member@example.org",
            "lived@example.org",
            "facilitator@example.org",
            "editor@example.org",
            "outsider@example.org",
        )
    }
    assert (
        "Online exchange: case management for children and families" in pages["member@example.org"]
    )
    assert "Invitations to answer" in pages["member@example.org"]
    assert "Training for people with lived experience" in pages["lived@example.org"]
    assert "Demo Outsider asks to join" in page_text(pages["facilitator@example.org"])
    assert "Circulate the summary" in pages["facilitator@example.org"]
    assert "New exchange" in pages["facilitator@example.org"]
    # The held exchange waits for its report; the records from before the platform do not.
    assert "Reports to finish" in pages["facilitator@example.org"]
    assert "Kuala Lumpur" not in pages["facilitator@example.org"]
    assert "Screening and referral of children at the border" in pages["editor@example.org"]
    assert "is waiting for its facilitators" in pages["outsider@example.org"]
    # Each sees their own, not the others'.
    assert "Invitations to answer" not in pages["lived@example.org"]
    assert "Screening and referral" not in pages["member@example.org"]
    assert "asks to join" not in pages["member@example.org"]


def test_a_later_load_adds_fresh_things_once_the_first_are_done():
    today = timezone.localdate()
    load(today)
    member = person("member@example.org")
    invitation = access.invitations_waiting(member).get()
    Exchange.objects.filter(pk=invitation.exchange_id).update(status="closed")
    later = today + datetime.timedelta(days=40)
    load(later)
    moment = datetime.datetime.combine(later, datetime.time(12), tzinfo=datetime.UTC)
    fresh = access.invitations_waiting(member, moment).get()
    assert fresh.exchange.starts_at is not None
    assert fresh.exchange.starts_at.date() == later + datetime.timedelta(weeks=3)
    assert Exchange.objects.filter(slug__startswith="online-exchange-case-management").count() == 2
