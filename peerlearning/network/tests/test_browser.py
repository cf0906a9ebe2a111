"""The network's pages in a real browser, each checked with axe-core (WCAG 2.1 AA)."""

import pytest
from playwright.sync_api import expect

from peerlearning.network.models import CommunityJoinRequest, Membership
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_public_network_pages_are_accessible(visit, network, language):
    visit.use_language(language)
    for path in [
        "/communities/",
        "/communities/asia-pacific/",
        "/directory/people/",
        "/directory/experts/",
        "/practices/th-community-case-management/",
        "/directory/organisations/",
        "/directory/organisations/host-international/",
        f"/directory/people/{network.public.uuid}/",
        "/communities/?region=m49-035&level=regional",
    ]:
        visit.goto(path)


def test_a_member_asks_to_join_and_manages_their_organisations(visit, network):
    visit.sign_in(network.outsider.email)
    page = visit.page
    visit.goto("/communities/asia-pacific/")
    page.get_by_label("Message to the facilitators (optional)").fill("We host families in Bangkok.")
    page.get_by_role("button", name="Ask to join").click()
    visit.audit()
    assert page.get_by_text("waiting for a facilitator").is_visible()
    assert CommunityJoinRequest.objects.filter(person=network.outsider).exists()

    visit.goto("/profile/organisations/")
    # The organisation is a picker (lib/pickers.py): an unknown name is offered nothing.
    page.get_by_role("combobox", name="Organisation").fill("Nowhere Institute")
    expect(page.get_by_text("Nothing matches; try another part of the name.")).to_be_visible()
    page.get_by_label("Your title there").fill("Fellow")
    page.get_by_role("button", name="Send the request").click()
    visit.audit()
    assert page.get_by_label("Your title there").input_value() == "Fellow"
    page.get_by_role("combobox", name="Organisation").fill("HOST")
    page.get_by_role("listbox").get_by_role("option", name="HOST International").click()
    page.get_by_role("button", name="Send the request").click()
    visit.audit()
    assert page.get_by_text("Fellow, HOST International").is_visible()
    visit.goto("/profile/tokens/")


def test_a_facilitator_manages_members(visit, network):
    CommunityJoinRequest.objects.create(
        community=network.asia, person=network.outsider, message="Hello"
    )
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto("/communities/asia-pacific/")
    page.get_by_role("link", name="Manage members").click()
    visit.audit()
    page.get_by_role("button", name="Approve Otto Outsider").click()
    visit.audit()
    assert Membership.objects.filter(community=network.asia, person=network.outsider).exists()

    page.get_by_label("Role of Chandra Member").select_option("observer")
    page.get_by_role("button", name="Save the role of Chandra Member").click()
    visit.audit()
    assert (
        Membership.objects.get(community=network.asia, person=network.community_member).role
        == "observer"
    )

    page.get_by_label("E-mail address").fill(network.member.email)
    page.get_by_role("button", name="Invite").click()
    visit.audit()
    # Nobody is added unasked: the person with an account is invited, and joins on accepting.
    assert page.get_by_text("An invitation has been sent to").is_visible(), page.locator(
        "main"
    ).inner_text()
    assert not Membership.objects.filter(community=network.asia, person=network.member).exists()
