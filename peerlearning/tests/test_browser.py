"""The pages that matter, in a real browser, each checked for WCAG 2.1 AA with axe-core."""

import gzip
from urllib.parse import urlsplit

import pytest

from peerlearning.demo import accounts as demo
from peerlearning.knowledge.models import Update
from peerlearning.testing import PASSWORD, TOTP_SECRET, make_user, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def updates(db):
    for i, region in enumerate(["americas", "mena", "asia-pacific", "europe", "africa"]):
        Update.objects.create(
            slug=f"update-{i}",
            title=f"Update {i} on alternatives to detention",
            region=region,
            body="Peer learning helps.\n\n• Change takes time\n• Local actors lead",
        )


def test_the_demo_facilitator_signs_in_with_a_code_reads_arabic_and_signs_out(visit):
    demo.load()
    persona = next(p for p in demo.PERSONAS if p.email == "facilitator@example.org")
    page = visit.page
    visit.sign_in(persona.email, demo.DEMO_PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_label("Authenticator code").fill(totp_code(persona.totp_secret))
    page.get_by_role("button", name="Verify code").click()
    visit.audit()
    assert page.get_by_role("link", name="Invitations").is_visible()

    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change language").click()
    visit.audit()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert visit.screenshot("arabic").stat().st_size > 10_000

    page.locator("form[action='/accounts/logout/'] button").click()
    visit.audit()
    assert page.locator("a[href='/accounts/login/']").first.is_visible()
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_the_home_page_weighs_under_50_kb_and_asks_no_other_host(visit, updates, live_server):
    sizes: dict[str, int] = {}
    hosts: set[str] = set()

    def record(response):
        hosts.add(urlsplit(response.url).netloc)
        if response.url.startswith(live_server.url) and response.status == 200:
            sizes[response.url] = len(gzip.compress(response.body(), 6))

    visit.page.on("response", record)
    visit.goto("/")
    visit.page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(live_server.url).netloc}
    total = sum(sizes.values())
    print(f"home page: {len(sizes)} files, {total} bytes compressed")  # noqa: T201 - reported figure
    assert total <= 50 * 1024, sizes


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="ar")
@pytest.mark.parametrize("path", ["/", "/updates/", "/accounts/login/", "/accounts/join/"])
def test_pages_fit_a_360_pixel_phone_in_arabic(visit, updates, path):
    visit.goto(path)
    assert visit.page.locator("html").get_attribute("dir") == "rtl"
    assert visit.page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("language", ["en", "es", "fr", "ar"])
def test_public_pages_are_accessible_in_every_language(visit, updates, language):
    visit.use_language(language)
    for path in [
        "/",
        "/updates/",
        "/updates/update-0/",
        "/accounts/login/",
        "/accounts/join/",
        "/accounts/password/reset/",
        "/practices/",
        "/search/?q=children",
        "/thesaurus/",
        "/resources/",
        "/lessons/",
        "/no-such-page/",
    ]:
        visit.goto(path)
        assert visit.page.locator("html").get_attribute("lang") == language, path


def test_member_pages_are_accessible(visit):
    make_user("member@test.example", display_name="Mona Member")
    visit.sign_in("member@test.example")
    for path in ["/profile/", "/profile/close/", "/accounts/password/change/", "/accounts/2fa/"]:
        visit.goto(path)


def test_facilitator_and_admin_pages_are_accessible(visit):
    make_user("admin@test.example", two_factor=True, is_staff=True, is_superuser=True)
    visit.sign_in("admin@test.example", totp_secret=TOTP_SECRET)
    visit.page.goto(visit.base_url + "/accounts/join/")  # signed in: sent home
    visit.audit()
    from peerlearning.accounts.models import JoinRequest

    JoinRequest.objects.create(name="Lucía", email="l@example.org", reason="To learn.")
    for path in ["/manage/invitations/", "/accounts/roles/", "/manage/join-requests/"]:
        visit.goto(path)

    # HTMX swaps the decided request in place: no new page load.
    page = visit.page
    loads = len(visit.checked)
    page.get_by_label("Reason, sent to the person").fill("Please apply through your network.")
    page.get_by_role("button", name="Decline Lucía").click()
    page.get_by_text("l@example.org has been told why").wait_for()
    assert page.url.endswith("/manage/join-requests/")
    assert not visit.unchecked and len(visit.checked) == loads
    visit.audit()
    assert JoinRequest.objects.get().status == "declined"


def test_a_new_facilitator_sets_up_two_factor_sign_in_before_reaching_facilitator_pages(visit):
    make_user("new-facilitator@test.example", is_facilitator=True)
    visit.sign_in("new-facilitator@test.example")
    page = visit.page
    visit.goto("/manage/invitations/")
    # Confirming the password comes first, then the authenticator app.
    assert "/accounts/reauthenticate/" in page.url
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    visit.audit()
    assert "/accounts/2fa/totp/activate/" in page.url
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    visit.audit()
    visit.goto("/manage/invitations/")
    assert page.get_by_role("heading", name="Invitations").is_visible()


@pytest.mark.browser_context(java_script_enabled=False)
def test_joining_works_without_javascript(visit):
    from peerlearning.accounts.models import JoinRequest

    visit.goto("/accounts/join/")
    page = visit.page
    page.get_by_label("Your name").fill("Lucía Pérez")
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_label("Why would you like to join?").fill("To learn from peers.")
    page.get_by_role("button", name="Send request").click()
    visit.audit()
    assert page.get_by_label("Your name").input_value() == "Lucía Pérez"
    page.get_by_label("E-mail address").fill("lucia@example.org")
    page.get_by_role("button", name="Send request").click()
    visit.audit()
    assert page.get_by_role("heading", name="Request sent").is_visible()
    assert JoinRequest.objects.filter(email="lucia@example.org").exists()


def test_the_skip_link_is_the_first_stop_and_is_visible_on_focus(visit):
    visit.goto("/")
    visit.page.keyboard.press("Tab")
    focused = visit.page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#main"
    box = visit.page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0
