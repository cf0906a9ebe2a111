"""A community's facilitator writes an update on the platform and publishes it (issue 17, item
4), in a real browser with axe-core on every page: on a 360 px phone, in Arabic."""

import pytest
from playwright.sync_api import expect

from peerlearning.knowledge.models import Update
from peerlearning.network.models import Membership, Role
from peerlearning.testing import TOTP_SECRET, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "اجتماع منصة آسيا والمحيط الهادئ في كوالالمبور"


def pick(page, select_name: str, typed: str, choice: str) -> None:
    """Type part of a name into a picker and choose the suggestion, as a person would."""
    field = page.locator(".picker", has=page.locator(f"#id_{select_name}"))
    field.get_by_role("combobox").fill(typed)
    field.get_by_role("option", name=choice).click()


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, locale="ar")
def test_a_community_facilitator_writes_and_publishes_an_update_on_a_phone_in_arabic(
    visit, network
):
    writer = make_user("asiafac@test.example", display_name="Aziz Asia", two_factor=True)
    Membership.objects.create(community=network.asia, person=writer, role=Role.FACILITATOR)
    network.asia.regions = ["asia-pacific"]
    network.asia.save(update_fields=["regions"])
    visit.use_language("en")
    visit.sign_in(writer.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    page = visit.page

    visit.goto("/communities/asia-pacific/")
    page.locator('a[href="/updates/new/?community=asia-pacific"]').click()
    visit.audit()
    # Their one community is chosen; neither the network nor another community is offered.
    community = page.locator("#id_community")
    assert community.locator("option").all_inner_texts() == ["Asia Pacific platform"]
    assert community.input_value() == "asia-pacific"
    assert page.locator("#id_language").input_value() == "ar"  # the interface's
    assert page.locator("#id_region").input_value() == "asia-pacific"  # the community's

    page.locator("input[name=kind][value=statement]").check()
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=body]").fill(
        "اجتمعت المنصة الإقليمية في أكتوبر.\n\nواتفقت على خطواتها."
    )
    pick(page, "signatories", "HOST", "HOST International (HOST)")
    pick(page, "countries", "تايلا", "تايلاند")
    visit.screenshot("1-form-phone-arabic")
    page.locator("form.stack button[type=submit]").click()
    visit.audit()
    visit.screenshot("2-draft-saved")
    update = Update.objects.get(title=TITLE)
    assert not update.is_published
    assert update.community == network.asia
    assert update.language == "ar"
    assert [o.slug for o in update.signatories.all()] == ["host-international"]
    assert [c.code for c in update.countries.all()] == ["TH"]

    page.locator("button[name=decision][value=publish]").click()
    visit.audit()
    update.refresh_from_db()
    assert update.is_published and update.published_on is not None
    visit.screenshot("3-published")
    assert list(update.events.values_list("action", flat=True)) == ["created", "published"]

    visit.goto("/updates/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    visit.screenshot("4-on-the-list")
