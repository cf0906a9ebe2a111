"""The personal home (issue 13, requirement 2): what waits for each person, each item linking to
where they act; their communities (with "New exchange" where they facilitate) and coming
exchanges; an empty home says what to do first. And the "Sign in" link that brings a person
back to the page they were reading."""

from datetime import timedelta

import pytest
from django.utils import timezone

from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Exchange, ExchangeInvitation
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import Community, CommunityJoinRequest, Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.support.testing import support_world
from peerlearning.testing import PASSWORD, assert_queries_bounded, make_user, page_text

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def home_of(user) -> str:
    response = client_for(user).get("/home/")
    assert response.status_code == 200
    return response.content.decode()


def test_it_asks_a_signed_out_visitor_to_sign_in_and_is_where_signing_in_lands(network, client):
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/home/"
    response = client.post(
        "/accounts/login/", {"login": network.community_member.email, "password": PASSWORD}
    )
    assert response["Location"] == "/home/"
    # With a `next`, the page asked for wins.
    client.logout()
    response = client.post(
        "/accounts/login/?next=/practices/",
        {"login": network.community_member.email, "password": PASSWORD},
    )
    assert response["Location"] == "/practices/"


def test_the_public_home_links_to_it_for_signed_in_people_only(network, client):
    assert 'href="/home/"' in client_for(network.community_member).get("/").content.decode()
    assert 'href="/home/"' not in client.get("/").content.decode()


def test_an_invitation_waits_until_the_person_answers_it(network):
    ExchangeInvitation.objects.create(
        exchange=network.open_exchange, person=network.community_member
    )
    page = home_of(network.community_member)
    assert "Invitations to answer" in page
    assert 'href="/exchanges/asia-open/#take-part"' in page
    assert "Asia/Kuala_Lumpur" in page  # the time in the exchange's own zone
    assert "Open regional meeting" not in home_of(network.member)  # not invited
    exchange_actions.register(
        network.open_exchange,
        network.community_member,
        organisation=network.ministry,
        accepted_rule=True,
    )
    page = home_of(network.community_member)
    assert "Invitations to answer" not in page
    assert "You are registered" in page  # now among the coming exchanges
    assert 'href="/exchanges/asia-open/"' in page


def test_an_invitation_to_a_past_or_closed_exchange_no_longer_waits(network):
    ExchangeInvitation.objects.create(exchange=network.open_exchange, person=network.member)
    assert "Invitations to answer" in home_of(network.member)
    Exchange.objects.filter(pk=network.open_exchange.pk).update(status="closed")
    assert "Invitations to answer" not in home_of(network.member)


def test_a_facilitator_sees_the_join_requests_of_their_communities_only(network):
    CommunityJoinRequest.objects.create(community=network.asia, person=network.outsider)
    page = home_of(network.facilitator)
    assert "Otto Outsider asks to join Asia Pacific platform." in page_text(page)
    assert 'href="/communities/asia-pacific/members/#requests-title"' in page
    # The MENA facilitator and a plain member of the community have nothing to decide.
    assert "Otto Outsider" not in home_of(network.other_facilitator)
    assert "Otto Outsider" not in home_of(network.community_member)
    # The person asking sees that their request waits.
    page = home_of(network.outsider)
    assert (
        "Your request to join Asia Pacific platform is waiting for its facilitators."
        in page_text(page)
    )


def test_an_administrator_sees_the_requests_for_an_account(network):
    from peerlearning.accounts.models import JoinRequest

    JoinRequest.objects.create(name="New Person", email="new@test.example", reason="To learn.")
    page = home_of(network.administrator)
    assert "1 request for an account is waiting." in page
    assert 'href="/manage/join-requests/"' in page
    assert "request for an account" not in home_of(network.facilitator)


def test_follow_ups_due_soon_wait_for_the_facilitator_and_the_owner_in_the_room(network):
    today = timezone.localdate()
    follow_up = network.follow_up
    follow_up.due_on = today + timedelta(days=7)
    follow_up.save(update_fields=["due_on"])
    for person in (network.facilitator, network.community_member):
        page = home_of(person)
        assert "Share the guidance." in page, person
        assert 'href="/communities/asia-pacific/follow-ups/"' in page
    # Of the owner's people, one not in the room may not read the outcomes before the report.
    assert "Share the guidance." not in home_of(network.pseudonymous)
    assert "Share the guidance." not in home_of(network.other_facilitator)
    # Due later than two weeks ahead: not yet; overdue: said so.
    follow_up.due_on = today + timedelta(days=30)
    follow_up.save(update_fields=["due_on"])
    assert "Share the guidance." not in home_of(network.facilitator)
    follow_up.due_on = today - timedelta(days=1)
    follow_up.save(update_fields=["due_on"])
    assert "Overdue" in home_of(network.facilitator)
    follow_up.status = "done"
    follow_up.save(update_fields=["status"])
    assert "Share the guidance." not in home_of(network.facilitator)


