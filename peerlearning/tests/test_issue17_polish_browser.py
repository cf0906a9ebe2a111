"""Issue 17 polish, in a real browser on a 360 px phone in Arabic: the error summary's link
takes a person to the field far below; "Signed by" shows for a statement only."""

import pytest
from playwright.sync_api import expect

from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, locale="ar")
def test_the_summary_leads_to_the_field_and_signed_by_follows_the_kind(visit, network):
    visit.use_language("en")
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    page = visit.page

    visit.goto("/practices/new/")
    page.locator("input[name=title]").fill("ممارسة")
    page.locator("textarea[name=summary]").fill("ملخص")
    page.locator("form.stack button[type=submit]").click()
    summary = page.locator(".form-errors")
    expect(summary).to_be_focused()
    link = summary.locator('a[href="#id_sources"]')
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("#id_sources")).to_be_focused()
    expect(page.locator("#id_sources")).to_be_in_viewport()
    visit.audit()

    visit.goto("/updates/new/")
    signed_by = page.locator('[data-field="signatories"]')
    expect(page.locator("input[name=kind][value=news]")).to_be_checked()
    expect(signed_by).to_be_hidden()
    page.locator("input[name=kind][value=statement]").check()
    expect(signed_by).to_be_visible()
    page.locator("input[name=kind][value=news]").check()
    expect(signed_by).to_be_hidden()
    visit.audit()
