"""Asking to join from an exchange of the community (issue 13, requirement 1): the person is
brought back to that exchange, told plainly that the request waits; the facilitator finds it on
their home."""

import pytest
from django.utils.html import escape

from peerlearning.network.models import CommunityJoinRequest
from peerlearning.network.testing import client_for
from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

EXCHANGE = "/exchanges/asia-exchange/"


def test_asking_from_an_exchange_comes_back_to_it_and_says_the_request_waits(network):
    client = client_for(network.outsider)
    refused = client.get(EXCHANGE)
    assert refused.status_code == 403
    assert f'name="next" value="{EXCHANGE}"' in refused.content.decode()
    response = client.post(
        "/communities/asia-pacific/join/", {"message": "I work on screening.", "next": EXCHANGE}
    )
    assert response.status_code == 302
    assert response["Location"] == EXCHANGE
    page = client.get(EXCHANGE).content.decode()
    assert (
        escape("Your request to join Asia Pacific platform is waiting for its facilitators.")
        in page
    )
    assert "Your request to join is waiting for a facilitator." in page
    assert 'name="message"' not in page  # no second request to make
    assert CommunityJoinRequest.objects.filter(
        community=network.asia, person=network.outsider, status="pending"
    ).exists()
    home = client_for(network.facilitator).get("/home/").content.decode()
    assert "Otto Outsider asks to join Asia Pacific platform." in page_text(home)


@pytest.mark.parametrize(
    "off_site", ["https://evil.example/", "//evil.example/x", "https:evil.example", ""]
)
def test_an_off_site_or_missing_next_goes_to_the_community_page(network, off_site):
    response = client_for(network.outsider).post(
        "/communities/asia-pacific/join/", {"message": "", "next": off_site}
    )
    assert response.status_code == 302
    assert response["Location"] == "/communities/asia-pacific/"
    assert CommunityJoinRequest.objects.filter(person=network.outsider).count() == 1