def test_a_practice_in_review_waits_for_an_editor_other_than_who_submitted_it(network):
    practice = Practice.objects.get(external_id="th-draft-practice")
    practice.sources = [{"url": "https://example.org/r", "title": "Report"}]  # none: refused
    practice.save(update_fields=["sources"])
    knowledge_actions.submit_practice(practice, by=network.facilitator)
    editor = make_user("editor@test.example", two_factor=True, is_editor=True)
    link = 'href="/practices/th-draft-practice/"'

    def to_review(page: str) -> str:
        # The editor's queue, not their own practices (issue 17: listed apart, marked theirs).
        return page.split('id="waiting-title"')[1].split("</section>")[0]

    assert "Practices to review" in home_of(editor) and link in to_review(home_of(editor))
    assert link in to_review(home_of(network.administrator))
    # Submitted it: someone else reviews it (since issue 17, administrators too); it shows in
    # their own practices, marked so.
    submitter = home_of(network.facilitator)
    assert link not in to_review(submitter)
    assert link in submitter and "Yours — another editor reviews it." in submitter
    assert link not in home_of(network.community_member)


def test_a_held_exchange_asks_its_facilitators_for_the_report(network):
    page = home_of(network.facilitator)
    assert "Reports to finish" in page
    assert 'href="/exchanges/asia-exchange/report/edit/"' in page
    assert "Reports to finish" not in home_of(network.community_member)
    assert "Reports to finish" not in home_of(network.other_facilitator)


def test_reported_contributions_are_counted_never_quoted_or_attributed(network):
    exchange_actions.report_contribution(
        network.contribution, by=network.community_member, reason="It names a delegation."
    )
    page = home_of(network.facilitator)
    assert "1 report waiting" in page
    assert 'href="/exchanges/asia-exchange/contributions/review/"' in page
    assert network.contribution.text not in page
    assert "Chandra" not in page.split("<main", 1)[1]  # neither the author nor the reporter
    assert "report waiting" not in home_of(network.community_member)


def test_a_match_waits_for_the_answer_of_its_sides(network):
    world = support_world(network)
    page = home_of(network.community_member)
    assert "Support matches waiting for your answer" in page
    assert f'href="/support/matches/{world.match.uuid}/#answer-title"' in page
    assert "Support matches" not in home_of(network.outsider)
    world.match.requester_decision = "accepted"
    world.match.save(update_fields=["requester_decision"])
    assert "Support matches" not in home_of(network.community_member)


def test_new_exchange_is_offered_beside_the_communities_a_person_facilitates(network):
    page = home_of(network.facilitator)
    assert 'href="/communities/asia-pacific/exchanges/new/"' in page
    assert 'href="/communities/cross-regional/exchanges/new/"' in page
    assert "/exchanges/new/" not in home_of(network.community_member)
    assert 'href="/communities/asia-pacific/"' in home_of(network.community_member)


def test_an_empty_home_tells_a_new_member_what_to_do_first(network):
    page = home_of(network.outsider)
    assert "Nothing waits for you right now." in page
    assert "Start here" in page
    assert 'href="/communities/"' in page.split("Start here", 1)[1]
    assert "Start here" not in home_of(network.community_member)


def test_the_home_keeps_a_bounded_query_count_as_what_waits_grows(network):
    facilitator = network.facilitator
    today = timezone.localdate()

    def grow(n):
        for _ in range(n):
            i = Community.objects.count()
            community = Community.objects.create(
                slug=f"grown-{i}", name=f"Grown {i}", purpose="p", level="regional"
            )
            Membership.objects.create(
                community=community, person=facilitator, role=Role.FACILITATOR
            )
            asker = make_user(f"asker{i}@test.example")
            CommunityJoinRequest.objects.create(community=community, person=asker)
            exchange = Exchange.objects.create(
                slug=f"grown-{i}",
                community=community,
                title=f"Grown exchange {i}",
                format="webinar",
                status="open",
                starts_at=timezone.now() + timedelta(days=20),
                time_zone="Europe/Madrid",
            )
            ExchangeInvitation.objects.create(exchange=exchange, person=facilitator)
            held = Exchange.objects.create(
                slug=f"grown-held-{i}",
                community=community,
                title=f"Grown held {i}",
                format="webinar",
                status="held",
            )
            held.outcomes.create(
                kind="follow-up", text=f"Grown follow-up {i}", status="open", due_on=today
            )

    assert assert_queries_bounded(client_for(facilitator), "/home/", grow)
    page = home_of(facilitator)
    assert page.count("Only the first ten are shown.") >= 3


def test_the_sign_in_link_brings_the_visitor_back_to_the_page_they_read(client):
    page = client.get("/practices/?q=children").content.decode()
    assert 'href="/accounts/login/?next=%2Fpractices%2F%3Fq%3Dchildren"' in page
    # Not from the sign-in page itself, nor from the public home (signing in lands on /home/).
    page = client.get("/accounts/login/").content.decode()
    assert "?next=%2Faccounts" not in page
    assert 'href="/accounts/login/"' in client.get("/").content.decode()
    assert "next=" not in client.get("/").content.decode().split("</header>")[0]


def test_the_sign_in_link_never_carries_an_off_site_address(rf):
    from django.template import Context, Template
    from django.urls import resolve

    def link(path: str) -> str:
        request = rf.get("/")
        request.path = request.path_info = path  # as the server would pass it on
        request.resolver_match = resolve("/practices/")  # as if a page answered it
        return Template("{% load signin %}{% sign_in_url %}").render(Context({"request": request}))

    assert link("//evil.example/practices/") == "/accounts/login/"
    assert link("/practices/") == "/accounts/login/?next=%2Fpractices%2F"  # the positive control
