"""A proposed match says who was told by e-mail, side by side, and says so plainly when a side
had nobody to write to (issue 13: "both sides have been told by e-mail" when only one was)."""

import pytest
from django.utils.html import escape

from peerlearning.network.models import Affiliation, Organisation
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.support.models import Match
from peerlearning.support.testing import make_request, support_world

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


@pytest.fixture
def world(network):
    world = support_world(network)
    world.match.delete()
    return world


def propose(network, request, offer, capture):
    with capture(execute=True):
        response = client_for(network.facilitator).post(
            f"/support/requests/{request.uuid}/propose/", {"offer": offer.uuid}, follow=True
        )
    assert response.status_code == 200
    assert Match.objects.filter(request=request, offer=offer).exists()
    return response.content.decode()


def told(mailoutbox) -> list[str]:
    return sorted(message.to[0] for message in mailoutbox)


def test_both_sides_are_named_when_both_were_written_to(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed_affiliation(network.outsider, network.ngo)
    page = propose(network, world.request, world.host, django_capture_on_commit_callbacks)
    assert told(mailoutbox) == sorted([network.community_member.email, network.outsider.email])
    assert (
        escape(
            f"Proposed. Told by e-mail — for the request: {network.community_member.public_name}; "
            f"for the offer: {network.outsider.public_name}."
        )
        in page
    )


def test_an_offer_whose_organisation_has_only_a_claimant_is_not_said_to_be_told(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    # The outsider only claims to belong to HOST: a claim speaks for nobody.
    Affiliation.objects.create(
        person=network.outsider, organisation=network.ngo, status=Affiliation.Status.CLAIMED
    )
    page = propose(network, world.request, world.host, django_capture_on_commit_callbacks)
    assert told(mailoutbox) == [network.community_member.email]
    assert "Both sides" not in page
    assert (
        escape(
            f"Proposed. Told by e-mail — for the request: {network.community_member.public_name}. "
            "Nobody could be told for the offer"
        )
        in page
    )
    assert network.outsider.public_name not in page


def test_a_request_with_nobody_to_write_to_is_not_said_to_be_told(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    nobody = Organisation.objects.create(slug="nobody", name="Nobody's ministry")
    orphan = make_request(
        None, [world.concepts["children"]], title="Recorded from a meeting", organisation=nobody
    )
    page = propose(network, orphan, world.expert, django_capture_on_commit_callbacks)
    assert told(mailoutbox) == [network.public.email]
    assert (
        escape(
            f"Proposed. Told by e-mail — for the offer: {network.public.public_name}. "
            "Nobody could be told for the request"
        )
        in page
    )


def test_nobody_told_on_either_side_is_said_plainly(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    nobody = Organisation.objects.create(slug="nobody", name="Nobody's ministry")
    orphan = make_request(
        None, [world.concepts["case-management"]], title="Recorded", organisation=nobody
    )
    page = propose(network, orphan, world.host, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert "Proposed, but nobody could be told by e-mail on either side" in page
