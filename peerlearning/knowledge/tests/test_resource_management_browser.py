"""The demo editor manages a resource in a real browser (issue 17, item 5): edits it and gives
it a file, unpublishes it (a signed-out visitor then finds neither its page nor its file),
publishes it again, links it to an exchange and finds it on the exchange's page; the edit page
on a 360 px phone in Arabic. Axe checks every page (peerlearning/conftest.py, `visit`)."""

from pathlib import Path

import pytest

from peerlearning.demo import accounts as personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108 - where the lead looks at them
RESOURCE = "/resources/documentary-belgium-return-model/"
EXCHANGE = "/exchanges/violence-against-women-and-girls-in-detention-webinar/"
EXCHANGE_TITLE = "16 Days of Activism: webinar on violence against women and girls in detention"


def signed_out_status(visit, path: str) -> int:
    """What a signed-out visitor gets, in a browser of their own."""
    context = visit.page.context.browser.new_context()
    try:
        # A request, not a page: the file's address starts a download.
        return context.request.get(visit.base_url + path, max_redirects=0).status
    finally:
        context.close()


def test_the_demo_editor_edits_unpublishes_republishes_and_links_a_resource(demo_loaded, visit):
    editor = next(p for p in personas.PERSONAS if p.email == "editor@example.org")
    page = visit.page
    visit.sign_in(editor.email, personas.DEMO_PASSWORD, totp_secret=editor.totp_secret)

    visit.goto(RESOURCE)
    page.get_by_role("link", name="Edit", exact=True).click()
    visit.audit()
    page.locator("textarea[name='description']").fill(
        "Three families leave Belgium without detention: the return model, step by step."
    )
    page.locator("input[name='file']").set_input_files(
        files=[
            {
                "name": "transcript.txt",
                "mimeType": "text/plain",
                "buffer": b"Transcript: the coach meets the family every week.",
            }
        ]
    )
    visit.screenshot("1-the-edit-page")
    page.get_by_role("button", name="Save").click()
    visit.audit()
    assert page.get_by_text("The resource has been saved.").is_visible()
    assert page.get_by_text("the return model, step by step").is_visible()
    assert page.get_by_role("link", name="Download the file").is_visible()
    assert signed_out_status(visit, RESOURCE + "file/") == 200

    page.get_by_role("button", name="Unpublish").click()
    visit.audit()
    assert page.get_by_text("only editors see it").first.is_visible()
    visit.screenshot("2-unpublished")
    assert signed_out_status(visit, RESOURCE) == 404
    assert signed_out_status(visit, RESOURCE + "file/") == 404

    page.get_by_role("button", name="Publish").click()
    visit.audit()
    assert page.get_by_text("The resource is published.").is_visible()
    assert signed_out_status(visit, RESOURCE) == 200
    assert signed_out_status(visit, RESOURCE + "file/") == 200

    page.get_by_role("link", name="What it belongs to").click()
    visit.audit()
    page.get_by_label(EXCHANGE_TITLE).check()
    visit.screenshot("3-the-links")
    page.get_by_role("button", name="Save").click()
    visit.audit()
    assert page.get_by_role("heading", name="Belongs to").is_visible()
    page.get_by_role("link", name=EXCHANGE_TITLE).click()
    visit.audit()
    assert page.url.endswith(EXCHANGE)
    resources = page.locator("section[aria-labelledby='linked-resources-title']")
    assert resources.get_by_role(
        "link", name="Documentary on Belgium Return Model", exact=True
    ).is_visible()
    visit.screenshot("4-on-the-exchange-page")

    # The edit page on a phone, in Arabic: right to left, nothing wider than the screen.
    page.set_viewport_size({"width": 360, "height": 740})
    visit.use_language("ar")
    visit.goto(RESOURCE + "edit/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "resources-edit-ar-360.png", full_page=True)
    visit.goto(RESOURCE + "links/")
    page.screenshot(path=SHOTS / "resources-links-ar-360.png", full_page=True)
