"""A visitor on a phone, without JavaScript, finds the fire in the incidents list by its kind and
reads it with its sources; the Mexican monitoring team records an incident (a refusal first,
then the corrected form) and adds a person named by a public source. Every page is checked by
axe and for sideways scrolling (Visit.goto, Visit.audit)."""

import pytest
from playwright.sync_api import expect

from peerlearning.monitoring.models import AffectedPerson, Incident
from peerlearning.monitoring.testing import PERSON_MARKER, build_monitoring
from peerlearning.testing import TOTP_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


@pytest.mark.browser_context(**PHONE, locale="en-GB", java_script_enabled=False)
def test_a_visitor_finds_the_fire_by_its_kind_on_a_phone(visit):
    build_monitoring()
    page = visit.page
    visit.goto("/monitoring/incidents/")
    page.get_by_label("What happened").select_option("death")
    page.get_by_role("button", name="Filter").click()
    visit.audit()
    assert "kind=death" in page.url
    visit.screenshot("list")
    page.get_by_role("link", name="Fire in an immigration station").click()
    visit.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fire in an immigration station")
    expect(page.get_by_role("link", name="A source")).to_have_attribute(
        "href", "https://example.org/fire"
    )
    assert PERSON_MARKER not in page.content()
    visit.screenshot("fire")


def test_the_team_records_an_incident_and_names_a_person(visit):
    world = build_monitoring()
    page = visit.page
    visit.sign_in(world.monitor.email, totp_secret=TOTP_SECRET)
    visit.goto("/monitoring/incidents/new/")
    page.get_by_label("Title").fill("Qvx hunger strike in Siglo XXI")
    page.get_by_label("Hunger strike").check()
    page.get_by_label("Date").fill("2026-07-01")
    page.get_by_label("Place of detention").select_option(world.place.slug)
    page.get_by_label("Summary, in your own words").fill("Forty men refused food for a week.")
    page.get_by_label("People affected").fill("40")
    page.get_by_label("Injured").fill("41")
    page.get_by_label("Sources").fill("Press | https://example.org/strike | 2026-07-02")
    page.get_by_role("button", name="Record the incident").click()
    visit.audit()
    expect(page.locator(".form-errors")).to_be_visible()
    # Said at the top of the form (a link to the field) and at the field itself.
    expect(
        page.locator(".form-errors").get_by_text("More people injured (41) than affected (40)")
    ).to_be_visible()
    expect(page.get_by_text("More people injured (41) than affected (40)")).to_have_count(2)
    assert not Incident.objects.filter(title="Qvx hunger strike in Siglo XXI").exists()
    page.get_by_label("Injured").fill("3")
    page.get_by_role("button", name="Record the incident").click()
    visit.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Qvx hunger strike in Siglo XXI")
    expect(page.get_by_text("Not published")).to_be_visible()
    page.get_by_role("link", name="Add a person named by a public source").click()
    visit.audit()
    page.get_by_label("Name, as the public source gives it").fill("Qvx Named Striker")
    page.get_by_label("Public source title").fill("El Diario")
    page.get_by_label("Public source address").fill("https://example.org/diario")
    page.get_by_role("button", name="Add the person").click()
    visit.audit()
    expect(page.locator("#people")).to_contain_text("Qvx Named Striker")
    assert AffectedPerson.objects.filter(name="Qvx Named Striker").exists()
    visit.screenshot("recorded")
