"""Confidence on the coordinator's pages: each ranked offer (or request) says how strong a match
it is on a scale out of 100, with its reasons; only good ones are proposed as matches, and when
none is good the page says so, suggests what to change, and folds the weak ones away."""

import re

import pytest

from peerlearning.network.testing import client_for
from peerlearning.support import matching
from peerlearning.support.models import Match, MatchStatus, SupportOffer, SupportVisibility
from peerlearning.support.testing import make_offer, make_request
from peerlearning.support.views import confidence
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


def page_of(user, path, language="en"):
    client = client_for(user)
    client.cookies["django_language"] = language
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def proposable(page, offer):
    return f'name="offer" value="{offer.uuid}"' in page


def folded(page):
    """What the closed "Weaker offers" fold holds (empty without one)."""
    found = re.search(r'<details class="weak-matches">(.*?)</details>', page, re.S)
    return found.group(1) if found else ""


def outside_fold(page):
    return re.sub(r'<details class="weak-matches">.*?</details>', "", page, flags=re.S)


@pytest.fixture
def spanish(network, world):
    """A request written in Spanish as people write it (its topic confirmed from the text), and
    an English offer on the same work, in Spanish too."""
    c = world.concepts
    request = make_request(
        network.community_member,
        [c["unaccompanied-children"], c["case-management"]],
        title="Gestión de casos para niños no acompañados",
        description=(
            "Queremos poner en marcha la gestión de casos para los niños no acompañados que "
            "llegan a la frontera, con familias de acogida."
        ),
        language="es",
        languages=["es"],
        kind="training",
        organisation=network.ministry,
    )
    offer = make_offer(
        [c["case-management"], c["unaccompanied-children"]],
        title="Case management training for teams caring for unaccompanied children",
        description="Two days of training on case management for unaccompanied children.",
        kinds=["training"],
        languages=["en", "es"],
        organisation=network.ngo,
    )
    for item in (request, offer):
        matching.reread(item)
    return request, offer


@pytest.fixture
def unmet(network, world):
    """A request no offer suits: research on unaccompanied children, in Thai only. The expert's
    advice (on children, in Spanish) shares a broader topic and nothing else."""
    request = make_request(
        network.community_member,
        [world.concepts["unaccompanied-children"]],
        title="Research on unaccompanied children",
        description="Figures on unaccompanied children at the border.",
        kind="data-evidence",
        languages=["th"],
        visibility=SupportVisibility.PRIVATE,
        organisation=network.ministry,
    )
    matching.reread(request)
    return request


class TestScale:
    def test_it_names_the_strength_with_the_score_out_of_100(self):
        assert confidence(78) == "Strong match · 78/100"
        assert confidence(55) == "Good match · 55/100"
        assert confidence(matching.GOOD) == "Good match · 50/100"
        assert confidence(matching.GOOD - 1) == "Weak match · 49/100"


