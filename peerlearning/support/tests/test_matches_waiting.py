"""The support page's "Matches waiting for your answer": each side of a proposed match sees it
until it has answered, through its request or its organisation's offer; a claim to the
organisation that nobody confirmed shows nothing, and neither does being a member."""

import pytest

from peerlearning.network.models import Affiliation
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.support.models import Decision, Match
from peerlearning.testing import count_queries, make_user

pytestmark = pytest.mark.django_db

WAITING = "Matches waiting for your answer"
PAIR = "Community placement for unaccompanied children ↔ HOST site visits"


def test_the_requester_sees_the_match_until_answering(network, world):
    client = client_for(network.community_member)
    page = client.get("/support/").text
    assert WAITING in page
    assert PAIR in page
    assert world.match.get_absolute_url() in page
    world.match.requester_decision = Decision.ACCEPTED
    world.match.save(update_fields=["requester_decision"])
    assert WAITING not in client.get("/support/").text


def test_the_offering_side_sees_it_through_a_confirmed_affiliation_only(network, world):
    claimant = make_user("claimant@example.org")
    Affiliation.objects.create(
        person=claimant, organisation=network.ngo, status=Affiliation.Status.CLAIMED
    )
    client = client_for(claimant)
    assert WAITING not in client.get("/support/").text  # a claim speaks for nobody
    confirmed_affiliation(claimant, network.ngo)
    page = client.get("/support/").text
    assert WAITING in page
    assert PAIR in page
    # The requester's answer does not end the offering side's wait.
    world.match.requester_decision = Decision.ACCEPTED
    world.match.save(update_fields=["requester_decision"])
    assert PAIR in client.get("/support/").text


def test_a_member_of_neither_side_sees_nothing_waiting(network, world):
    page = client_for(network.public).get("/support/").text
    assert "Support requests" in page  # the page itself, as a positive control
    assert WAITING not in page


def test_the_titles_shown_cost_no_query_each(network, world):
    # The waiting matches read only the columns they show: reading a title must not query.
    client = client_for(network.community_member)
    client.get("/support/")
    one = count_queries(client, "/support/")
    Match.objects.create(
        request=world.private, offer=world.host, score=60, proposed_by=network.facilitator
    )
    assert client.get("/support/").text.count("↔") == 2
    assert count_queries(client, "/support/") == one
