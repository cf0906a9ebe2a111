"""A profile names exchanges only by their hosts: a government that took part in an exchange
under the rule is never said to have been there, by the profile, its counts or the API."""

import pytest
from django.test import Client

from peerlearning.exchanges.models import Exchange
from peerlearning.network.testing import client_for
from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db


def read(response) -> str:
    return page_text(response.content)


SHARED_WORLD = True


def test_taking_part_is_not_shown_hosting_is(network):
    # The Thai ministry sent a delegation to "Asia exchange on screening" (under the rule).
    member = client_for(network.community_member)
    text = read(member.get("/countries/TH/"))
    assert "Asia exchange on screening" not in text
    assert "Open regional meeting" not in text
    # Positive control: once the ministry hosts the open meeting, the profile names it, as the
    # exchange page names its hosts.
    Exchange.objects.get(slug="asia-open").host_governments.set([network.ministry])
    text = read(member.get("/countries/TH/"))
    assert "Open regional meeting" in text
    assert "Asia exchange on screening" not in text


def test_a_hosted_exchange_is_shown_only_to_those_who_may_see_it(client: Client, network):
    Exchange.objects.get(slug="asia-exchange").host_governments.set([network.ministry])
    # A community-only exchange: its members see it on the profile, a visitor and an outsider
    # do not (not even as a count).
    assert "Asia exchange on screening" in read(
        client_for(network.community_member).get("/countries/TH/")
    )
    for viewer in (client, client_for(network.outsider)):
        text = read(viewer.get("/countries/TH/"))
        assert "Asia exchange on screening" not in text
        assert "No exchange hosted by its government that you can see." in text


def test_support_asked_from_an_exchange_is_not_listed_under_a_country(network, world):
    """A request made from an exchange's support need would tell who raised it in the room."""
    from peerlearning.exchanges.models import Outcome, OutcomeKind
    from peerlearning.network.models import Country
    from peerlearning.support.models import SupportRequest

    thailand = Country.objects.get(code="TH")
    coordinator = client_for(network.facilitator)
    direct = world.request
    direct.countries.add(thailand)
    outcome = Outcome.objects.create(
        exchange=network.exchange, kind=OutcomeKind.SUPPORT_NEED, text="A site visit."
    )
    from_the_room = SupportRequest.objects.create(
        title="Raised in the room",
        description="A site visit.",
        kind=direct.kind,
        outcome=outcome,
        raised_at_exchange=True,
        visibility=direct.visibility,
    )
    from_the_room.countries.add(thailand)
    text = read(coordinator.get("/countries/TH/"))
    assert direct.title in text
    assert "Raised in the room" not in text
    # Its outcome deleted (the link emptied), it still says nothing of the room.
    outcome.delete()
    from_the_room.refresh_from_db()
    assert from_the_room.outcome_id is None
    assert "Raised in the room" not in read(coordinator.get("/countries/TH/"))
