"""Finding 4: names of private communities and exchanges reached outsiders through related
records — a support request made from a need at a private exchange, peer-suggestion reasons
(and the draft exchange made from one), and the API's community parent. Replayed as a network
member and a coordinator who belong to none of them; a member of the private community is the
positive control."""

import json

import pytest
from django.utils import timezone

from peerlearning.exchanges.models import Exchange, Outcome, OutcomeKind
from peerlearning.network.models import Community, Level, Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.support import actions
from peerlearning.support.models import PeerSuggestion, SupportVisibility
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

SECRET_COMMUNITY = "Cross-regional platform"
SECRET_EXCHANGE = "Closed-door talks on returns"


@pytest.fixture
def closed_exchange(network):
    return Exchange.objects.create(
        slug="closed-door",
        community=network.private,
        title=SECRET_EXCHANGE,
        format="workshop",
        mode="online",
        rule="chatham-house",
        status="held",
        visibility="community",
        starts_at=timezone.now(),
        time_zone="UTC",
    )


def need_turned_into_request(network, world, exchange, **fields):
    outcome = Outcome.objects.create(
        exchange=exchange, kind=OutcomeKind.SUPPORT_NEED, text="Interpreters for hearings."
    )
    return actions.request_from_outcome(
        outcome,
        by=network.facilitator,
        concepts=[world.concepts["case-management"]],
        title="Interpreters for hearings",
        description="Interpreters for hearings.",
        kind="training",
        languages=["en"],
        **fields,
    )


class TestSupportRequestFromAPrivateExchange:
    def test_a_network_wide_request_does_not_name_the_private_community_or_exchange(
        self, network, world, closed_exchange
    ):
        made = need_turned_into_request(
            network, world, closed_exchange, visibility=SupportVisibility.NETWORK
        )
        outsider = client_for(network.member)
        page = outsider.get(f"/support/requests/{made.uuid}/").content.decode()
        assert "Interpreters for hearings" in page  # it is shown...
        assert SECRET_COMMUNITY not in page  # ...without the names
        assert SECRET_EXCHANGE not in page
        assert "a private community" in page
        assert "a private exchange" in page
        listing = outsider.get("/support/").content.decode()
        assert "Interpreters for hearings" in listing
        assert SECRET_COMMUNITY not in listing
        api = json.loads(outsider.get(f"/api/v1/support/requests/{made.uuid}").content)
        assert api["community"] is None

        insider = client_for(network.community_member)
        page = insider.get(f"/support/requests/{made.uuid}/").content.decode()
        assert SECRET_COMMUNITY in page
        assert SECRET_EXCHANGE in page
        assert SECRET_COMMUNITY in insider.get("/support/").content.decode()
        api = json.loads(insider.get(f"/api/v1/support/requests/{made.uuid}").content)
        assert api["community"] == network.private.slug

    def test_it_is_for_the_community_by_default(self, network, world, closed_exchange):
        made = need_turned_into_request(network, world, closed_exchange)
        assert made.visibility == SupportVisibility.COMMUNITY
        assert client_for(network.member).get(f"/support/requests/{made.uuid}/").status_code == 404
        assert (
            client_for(network.community_member).get(f"/support/requests/{made.uuid}/").status_code
            == 200
        )


class TestPeerSuggestions:
    @pytest.fixture
    def suggestion(self, network, world, closed_exchange):
        concept = world.concepts["case-management"]
        return PeerSuggestion.objects.create(
            key="secret-names",
            concept=concept,
            region="asia-pacific",
            format="bilateral",
            reasons=[
                {"code": "asked", "countries": ["MY", "TH"], "concept": concept.pk},
                {"code": "raised", "exchanges": [closed_exchange.pk]},
                {"code": "theme", "communities": [network.private.pk, network.asia.pk]},
            ],
            score=40,
        )

    def test_a_coordinator_outside_the_community_reads_no_private_name(self, network, suggestion):
        coordinator = make_user("coordinator@test.example", is_facilitator=True, two_factor=True)
        page = client_for(coordinator).get("/support/suggestions/").content.decode()
        assert "Asia Pacific platform" in page
        assert SECRET_COMMUNITY not in page
        assert SECRET_EXCHANGE not in page
        assert "a private community" in page
        assert "a private exchange" in page

        member_page = client_for(network.facilitator).get("/support/suggestions/").content.decode()
        assert SECRET_COMMUNITY in member_page
        assert SECRET_EXCHANGE in member_page

    def test_a_draft_exchange_made_from_it_copies_no_private_name(self, network, suggestion):
        client_for(network.facilitator).post(
            f"/support/suggestions/{suggestion.pk}/exchange/", {"community": "asia-pacific"}
        )
        suggestion.refresh_from_db()
        draft = suggestion.exchange
        assert draft is not None
        assert "Asia Pacific platform" in draft.description
        assert SECRET_COMMUNITY not in draft.description
        assert SECRET_EXCHANGE not in draft.description


class TestCommunityParent:
    def test_the_api_gives_a_private_parent_only_to_its_members(self, network):
        Community.objects.create(
            slug="returns-subgroup",
            name="Returns sub-group",
            purpose="Listed.",
            level=Level.CROSS_REGIONAL,
            parent=network.private,
        )
        outsider = json.loads(
            client_for(network.member).get("/api/v1/communities/returns-subgroup").content
        )
        assert outsider["name"] == "Returns sub-group"
        assert outsider["parent"] is None
        anonymous = json.loads(client_for(None).get("/api/v1/communities/returns-subgroup").content)
        assert anonymous["parent"] is None
        insider = json.loads(
            client_for(network.community_member).get("/api/v1/communities/returns-subgroup").content
        )
        assert insider["parent"] == "cross-regional"
        assert Membership.objects.filter(
            community=network.private, person=network.community_member, role=Role.MEMBER
        ).exists()
