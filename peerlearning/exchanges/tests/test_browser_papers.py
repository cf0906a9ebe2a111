"""The facilitator's side of the papers, in a real browser with axe-core on every page: writing
the joining details, and after the exchange marking a no-show absent."""

import pytest

from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_facilitator_writes_the_joining_details(visit, network):
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto("/exchanges/asia-open/")
    page.get_by_role("link", name="Edit the joining details").click()
    visit.audit()
    page.get_by_label("Video link").fill("meet.example.org/asia-open")
    page.get_by_label("Venue and address").fill("UN Conference Centre\nRoom 3")
    page.get_by_label("Logistics").fill("Interpretation on channel 2.")
    visit.screenshot("joining-form")
    page.get_by_role("button", name="Save the joining details").click()
    visit.audit()
    assert page.get_by_text("The joining details are saved.").is_visible()
    assert page.get_by_role("link", name="https://meet.example.org/asia-open").is_visible()
    assert page.get_by_text("Shown only to registered participants").is_visible()
    visit.screenshot("joining-shown-to-the-facilitator")


def test_a_facilitator_marks_a_no_show_absent(visit, network):
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto("/exchanges/asia-exchange/participants/")
    assert page.get_by_role("link", name="Certificate of Chandra Member (PDF)").is_visible()
    assert page.get_by_role("link", name="Letter for Ministry of Interior (PDF)").is_visible()
    page.get_by_role("button", name="Mark Chandra Member absent").click()
    visit.audit()
    assert page.get_by_text("no certificate is given for this place").is_visible()
    assert page.get_by_role("link", name="Certificate of Chandra Member (PDF)").count() == 0
    visit.screenshot("participants-with-a-no-show")
