"""Facilitators build the network, in a real browser on the demo: the platform facilitator
creates a community with a co-lead, opens a sub-group in it and closes it (axe on every page)."""

import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from peerlearning.demo import accounts as personas
from peerlearning.network.models import Community, Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots to look at (the form in Arabic on a phone): /tmp/shots/communities-*.png.
SHOTS = Path(tempfile.gettempdir()) / "shots"


def test_the_platform_facilitator_creates_a_community_a_sub_group_and_closes_it(demo_loaded, visit):
    page = visit.page
    visit.sign_in(
        "facilitator@example.org",
        personas.DEMO_PASSWORD,
        totp_secret="PEERLEARNINGDEMOFACILITA",
    )

    # The form as an Arabic reader sees it on a 360 px phone.
    SHOTS.mkdir(parents=True, exist_ok=True)
    visit.use_language("ar")
    page.set_viewport_size({"width": 360, "height": 740})
    visit.goto("/communities/new/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=f"{SHOTS}/communities-new-form-ar-360.png", full_page=True)
    visit.use_language("en")
    page.set_viewport_size({"width": 1280, "height": 900})

    visit.goto("/communities/")
    page.get_by_role("link", name="New community").click()
    visit.audit()
    page.locator("#id_name").fill("Southern Africa peer learning platform")
    # By id: "Language of the name and purpose" has "purpose" in its label too.
    page.locator("#id_purpose").fill("Governments of the region learn from each other.")
    page.get_by_label("Level").select_option("regional")
    page.get_by_label("Africa", exact=True).check()
    page.get_by_role("combobox", name="Countries").fill("Botsw")
    page.get_by_role("listbox").get_by_role("option", name="Botswana").click()
    page.get_by_label("Themes").fill("alternatives to detention, children")
    page.get_by_role("combobox", name="Co-leads (people)").fill("Demo Editor")
    page.get_by_role("listbox").get_by_role("option", name="Demo Editor").click()
    page.get_by_role("button", name="Create the community").click()
    visit.audit()
    expect(page.get_by_text("The community has been created.")).to_be_visible()
    community = Community.objects.get(name="Southern Africa peer learning platform")
    roles = dict(community.memberships.values_list("person__email", "role"))
    assert roles == {
        "editor@example.org": Role.CO_LEAD,
        "facilitator@example.org": Role.FACILITATOR,
    }
    assert list(community.countries.values_list("code", flat=True)) == ["BW"]
    assert community.language == "en"  # the interface language, left as it was
    page.screenshot(path=f"{SHOTS}/communities-created.png", full_page=True)

    page.get_by_role("link", name="New sub-group").click()
    visit.audit()
    page.locator("#id_name").fill("Botswana working group")
    page.locator("#id_purpose").fill("Case management pilots.")
    page.get_by_role("combobox", name="Language of the name and purpose").fill("Fren")
    page.get_by_role("listbox").get_by_role("option", name="French").click()
    page.get_by_role("button", name="Create the sub-group").click()
    visit.audit()
    expect(page.get_by_text("you are its facilitator")).to_be_visible()
    expect(page.get_by_text("Sub-group of")).to_be_visible()

    page.get_by_role("link", name="Close this sub-group").click()
    visit.audit()
    page.screenshot(path=f"{SHOTS}/communities-close-confirm.png", full_page=True)
    page.get_by_role("button", name="Close the sub-group").click()
    visit.audit()
    expect(page.get_by_text("Closed on")).to_be_visible()
    group = Community.objects.get(name="Botswana working group")
    assert group.closed_at is not None and group.language == "fr"
    visit.goto("/communities/?closed=on")
    card = page.locator("li.card").filter(has_text="Botswana working group")
    expect(card).to_contain_text("Sub-group of Southern Africa peer learning platform")
    expect(card).to_contain_text("this is the original, in French")
    visit.audit()

    # From the sub-group's card to the community it belongs to.
    card.get_by_role("link", name="Southern Africa peer learning platform").click()
    visit.audit()
    expect(page.get_by_role("heading", name="Closed sub-groups")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/communities-parent-with-closed.png", full_page=True)
