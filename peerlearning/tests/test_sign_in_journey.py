"""Issue 13, requirement 1: an invitation link opened while signed out, as the invited person
does it; `next` kept through sign-in, two factors and their set-up; nothing revealed to a
signed-out visitor; a way to ask to join for a signed-in outsider where they may know the
community exists."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core.cache import cache
from django.test import Client

from peerlearning.exchanges.models import Exchange, ExchangeInvitation
from peerlearning.network.models import CommunityJoinRequest, Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import PASSWORD, has_totp, make_user, totp_code

pytestmark = pytest.mark.django_db

INVITATION_LINK = "/exchanges/asia-exchange/"
SIGN_IN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def without_tokens(body: bytes) -> str:
    """A page as compared between two answers: without its per-request CSRF token and nonce."""
    body_text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body.decode())
    return re.sub(r'nonce="[^"]+"', "", body_text)


def invited(network, *, two_factor: bool = False):
    person = make_user("invited@test.example", display_name="Invited Person", two_factor=two_factor)
    ExchangeInvitation.objects.create(exchange=network.exchange, person=person)
    return person


def follow_the_link_signed_out(client: Client, link: str = INVITATION_LINK) -> str:
    """Open the link, be sent to sign in; the sign-in page carries where to go back to."""
    response = client.get(link)
    assert response.status_code == 302
    location = response["Location"]
    assert urlsplit(location).path == SIGN_IN
    assert parse_qs(urlsplit(location).query)["next"] == [link]
    page = client.get(location)
    assert page.status_code == 200
    assert f'name="next" value="{link}"' in page.content.decode()
    return link


def test_an_invited_person_signs_in_from_the_link_and_lands_on_the_exchange(network):
    person = invited(network)
    client = Client()
    next_url = follow_the_link_signed_out(client)
    response = client.post(SIGN_IN, {"login": person.email, "password": PASSWORD, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == INVITATION_LINK
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Asia exchange on screening" in page.content.decode()


def test_with_two_factors_the_code_step_keeps_the_exchange(network):
    person = invited(network, two_factor=True)
    client = Client()
    next_url = follow_the_link_signed_out(client)
    response = client.post(SIGN_IN, {"login": person.email, "password": PASSWORD, "next": next_url})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get(INVITATION_LINK).status_code == 302  # not signed in before the code
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == INVITATION_LINK
    assert "Asia exchange on screening" in client.get(INVITATION_LINK).content.decode()


def test_a_role_that_needs_two_factors_sets_them_up_and_comes_back_to_the_exchange(network):
    """A member just made a facilitator of the community: sign-in, the set-up of two factors
    (with its recovery codes), then the exchange they asked for."""
    person = make_user("new-facilitator@test.example")
    Membership.objects.create(community=network.asia, person=person, role=Role.FACILITATOR)
    client = Client()
    next_url = follow_the_link_signed_out(client)
    response = client.post(SIGN_IN, {"login": person.email, "password": PASSWORD, "next": next_url})
    assert response["Location"] == INVITATION_LINK
    response = client.get(INVITATION_LINK)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    response = client.get(response["Location"])
    if response.status_code == 302:  # allauth asks for the password again first
        assert response["Location"].startswith("/accounts/reauthenticate/")
        response = client.post(response["Location"], {"password": PASSWORD})
        assert response.status_code == 302
        response = client.get(response["Location"])
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302 and has_totp(person)
    codes = client.get(response["Location"])
    assert codes.status_code == 200
    assert "Continue to the page you asked for" in codes.content.decode()
    response = client.get("/accounts/2fa/")
    assert response.status_code == 302
    assert response["Location"] == INVITATION_LINK
    assert client.get(INVITATION_LINK).status_code == 200
    # Once back, the security page is the security page again.
    assert client.get("/accounts/2fa/").status_code == 200


def test_the_set_up_keeps_only_a_page_of_the_site(db):
    person = make_user("editor-to-be@test.example", is_editor=True)
    client = client_for(person)
    # A write is not a page to come back to.
    client.post("/profile/", {})
    assert "two_factor_next" not in client.session
    response = client.get("/profile/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.session["two_factor_next"] == "/profile/"


@pytest.mark.parametrize(
    "off_site", ["https://evil.example/", "//evil.example/x", "https:evil.example"]
)
def test_an_off_site_next_is_refused(network, off_site):
    person = invited(network)
    client = Client()
    response = client.post(SIGN_IN, {"login": person.email, "password": PASSWORD, "next": off_site})
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    # The positive control: the same sign-in with the exchange's address lands there.
    client.post("/accounts/logout/")
    response = Client().post(
        SIGN_IN, {"login": person.email, "password": PASSWORD, "next": INVITATION_LINK}
    )
    assert response["Location"] == INVITATION_LINK


def test_an_off_site_next_is_refused_after_the_code_step_too(network):
    person = invited(network, two_factor=True)
    client = Client()
    client.post(
        SIGN_IN, {"login": person.email, "password": PASSWORD, "next": "https://evil.example/"}
    )
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_a_signed_out_visitor_learns_nothing_from_the_answer(network):
    """The same answer for an existing members-only exchange and a made-up slug: to sign in."""
    existing = Client().get("/exchanges/asia-exchange/")
    made_up = Client().get("/exchanges/no-such-exchange/")
    assert existing.status_code == made_up.status_code == 302
    assert existing["Location"].replace("asia-exchange", "SLUG") == made_up["Location"].replace(
        "no-such-exchange", "SLUG"
    )
    assert existing.content == made_up.content == b""
    assert set(existing.headers) == set(made_up.headers)
    for page in ("contributions/", "report/", "calendar.ics"):
        assert Client().get(f"/exchanges/asia-exchange/{page}").status_code == 302
        assert Client().get(f"/exchanges/no-such-exchange/{page}").status_code == 302
    # A private community, and a made-up one: the same.
    assert (
        Client()
        .get("/communities/cross-regional/")["Location"]
        .endswith("next=/communities/cross-regional/")
    )
    assert Client().get("/communities/no-such-community/").status_code == 302


def test_public_pages_still_answer_not_found(network):
    """Public addresses answer a missing object with 404, and show what is public."""
    for path in (
        "/practices/no-such-practice/",
        "/resources/no-such-resource/",
        "/directory/organisations/nothing/",
        "/accounts/invitations/bogus/",
        "/communities/no-such-community/calendar.ics",
        "/calendar/not-a-token.ics",
        "/api/v1/exchanges/no-such-exchange",
        "/no-such-address/",
    ):
        assert Client().get(path).status_code == 404, path
    assert Client().get("/communities/asia-pacific/").status_code == 200
    assert Client().get("/practices/th-community-case-management/").status_code == 200


def test_a_signed_in_outsider_is_offered_to_ask_to_join_and_can_send_the_request(network):
    outsider = network.outsider
    client = client_for(outsider)
    response = client.get(INVITATION_LINK)
    assert response.status_code == 403
    body = response.content.decode()
    assert "Ask to join" in body and "Asia Pacific platform" in body
    # What was said, the title and the agenda stay for the members.
    assert "Asia exchange on screening" not in body
    assert "We screen every child" not in body
    assert not CommunityJoinRequest.objects.filter(person=outsider).exists()
    response = client.post(
        "/communities/asia-pacific/join/", {"message": "I was sent a link to the exchange."}
    )
    assert response.status_code == 302
    request = CommunityJoinRequest.objects.get(person=outsider, community=network.asia)
    assert request.message == "I was sent a link to the exchange."
    again = client.get(INVITATION_LINK).content.decode()
    assert "Your request to join is waiting for a facilitator." in again
    # The positive control: the community's member reads the exchange.
    page = client_for(network.community_member).get(INVITATION_LINK)
    assert page.status_code == 200 and "Asia exchange on screening" in page.content.decode()


def test_the_follow_up_board_offers_to_ask_to_join_too(network):
    response = client_for(network.outsider).get("/communities/asia-pacific/follow-ups/")
    assert response.status_code == 403
    assert "Ask to join" in response.content.decode()
    assert (
        client_for(network.community_member)
        .get("/communities/asia-pacific/follow-ups/")
        .status_code
        == 200
    )


def test_a_private_communitys_exchange_is_a_plain_not_found(network):
    Exchange.objects.create(
        slug="cross-exchange",
        community=network.private,
        title="Cross-regional closed meeting",
        format="workshop",
        mode="online",
        status="open",
        visibility="community",
    )
    outsider = client_for(network.outsider)
    hidden = outsider.get("/exchanges/cross-exchange/")
    made_up = outsider.get("/exchanges/no-such-exchange/")
    assert hidden.status_code == made_up.status_code == 404
    assert without_tokens(hidden.content).replace("cross-exchange", "SLUG") == without_tokens(
        made_up.content
    ).replace("no-such-exchange", "SLUG")
    assert "Ask to join" not in hidden.content.decode()
    # Drafts and invitees-only exchanges of a listed community: 404 as well.
    for visibility, status in (("community", "draft"), ("invited", "open")):
        Exchange.objects.create(
            slug=f"asia-{visibility}-{status}",
            community=network.asia,
            title="Not for outsiders",
            format="workshop",
            mode="online",
            status=status,
            visibility=visibility,
        )
        assert outsider.get(f"/exchanges/asia-{visibility}-{status}/").status_code == 404
    # The positive control: a member of the private community reads it.
    member = client_for(network.community_member)
    assert Membership.objects.filter(
        community=network.private, person=network.community_member
    ).exists()
    assert member.get("/exchanges/cross-exchange/").status_code == 200
