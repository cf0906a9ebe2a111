"""Support requests, offers, matching and peer suggestions, through the pages and the API."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from peerlearning.exchanges.models import (
    Contribution,
    ContributionKind,
    Delegation,
    Exchange,
    Outcome,
    OutcomeKind,
    SealedAuthorship,
)
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import Affiliation, Country, Organisation, StakeholderType
from peerlearning.network.testing import client_for
from peerlearning.support import actions, matching, suggestions
from peerlearning.support.models import (
    Decision,
    Match,
    MatchStatus,
    PeerSuggestion,
    RequestStatus,
    SuggestionStatus,
    SupportOffer,
    SupportRequest,
)
from peerlearning.support.testing import make_offer, make_request, support_world
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


@pytest.fixture
def world(network):
    return support_world(network)


def post_json(client, path, data):
    return client.post(path, data=json.dumps(data), content_type="application/json")


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


class TestSupportNeedsFromExchanges:
    def test_a_support_need_becomes_a_request_without_a_trace_of_who_raised_it(
        self, network, world
    ):
        raised = Contribution.objects.create(
            exchange=network.exchange,
            kind=ContributionKind.SUPPORT_NEED,
            text="A site visit on community placement of unaccompanied children.",
        )
        SealedAuthorship.objects.create(contribution=raised, author=network.pseudonymous)
        outcome = Outcome.objects.create(
            exchange=network.exchange, kind=OutcomeKind.SUPPORT_NEED, text=raised.text
        )
        outcome.contributions.add(raised)
        client = client_for(network.facilitator)
        form = client.get(f"/support/from-outcome/{outcome.uuid}/").content.decode()
        # The topics the need names are proposed.
        assert 'value="community-placement" selected' in form
        response = client.post(
            f"/support/from-outcome/{outcome.uuid}/",
            {
                "title": "Site visit: community placement",
                "description": raised.text,
                "kind": "site-visit",
                "concepts": ["community-placement", "unaccompanied-children"],
                "languages": ["en"],
                "urgency": "medium",
                "visibility": "network",
            },
            follow=True,
        )
        created = SupportRequest.objects.get(outcome=outcome)
        assert created.community == network.exchange.community
        assert created.requested_by == network.facilitator
        assert created.organisation is None
        page = response.content.decode()
        assert "a support need recorded at" in page
        for reader in [network.facilitator, network.outsider, network.community_member]:
            for path in [
                f"/support/requests/{created.uuid}/",
                f"/api/v1/support/requests/{created.uuid}",
                "/support/",
            ]:
                text = client_for(reader).get(path).content.decode()
                for marker in ["Real Name Behind", "Amal", "lived@test.example", "Adviser"]:
                    assert marker not in text, (reader, path, marker)
        # Once only: the outcome page links to the request instead.
        again = client.get(f"/support/from-outcome/{outcome.uuid}/", follow=True)
        assert again.redirect_chain[-1][0] == created.get_absolute_url()
        outcomes_page = client.get(f"/exchanges/{network.exchange.slug}/outcomes/")
        assert created.get_absolute_url() in outcomes_page.content.decode()

    def test_editing_such_a_request_never_names_a_country(self, network, world):
        outcome = Outcome.objects.create(
            exchange=network.exchange, kind=OutcomeKind.SUPPORT_NEED, text="Training, please."
        )
        made = actions.request_from_outcome(
            outcome,
            by=network.facilitator,
            concepts=[world.concepts["case-management"]],
            title="Training",
            description="Training, please.",
            kind="training",
            languages=["en"],
        )
        client = client_for(network.facilitator)
        form = client.get(f"/support/requests/{made.uuid}/edit/").content.decode()
        assert 'name="countries"' not in form
        client.post(
            f"/support/requests/{made.uuid}/edit/",
            {
                "title": "Training for case managers",
                "description": "Training, please.",
                "kind": "training",
                "concepts": ["case-management"],
                "languages": ["en"],
                "urgency": "medium",
                "visibility": "community",
                "countries": "TH",
            },
        )
        made.refresh_from_db()
        assert made.title == "Training for case managers"
        assert not made.countries.exists()
        with pytest.raises(actions.SupportError, match="not attributed to a country"):
            actions.edit_request(
                made,
                by=network.facilitator,
                concepts=[world.concepts["case-management"]],
                countries=Country.objects.filter(code="TH"),
            )
        assert not made.countries.exists()

    def test_only_a_support_need_can_become_a_request(self, network, world):
        learning = Outcome.objects.create(
            exchange=network.exchange, kind=OutcomeKind.LEARNING, text="A learning."
        )
        with pytest.raises(actions.SupportError, match="Only a support need"):
            actions.request_from_outcome(
                learning,
                by=network.facilitator,
                concepts=[world.concepts["children"]],
                title="T",
                description="D",
                kind="training",
                languages=["en"],
            )
        assert not SupportRequest.objects.filter(outcome=learning).exists()


class TestOffers:
    def test_an_offer_from_someone_who_may_not_speak_for_the_organisation_is_refused(
        self, network, world
    ):
        response = post_json(
            client_for(network.outsider),
            "/api/v1/support/offers",
            {
                "title": "HOST training",
                "kinds": ["training"],
                "topics": ["case-management"],
                "languages": ["en"],
                "organisation": network.ngo.slug,
            },
        )
        assert response.status_code == 400
        assert "only if you belong to it" in response.json()["error"]
        assert not SupportOffer.objects.filter(title="HOST training").exists()

    def test_an_expert_offer_needs_the_roster(self, network, world):
        client = client_for(network.outsider)
        data = {
            "title": "My advice",
            "kinds": ["legal-advice"],
            "concepts": ["case-management"],
            "languages": ["en"],
            "capacity": "1",
        }
        response = client.post("/support/offers/new/", data)
        assert response.status_code == 400
        assert "Join the expert roster" in response.content.decode()
        network.outsider.offers_expertise = True
        network.outsider.save()
        response = client.post("/support/offers/new/", data)
        assert response.status_code == 302
        assert SupportOffer.objects.get(title="My advice").expert == network.outsider

    def test_an_experts_offer_is_hidden_with_the_experts_profile(self, network, world):
        network.public.visibility = "hidden"
        network.public.save()
        assert client_for(network.outsider).get(world.expert.get_absolute_url()).status_code == 404
        assert client_for(network.public).get(world.expert.get_absolute_url()).status_code == 200


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
        assert expert.score == round(0.5 * 40 / 2 / 2)

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


class TestSuggestions:
    @pytest.fixture
    def asked(self, network, world):
        """Malaysia and Thailand ask about community placement; Indonesia has a practice."""
        for code in ["MY", "ID"]:
            Organisation.objects.create(
                slug=f"government-{code.lower()}",
                name=f"Government {code}",
                stakeholder_type=StakeholderType.GOVERNMENT,
            ).countries.set(Country.objects.filter(code=code))
        make_request(
            network.facilitator,
            [world.concepts["community-placement"]],
            title="Malaysia asks",
            countries=["MY"],
        )
        practice = Practice.objects.create(
            external_id="id-community-housing",
            title="P",
            summary="S",
            sources=[],
            status="published",
        )
        practice.countries.set(Country.objects.filter(code="ID"))
        practice.concepts.add(world.concepts["community-placement"])
        PeerSuggestion.objects.all().delete()
        suggestions.refresh()
        return PeerSuggestion.objects.get(concept=world.concepts["community-placement"])

    def test_countries_facing_the_same_problem_and_one_that_dealt_with_it(self, asked):
        assert sorted(c.code for c in asked.facing.all()) == ["MY", "TH"]
        assert [c.code for c in asked.experienced.all()] == ["ID"]
        assert asked.format == "site-visit"
        with translation.override("en"):
            assert suggestions.describe(
                asked, "en", suggestions.names_for([asked], AnonymousUser())
            ) == [
                "Malaysia and Thailand both asked for support on community placement",
                "Indonesia: a practice on it",
            ]

    def test_a_suggestion_becomes_a_draft_exchange_with_those_invited(self, network, asked):
        client = client_for(network.facilitator)
        response = client.post(
            f"/support/suggestions/{asked.pk}/exchange/", {"community": "asia-pacific"}
        )
        exchange = Exchange.objects.get(community=network.asia, format="site-visit")
        assert response["Location"] == exchange.get_absolute_url()
        assert exchange.status == "draft"
        assert "community placement" in exchange.title
        invited = set(
            Delegation.objects.filter(exchange=exchange).values_list(
                "organisation__slug", flat=True
            )
        )
        # The governments of the countries, and HOST, which offers support on the topic.
        assert invited == {
            "government-my",
            "government-id",
            network.ministry.slug,
            "host-international",
        }
        asked.refresh_from_db()
        assert asked.status == SuggestionStatus.TAKEN_UP
        suggestions.refresh()
        assert PeerSuggestion.objects.filter(status=SuggestionStatus.WAITING).count() == 0

    def test_a_community_with_the_topic_as_a_theme_is_named(self, network, world, asked):
        network.asia.themes = ["community placement", "screening"]
        network.asia.save()
        suggestions.refresh()
        again = PeerSuggestion.objects.get(concept=world.concepts["community-placement"])
        with translation.override("en"):
            names = suggestions.names_for([again], network.facilitator)
            assert (
                suggestions.describe(again, "en", names)[-1] == "a theme of “Asia Pacific platform”"
            )
        assert again.score > asked.score

    def test_the_facilitator_may_choose_another_format(self, network, asked):
        client = client_for(network.facilitator)
        client.post(
            f"/support/suggestions/{asked.pk}/exchange/",
            {"community": "asia-pacific", "format": "regional-meeting"},
        )
        assert (
            Exchange.objects.get(
                community=network.asia, title__contains="community placement"
            ).format
            == "regional-meeting"
        )

    def test_an_unknown_format_is_refused(self, network, asked):
        response = client_for(network.facilitator).post(
            f"/support/suggestions/{asked.pk}/exchange/",
            {"community": "asia-pacific", "format": "party"},
            follow=True,
        )
        assert (
            "Choose a bilateral discussion, a regional meeting or a site visit."
            in response.content.decode()
        )
        asked.refresh_from_db()
        assert asked.status == SuggestionStatus.WAITING

    def test_a_new_request_refreshes_the_suggestions_in_the_background(
        self, network, world, django_capture_on_commit_callbacks
    ):
        PeerSuggestion.objects.all().delete()
        make_request(
            network.facilitator, [world.concepts["advocacy"]], title="Jordan asks", countries=["JO"]
        )
        with django_capture_on_commit_callbacks(execute=True):
            client_for(network.member).post(
                "/support/requests/new/",
                {
                    "title": "Egypt asks",
                    "description": "D",
                    "kind": "training",
                    "concepts": ["advocacy"],
                    "languages": ["ar"],
                    "urgency": "low",
                    "countries": "EG",
                    "visibility": "network",
                },
            )
        made = PeerSuggestion.objects.get(concept=world.concepts["advocacy"])
        assert sorted(c.code for c in made.facing.all()) == ["EG", "JO"]

    def test_a_dismissed_suggestion_does_not_come_back(self, network, asked):
        client_for(network.facilitator).post(f"/support/suggestions/{asked.pk}/dismiss/")
        suggestions.refresh()
        assert list(PeerSuggestion.objects.values_list("status", flat=True)) == ["dismissed"]
        page = client_for(network.facilitator).get("/support/suggestions/").content.decode()
        assert "No suggestion is waiting." in page

    def test_a_facilitator_of_another_community_cannot_draft_there(self, network, asked):
        network.other_facilitator.is_facilitator = True
        network.other_facilitator.save()
        response = client_for(network.other_facilitator).post(
            f"/support/suggestions/{asked.pk}/exchange/", {"community": "asia-pacific"}, follow=True
        )
        assert "Only facilitators of the community" in response.content.decode()
        asked.refresh_from_db()
        assert asked.status == SuggestionStatus.WAITING


class TestDashboard:
    def test_it_counts_open_requests_and_fulfilled_support(self, network, world):
        Match.objects.filter(pk=world.match.pk).update(
            status=MatchStatus.FULFILLED, ended_at=world.match.proposed_at
        )
        page = client_for(network.facilitator).get("/support/dashboard/").content.decode()
        assert "3 open requests" in page
        assert "Site visit</th><td>3</td>" in page
        assert "1 peer suggestion waiting" in page
        moment = world.match.proposed_at
        assert f"<td>Q{(moment.month - 1) // 3 + 1} {moment.year}</td><td>1</td>" in page

    def test_the_chart_reaches_back_to_the_first_fulfilled_support(self, network, world):
        from datetime import UTC, datetime

        Match.objects.filter(pk=world.match.pk).update(
            status=MatchStatus.FULFILLED, ended_at=datetime(2022, 8, 31, tzinfo=UTC)
        )
        page = client_for(network.facilitator).get("/support/dashboard/").content.decode()
        assert "<td>Q3 2022</td><td>1</td>" in page
        assert "<td>Q4 2022</td><td>0</td>" in page


class TestQueryCounts:
    def grow(self, network, world):
        def add(count):
            for i in range(count):
                request = make_request(
                    network.community_member,
                    [world.concepts["community-placement"]],
                    title=f"Request {SupportRequest.objects.count()}-{i}",
                    countries=["TH"],
                )
                offer = make_offer(
                    [world.concepts["community-placement"]],
                    title=f"Offer {i}",
                    organisation=network.ngo,
                )
                # Reasons naming topics, as real matches have: describing them must not query.
                Match.objects.create(
                    request=request,
                    offer=offer,
                    status=MatchStatus.IN_PROGRESS,
                    reasons=[{"code": "topic", "concepts": [world.concepts["children"].pk]}],
                )

        return add

    @pytest.mark.parametrize(
        "path",
        [
            "/support/",
            "/support/offers/",
            "/support/dashboard/",
            "/support/suggestions/",
            "/api/v1/support/requests",
            "/api/v1/support/offers",
            "/api/v1/support/matches",
        ],
    )
    def test_lists_stay_bounded(self, network, world, path):
        client = client_for(network.facilitator)
        client.get(path)  # warm the caches (thesaurus labels and relations)
        assert_queries_bounded(client, path, self.grow(network, world))

    def test_ranking_a_request_stays_bounded(self, network, world):
        client_for(network.facilitator).get(world.request.get_absolute_url())  # warm the caches
        assert_queries_bounded(
            client_for(network.facilitator),
            world.request.get_absolute_url(),
            self.grow(network, world),
        )

    def test_ranking_for_an_offer_stays_bounded(self, network, world):
        client_for(network.facilitator).get(world.host.get_absolute_url())  # warm the caches
        assert_queries_bounded(
            client_for(network.facilitator),
            world.host.get_absolute_url(),
            self.grow(network, world),
        )


def test_the_next_page_keeps_the_filters(network, world):
    for i in range(25):
        make_request(
            network.facilitator,
            [world.concepts["advocacy"]],
            title=f"Advocacy {i}",
            kind="training",
        )
    page = (
        client_for(network.outsider).get("/support/?kind=training&topic=advocacy").content.decode()
    )
    assert 'href="?kind=training&amp;topic=advocacy&amp;page=2"' in page


class TestEditing:
    def test_the_requester_edits_and_a_bad_edit_keeps_what_was_typed(self, network, world):
        client = client_for(network.community_member)
        path = f"/support/requests/{world.request.uuid}/edit/"
        form = client.get(path).content.decode()
        assert 'value="Community placement for unaccompanied children"' in form
        assert 'value="TH"' in form
        data = {
            "title": "Community placement, with guardianship",
            "description": "Updated.",
            "kind": "site-visit",
            "languages": ["en", "fr"],
            "urgency": "high",
            "countries": "TH, XX",
            "visibility": "network",
            "concepts": ["community-placement"],
        }
        response = client.post(path, data)
        assert response.status_code == 400
        assert 'value="Community placement, with guardianship"' in response.content.decode()
        world.request.refresh_from_db()
        assert world.request.title == "Community placement for unaccompanied children"
        client.post(path, {**data, "countries": "TH, MY"})
        world.request.refresh_from_db()
        assert world.request.title == "Community placement, with guardianship"
        assert world.request.languages == ["en", "fr"]
        assert sorted(c.code for c in world.request.countries.all()) == ["MY", "TH"]

    def test_someone_else_may_not_edit(self, network, world):
        path = f"/support/requests/{world.request.uuid}/edit/"
        assert client_for(network.outsider).get(path).status_code == 403
        response = client_for(network.outsider).post(path, {"title": "Hijacked"})
        assert response.status_code == 403
        world.request.refresh_from_db()
        assert world.request.title == "Community placement for unaccompanied children"

    def test_the_expert_edits_their_offer(self, network, world):
        client = client_for(network.public)
        path = f"/support/offers/{world.expert.uuid}/edit/"
        response = client.post(
            path,
            {
                "title": "Advice on children's rights",
                "kinds": ["legal-advice", "training"],
                "concepts": ["children"],
                "languages": ["es", "en"],
                "capacity": "3",
            },
        )
        assert response.status_code == 302
        world.expert.refresh_from_db()
        assert world.expert.kinds == ["legal-advice", "training"]
        assert world.expert.capacity == 3
        assert client_for(network.outsider).get(path).status_code == 403


def test_only_mine(network, world):
    client = client_for(network.community_member)
    page = client.get("/support/?mine=on&status=all").content.decode()
    assert world.request.title in page and world.private.title in page
    assert world.community_only.title not in page
    offers = client_for(network.public).get("/support/offers/?mine=on").content.decode()
    assert world.expert.title in offers and world.host.title not in offers


def test_a_malformed_offer_identifier_is_simply_not_found(network, world):
    client = client_for(network.facilitator)
    response = client.post(
        f"/support/requests/{world.request.uuid}/propose/", {"offer": "not-a-uuid"}
    )
    assert response.status_code == 404
    assert not Match.objects.exclude(pk=world.match.pk).exists()
    # The same request naming a real offer proposes the match.
    response = client.post(
        f"/support/requests/{world.request.uuid}/propose/", {"offer": str(world.expert.uuid)}
    )
    assert response.status_code == 302
    assert Match.objects.exclude(pk=world.match.pk).get().offer == world.expert


def test_publishing_a_practice_refreshes_the_suggestions(
    network, world, django_capture_on_commit_callbacks
):
    from peerlearning.knowledge import actions as knowledge_actions
    from peerlearning.knowledge.models import PracticeEvent

    PeerSuggestion.objects.all().delete()
    practice = Practice.objects.create(
        external_id="my-placement", title="P", summary="S", sources=[], status="in-review"
    )
    practice.countries.set(Country.objects.filter(code="MY"))
    practice.concepts.add(world.concepts["community-placement"])
    PracticeEvent.objects.create(
        practice=practice, actor=network.administrator, action=PracticeEvent.Action.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_actions.review_practice(practice, by=network.facilitator, approve=True)
    made = PeerSuggestion.objects.get(concept=world.concepts["community-placement"])
    assert [c.code for c in made.experienced.all()] == ["MY"]


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
    assert "<legend>Su respuesta</legend>" in page
    assert "Decision" not in page
