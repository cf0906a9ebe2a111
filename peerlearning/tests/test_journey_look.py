"""The look of the platform on a 360 px phone, in Arabic and in English (issue 13, items 5 and 6).

Every page goes through Visit.goto, which runs axe (contrast included) and checks that nothing
is wider than the screen. Screenshots are kept under test-artifacts/screenshots/.
"""

import pytest
from playwright.sync_api import expect

from peerlearning.demo import accounts as demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}

PUBLIC_PAGES = [
    ("home", "/"),
    ("communities", "/communities/"),
    ("exchanges", "/exchanges/"),
    ("exchange", "/exchanges/ending-child-immigration-detention-2023-05-24/"),
    ("search", "/search/?q=children"),
    ("practices", "/practices/"),
    ("updates", "/updates/"),
    ("about", "/about/"),
    ("privacy", "/privacy/"),
    ("contact", "/contact/"),
    ("sign-in", "/accounts/login/"),
]
MEMBER_PAGES = [
    ("home", "/"),
    ("exchange", "/exchanges/ending-child-immigration-detention-2023-05-24/"),
    ("people", "/directory/people/"),
    ("support", "/support/"),
    ("profile", "/profile/"),
]


def persona(email: str) -> demo.Persona:
    return next(p for p in demo.PERSONAS if p.email == email)


def header_height(visit) -> float:
    return visit.page.evaluate(
        "document.querySelector('.site-header').getBoundingClientRect().height"
    )


def walk(visit, pages, prefix: str) -> None:
    heights = set()
    for step, path in pages:
        visit.goto(path)
        heights.add(round(header_height(visit)))
        visit.screenshot(f"{prefix}-{step}")
    assert len(heights) == 1, f"the header's height changes between pages: {heights}"
    assert heights.pop() <= 64


def open_menu(visit) -> None:
    """The menu button (a <summary>) unfolds the navigation; axe checks the open menu too."""
    page = visit.page
    nav_link = page.locator(".site-nav a[href='/exchanges/']")
    assert not nav_link.is_visible(), "on a phone the menu starts folded"
    page.locator(".menu-button").click()
    assert nav_link.is_visible()
    assert header_height(visit) <= 64, "the open menu lies over the page, under the bar"
    visit.screenshot("menu-open")
    visit.audit()


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_signed_out_visitor_reads_the_main_pages_on_a_phone_in_arabic(demo_loaded, visit):
    visit.use_language("ar")
    walk(visit, PUBLIC_PAGES, "ar")
    assert visit.page.locator("html").get_attribute("dir") == "rtl"
    visit.goto("/")
    open_menu(visit)


@pytest.mark.browser_context(**PHONE, locale="en-GB")
def test_a_signed_out_visitor_reads_the_main_pages_on_a_phone_in_english(demo_loaded, visit):
    walk(visit, PUBLIC_PAGES, "en")
    visit.goto("/")
    open_menu(visit)


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_member_reads_the_main_pages_on_a_phone_in_arabic(demo_loaded, visit):
    member = persona("member@example.org")
    visit.use_language("en")
    visit.sign_in(member.email, demo.DEMO_PASSWORD)
    visit.use_language("ar")
    walk(visit, MEMBER_PAGES, "ar-member")


@pytest.mark.browser_context(**PHONE, locale="en-GB")
def test_a_facilitator_reads_the_main_pages_on_a_phone(demo_loaded, visit):
    facilitator = persona("facilitator@example.org")
    visit.sign_in(facilitator.email, demo.DEMO_PASSWORD, totp_secret=facilitator.totp_secret)
    walk(visit, MEMBER_PAGES + [("invitations", "/manage/invitations/")], "en-facilitator")
    visit.goto("/")
    open_menu(visit)
    expect(visit.page.locator(".nav-manage a[href='/manage/invitations/']")).to_be_visible()


def test_a_member_reads_the_main_pages_on_a_desktop_in_english_and_arabic(demo_loaded, visit):
    """On a wide screen the menu is laid out open, in two rows whose height no page changes."""
    member = persona("member@example.org")
    visit.sign_in(member.email, demo.DEMO_PASSWORD)
    assert visit.page.locator(".menu-button").is_hidden()
    assert visit.page.get_by_role("link", name="Exchanges", exact=True).is_visible()
    for language in ["en", "ar"]:
        visit.use_language(language)
        heights = set()
        for step, path in MEMBER_PAGES + [("search", "/search/?q=children")]:
            visit.goto(path)
            heights.add(round(header_height(visit)))
            visit.screenshot(f"desktop-{language}-member-{step}")
        assert len(heights) == 1, f"the header's height changes between pages: {heights}"


@pytest.mark.browser_context(**PHONE, locale="en-GB", java_script_enabled=False)
def test_the_phone_menu_and_the_filters_open_without_javascript(demo_loaded, visit):
    visit.goto("/")
    assert header_height(visit) <= 64
    open_menu(visit)
    visit.goto("/practices/")
    assert visit.page.get_by_label("Country").is_hidden()
    visit.page.get_by_text("Filters", exact=True).click()
    assert visit.page.get_by_label("Country").is_visible()
    visit.screenshot("filters-open")


@pytest.mark.browser_context(**PHONE, locale="en-GB")
@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_phone_header_holds_the_longer_spanish_and_french_names(visit, language):
    visit.use_language(language)
    visit.goto("/")
    assert header_height(visit) <= 64
    inside = visit.page.evaluate(
        """() => {
          const bar = document.querySelector('.header-bar').getBoundingClientRect();
          const name = document.querySelector('.brand-name').getBoundingClientRect();
          return name.top >= bar.top - 1 && name.bottom <= bar.bottom + 1;
        }"""
    )
    assert inside, "the platform's name spills out of the header bar"
    visit.screenshot(f"{language}-home")
