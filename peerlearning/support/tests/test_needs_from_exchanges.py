"""Support needs raised in exchanges become requests, under the exchange's rule."""

import pytest

from peerlearning.exchanges.models import (
    Contribution,
    ContributionKind,
    Outcome,
    OutcomeKind,
    SealedAuthorship,
)
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for
from peerlearning.support import actions
from peerlearning.support.models import (
    SupportRequest,
)

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


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
        # Its outcome deleted (the link emptied), the request still names no country.
        outcome.delete()
        made.refresh_from_db()
        assert made.outcome_id is None and made.raised_at_exchange
        form = client.get(f"/support/requests/{made.uuid}/edit/").content.decode()
        assert 'name="countries"' not in form
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
