"""The Mexican monitoring team member, on a phone in Arabic: opens the place, the unpublished
visit (report and team, for the team only), fills its checklist and reads the incident with the
person a public source names; a visitor reading the same place in Arabic sees the published
summary only. Every page is checked by axe and for sideways scrolling; screenshots are kept."""

import pytest
from playwright.sync_api import expect

from peerlearning.monitoring.models import VisitFinding
from peerlearning.monitoring.testing import (
    MONITOR_NAME,
    PERSON_MARKER,
    REPORT_MARKER,
    build_monitoring,
)
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_the_team_works_a_visit_on_a_phone_in_arabic(visit):
    world = build_monitoring()
    page = visit.page
    visit.use_language("en")
    visit.sign_in(world.monitor.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    visit.goto(world.place.get_absolute_url())
    assert page.locator("html").get_attribute("dir") == "rtl"
    visit.screenshot("place")
    visit.goto(world.unpublished.get_absolute_url())
    expect(page.locator("main")).to_contain_text(REPORT_MARKER)
    expect(page.locator("main")).to_contain_text(MONITOR_NAME)
    visit.screenshot("visit")
    visit.goto(world.unpublished.get_absolute_url() + "edit/")
    visit.screenshot("checklist")
    page.locator("select[name='ventilation-finding']").select_option("partly")
    page.locator("textarea[name='ventilation-notes']").fill("نوافذ مغلقة في عنبرين.")
    page.locator("main form").first.locator("button[type=submit]").click()
    visit.audit()
    finding = VisitFinding.objects.get(visit=world.unpublished, item="ventilation")
    assert (finding.finding, finding.notes) == ("partly", "نوافذ مغلقة في عنبرين.")
    visit.goto(world.fire.get_absolute_url())
    expect(page.locator("main")).to_contain_text(PERSON_MARKER)
    visit.screenshot("incident-with-the-person")


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_visitor_reads_the_place_in_arabic_without_the_team(visit):
    world = build_monitoring()
    page = visit.page
    visit.use_language("ar")
    visit.goto(world.place.get_absolute_url())
    main = page.locator("main")
    expect(main).to_contain_text("Ventilation improved since the last visit.")
    for marker in (REPORT_MARKER, MONITOR_NAME, PERSON_MARKER):
        assert marker not in page.content()
    visit.screenshot("place-for-a-visitor")
