"""Offers ranked for a request: one ranking (support/matching.offers_with_reasons) for the
request's page and the API, which leaves out offers already proposed for that request."""

import pytest

from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db


def ranked_on_page(network, world):
    page = client_for(network.facilitator).get(world.request.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


def ranked_by_api(network, world):
    response = client_for(network.facilitator).get(
        f"/api/v1/support/requests/{world.request.uuid}/offers"
    )
    assert response.status_code == 200
    return [item["offer"]["title"] for item in response.json()]


def test_an_offer_already_proposed_is_ranked_neither_on_the_page_nor_by_the_api(network, world):
    # HOST's offer is proposed for the request already (the world's match).
    proposable = f'name="offer" value="{world.host.uuid}"'
    assert proposable not in ranked_on_page(network, world)
    assert "HOST site visits" not in ranked_by_api(network, world)
    # Once that proposal is gone, both rank it again, first.
    world.match.delete()
    assert proposable in ranked_on_page(network, world)
    assert ranked_by_api(network, world)[0] == "HOST site visits"
