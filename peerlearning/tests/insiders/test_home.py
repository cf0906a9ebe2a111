"""The home as an insider would try it: what it lists is a right (to decide a request, to move
a follow-up, to open an exchange), so nobody may gain one through it — a facilitator without two
factors, a claimed (unconfirmed) affiliation, an invitation into a private community one is not
in. Each refusal beside its positive control."""

import datetime

import pytest
from django.utils import timezone

from peerlearning.exchanges.models import Exchange, ExchangeInvitation
from peerlearning.network.models import Affiliation, CommunityJoinRequest, Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db
SHARED_WORLD = True


def test_a_facilitator_without_two_factors_gets_no_home_until_they_set_them_up(network):
    CommunityJoinRequest.objects.create(community=network.asia, person=network.outsider)
    without = make_user("newfac@test.example", display_name="New Facilitator")
    Membership.objects.create(community=network.asia, person=without, role=Role.FACILITATOR)
    response = client_for(without).get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    # The positive control: with two factors, the same seat shows the request.
    page = client_for(network.facilitator).get("/home/").content.decode()
    assert "Otto Outsider asks to join" in page_text(page)


def test_a_claimed_affiliation_gives_no_follow_up_to_move(network):
    follow_up = network.follow_up
    follow_up.due_on = timezone.localdate() + datetime.timedelta(days=3)
    follow_up.save(update_fields=["due_on"])
    # The outsider joins the community, registers in the room and claims the owning ministry.
    Membership.objects.create(community=network.asia, person=network.outsider)
    network.exchange.registrations.create(
        person=network.outsider, delegation=network.exchange.delegations.first()
    )
    claim = Affiliation.objects.create(
        person=network.outsider, organisation=network.ministry, title="Adviser"
    )
    assert "Share the guidance." not in client_for(network.outsider).get("/home/").content.decode()
    # Confirmed, the same affiliation makes it theirs to follow.
    claim.status = Affiliation.Status.CONFIRMED
    claim.save(update_fields=["status"])
    assert "Share the guidance." in client_for(network.outsider).get("/home/").content.decode()


def test_an_invitation_into_a_private_community_is_not_listed_to_an_outsider(network):
    secret = Exchange.objects.create(
        slug="secret-open",
        community=network.private,
        title="Secret open exchange",
        format="workshop",
        status="open",
        visibility="community",
        starts_at=timezone.now() + datetime.timedelta(days=10),
    )
    for person in (network.outsider, network.community_member):
        ExchangeInvitation.objects.create(exchange=secret, person=person)
    assert "Secret open exchange" not in client_for(network.outsider).get("/home/").content.decode()
    assert (
        "Secret open exchange"
        in client_for(network.community_member).get("/home/").content.decode()
    )


def test_asking_to_join_lists_nothing_of_the_community_before_the_answer(network):
    CommunityJoinRequest.objects.create(community=network.asia, person=network.member)
    page = client_for(network.member).get("/home/").content.decode()
    assert "Your request to join Asia Pacific platform is waiting" in page_text(page)
    assert "/communities/asia-pacific/follow-ups/" not in page
    assert "/exchanges/new/" not in page
    Membership.objects.create(community=network.asia, person=network.member)
    page = client_for(network.member).get("/home/").content.decode()
    assert "/communities/asia-pacific/follow-ups/" in page
    assert "/communities/asia-pacific/exchanges/new/" not in page  # a member, not a facilitator
