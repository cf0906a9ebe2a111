"""Contributions to an exchange: who may write, who reads them, how they are attributed."""

import pytest

from peerlearning.exchanges.models import Contribution
from peerlearning.network.models import Membership
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestContributions:
    def test_a_participant_contributes_and_it_shows_as_from_a_participant(self, network):
        client = client_for(network.community_member)
        client.post(
            "/exchanges/asia-exchange/contributions/",
            {"kind": "challenge", "text": "Shelters are full."},
        )
        text = (
            client_for(network.facilitator)
            .get("/exchanges/asia-exchange/contributions/")
            .content.decode()
        )
        assert "Shelters are full." in text
        assert "a participant" in text
        assert "Chandra" not in text

    def test_others_cannot_edit_or_even_learn_it_exists(self, network):
        uuid = network.contribution.uuid
        for user in [network.facilitator, network.administrator]:
            client = client_for(user)
            assert (
                client.get(f"/exchanges/asia-exchange/contributions/{uuid}/edit/").status_code
                == 404
            )
            assert (
                client.post(f"/exchanges/asia-exchange/contributions/{uuid}/withdraw/").status_code
                == 404
            )
        network.contribution.refresh_from_db()
        assert not network.contribution.withdrawn
        # The same requests from its author open the form and withdraw it.
        author = client_for(network.community_member)
        assert author.get(f"/exchanges/asia-exchange/contributions/{uuid}/edit/").status_code == 200
        assert (
            author.post(f"/exchanges/asia-exchange/contributions/{uuid}/withdraw/").status_code
            == 302
        )
        network.contribution.refresh_from_db()
        assert network.contribution.withdrawn

    def test_the_author_edits_and_withdraws(self, network):
        client = client_for(network.community_member)
        uuid = network.contribution.uuid
        client.post(
            f"/exchanges/asia-exchange/contributions/{uuid}/edit/",
            {"kind": "learning", "text": "Changed."},
        )
        network.contribution.refresh_from_db()
        assert network.contribution.text == "Changed."
        client.post(f"/exchanges/asia-exchange/contributions/{uuid}/withdraw/")
        assert (
            "Changed."
            not in client_for(network.facilitator)
            .get("/exchanges/asia-exchange/contributions/")
            .content.decode()
        )

    def test_non_participants_cannot_contribute(self, network):
        Membership.objects.create(community=network.asia, person=network.outsider)
        before = Contribution.objects.count()
        response = client_for(network.outsider).post(
            "/exchanges/asia-exchange/contributions/", {"kind": "learning", "text": "x"}
        )
        assert response.status_code == 403
        assert Contribution.objects.count() == before
        # The same request from a participant of the exchange is taken.
        response = client_for(network.community_member).post(
            "/exchanges/asia-exchange/contributions/", {"kind": "learning", "text": "x"}
        )
        assert response.status_code == 302
        assert Contribution.objects.count() == before + 1
