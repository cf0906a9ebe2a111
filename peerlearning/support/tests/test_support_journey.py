"""The support journey's fixes (issue 13): a new request offers no "Matched" to pick; after a
match is accepted the page says what happens next; the person answering is told who was
written to — "the other side" only when someone there was."""

import pytest
from django.utils.html import escape

from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.support.models import RequestStatus
from peerlearning.support.testing import support_world

pytestmark = pytest.mark.django_db
SHARED_WORLD = True


@pytest.fixture
def world(network):
    return support_world(network)


def test_a_new_request_offers_only_to_close_it_never_matched(network, world):
    client = client_for(network.community_member)
    page = client.get(f"/support/requests/{world.request.uuid}/").content.decode()
    assert "Change the status" not in page and "<select" not in page.split("move-title")[1]
    assert 'name="status" value="closed"' in page and "Close the request" in page
    assert 'value="matched"' not in page
    assert "The request is matched once both sides accept." in page
    # Picking "matched" by hand is refused, and nothing changes.
    response = client.post(
        f"/support/requests/{world.request.uuid}/status/", {"status": "matched"}, follow=True
    )
    assert escape("A request cannot go from “Open” to “Matched”.") in response.content.decode()
    world.request.refresh_from_db()
    assert world.request.status == RequestStatus.OPEN
    # The positive control: closing it works.
    client.post(f"/support/requests/{world.request.uuid}/status/", {"status": "closed"})
    world.request.refresh_from_db()
    assert world.request.status == RequestStatus.CLOSED
    page = client.get(f"/support/requests/{world.request.uuid}/").content.decode()
    assert "Reopen the request" in page and "Close the request" not in page


def answer(network, world, capture):
    with capture(execute=True):
        response = client_for(network.community_member).post(
            f"/support/matches/{world.match.uuid}/answer/", {"decision": "accept"}, follow=True
        )
    assert response.status_code == 200
    return response.content.decode()


def test_after_both_sides_accept_the_page_says_what_happens_next(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed_affiliation(network.outsider, network.ngo)
    world.match.offerer_decision = "accepted"
    world.match.save(update_fields=["offerer_decision"])
    page = answer(network, world, django_capture_on_commit_callbacks)
    assert "You accepted: both sides have now accepted the match." in page
    assert "The other side and Fay Facilitator (the coordinator) have been told by e-mail." in page
    assert "What happens next" in page
    assert "puts both sides in touch" in page
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [network.outsider.email, network.facilitator.email]
    )
    assert "puts both sides in touch by e-mail" in mailoutbox[0].body
    world.request.refresh_from_db()
    assert world.request.status == RequestStatus.MATCHED
    # Nobody outside the match is told what happens next (nor sees the match).
    assert (
        client_for(network.member).get(f"/support/matches/{world.match.uuid}/").status_code == 404
    )


def test_when_nobody_on_the_other_side_can_be_written_to_the_person_is_told_so(
    network, world, mailoutbox, django_capture_on_commit_callbacks
):
    page = answer(network, world, django_capture_on_commit_callbacks)
    assert "You accepted. The match now waits for the other side&#x27;s answer." in page
    assert (
        "Fay Facilitator (the coordinator) has been told by e-mail; nobody on the other side "
        "could be written to, so the coordinator will reach them."
    ) in page
    assert "The other side and" not in page
    assert "What happens next" not in page
    assert "The match waits for the other side's answer; you will be told by e-mail." in page
    assert [m.to[0] for m in mailoutbox] == [network.facilitator.email]
