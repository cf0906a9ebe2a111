"""The facilitator's forms without guessing (issue 13, requirements 4 and 8), in a real browser
with axe-core on every page: an exchange made by typing names (organisations, languages), the
time zone preset from the community's countries, topics and countries chosen by name, a member
invited by the name they are shown by; the same form with JavaScript off, as plain selects; and
the picker on a 360 px phone in Arabic."""

import pytest
from playwright.sync_api import expect

from peerlearning.exchanges.models import Exchange, ExchangeInvitation
from peerlearning.knowledge.models import Concept
from peerlearning.network.models import Country
from peerlearning.support.models import SupportRequest
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW = "/communities/asia-pacific/exchanges/new/"


@pytest.fixture(autouse=True)
def _countries(network):
    """The countries come from a data migration, which a committing test before this one may
    have flushed."""
    for code in ["MY", "TH"]:
        Country.objects.get_or_create(code=code)
    network.asia.countries.set(Country.objects.filter(code__in=["MY", "TH"]))


def pick(page, field: str, typed: str, choice: str) -> None:
    """Type part of a name into a picker and choose the suggestion, as a person would."""
    page.get_by_role("combobox", name=field).fill(typed)
    page.get_by_role("listbox").get_by_role("option", name=choice).click()


def chips(page, field: str) -> list[str]:
    box = page.locator(".picker", has=page.get_by_role("combobox", name=field))
    return [text.strip() for text in box.locator(".picker-chip span").all_inner_texts()]


def test_a_facilitator_makes_an_exchange_by_typing_names_and_invites_by_shown_name(visit, network):
    Concept.objects.create(slug="case-management", labels={"en": "case management"})
    Concept.objects.create(slug="child-detention", labels={"en": "child immigration detention"})
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto(NEW)
    # Asia Pacific is Malaysia and Thailand: the zone is preset, theirs listed first.
    zone = page.get_by_label("Time zone")
    assert zone.locator("option:checked").inner_text() == "Kuala Lumpur, Malaysia (UTC+8)"
    assert zone.locator("optgroup").first.get_attribute("label") == "Likely for this community"
    visit.screenshot("1-new-exchange-zone-preset")

    page.get_by_label("Title").fill("Screening at the border: peer workshop")
    page.get_by_label("Format").select_option(label="Workshop")
    zone.select_option("Asia/Bangkok")
    page.get_by_label("Starts").fill("2031-03-02T09:00")
    page.get_by_label("Ends").fill("2031-03-02T17:00")
    pick(page, "Languages", "span", "Spanish")
    pick(page, "Languages", "arab", "Arabic")  # adding one keeps the other
    assert chips(page, "Languages") == ["Spanish", "Arabic"]
    # By keyboard alone: type, arrow down to the suggestion, Enter chooses (and submits nothing).
    interpretation = page.get_by_role("combobox", name="Interpretation into")
    interpretation.fill("fren")
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_text(["French"])
    interpretation.press("ArrowDown")
    interpretation.press("Enter")
    assert chips(page, "Interpretation into") == ["French"]
    page.get_by_label("Language of the report").select_option(label="Español")
    pick(page, "Host governments", "interior", "Ministry of Interior")
    pick(page, "Co-convening organisations", "host", "HOST International (HOST)")
    visit.screenshot("2-names-chosen-as-chips")
    # A chip removed is gone, the others stay.
    page.get_by_role("button", name="Remove: Arabic").click()
    assert chips(page, "Languages") == ["Spanish"]
    page.get_by_role("button", name="Save").click()
    visit.audit()
    visit.screenshot("3-exchange-saved")
    exchange = Exchange.objects.get(title="Screening at the border: peer workshop")
    assert exchange.languages == ["es"]
    assert exchange.interpretation == ["fr"]
    assert exchange.language == "es"
    assert exchange.time_zone == "Asia/Bangkok"
    assert [o.name for o in exchange.host_governments.all()] == ["Ministry of Interior"]
    assert [o.name for o in exchange.co_conveners.all()] == ["HOST International"]

    # Topics and countries by their names (the support request form: the exchange has none).
    visit.goto("/support/requests/new/")
    page.get_by_label("Title").fill("Training on screening for the workshop's hosts")
    page.get_by_label("What is needed").fill("Two days for twenty officers.")
    page.get_by_label("Kind of support").select_option("training")
    pick(page, "Topics", "case", "case management")
    pick(page, "Topics", "child", "child immigration detention")
    pick(page, "Countries", "thai", "Thailand")
    pick(page, "Countries", "malay", "Malaysia")
    page.get_by_label("English").check()
    visit.screenshot("4-topics-and-countries-by-name")
    page.get_by_role("button", name="Open the request").click()
    visit.audit()
    request = SupportRequest.objects.get(title__startswith="Training on screening")
    assert sorted(c.code for c in request.countries.all()) == ["MY", "TH"]
    assert sorted(c.slug for c in request.concepts.all()) == ["case-management", "child-detention"]

    # A member invited by the name they are shown by: a pseudonym, never an address.
    visit.goto(f"/exchanges/{exchange.slug}/participants/")
    page.get_by_role("combobox", name="Member of the network").fill("ama")
    suggestions = page.get_by_role("listbox", name="Suggestions")
    expect(suggestions.get_by_role("option")).to_have_text(["Amal"])
    visit.screenshot("5-invite-by-shown-name")
    suggestions.get_by_role("option", name="Amal").click()
    page.get_by_role("button", name="Invite", exact=True).click()
    visit.audit()
    assert page.get_by_text("Amal is invited.").is_visible()
    visit.screenshot("6-invited")
    assert ExchangeInvitation.objects.filter(exchange=exchange, person=network.pseudonymous)


