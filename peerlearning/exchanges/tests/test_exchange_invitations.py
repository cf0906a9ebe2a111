"""Invitations to an exchange."""

import pytest

from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestInvitations:
    def test_a_facilitator_invites_a_person_who_is_told(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        client = client_for(network.facilitator)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/exchanges/asia-open/participants/invite/",
                {"email": network.outsider.email, "organisation": "HOST"},
            )
        assert response.status_code == 302
        assert mailoutbox[-1].to == [network.outsider.email]
        assert "You are invited: Open regional meeting" in mailoutbox[-1].subject
        page = client_for(network.outsider).get("/exchanges/asia-open/").content.decode()
        assert "You are invited to this exchange." in page

    def test_inviting_someone_outside_the_network_or_twice_writes_nothing_and_tells_nothing(
        self, network
    ):
        client = client_for(network.facilitator)
        answers = []
        for email in ("nobody@example.net", network.outsider.email, network.outsider.email):
            response = client.post(
                "/exchanges/asia-open/participants/invite/", {"email": email}, follow=True
            )
            answers.append("If this address belongs to a member" in response.content.decode())
        assert answers == [True, True, True]
        assert [i.person for i in network.open_exchange.invitations.all()] == [network.outsider]

    def test_a_facilitator_invites_a_delegation(self, network):
        client = client_for(network.facilitator)
        client.post(
            "/exchanges/asia-open/participants/invite/", {"delegation": "1", "organisation": "HOST"}
        )
        assert network.open_exchange.delegations.get().organisation == network.ngo
        response = client.post(
            "/exchanges/asia-open/participants/invite/", {"delegation": "1", "organisation": "HOST"}
        )
        assert "invited already" in response.content.decode()
