"""The audit log in a real browser, on a 360 px phone in Arabic (issue 20): an administrator
signs in with two factors, finds the log in the menu, filters it by person and action without
JavaScript's help, and the filters stay in the form. axe-core checks every page shown."""

import pytest
from playwright.sync_api import expect

from peerlearning.accounts import audit
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, locale="ar")
def test_an_administrator_filters_the_log_on_a_phone_in_arabic(visit, network):
    member = network.community_member
    for _ in range(3):
        audit.record(member, "profile.updated", member, fields=["languages", "country"])
    audit.record(network.administrator, "role.granted", member, role="editor")
    audit.record(
        None,
        "join_request.received",
        None,
        email="someone.with.a.long.address@ministry-of-interior.example.org",
    )

    visit.use_language("en")
    visit.sign_in(network.administrator.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    page = visit.page
    visit.goto("/")
    page.locator("#menu > summary").click()
    page.locator('a[href="/manage/audit/"]').click()
    visit.audit()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    visit.screenshot("log")

    # The filters are folded on a phone, the entries first; opened, they are a plain GET form.
    page.locator("details.fold > summary").click()
    page.locator("#id_person").fill(member.email)
    page.locator("#id_action").select_option("profile.updated")
    page.locator("form.audit-filters button[type=submit]").click()
    visit.audit()
    expect(page.locator(".audit-entries > li")).to_have_count(3)
    # On the phone the entries come first, under the filters in use; what was asked for stays
    # in the folded form.
    in_use = page.locator(".audit-in-use")
    expect(in_use).to_contain_text(member.email)
    expect(in_use).to_contain_text("profile.updated")
    expect(page.locator("#id_person")).to_be_hidden()
    expect(page.locator('a[href^="/manage/audit/entries.csv?"]')).to_be_in_viewport()
    visit.screenshot("filtered")
    page.locator("details.fold > summary").click()
    expect(page.locator("#id_person")).to_have_value(member.email)
    expect(page.locator("#id_action")).to_have_value("profile.updated")

    # An impossible period is explained, by the field.
    page.locator("#id_since").fill("2026-03-10")
    page.locator("#id_until").fill("2026-03-01")
    page.locator("form.audit-filters button[type=submit]").click()
    visit.audit()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("#id_until_error")).to_be_visible()
    expect(page.locator("#id_person")).to_have_value(member.email)
    visit.screenshot("error")
