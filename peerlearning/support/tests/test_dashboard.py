"""The support dashboard, list pages and their query counts."""

import pytest

from peerlearning.network.testing import client_for
from peerlearning.support.models import (
    Match,
    MatchStatus,
    SupportRequest,
)
from peerlearning.support.testing import make_offer, make_request
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


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
