"""Peer suggestions: who is suggested to whom, and when they are refreshed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from peerlearning.exchanges.models import (
    Delegation,
    Exchange,
)
from peerlearning.knowledge.models import Practice
from peerlearning.network.models import Country, Organisation, StakeholderType
from peerlearning.network.testing import client_for
from peerlearning.support import suggestions
from peerlearning.support.models import (
    PeerSuggestion,
    SuggestionStatus,
)
from peerlearning.support.testing import make_request

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


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
