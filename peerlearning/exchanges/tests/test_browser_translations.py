"""The demo facilitator, with two factors, on a 360 px phone, translates the Thailand webinar's
report into Arabic and reads it in Arabic — axe on every page, a screenshot at each step
(also kept as /tmp/shots/translations-<step>.png)."""

from pathlib import Path

import pytest

from peerlearning.demo import accounts as personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
WEBINAR = "/exchanges/thailand-movement-webinar-2023-02-06/"
SUMMARY = "بناء حركة لإنهاء احتجاز المهاجرين يتطلب استراتيجية وتمويلاً مستداماً."
BODY = "ما تعلمناه من تايلاند.\n\n• الاستراتيجية تحتاج إلى سنوات\n• التمويل يجب أن يدوم"
SHOTS = Path("/tmp/shots")  # noqa: S108 - where the brief asks the screenshots to be kept


def shot(visit, step: str) -> None:
    visit.screenshot(step)
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SHOTS / f"translations-{step}.png", full_page=True)


@pytest.mark.browser_context(**PHONE)
def test_the_facilitator_translates_the_thailand_report_into_arabic_and_reads_it(
    demo_loaded, visit
):
    facilitator = next(p for p in personas.PERSONAS if p.email == "facilitator@example.org")
    visit.sign_in(facilitator.email, personas.DEMO_PASSWORD, totp_secret=facilitator.totp_secret)
    page = visit.page

    visit.goto(f"{WEBINAR}report/")
    page.get_by_role("link", name="Translate the report").click()
    visit.audit()
    assert page.get_by_role("heading", name="Translate the report").is_visible()
    shot(visit, "1-the-translate-page")

    page.locator('nav.translation-languages a[lang="ar"]').click()
    visit.audit()
    assert page.get_by_label("Language of the translation").input_value() == "ar"
    page.get_by_label("Summary").fill(SUMMARY)
    page.get_by_label("Report:", exact=True).fill(BODY)
    shot(visit, "2-typed-in-arabic")
    page.get_by_role("button", name="Save the translation").click()
    visit.audit()
    assert page.get_by_text("The translation has been saved.").is_visible()
    assert page.get_by_text(SUMMARY).is_visible()
    assert page.get_by_text("Translated from English.").is_visible()
    shot(visit, "3-the-report-in-arabic")

    # Read as an Arabic reader: the interface in Arabic too, right to left.
    visit.use_language("ar")
    visit.goto(f"{WEBINAR}report/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.get_by_text(SUMMARY).is_visible()
    assert page.get_by_text("الاستراتيجية تحتاج إلى سنوات").is_visible()
    pdf_link = page.locator(f'a[hreflang="ar"][href="{WEBINAR}report.pdf?lang=ar"]')
    assert pdf_link.count() == 1
    shot(visit, "4-read-in-arabic")
    pdf = page.request.get(visit.base_url + f"{WEBINAR}report.pdf?lang=ar")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
