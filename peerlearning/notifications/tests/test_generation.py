"""Notifications made by the apps' own actions (issue 18, item 2): what concerns a person
directly reaches them on the platform, and the app's own e-mail reaches them only if they want
that kind at once; what they follow reaches them when it is published, once, and only while they
may see it."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from peerlearning import access
from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Exchange, ExchangeInvitation, Registration
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Concept, Practice, Update
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.notifications import actions
from peerlearning.notifications.models import EmailChoice, Kind, Notification
from peerlearning.support import actions as support_actions
from peerlearning.support.models import Match
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

# No choice made (the default for what concerns one directly: at once), a daily digest, never.
CHOICES = [None, "daily", "never"]


def choose(person, kind: Kind, frequency: str | None) -> None:
    if frequency is not None:
        EmailChoice.objects.create(user=person, kind=kind, frequency=frequency)


def shown(person, kind: Kind) -> list:
    """The items of this kind on the person's notifications, as they may see them now."""
    visible = access.notifications_visible_to(Notification.objects.filter(kind=kind), person)
    return [notification.item for notification in visible.order_by("pk")]


def mails_to(mailoutbox, person, subject: str) -> int:
    return sum(1 for m in mailoutbox if m.to == [person.email] and subject in m.subject)


def expect_email(frequency: str | None) -> int:
    return 1 if frequency is None else 0


# What concerns a person directly -----------------------------------------------------------


@pytest.mark.parametrize("frequency", CHOICES)
def test_it_tells_an_invited_person_by_their_choice(
    network, mailoutbox, django_capture_on_commit_callbacks, frequency
):
    invited = network.outsider
    choose(invited, Kind.EXCHANGE_INVITATION, frequency)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.facilitator).post(
            "/exchanges/asia-open/participants/invite/",
            {"email": invited.email, "organisation": "HOST"},
        )
    assert response.status_code == 302
    assert shown(invited, Kind.EXCHANGE_INVITATION) == [network.open_exchange]
    assert mails_to(mailoutbox, invited, "You are invited") == expect_email(frequency)
    # Nobody else hears of it.
    assert shown(network.community_member, Kind.EXCHANGE_INVITATION) == []
    assert Notification.objects.exclude(user=invited).count() == 0


def test_it_tells_an_invitation_sent_again_anew(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    invited = network.outsider
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.invite_person(network.open_exchange, invited, by=network.facilitator)
    notification = Notification.objects.get(user=invited)
    actions.mark_read(invited, [notification])
    invitation = ExchangeInvitation.objects.get(person=invited)
    invitation.sent_at = timezone.now() - timedelta(days=2)
    invitation.save(update_fields=["sent_at"])
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.resend_invitation(invitation, by=network.facilitator)
    assert mails_to(mailoutbox, invited, "You are invited") == 2
    notification.refresh_from_db()
    assert notification.read_at is None  # unread again, still one
    assert Notification.objects.filter(user=invited).count() == 1


def test_it_tells_an_invitation_to_a_draft_once_the_exchange_is_published(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    exchange = Exchange.objects.create(
        slug="draft-meeting",
        community=network.asia,
        title="Draft meeting",
        format="workshop",
        mode="online",
        rule="chatham-house",
        visibility="network",
        starts_at=timezone.now() + timedelta(days=40),
        time_zone="Asia/Bangkok",
    )
    invited = network.outsider
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.invite_person(exchange, invited, by=network.facilitator)
    # A draft they may not see: nothing shown, nothing sent.
    assert shown(invited, Kind.EXCHANGE_INVITATION) == []
    assert mails_to(mailoutbox, invited, "You are invited") == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.facilitator).post("/exchanges/draft-meeting/publish/")
    assert response.status_code == 302
    assert shown(invited, Kind.EXCHANGE_INVITATION) == [exchange]
    assert mails_to(mailoutbox, invited, "You are invited") == 1


@pytest.mark.parametrize("frequency", CHOICES)
def test_it_tells_a_registration_confirmed_by_their_choice(
    network, mailoutbox, django_capture_on_commit_callbacks, frequency
):
    member = network.community_member
    choose(member, Kind.REGISTRATION_CONFIRMED, frequency)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member).post(
            "/exchanges/asia-open/register/",
            {"organisation": network.ministry.pk, "accept_rule": "on"},
        )
    assert response.status_code == 302
    assert Registration.objects.get(exchange=network.open_exchange, person=member)
    assert shown(member, Kind.REGISTRATION_CONFIRMED) == [network.open_exchange]
    assert mails_to(mailoutbox, member, "You are registered") == expect_email(frequency)
    assert shown(network.pseudonymous, Kind.REGISTRATION_CONFIRMED) == []


