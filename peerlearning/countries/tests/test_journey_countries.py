"""A visitor opens Mexico in Arabic on a 360 px phone: its indicators with their sources, the
detentions chart and the table behind it, the timeline, and from there the map, where Mexico
leads back to its profile; then compares it with Ecuador. Every page is checked by axe and for
sideways scrolling (Visit.goto); screenshots are kept."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from peerlearning.countries.statistics_io import import_statistics
from peerlearning.demo import STATISTICS_JSONL
from peerlearning.demo import countries as demo_countries

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GAZETTE = (
    "https://www.loc.gov/item/global-legal-monitor/2021-02-26/mexico-migration-law-amendment-"
    "requires-placing-undocumented-children-in-shelters-not-detention-centers/"
)
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


def load_countries() -> None:
    for module, loader in [
        ("peerlearning.network.migrations.0002_countries", "load_countries"),
        ("peerlearning.countries.migrations.0002_starting_indicators", "add_starting_set"),
    ]:
        getattr(importlib.import_module(module), loader)(apps, None)
    demo_countries.load()
    with STATISTICS_JSONL.open(encoding="utf-8") as handle:
        import_statistics(handle)
    demo_countries.add_seed_points()


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_a_visitor_reads_mexico_in_arabic_on_a_phone(visit):
    load_countries()
    visit.use_language("ar")
    page = visit.page
    visit.goto("/countries/")
    visit.screenshot("countries")
    page.get_by_role("link", name="المكسيك", exact=True).first.click()
    visit.audit()
    assert page.url.endswith("/countries/MX/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.get_by_role("heading", level=1)).to_have_text("المكسيك")
    # The legal framework: the reform with its source and since when, the 36 hours.
    children = page.locator("#indicator-child-detention-prohibited")
    expect(children).to_contain_text("نعم")
    expect(children.locator(f'a[href="{GAZETTE}"]')).to_be_visible()
    expect(page.locator("#indicator-maximum-detention-period")).to_contain_text("36")
    visit.screenshot("mexico-legal-framework")
    # The detentions chart, an image with its name, and the table behind it with 444٬439.
    series = page.locator("section.series", has=page.locator("#mx-inm-detentions-per-year"))
    chart = series.locator("svg[role=img]")
    expect(chart).to_be_visible()
    assert chart.get_attribute("aria-labelledby")
    table = series.locator("table")
    expect(table).to_contain_text("444٬439")
    expect(table.locator("caption")).to_be_visible()
    series.scroll_into_view_if_needed()
    visit.screenshot("mexico-detentions-chart")
    # The timeline names the reform.
    expect(page.locator("ol.timeline")).to_contain_text("2020")
    # To the map, where Mexico is a link back to its profile.
    page.locator("a[href='/countries/map/']").first.click()
    visit.audit()
    assert "/countries/indicators/" in page.url
    world = page.locator("figure.map > svg")
    expect(world).to_be_visible()
    visit.screenshot("map")
    world.locator("a[href='/countries/MX/']").first.click()
    visit.audit()
    assert page.url.endswith("/countries/MX/")


@pytest.mark.browser_context(**PHONE, locale="en-GB", java_script_enabled=False)
def test_a_visitor_compares_two_countries_without_javascript(visit):
    load_countries()
    page = visit.page
    visit.goto("/countries/compare/")
    page.get_by_label("Add a country").select_option("MX")
    page.get_by_role("button", name="Add", exact=True).click()
    visit.audit()
    expect(page.get_by_role("status")).to_have_text("Add one more country to compare.")
    page.get_by_label("Add a country").select_option("EC")
    page.get_by_role("button", name="Add", exact=True).click()
    visit.audit()
    table = page.locator("table.comparison")
    expect(table.locator("thead")).to_contain_text("Mexico")
    expect(table.locator("thead")).to_contain_text("Ecuador")
    expect(table).to_contain_text("36 hours")
    visit.screenshot("compare-mexico-ecuador")
    page.get_by_role("link", name="Remove Ecuador").click()
    visit.audit()
    expect(page.locator("table.comparison")).to_have_count(0)


@pytest.mark.browser_context(**PHONE, locale="ar")
def test_an_editor_records_a_value_on_a_phone_in_arabic(visit):
    """The demo editor signs in with two factors, opens Mexico, records the presumption of
    liberty; the form first refuses it without a source (the typed note kept), then saves it,
    and the profile shows it with its source."""
    from peerlearning.accounts.models import User
    from peerlearning.demo import accounts as demo_accounts

    load_countries()
    demo_accounts.load()
    editor = next(p for p in demo_accounts.PERSONAS if p.email == "editor@example.org")
    assert User.objects.get(email=editor.email).is_editor
    visit.use_language("en")
    visit.sign_in(editor.email, demo_accounts.DEMO_PASSWORD, totp_secret=editor.totp_secret)
    visit.use_language("ar")
    page = visit.page
    visit.goto("/countries/MX/")
    page.locator("a[href='/countries/MX/indicators/presumption-of-liberty/record/']").click()
    visit.audit()
    page.locator("input[name=answer][value=partial]").check()
    page.locator("input[name=as_of]").fill("2011-05-25")
    page.locator("textarea[name=note]").fill("Article 111 of the Migration Law.")
    page.locator("main button[type=submit]").click()
    visit.audit()
    expect(page.locator("#id_source_url_error")).to_be_visible()
    expect(page.locator("textarea[name=note]")).to_have_value("Article 111 of the Migration Law.")
    visit.screenshot("refused-without-a-source")
    page.locator("input[name=source_title]").fill("Ley de Migración, artículo 111")
    page.locator("input[name=source_url]").fill(
        "https://www.diputados.gob.mx/LeyesBiblio/pdf/LMigra.pdf"
    )
    page.locator("main button[type=submit]").click()
    visit.audit()
    assert page.url.endswith("/countries/MX/#indicator-presumption-of-liberty")
    row = page.locator("#indicator-presumption-of-liberty")
    expect(row).to_contain_text("Ley de Migración, artículo 111")
    visit.screenshot("recorded")
