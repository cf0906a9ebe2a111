"""What an exchange under the Chatham House Rule hides, page by page."""

from datetime import timedelta

import pytest
from django.test import Client

from peerlearning.exchanges.models import (
    AgendaSession,
)
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestWhatTheRuleHides:
    def test_contributions_are_not_listed_in_the_order_they_were_written(self, network):
        """The order people registered or spoke must not give away who wrote what: ordered by
        their random identifier, never by when they were written."""
        import uuid

        from peerlearning.exchanges.models import Contribution

        Contribution.objects.filter(exchange=network.exchange).delete()
        written = []
        for i in range(5):  # identifiers in the reverse of the writing order
            written.append(
                Contribution.objects.create(
                    exchange=network.exchange,
                    kind="learning",
                    text=f"Learning written {i}.",
                    uuid=uuid.UUID(int=100 - i),
                )
            )
        facilitator = client_for(network.facilitator)
        page = facilitator.get("/exchanges/asia-exchange/contributions/").content.decode()
        positions = [page.index(f"Learning written {i}.") for i in range(5)]
        assert positions == sorted(positions, reverse=True)
        items = facilitator.get("/api/v1/exchanges/asia-exchange/contributions").json()["items"]
        assert [item["text"] for item in items] == [
            f"Learning written {i}." for i in range(4, -1, -1)
        ]
        assert set(items[0]) == {"id", "kind", "text", "author"}  # no date to line them up

    def test_page_and_api_agree_on_who_reads_contributions(self, network):
        exchange = network.exchange
        exchange.rule, exchange.status, exchange.visibility = "open", "reported", "public"
        exchange.save()
        anonymous = Client()
        assert anonymous.get("/exchanges/asia-exchange/contributions/").status_code == 200
        assert anonymous.get("/api/v1/exchanges/asia-exchange/contributions").status_code == 200
        exchange.rule = "chatham-house"
        exchange.save()
        # Signed out: asked to sign in (issue 13); the API answers 403.
        assert anonymous.get("/exchanges/asia-exchange/contributions/").status_code == 302
        assert anonymous.get("/api/v1/exchanges/asia-exchange/contributions").status_code == 403

    def test_a_contribution_cannot_be_rewritten_once_contributions_close(self, network):
        exchange = network.exchange
        exchange.status = "reported"
        exchange.save()
        path = f"/exchanges/asia-exchange/contributions/{network.contribution.uuid}/edit/"
        author = client_for(network.community_member)
        response = author.post(path, {"kind": "learning", "text": "Rewritten after the report."})
        assert response.status_code == 403
        network.contribution.refresh_from_db()
        assert network.contribution.text != "Rewritten after the report."

    def test_a_speaker_with_a_hidden_profile_is_named_to_the_facilitators_only(self, network):

        exchange = network.exchange
        exchange.rule, exchange.visibility = "open", "public"
        exchange.save()
        session = AgendaSession.objects.create(
            exchange=exchange,
            title="Opening",
            starts_at=exchange.starts_at,
            ends_at=exchange.starts_at + timedelta(hours=1),
        )
        session.speakers.set([network.hidden, network.public])
        for client, hidden_shown in [(Client(), False), (client_for(network.facilitator), True)]:
            page = client.get("/exchanges/asia-exchange/").content.decode()
            agenda = client.get("/api/v1/exchanges/asia-exchange/agenda").json()
            assert "Public Person" in page and agenda[0]["speakers"] is not None
            assert ("Hidden Person" in page) is hidden_shown
            assert ("Hidden Person" in agenda[0]["speakers"]) is hidden_shown
