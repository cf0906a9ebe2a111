"""Issue 13: the invitation link opened on a phone while signed out, in a real browser, every
page checked with axe-core (WCAG 2.1 AA)."""

import pytest

from peerlearning.exchanges.models import ExchangeInvitation
from peerlearning.testing import PASSWORD, TOTP_SECRET, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser_context(**PHONE)
@pytest.mark.parametrize("two_factor", [False, True], ids=["password", "two-factors"])
def test_the_invited_person_opens_the_link_signed_out_and_lands_on_the_exchange(
    visit, network, two_factor
):
    person = make_user("invited@test.example", display_name="Invited Person", two_factor=two_factor)
    ExchangeInvitation.objects.create(exchange=network.exchange, person=person)
    page = visit.page

    visit.goto("/exchanges/asia-exchange/")  # the link in the invitation e-mail
    assert "/accounts/login/" in page.url and "next=" in page.url
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert fits_the_phone(page)
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    visit.audit()
    if two_factor:
        assert "/accounts/2fa/authenticate/" in page.url
        assert fits_the_phone(page)
        page.get_by_label("Authenticator code").fill(totp_code(TOTP_SECRET))
        page.get_by_role("button", name="Verify code").click()
        visit.audit()

    assert page.url.endswith("/exchanges/asia-exchange/")
    assert page.get_by_role("heading", name="Asia exchange on screening").is_visible()
    assert fits_the_phone(page)


@pytest.mark.browser_context(**PHONE)
def test_a_signed_in_outsider_asks_to_join_from_the_link(visit, network):
    from peerlearning.network.models import CommunityJoinRequest

    visit.sign_in(network.outsider.email)
    page = visit.page
    visit.goto("/exchanges/asia-exchange/")
    assert page.get_by_role("heading", name="For the community's members").is_visible()
    assert fits_the_phone(page)
    page.get_by_label("Message to the facilitators (optional)").fill("I was sent the link.")
    page.get_by_role("button", name="Ask to join").click()
    visit.audit()
    # Back on the exchange, told plainly that the request waits (issue 13).
    assert page.url.endswith("/exchanges/asia-exchange/")
    assert page.get_by_text(
        "Your request to join Asia Pacific platform is waiting for its facilitators."
    ).is_visible()
    assert CommunityJoinRequest.objects.filter(
        person=network.outsider, community=network.asia, message="I was sent the link."
    ).exists()
