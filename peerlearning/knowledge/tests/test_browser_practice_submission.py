"""Issue 17, done when: a member submits a practice from the practices page and an editor
publishes it — in a real browser on the demo, axe on every page, as each person. The form is
also looked at in Arabic on a 360 px phone (/tmp/shots/practices-form-ar.png)."""

from pathlib import Path

import pytest

from peerlearning.demo import accounts as personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Weekly reporting at a community centre in Chiang Mai"
SHOTS = Path("/tmp/shots")  # noqa: S108 (the brief asks for the screenshots there)


def sign_in(visit, email: str) -> None:
    """Through the sign-in form, by its fields' names (the labels follow the language)."""
    visit.goto("/accounts/login/")
    form = visit.page.locator("form[action='/accounts/login/']")
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(personas.DEMO_PASSWORD)
    form.locator("button[type='submit']").click()
    visit.audit()


def shot(visit, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=SHOTS / f"practices-{name}.png", full_page=True)
    visit.screenshot(name)


def test_a_member_submits_a_practice_and_an_editor_publishes_it(demo_loaded, visit):
    page = visit.page

    # The form in Arabic on a phone: right to left, nothing wider than the screen.
    sign_in(visit, "member@example.org")
    page.set_viewport_size({"width": 360, "height": 740})
    visit.use_language("ar")
    visit.goto("/practices/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#id_language option[value='ar']").evaluate("o => o.selected")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(visit, "form-ar")

    # The member, in English: from the practices page to a submitted draft.
    page.set_viewport_size({"width": 1280, "height": 900})
    visit.use_language("en")
    visit.goto("/practices/")
    page.get_by_role("link", name="Submit a practice").click()
    visit.audit()
    assert page.url.endswith("/practices/new/")
    page.locator("input[name='title']").fill(TITLE)
    page.locator("textarea[name='summary']").fill(
        "Families report once a week to a community centre instead of being detained."
    )
    page.locator("textarea[name='sources']").fill(
        "Centre evaluation | https://example.org/centre-evaluation"
    )
    page.locator("form.stack button[type='submit']").click()
    visit.audit()
    assert page.get_by_text("Saved as a draft.").is_visible()
    assert page.get_by_text("Draft: only its author and the editors see it.").is_visible()
    shot(visit, "draft")
    page.get_by_role("button", name="Submit for review").click()
    visit.audit()
    assert page.get_by_text("Submitted for review").first.is_visible()
    practice_url = page.url
    visit.goto("/home/")
    assert page.get_by_role("heading", name="My practices").is_visible()
    assert page.get_by_text("Waiting for an editor's review.").is_visible()

    # The editor, with two factors, finds it on their home and publishes it.
    page.context.clear_cookies()
    editor = next(p for p in personas.PERSONAS if p.email == "editor@example.org")
    visit.sign_in(editor.email, personas.DEMO_PASSWORD, totp_secret=editor.totp_secret)
    assert page.url.endswith("/home/")
    assert page.get_by_role("heading", name="Practices to review").is_visible()
    page.get_by_role("link", name=TITLE).click()
    visit.audit()
    shot(visit, "review")
    page.get_by_role("button", name="Approve and publish").click()
    visit.audit()
    assert page.get_by_text("Done: the practice is now “Published”.").is_visible()

    # The member sees it published; so does everyone.
    page.context.clear_cookies()
    sign_in(visit, "member@example.org")
    visit.goto(practice_url.removeprefix(visit.base_url))
    assert page.get_by_text("Status: Published.").is_visible()
    assert page.get_by_text("approved and published").is_visible()
    shot(visit, "published")
    page.context.clear_cookies()
    visit.goto("/practices/?q=Chiang+Mai")
    assert page.get_by_role("link", name=TITLE).is_visible()