@pytest.mark.browser_context(java_script_enabled=False)
def test_without_javascript_the_same_form_is_plain_selects(visit, network):
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    page = visit.page
    visit.goto(NEW)
    assert page.get_by_role("combobox", name="Host governments").count() == 0  # no search box
    page.get_by_label("Title").fill("Without scripts")
    page.get_by_label("Format").select_option(label="Webinar")
    page.get_by_label("Starts").fill("2031-04-02T09:00")
    page.get_by_label("Ends").fill("2031-04-02T11:00")
    page.get_by_label("Languages").select_option(label=["French", "Spanish"])
    page.get_by_label("Host governments").select_option(label="Ministry of Interior")
    visit.screenshot("1-plain-selects")
    page.get_by_role("button", name="Save").click()
    visit.audit()
    visit.screenshot("2-saved-without-javascript")
    exchange = Exchange.objects.get(title="Without scripts")
    assert sorted(exchange.languages) == ["es", "fr"]
    assert exchange.time_zone == "Asia/Kuala_Lumpur"  # the preset, kept
    assert [o.name for o in exchange.host_governments.all()] == ["Ministry of Interior"]


@pytest.mark.browser_context(viewport={"width": 360, "height": 740}, locale="ar")
def test_on_a_phone_in_arabic_the_picker_fits_and_chooses(visit, network):
    visit.use_language("en")
    visit.sign_in(network.facilitator.email, totp_secret=TOTP_SECRET)
    visit.use_language("ar")
    page = visit.page
    visit.goto(NEW)
    field = page.locator(".picker", has=page.locator("select[name=hosts]"))
    field.get_by_role("combobox").fill("HOST")
    expect(field.get_by_role("option")).to_have_count(1)
    field.get_by_role("combobox").scroll_into_view_if_needed()
    visit.screenshot("1-phone-arabic-suggestions")
    field.get_by_role("option").first.click()
    assert field.locator(".picker-chip").count() == 1
    field.get_by_role("combobox").scroll_into_view_if_needed()
    visit.screenshot("2-phone-arabic-chosen")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px phone"


def test_a_member_filters_the_directory_by_typing_a_country_s_name(visit, network):
    network.pseudonymous.country = "MY"
    network.pseudonymous.save(update_fields=["country"])
    visit.sign_in(network.community_member.email)
    page = visit.page
    visit.goto("/directory/people/")
    pick(page, "Country", "malay", "Malaysia")
    visit.screenshot("1-directory-country-chosen")
    page.get_by_role("button", name="Filter").click()
    visit.audit()
    visit.screenshot("2-directory-filtered")
    assert page.get_by_role("heading", name="Amal").is_visible()
    assert page.get_by_text("Chandra Member").count() == 0
    assert chips(page, "Country") == ["Malaysia"]  # the filter stays shown as chosen
