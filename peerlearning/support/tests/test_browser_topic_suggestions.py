"""A member writes a request in Arabic on a 360 px phone and has its topics suggested from the
text: the form comes back as typed with the topics chosen as chips, and the request is opened
with them. Sent with no topic, the form asks to confirm the topics its text names. Every page is
checked by axe and for sideways scrolling; screenshots are kept."""

import pytest
from playwright.sync_api import expect

from peerlearning.support.models import SupportRequest
from peerlearning.support.testing import support_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
TITLE = "إدارة الحالات للأطفال غير المصحوبين"
DESCRIPTION = "نحتاج إلى تدريب فريقنا على إدارة الحالات للأطفال غير المصحوبين عند الحدود."


def fill_request(page, *, description: str = DESCRIPTION) -> None:
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=description]").fill(description)
    page.locator("select[name=kind]").select_option("training")
    page.locator("input[name=languages][value=ar]").check()


def open_request_form(visit, network):
    """A member signed in (the sign-in page in English) on the new request form, in Arabic."""
    support_world(network)
    visit.use_language("en")
    visit.sign_in(network.community_member.email)
    visit.use_language("ar")
    visit.goto("/support/requests/new/")
    return visit.page


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_member_has_the_topics_of_an_arabic_request_suggested_on_a_phone(visit, network):
    page = open_request_form(visit, network)
    assert page.locator("html").get_attribute("dir") == "rtl"
    fill_request(page)
    visit.screenshot("typed")

    page.locator("button[name=suggest-topics]").click()
    visit.audit()
    notice = page.locator("#topics-suggestions [role=status]")
    expect(notice).to_contain_text("إدارة الحالات")
    expect(notice).to_contain_text("الأطفال غير المصحوبين")
    # The page opens at the suggestions (the button's target), and the picker shows them chosen.
    assert page.url.endswith("#topics-suggestions")
    chips = page.locator(".picker-chip")
    expect(chips).to_have_count(2)
    expect(chips.filter(has_text="إدارة الحالات")).to_have_count(1)
    # Everything typed is kept, and nothing is said to be missing.
    expect(page.locator("input[name=title]")).to_have_value(TITLE)
    expect(page.locator("textarea[name=description]")).to_have_value(DESCRIPTION)
    expect(page.locator("select[name=kind]")).to_have_value("training")
    expect(page.locator("input[name=languages][value=ar]")).to_be_checked()
    expect(page.locator(".form-errors")).to_have_count(0)
    assert not SupportRequest.objects.filter(title=TITLE).exists()
    visit.screenshot("suggested")

    page.locator("main form button[type=submit]:not([name])").click()
    visit.audit()
    created = SupportRequest.objects.get(title=TITLE)
    assert set(created.concepts.values_list("slug", flat=True)) == {
        "case-management",
        "unaccompanied-children",
    }
    visit.screenshot("opened")


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_request_sent_without_topics_asks_to_confirm_those_its_text_names(visit, network):
    page = open_request_form(visit, network)
    fill_request(page)
    page.locator("main form button[type=submit]:not([name])").click()
    visit.audit()
    expect(page.locator("main form > .message")).to_contain_text("إدارة الحالات")
    expect(page.locator(".picker-chip")).to_have_count(2)
    assert not SupportRequest.objects.filter(title=TITLE).exists()
    visit.screenshot("to-confirm")
    # One topic removed, then confirmed: saved with the one kept.
    page.get_by_role("button", name="الأطفال غير المصحوبين", exact=False).first.click()
    expect(page.locator(".picker-chip")).to_have_count(1)
    page.locator("main form button[type=submit]:not([name])").click()
    visit.audit()
    created = SupportRequest.objects.get(title=TITLE)
    assert list(created.concepts.values_list("slug", flat=True)) == ["case-management"]
    visit.screenshot("confirmed")


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_coordinator_reads_on_a_phone_that_no_offer_is_good_yet(visit, network):
    from peerlearning.support import matching
    from peerlearning.support.testing import make_request
    from peerlearning.testing import TOTP_SECRET

    world = support_world(network)
    unmet = make_request(
        network.community_member,
        [world.concepts["unaccompanied-children"]],
        title="بحث عن الأطفال غير المصحوبين",
        description="أرقام عن الأطفال غير المصحوبين على الحدود.",
        language="ar",
        kind="data-evidence",
        languages=["th"],
        visibility="private",
        organisation=network.ministry,
    )
    matching.reread(unmet)
    page = visit.page
    visit.use_language("en")
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    visit.goto(unmet.get_absolute_url())
    expect(page.locator(".no-match")).to_be_visible()
    fold = page.locator("details.weak-matches")
    expect(fold).not_to_have_attribute("open", "")
    expect(fold.locator(".card").first).to_be_hidden()
    visit.screenshot("no-good-match")
    fold.locator("summary").click()
    expect(fold.locator(".card").first).to_be_visible()
    visit.audit()  # the open fold too
    expect(fold.locator(".confidence").first).to_contain_text("/100")
    visit.screenshot("weak-offers-open")