def test_it_tells_a_registration_again_after_a_cancelled_one(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    member, exchange = network.community_member, network.open_exchange
    for _round in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            registration = exchange_actions.register(
                exchange, member, organisation=network.ministry, accepted_rule=True
            )
        assert Notification.objects.filter(user=member).count() == 1
        exchange_actions.cancel_registration(registration, by=member)
        # Cancelled, the confirmation is no longer true: taken back.
        assert not Notification.objects.filter(user=member).exists()
    assert mails_to(mailoutbox, member, "You are registered") == 2


@pytest.mark.parametrize("frequency", CHOICES)
def test_it_tells_a_place_from_the_waiting_list_by_their_choice(
    network, mailoutbox, django_capture_on_commit_callbacks, frequency
):
    exchange = network.open_exchange  # two places
    waiting = make_user("waiting@test.example")
    confirmed_affiliation(waiting, network.ngo)
    choose(waiting, Kind.REGISTRATION_PROMOTED, frequency)
    first = exchange_actions.register(
        exchange, network.community_member, organisation=network.ministry, accepted_rule=True
    )
    exchange_actions.register(
        exchange, network.pseudonymous, organisation=network.ministry, accepted_rule=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.register(exchange, waiting, organisation=network.ngo, accepted_rule=True)
    # The waiting list is said by its own e-mail, whatever the choice; no notification.
    assert mails_to(mailoutbox, waiting, "On the waiting list") == 1
    assert shown(waiting, Kind.REGISTRATION_PROMOTED) == []
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.cancel_registration(first, by=network.community_member)
    assert shown(waiting, Kind.REGISTRATION_PROMOTED) == [exchange]
    assert mails_to(mailoutbox, waiting, "A place for you") == expect_email(frequency)
    assert shown(network.pseudonymous, Kind.REGISTRATION_PROMOTED) == []


@pytest.mark.parametrize("frequency", CHOICES)
def test_it_tells_both_sides_of_a_proposed_match_by_their_choice(
    network, world, mailoutbox, django_capture_on_commit_callbacks, frequency
):
    world.match.delete()
    confirmed_affiliation(network.outsider, network.ngo)
    requester, offerer = network.community_member, network.outsider
    choose(offerer, Kind.MATCH_PROPOSED, frequency)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.facilitator).post(
            f"/support/requests/{world.request.uuid}/propose/", {"offer": world.host.uuid}
        )
    assert response.status_code == 302
    match = Match.objects.get(request=world.request, offer=world.host)
    for person in (requester, offerer):
        assert shown(person, Kind.MATCH_PROPOSED) == [match]
    assert mails_to(mailoutbox, requester, "A match is proposed") == 1
    assert mails_to(mailoutbox, offerer, "A match is proposed") == expect_email(frequency)
    assert shown(network.pseudonymous, Kind.MATCH_PROPOSED) == []


@pytest.mark.parametrize("frequency", CHOICES)
def test_it_tells_an_answer_to_a_match_by_their_choice(
    network, world, mailoutbox, django_capture_on_commit_callbacks, frequency
):
    confirmed_affiliation(network.outsider, network.ngo)
    coordinator, other_side = network.facilitator, network.outsider
    choose(other_side, Kind.MATCH_ANSWERED, frequency)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.community_member).post(
            f"/support/matches/{world.match.uuid}/answer/", {"decision": "accept", "reason": ""}
        )
    assert response.status_code == 302
    for person in (coordinator, other_side):
        assert shown(person, Kind.MATCH_ANSWERED) == [world.match]
    assert mails_to(mailoutbox, coordinator, "Match accepted") == 1
    assert mails_to(mailoutbox, other_side, "Match accepted") == expect_email(frequency)
    # Who answered is not told of their own answer.
    assert shown(network.community_member, Kind.MATCH_ANSWERED) == []


