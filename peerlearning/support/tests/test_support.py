"""Support requests and matching, through the pages and the API."""

import pytest
from django.utils import translation

from peerlearning.knowledge.models import Practice
from peerlearning.network.models import Affiliation
from peerlearning.network.testing import client_for
from peerlearning.support import matching
from peerlearning.support.models import (
    Decision,
    Match,
    MatchStatus,
    RequestStatus,
    SupportRequest,
)
from peerlearning.support.testing import make_offer, make_request
from peerlearning.testing import post_json

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestRequests:
    def test_a_request_without_a_topic_is_refused_and_keeps_what_was_typed(self, network, world):
        client = client_for(network.outsider)
        response = client.post(
            "/support/requests/new/",
            {
                "title": "Help with screening at the border",
                "description": "We need it soon.",
                "kind": "training",
                "languages": ["es"],
                "urgency": "high",
                "visibility": "network",
            },
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Choose at least one topic: matching needs it." in page
        assert 'value="Help with screening at the border"' in page
        assert not SupportRequest.objects.filter(title__startswith="Help with screening").exists()

    def test_a_member_asks_and_the_request_opens_with_its_history(self, network, world):
        client = client_for(network.outsider)
        response = client.post(
            "/support/requests/new/",
            {
                "title": "Training on case management",
                "description": "For new staff.",
                "kind": "training",
                "concepts": ["case-management"],
                "languages": ["es"],
                "urgency": "high",
                "countries": "mx, CO",
                "visibility": "network",
            },
            follow=True,
        )
        assert response.status_code == 200
        created = SupportRequest.objects.get(title="Training on case management")
        assert created.status == RequestStatus.OPEN
        assert created.requested_by == network.outsider
        assert sorted(c.code for c in created.countries.all()) == ["CO", "MX"]
        assert "Your request is open." in response.content.decode()
        assert list(created.history.values_list("status", flat=True)) == ["open"]

    def test_unknown_country_codes_are_named(self, network, world):
        response = client_for(network.outsider).post(
            "/support/requests/new/",
            {
                "title": "T",
                "description": "D",
                "kind": "training",
                "concepts": ["case-management"],
                "languages": ["en"],
                "urgency": "low",
                "countries": "MX, ZZ",
                "visibility": "network",
            },
        )
        assert response.status_code == 400
        assert "Unknown country codes: ZZ." in response.content.decode()

    def test_nobody_asks_in_the_name_of_an_organisation_they_do_not_belong_to(self, network, world):
        response = post_json(
            client_for(network.outsider),
            "/api/v1/support/requests",
            {
                "title": "On behalf of a ministry",
                "description": "D",
                "kind": "training",
                "topics": ["case-management"],
                "languages": ["en"],
                "organisation": network.ministry.slug,
            },
        )
        assert response.status_code == 400
        assert "only if you belong to it" in response.json()["error"]
        assert not SupportRequest.objects.filter(title="On behalf of a ministry").exists()

    def test_the_api_names_unknown_topics(self, network, world):
        response = post_json(
            client_for(network.outsider),
            "/api/v1/support/requests",
            {
                "title": "T",
                "description": "D",
                "kind": "training",
                "topics": ["case-management", "no-such-topic"],
                "languages": ["en"],
            },
        )
        assert response.status_code == 400
        assert response.json() == {"error": "Unknown topics: no-such-topic."}

    def test_who_sees_which_request(self, network, world):
        def titles(user):
            page = client_for(user).get("/support/?status=all").content.decode()
            return {
                r.title
                for r in [world.request, world.private, world.community_only]
                if r.title in page
            }

        everything = {world.request.title, world.private.title, world.community_only.title}
        assert titles(network.outsider) == {world.request.title}
        assert titles(network.member) == {world.request.title}  # of another community
        assert titles(network.community_member) == everything  # party, and asia member
        assert titles(network.facilitator) == everything
        assert client_for(None).get("/api/v1/support/requests").json()["items"] == []
        assert (
            client_for(network.outsider).get(f"/support/requests/{world.private.uuid}/").status_code
            == 404
        )

    def test_closing_a_request_closes_its_open_matches_and_is_recorded(self, network, world):
        client = client_for(network.community_member)
        client.post(
            f"/support/requests/{world.request.uuid}/status/",
            {"status": "closed", "note": "Found help elsewhere."},
        )
        world.request.refresh_from_db()
        world.match.refresh_from_db()
        assert world.request.status == RequestStatus.CLOSED
        assert world.match.status == MatchStatus.CLOSED
        assert world.request.history.last().note == "Found help elsewhere."

    def test_a_skipped_step_is_refused_and_changes_nothing(self, network, world):
        client = client_for(network.community_member)
        response = client.post(
            f"/support/requests/{world.request.uuid}/status/",
            {"status": "fulfilled"},
            follow=True,
        )
        assert "A request cannot go from “Open” to “Fulfilled”." in response.content.decode()
        world.request.refresh_from_db()
        assert world.request.status == RequestStatus.OPEN

    def test_someone_else_cannot_close_a_request(self, network, world):
        response = client_for(network.outsider).post(
            f"/support/requests/{world.request.uuid}/status/", {"status": "closed"}, follow=True
        )
        assert "Only those making the request or a coordinator" in response.content.decode()
        world.request.refresh_from_db()
        assert world.request.status == RequestStatus.OPEN


class TestMatching:
    def test_offers_are_ranked_with_reasons_built_from_what_matched(self, network, world):
        ranked = matching.rank_offers(world.request)
        assert [item.id for item in ranked] == [world.host.pk, world.expert.pk]
        host, expert = ranked
        assert host.score > expert.score
        with translation.override("en"):
            reasons = matching.describe(host.reasons, "en")
        assert reasons == [
            "both on community placement",
            "offers site visit",
            "both in English",
            "same region: Asia Pacific",
        ]
        with translation.override("en"):
            assert matching.describe(expert.reasons, "en") == [
                "on a related topic: children",
                "no language in common",  # Spanish only, for an English request: counts half
            ]
        # A related topic only, in no language of the request: weak, whatever else it offers.
        assert expert.score < matching.GOOD <= host.score, (expert.score, host.score)

    def test_the_likeliest_offers_are_scored_when_there_are_too_many(
        self, network, world, monkeypatch
    ):
        """A cap on the candidates must cut the weakest, not the newest."""
        for i in range(5):
            make_offer([world.concepts["children"]], title=f"Weak {i}", organisation=network.ngo)
        strong = make_offer(
            [world.concepts["community-placement"], world.concepts["unaccompanied-children"]],
            title="Strong and new",
            organisation=network.ngo,
        )
        monkeypatch.setattr(matching, "CANDIDATES", 2)
        ranked = matching.rank_offers(world.request)
        assert [item.id for item in ranked] == [strong.pk, world.host.pk]

    def test_the_coordinator_sees_the_ranking_and_others_do_not(self, network, world):
        page = client_for(network.facilitator).get(world.request.get_absolute_url())
        text = page.content.decode()
        assert "Offers that may meet it" in text
        # HOST's offer is proposed already: it is listed among the matches, not ranked again.
        assert "<li>both on community placement</li><li>offers site visit</li>" not in text
        assert "on a related topic: children" in text
        world.match.delete()
        again = client_for(network.facilitator).get(world.request.get_absolute_url())
        assert (
            "<li>both on community placement</li><li>offers site visit</li>"
            in again.content.decode()
        )
        member_page = client_for(network.community_member).get(world.request.get_absolute_url())
        assert "Offers that may meet it" not in member_page.content.decode()

    def test_an_organisation_that_ran_a_practice_on_the_topic_says_so(self, network, world):
        practice = Practice.objects.create(
            external_id="au-host-placement",
            title="Community placement",
            summary="S",
            sources=[],
            status="published",
        )
        practice.concepts.add(world.concepts["community-placement"])
        practice.organisations.add(network.ngo)
        host = next(i for i in matching.rank_offers(world.request) if i.id == world.host.pk)
        assert {"code": "practice", "practices": ["au-host-placement"]} in host.reasons

    def test_a_full_offer_counts_half(self, network, world):
        before = next(i for i in matching.rank_offers(world.request) if i.id == world.host.pk)
        for title in ["One", "Two"]:
            other = make_request(
                network.facilitator, [world.concepts["case-management"]], title=title
            )
            Match.objects.create(request=other, offer=world.host, status=MatchStatus.IN_PROGRESS)
        after = next(i for i in matching.rank_offers(world.request) if i.id == world.host.pk)
        assert after.score == round(before.score / 2)
        assert {"code": "full", "busy": 2} in after.reasons

    def test_requests_are_ranked_for_an_offer(self, network, world):
        ranked = matching.rank_requests(world.host, SupportRequest.objects.all())
        # The private request needs exactly what HOST offers (case management): it comes first.
        assert [item.id for item in ranked][:2] == [world.private.pk, world.request.pk]

    def test_withdrawn_offers_are_not_ranked(self, network, world):
        assert world.host.pk in [i.id for i in matching.rank_offers(world.request)]
        world.host.active = False
        world.host.save()
        assert world.host.pk not in [i.id for i in matching.rank_offers(world.request)]

    def test_the_whole_way_from_proposal_to_fulfilment(
        self, network, world, mailoutbox, django_capture_on_commit_callbacks
    ):
        Affiliation.objects.create(
            person=network.outsider, organisation=network.ngo, status="confirmed"
        )
        network.outsider.languages = ["es"]
        network.outsider.save()
        world.match.delete()
        coordinator = client_for(network.facilitator)
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator.post(
                f"/support/requests/{world.request.uuid}/propose/", {"offer": world.host.uuid}
            )
        match = Match.objects.get(request=world.request, offer=world.host)
        assert response["Location"] == match.get_absolute_url()
        assert match.score > 0 and match.reasons
        assert sorted(m.to[0] for m in mailoutbox) == [
            network.community_member.email,
            network.outsider.email,  # a person of HOST International
        ]
        by_recipient = {message.to[0]: message for message in mailoutbox}
        english = by_recipient[network.community_member.email]
        assert "both on community placement" in english.body
        # Each in the recipient's language: the HOST person works in Spanish.
        spanish = by_recipient[network.outsider.email]
        assert (
            spanish.subject
            == "Se propone un emparejamiento para “Community placement for unaccompanied children”"
        )
        assert "ambas sobre" in spanish.body

        requester = client_for(network.community_member)
        offerer = client_for(network.outsider)
        with django_capture_on_commit_callbacks(execute=True):
            requester.post(f"/support/matches/{match.uuid}/answer/", {"decision": "accept"})
        match.refresh_from_db()
        assert (match.requester_decision, match.status) == (Decision.ACCEPTED, "proposed")
        with django_capture_on_commit_callbacks(execute=True):
            offerer.post(f"/support/matches/{match.uuid}/answer/", {"decision": "accept"})
        match.refresh_from_db()
        world.request.refresh_from_db()
        assert match.status == MatchStatus.ACCEPTED
        assert world.request.status == RequestStatus.MATCHED

        offerer.post(f"/support/matches/{match.uuid}/start/")
        offerer.post(f"/support/matches/{match.uuid}/note/", {"text": "First visit on 3 May."})
        page = requester.get(match.get_absolute_url()).content.decode()
        assert "First visit on 3 May." in page
        with django_capture_on_commit_callbacks(execute=True):
            requester.post(
                f"/support/matches/{match.uuid}/end/",
                {"fulfilled": "yes", "outcome": "Two officials visited three placements."},
            )
        match.refresh_from_db()
        world.request.refresh_from_db()
        assert match.status == MatchStatus.FULFILLED
        assert world.request.status == RequestStatus.FULFILLED
        assert list(world.request.history.values_list("status", flat=True)) == [
            "matched",
            "in-progress",
            "fulfilled",
        ]
        closing = mailoutbox[-1]
        assert closing.to == [network.outsider.email]
        assert "Two officials visited three placements." in closing.body

    def test_declining_needs_a_reason_and_ends_the_match(self, network, world):
        client = client_for(network.community_member)
        response = client.post(
            f"/support/matches/{world.match.uuid}/answer/", {"decision": "decline"}, follow=True
        )
        assert "Say why you decline" in response.content.decode()
        world.match.refresh_from_db()
        assert world.match.status == MatchStatus.PROPOSED
        client.post(
            f"/support/matches/{world.match.uuid}/answer/",
            {"decision": "decline", "reason": "We found a closer partner."},
        )
        world.match.refresh_from_db()
        assert world.match.status == MatchStatus.DECLINED
        assert world.match.requester_reason == "We found a closer partner."

    def test_accepting_a_match_one_is_not_party_to_changes_nothing(self, network, world):
        response = post_json(
            client_for(network.facilitator),
            f"/api/v1/support/matches/{world.match.uuid}/answer",
            {"accept": True},
        )
        assert response.status_code == 403
        assert response.json() == {"error": "Only the two sides of a match can answer it."}
        page = client_for(network.facilitator).post(
            f"/support/matches/{world.match.uuid}/answer/", {"decision": "accept"}, follow=True
        )
        assert "Only the two sides of a match can answer it." in page.content.decode()
        world.match.refresh_from_db()
        assert world.match.requester_decision == world.match.offerer_decision == "pending"

    def test_proposing_a_match_for_a_closed_request_is_refused(self, network, world):
        world.request.status = RequestStatus.CLOSED
        world.request.save()
        response = post_json(
            client_for(network.facilitator),
            "/api/v1/support/matches",
            {"request": str(world.request.uuid), "offer": str(world.expert.uuid)},
        )
        assert response.status_code == 400
        assert "reopen it before proposing a match" in response.json()["error"]
        assert not Match.objects.filter(request=world.request, offer=world.expert).exists()

    def test_only_coordinators_propose(self, network, world):
        response = client_for(network.community_member).post(
            f"/support/requests/{world.request.uuid}/propose/", {"offer": world.expert.uuid}
        )
        assert response.status_code == 403
        assert not Match.objects.filter(offer=world.expert).exists()
        # The same request from a coordinator proposes the match.
        response = client_for(network.facilitator).post(
            f"/support/requests/{world.request.uuid}/propose/", {"offer": world.expert.uuid}
        )
        assert response.status_code == 302
        assert Match.objects.filter(request=world.request, offer=world.expert).count() == 1

    def test_the_api_ranks_offers_for_coordinators(self, network, world):
        world.match.delete()  # an offer already proposed is not ranked again (test_ranking.py)
        response = client_for(network.facilitator).get(
            f"/api/v1/support/requests/{world.request.uuid}/offers"
        )
        assert response.status_code == 200
        first = response.json()[0]
        assert first["offer"]["title"] == "HOST site visits"
        assert first["reasons"][0] == "both on community placement"


def test_a_coordinator_sees_the_matches_waiting_for_their_own_answer(network, world):
    """Among many proposed matches a coordinator may see, the ones they must answer are listed."""
    from datetime import timedelta

    Affiliation.objects.create(
        person=network.facilitator, organisation=network.ngo, status="confirmed"
    )
    Match.objects.filter(pk=world.match.pk).update(
        proposed_at=world.match.proposed_at - timedelta(days=30)
    )
    for i in range(12):
        other = make_request(network.community_member, [world.concepts["advocacy"]], title=f"R{i}")
        Match.objects.create(request=other, offer=world.expert)
    page = client_for(network.facilitator).get("/support/").content.decode()
    assert "Community placement for unaccompanied children ↔ HOST site visits" in page
    assert "R0 ↔ Advice from an expert" not in page  # not theirs to answer


def test_the_answer_form_speaks_the_readers_language(network, world):
    network.community_member.languages = ["es"]
    client = client_for(network.community_member)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    page = client.get(world.match.get_absolute_url()).content.decode()
    # The legend carries the required mark (issue 17 polish) after its translated words.
    assert '<legend>Su respuesta <span class="required-mark">' in page
    assert "Decision" not in page