class TestRequestPage:
    def test_it_shows_a_spanish_request_its_good_offer_with_readable_reasons(
        self, network, world, spanish
    ):
        request, offer = spanish
        page = page_of(network.facilitator, request.get_absolute_url())
        item = next(
            i for i in matching.offers_with_reasons(request, SupportOffer.objects.all(), "en")
        )
        assert item.object == offer and item.score >= matching.GOOD
        assert confidence(item.score) in outside_fold(page)
        assert re.search(r"(Strong|Good) match · \d+/100", outside_fold(page))
        reasons = re.findall(r"<li>([^<]*)</li>", outside_fold(page))
        assert any(
            r.startswith("both on") and "case management" in r and "unaccompanied children" in r
            for r in reasons
        ), reasons
        assert "offers training" in page
        assert "both in Spanish" in page
        assert proposable(outside_fold(page), offer)
        assert "No good match yet." not in page

    def test_it_says_the_reasons_in_the_readers_language(self, network, world, spanish):
        request, _offer = spanish
        page = page_of(network.facilitator, request.get_absolute_url(), "es")
        # The topics are named as the thesaurus names them in Spanish.
        assert "gestión de casos" in page
        assert "niños no acompañados" in page

    def test_it_says_when_no_offer_is_good_and_folds_the_weak_ones(self, network, world, unmet):
        page = page_of(network.facilitator, unmet.get_absolute_url())
        assert "No good match yet." in page
        # The weak offer is there, under a closed fold, with its score and reasons, still
        # proposable by a coordinator who decides so; nothing is proposed outside the fold.
        weak = folded(page)
        assert "Weaker offers (not recommended)" in weak
        assert '<details class="weak-matches" open' not in page
        assert "Advice from an expert" in weak
        assert re.search(r"Weak match · \d+/100", weak)
        assert "no language in common" in weak
        assert proposable(weak, world.expert)
        assert "Propose this match" not in outside_fold(page)
        assert not proposable(outside_fold(page), world.expert)

    def test_it_suggests_widening_the_request_and_showing_it_to_the_network(
        self, network, world, unmet
    ):
        edit = f'href="/support/requests/{unmet.uuid}/edit/"'
        page = page_of(network.facilitator, unmet.get_absolute_url())
        # No region or country is set: there is none to widen, languages can be added.
        assert "Add languages</a>" in page
        assert "Widen the region" not in page
        assert "Make the request visible to the whole network</a>" in page
        assert page.count(edit) == 3  # the two suggestions and the page's own edit button
        # Control: a request the whole network sees is not told to become visible to it; one
        # with a region is told to widen it.
        unmet.visibility = SupportVisibility.NETWORK
        unmet.region = "asia-pacific"
        unmet.save(update_fields=["visibility", "region"])
        page = page_of(network.facilitator, unmet.get_absolute_url())
        assert "No good match yet." in page
        assert "Widen the region or add languages</a>" in page
        assert "visible to the whole network" not in page

    def test_a_request_already_served_says_no_other_good_match(self, network, world, unmet):
        """Support on its way: no "yet", and nothing to widen."""
        Match.objects.create(request=unmet, offer=world.expert, proposed_by=network.facilitator)
        page = page_of(network.facilitator, unmet.get_absolute_url())
        assert "No other good match." in page
        assert "No good match yet." not in page
        assert "To reach more offers:" not in page
        # Control: once the match is declined, the request is unmet again.
        Match.objects.filter(request=unmet).update(status=MatchStatus.DECLINED)
        page = page_of(network.facilitator, unmet.get_absolute_url())
        assert "No good match yet." in page
        assert "To reach more offers:" in page

    def test_it_says_so_when_no_offer_shares_a_topic_at_all(self, network, world):
        request = make_request(
            network.community_member,
            [world.concepts["advocacy"]],
            title="Advocacy",
            organisation=network.ministry,
        )
        page = page_of(network.facilitator, request.get_absolute_url())
        assert "No good match yet." in page
        assert "No offer shares a topic with this request yet." in page
        assert folded(page) == ""

    def test_only_coordinators_see_the_ranking(self, network, world, unmet):
        page = page_of(network.community_member, unmet.get_absolute_url())
        assert "No good match yet." not in page
        assert "Advice from an expert" not in page
        # Control: the coordinator sees it.
        assert "Advice from an expert" in page_of(network.facilitator, unmet.get_absolute_url())

    def test_the_page_with_no_good_match_stays_bounded(self, network, world, unmet):
        def grow(count):
            for i in range(count):
                make_offer(
                    [world.concepts["children"]],
                    title=f"Weak offer {SupportOffer.objects.count()}-{i}",
                    kinds=["legal-advice"],
                    languages=["es"],
                    organisation=network.ngo,
                )

        client = client_for(network.facilitator)
        client.get(unmet.get_absolute_url())  # warm the caches (thesaurus labels, relations)
        assert_queries_bounded(client, unmet.get_absolute_url(), grow)
        page = client.get(unmet.get_absolute_url()).content.decode()
        assert "No good match yet." in page
        assert folded(page).count("Weak match ·") == 10


class TestOfferPage:
    def test_it_shows_the_good_request_with_its_strength(self, network, world, spanish):
        request, offer = spanish
        page = page_of(network.facilitator, offer.get_absolute_url())
        assert "Gestión de casos para niños no acompañados" in outside_fold(page)
        assert re.search(r"(Strong|Good) match · \d+/100", outside_fold(page))
        assert f'action="/support/requests/{request.uuid}/propose/"' in outside_fold(page)

    def test_it_says_when_no_request_is_good(self, network, world):
        offer = make_offer(
            [world.concepts["advocacy"]],
            title="Advocacy coaching in Arabic",
            kinds=["capacity-building"],
            languages=["ar"],
            organisation=network.ngo,
        )
        page = page_of(network.facilitator, offer.get_absolute_url())
        assert "No good match yet." in page
        assert f'href="/support/offers/{offer.uuid}/edit/">widen the regions' in page
        # The community's advocacy request shares the topic but no language or kind: weak.
        weak = folded(page)
        assert "Weaker requests (not recommended)" in weak
        assert "Community request on advocacy" in weak
        assert re.search(r"Weak match · \d+/100", weak)
        assert "Propose this match" not in outside_fold(page)


class TestApi:
    def test_the_ranked_offers_say_their_strength(self, network, world, spanish, unmet):
        client = client_for(network.facilitator)
        request, offer = spanish
        ranked = client.get(f"/api/v1/support/requests/{request.uuid}/offers").json()
        first = ranked[0]
        assert first["offer"]["uuid"] == str(offer.uuid)
        assert first["good"] is True
        assert first["strength"] in ("strong", "good")
        assert first["score"] >= matching.GOOD
        weak = client.get(f"/api/v1/support/requests/{unmet.uuid}/offers").json()
        assert weak, "the weak offers are still listed, marked as such"
        assert all(item["good"] is False and item["strength"] == "weak" for item in weak)
        assert all(item["score"] < matching.GOOD for item in weak)

    def test_the_schema_documents_the_new_fields(self, client):
        schema = client.get("/api/v1/openapi.json").json()
        fields = schema["components"]["schemas"]["RankedOffer"]["properties"]
        assert {"score", "strength", "good", "reasons", "offer"} <= set(fields)
        assert set(fields["strength"]["enum"]) == {"strong", "good", "weak"}