def test_it_tells_the_coordinator_of_each_sides_answer(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed_affiliation(network.outsider, network.ngo)
    for person in (network.community_member, network.outsider):
        with django_capture_on_commit_callbacks(execute=True):
            support_actions.answer_match(world.match, by=person, accept=True)
    assert mails_to(mailoutbox, network.facilitator, "Match accepted") == 2
    assert Notification.objects.filter(user=network.facilitator).count() == 1


def _practice_in_review(author, concept=None) -> Practice:
    practice = knowledge_actions.create_practice(
        by=author,
        countries=[Country.objects.get(code="TH")],
        concepts=[concept] if concept else [],
        title="Reporting instead of holding",
        summary="People report weekly.",
        sources=[{"url": "https://example.org/a", "title": "A report"}],
    )
    return knowledge_actions.submit_practice(practice, by=author)


@pytest.mark.parametrize("frequency", CHOICES)
def test_it_tells_the_author_of_a_returned_practice_by_their_choice(
    network, mailoutbox, django_capture_on_commit_callbacks, frequency
):
    author = network.community_member
    choose(author, Kind.PRACTICE_RETURNED, frequency)
    practice = _practice_in_review(author)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.facilitator).post(
            f"/practices/{practice.external_id}/review/",
            {"decision": "return", "comment": "Name the law it rests on."},
        )
    assert response.status_code == 302
    assert shown(author, Kind.PRACTICE_RETURNED) == [practice]
    assert mails_to(mailoutbox, author, "Your practice needs changes") == expect_email(frequency)
    assert shown(network.facilitator, Kind.PRACTICE_RETURNED) == []


def test_it_tells_the_people_of_an_organisation_of_its_follow_up_due_once(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    due = network.follow_up  # the ministry's, at the Asia exchange (held, report unpublished)
    due.due_on = today + timedelta(days=3)
    due.save(update_fields=["due_on"])
    later = exchange_actions.add_outcome(
        network.exchange,
        by=network.facilitator,
        kind="follow-up",
        text="Later.",
        owner=network.ministry,
        due_on=today + timedelta(days=30),
    )
    participant, colleague = network.community_member, network.pseudonymous
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifyfollowups", stdout=out)
        call_command("notifyfollowups", stdout=out)
    assert shown(participant, Kind.FOLLOW_UP_DUE) == [due]
    assert mails_to(mailoutbox, participant, "") == 1
    # The colleague may not read the outcomes of an exchange they did not attend yet; nobody
    # outside the ministry hears of it; the follow-up due in a month waits.
    assert Notification.objects.filter(user=colleague).count() == 0
    assert shown(network.outsider, Kind.FOLLOW_UP_DUE) == []
    assert not Notification.objects.filter(outcome=later).exists()
    # Once the report is out, the colleague may read it: told at the next round, once.
    exchange_actions.publish_report(network.exchange, by=network.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notifyfollowups", stdout=out)
        call_command("notifyfollowups", stdout=out)
    assert shown(colleague, Kind.FOLLOW_UP_DUE) == [due]
    assert mails_to(mailoutbox, colleague, "") == 1
    assert mails_to(mailoutbox, participant, "") == 1
    assert Notification.objects.filter(kind=Kind.FOLLOW_UP_DUE).count() == 2
    assert "1 follow-up action(s) due" in out.getvalue()


# What a person follows ---------------------------------------------------------------------


def test_it_tells_followers_of_a_topic_of_a_practice_published_once(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    concept = Concept.objects.create(slug="alternatives", labels={"en": "Alternatives"})
    follower, at_once = network.pseudonymous, network.public
    for person in (follower, at_once, network.facilitator):
        actions.follow(person, concept)
    choose(at_once, Kind.NEW_PRACTICE, "immediately")
    practice = _practice_in_review(network.community_member, concept)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(network.facilitator).post(
            f"/practices/{practice.external_id}/review/", {"decision": "approve", "comment": ""}
        )
    practice.refresh_from_db()
    assert practice.status == "published"
    for person in (follower, at_once):
        assert shown(person, Kind.NEW_PRACTICE) == [practice]
    # Who published it is not told of it; who follows nothing of it hears nothing.
    assert shown(network.facilitator, Kind.NEW_PRACTICE) == []
    assert shown(network.outsider, Kind.NEW_PRACTICE) == []
    # A member's default is a weekly digest; who chose "immediately" has an e-mail now.
    assert mails_to(mailoutbox, at_once, "") == 1
    assert mails_to(mailoutbox, follower, "") == 0


def test_it_tells_followers_of_a_country_of_a_practice_imported_published(
    network, tmp_path, django_capture_on_commit_callbacks
):
    mexico = Country.objects.get(code="MX")
    actions.follow(network.community_member, mexico)
    record = {
        "id": "mx-community-placement",
        "title": "Community placement of children",
        "country_iso2": "MX",
        "summary": "Children leave immigration stations for shelters.",
        "source": [{"url": "https://example.org/a", "title": "A report"}],
    }
    path = tmp_path / "practices.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    for _round in range(2):  # imported again: an update, nobody told twice
        with django_capture_on_commit_callbacks(execute=True):
            call_command("importpractices", str(path), stdout=StringIO())
    practice = Practice.objects.get(external_id="mx-community-placement")
    assert shown(network.community_member, Kind.NEW_PRACTICE) == [practice]
    assert Notification.objects.filter(kind=Kind.NEW_PRACTICE).count() == 1
    assert shown(network.pseudonymous, Kind.NEW_PRACTICE) == []


def test_it_tells_followers_of_a_community_of_an_update_when_published_not_when_edited(
    network, django_capture_on_commit_callbacks
):
    follower = network.community_member
    actions.follow(follower, network.asia)
    with django_capture_on_commit_callbacks(execute=True):
        update = knowledge_actions.create_update(
            by=network.facilitator,
            community=network.asia,
            countries=[],
            concepts=[],
            signatories=[],
            title="Regional platform met",
            body="It met.",
        )
    assert shown(follower, Kind.NEW_UPDATE) == []  # a draft: nothing yet
    client = client_for(network.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/updates/{update.slug}/publish/", {"decision": "publish"})
    assert shown(follower, Kind.NEW_UPDATE) == [update]
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_actions.edit_update(
            Update.objects.get(pk=update.pk),
            by=network.facilitator,
            community=network.asia,
            countries=[],
            concepts=[],
            signatories=[],
            title="Regional platform met again",
        )
        client.post(f"/updates/{update.slug}/publish/", {"decision": "unpublish"})
        client.post(f"/updates/{update.slug}/publish/", {"decision": "publish"})
    assert Notification.objects.filter(user=follower).count() == 1
    assert shown(network.outsider, Kind.NEW_UPDATE) == []


def _draft_exchange(network, slug: str, visibility: str) -> Exchange:
    return exchange_actions.create_exchange(
        by=network.facilitator,
        community=network.asia,
        slug=slug,
        title=f"Meeting {slug}",
        format="workshop",
        mode="online",
        rule="chatham-house",
        visibility=visibility,
        starts_at=timezone.now() + timedelta(days=40),
        time_zone="Asia/Bangkok",
    )


def test_it_tells_followers_of_a_new_exchange_they_may_see_once_published(
    network, django_capture_on_commit_callbacks
):
    member, outsider = network.community_member, network.outsider
    for person in (member, outsider, network.facilitator):
        actions.follow(person, network.asia)
    with django_capture_on_commit_callbacks(execute=True):
        for_the_network = _draft_exchange(network, "for-the-network", "network")
        for_members = _draft_exchange(network, "for-members", "community")
    assert shown(member, Kind.NEW_EXCHANGE) == []  # drafts: nothing yet
    with django_capture_on_commit_callbacks(execute=True):
        for exchange in (for_the_network, for_members):
            exchange_actions.publish_exchange(exchange, by=network.facilitator)
    assert shown(member, Kind.NEW_EXCHANGE) == [for_the_network, for_members]
    # The outsider follows the community but is not one of its members: the exchange for its
    # members is not theirs to know of.
    assert shown(outsider, Kind.NEW_EXCHANGE) == [for_the_network]
    assert shown(network.facilitator, Kind.NEW_EXCHANGE) == []  # who published it
    # Registration closed and opened again: not a new exchange.
    with django_capture_on_commit_callbacks(execute=True):
        exchange_actions.close_registration_now(for_the_network, by=network.facilitator)
        exchange_actions.open_registration_now(for_the_network, by=network.facilitator)
    assert Notification.objects.filter(user=member).count() == 2


def test_it_tells_followers_of_an_exchange_of_its_report_once_published(
    network, django_capture_on_commit_callbacks
):
    exchange = network.exchange  # held, for the community's members
    follower, outsider = network.community_member, network.outsider
    actions.follow(follower, exchange)
    actions.follow(network.pseudonymous, network.asia)
    actions.follow(outsider, network.asia)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.facilitator).post("/exchanges/asia-exchange/report/publish/")
    assert response.status_code == 302
    report = exchange.report
    assert shown(follower, Kind.REPORT_PUBLISHED) == [report]
    assert shown(network.pseudonymous, Kind.REPORT_PUBLISHED) == [report]
    assert shown(outsider, Kind.REPORT_PUBLISHED) == []
