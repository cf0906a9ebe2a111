"""Monitoring visits: recorded by the country's monitoring team, their report read by that team
and administrators only (each read of an unpublished one audited), their summary public once
published, without the team's names."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.conftest import make_administrator
from peerlearning.monitoring import actions
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    MonitoringTeamMember,
    Place,
    Recommendation,
    Visit,
    VisitFinding,
)
from peerlearning.monitoring.testing import MONITOR_NAME, REPORT_MARKER
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

NEW = "/monitoring/places/mx-siglo-xxi/visits/new/"


@pytest.fixture
def member(db):
    return make_user("plain-member@test.example", display_name="Pat Plain")


@pytest.fixture
def admin(db):
    return make_administrator()


def visit_url(visit: Visit, action: str = "") -> str:
    return f"/monitoring/visits/{visit.uuid}/{action + '/' if action else ''}"


def report_data(world, **changes: str) -> dict[str, str]:
    data = {
        "date": "2026-10-01",
        "team": str(world.monitor.uuid),
        "report": f"Overcrowded dormitories, revised. {REPORT_MARKER}",
        "recommendations_made": "Release families.",
        "summary": "",
    }
    data.update(changes)
    return data


def read_audits(visit: Visit) -> int:
    return AuditEntry.objects.filter(action="visit.report_read", object_id=str(visit.uuid)).count()


# Recording a visit ---------------------------------------------------------------------------


def test_the_country_team_records_a_visit(monitoring_world):
    colleague = make_user("colleague@test.example", display_name="Cole Colleague", two_factor=True)
    MonitoringTeamMember.objects.create(person=colleague, country=monitoring_world.mexico)
    client = client_for(monitoring_world.monitor)
    page = client.get(NEW)
    assert page.status_code == 200
    text = page_text(page.content)
    # The team is chosen among Mexico's monitoring team only.
    assert MONITOR_NAME in text and "Cole Colleague" in text
    assert "Gia GT" not in text
    response = client.post(
        NEW, {"date": "2026-11-02", "team": [monitoring_world.monitor.uuid, colleague.uuid]}
    )
    visit = Visit.objects.get(date=datetime.date(2026, 11, 2))
    assert response.status_code == 302
    assert response["Location"] == visit_url(visit, "edit")
    assert set(visit.team.all()) == {monitoring_world.monitor, colleague}
    assert not visit.is_published
    entry = AuditEntry.objects.get(action="visit.recorded")
    assert entry.actor == monitoring_world.monitor and entry.object_id == str(visit.uuid)


def test_a_visit_on_a_place_of_another_country_than_the_team_is_refused(monitoring_world):
    gt_monitor = client_for(monitoring_world.other_monitor)
    data = {"date": "2026-11-02", "team": [monitoring_world.other_monitor.uuid]}
    assert gt_monitor.get(NEW).status_code == 403
    assert gt_monitor.post(NEW, data).status_code == 403
    assert not Visit.objects.filter(date=datetime.date(2026, 11, 2)).exists()
    assert not AuditEntry.objects.filter(action="visit.recorded").exists()
    # Positive control: on a place of Guatemala, the same monitor records the visit.
    Place.objects.create(
        slug="gt-tecun",
        country=monitoring_world.guatemala,
        official_name="Albergue Tecún Umán",
        official_type="albergue",
        plain_type="immigration detention centre",
    )
    response = gt_monitor.post("/monitoring/places/gt-tecun/visits/new/", data)
    assert response.status_code == 302
    assert Visit.objects.get(date=datetime.date(2026, 11, 2)).place.slug == "gt-tecun"


def test_team_members_must_be_of_the_country_team(monitoring_world):
    client = client_for(monitoring_world.monitor)
    response = client.post(
        NEW,
        {
            "date": "2026-11-02",
            "team": [monitoring_world.monitor.uuid, monitoring_world.other_monitor.uuid],
        },
    )
    assert response.status_code == 400
    assert "Only members of this country's monitoring team" in page_text(response.content)
    assert not Visit.objects.filter(date=datetime.date(2026, 11, 2)).exists()


def test_the_action_itself_refuses_a_team_member_of_another_country(monitoring_world):
    """Whoever calls the action (the API, the demo), not only the form."""
    with pytest.raises(actions.MonitoringRefused):
        actions.record_visit(
            monitoring_world.place,
            by=monitoring_world.monitor,
            date=datetime.date(2026, 11, 2),
            team=[monitoring_world.monitor, monitoring_world.other_monitor],
        )
    assert not Visit.objects.filter(date=datetime.date(2026, 11, 2)).exists()
    with pytest.raises(PermissionDenied):
        actions.record_visit(
            monitoring_world.place,
            by=monitoring_world.other_monitor,
            date=datetime.date(2026, 11, 2),
            team=[monitoring_world.other_monitor],
        )
    assert not Visit.objects.filter(date=datetime.date(2026, 11, 2)).exists()
    visit = actions.record_visit(
        monitoring_world.place,
        by=monitoring_world.monitor,
        date=datetime.date(2026, 11, 2),
        team=[monitoring_world.monitor],
    )
    assert list(visit.team.all()) == [monitoring_world.monitor]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2999-01-01"}, "give a date that has passed"),
        ({"date": ""}, "This field is required."),
        ({"date": "2026-11-02", "team": []}, "Name at least one member of the team."),
    ],
)
def test_it_refuses_a_wrong_visit(monitoring_world, data, message):
    data = {"team": [monitoring_world.monitor.uuid], **data}
    response = client_for(monitoring_world.monitor).post(NEW, data)
    assert response.status_code == 400
    assert message in page_text(response.content)
    assert Visit.objects.count() == 2


def test_only_the_country_team_records_visits(monitoring_world, member, admin):
    data = {"date": "2026-11-02", "team": [monitoring_world.monitor.uuid]}
    for persona in (member, monitoring_world.editor, admin):
        client = client_for(persona)
        assert client.get(NEW).status_code == 403
        assert client.post(NEW, data).status_code == 403
    assert Visit.objects.count() == 2
    response = client_for(None).get(NEW)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client_for(monitoring_world.monitor).get(NEW).status_code == 200
    assert (
        client_for(monitoring_world.monitor)
        .get("/monitoring/places/nowhere/visits/new/")
        .status_code
        == 404
    )


def test_it_refuses_other_methods_on_the_new_visit_form(monitoring_world):
    assert client_for(monitoring_world.monitor).put(NEW).status_code == 405


# Reading a visit -----------------------------------------------------------------------------


def test_the_team_reads_the_unpublished_report_and_the_reading_is_audited(monitoring_world):
    visit = monitoring_world.unpublished
    response = client_for(monitoring_world.monitor).get(visit_url(visit))
    assert response.status_code == 200
    text = page_text(response.content)
    assert REPORT_MARKER in text
    assert MONITOR_NAME in text
    assert "Occupancy against capacity Not met" in text
    assert "Release families." in text
    assert "Publish the summary" in text
    assert read_audits(visit) == 1
    entry = AuditEntry.objects.get(action="visit.report_read")
    assert entry.actor == monitoring_world.monitor


def test_an_administrator_reads_the_report_audited_but_cannot_edit(monitoring_world, admin):
    visit = monitoring_world.unpublished
    response = client_for(admin).get(visit_url(visit))
    assert response.status_code == 200
    assert REPORT_MARKER in page_text(response.content)
    assert MONITOR_NAME in page_text(response.content)
    assert "Publish the summary" not in page_text(response.content)
    assert AuditEntry.objects.filter(action="visit.report_read", actor=admin).count() == 1
    assert client_for(admin).get(visit_url(visit, "edit")).status_code == 403
    assert client_for(admin).post(visit_url(visit, "publish")).status_code == 403
    visit.refresh_from_db()
    assert not visit.is_published


def test_nobody_else_finds_an_unpublished_visit(monitoring_world, member):
    visit = monitoring_world.unpublished
    for persona in (member, monitoring_world.editor, monitoring_world.other_monitor):
        client = client_for(persona)
        for action in ("", "edit"):
            response = client.get(visit_url(visit, action))
            assert response.status_code == 404, (persona, action)
            assert REPORT_MARKER not in response.content.decode()
        assert client.post(visit_url(visit, "publish")).status_code == 404
    response = client_for(None).get(visit_url(visit))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert read_audits(visit) == 0
    visit.refresh_from_db()
    assert not visit.is_published
    # Positive control: the team finds it.
    assert client_for(monitoring_world.monitor).get(visit_url(visit)).status_code == 200


def test_a_published_visit_shows_others_its_summary_only(monitoring_world, member):
    visit = monitoring_world.published
    for persona in (member, monitoring_world.editor, monitoring_world.other_monitor):
        response = client_for(persona).get(visit_url(visit))
        assert response.status_code == 200
        text = page_text(response.content)
        assert "Ventilation improved since the last visit." in text
        assert REPORT_MARKER not in text
        assert MONITOR_NAME not in text
        assert "Checklist" not in text
    # A visitor is sent to sign in (visits are not public; the place page shows the summary).
    response = client_for(None).get(visit_url(visit))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    # The team reads everything, and a published report's reading is not audited.
    team = page_text(client_for(monitoring_world.monitor).get(visit_url(visit)).content)
    assert f"{REPORT_MARKER}-2" in team and MONITOR_NAME in team
    assert read_audits(visit) == 0


def test_a_published_visit_cannot_be_edited_by_another_team(monitoring_world, member):
    visit = monitoring_world.published
    for persona in (member, monitoring_world.editor, monitoring_world.other_monitor):
        client = client_for(persona)
        assert client.get(visit_url(visit, "edit")).status_code == 403
        assert (
            client.post(visit_url(visit, "edit"), report_data(monitoring_world)).status_code == 403
        )
    visit.refresh_from_db()
    assert visit.report == f"Earlier visit. {REPORT_MARKER}-2"


def test_an_unknown_visit_is_not_found(monitoring_world):
    client = client_for(monitoring_world.monitor)
    assert client.get("/monitoring/visits/00000000-0000-0000-0000-000000000001/").status_code == 404


def test_it_refuses_other_methods_on_a_visit(monitoring_world):
    client = client_for(monitoring_world.monitor)
    assert client.post(visit_url(monitoring_world.unpublished)).status_code == 405
    assert client.put(visit_url(monitoring_world.unpublished, "edit")).status_code == 405
    assert client.get(visit_url(monitoring_world.unpublished, "publish")).status_code == 405


# Writing the report and the checklist -------------------------------------------------------


def test_the_team_writes_the_report_and_the_checklist(monitoring_world):
    visit = monitoring_world.unpublished
    recommendation = monitoring_world.recommendation
    client = client_for(monitoring_world.monitor)
    page = client.get(visit_url(visit, "edit"))
    assert page.status_code == 200
    text = page_text(page.content)
    for item in ("Ventilation", "Emergency exits and fire protocols", "Complaints mechanisms"):
        assert item in text
    assert "End the use of immigration detention for children." in text
    data = report_data(
        monitoring_world,
        summary="Overcrowding persists.",
        **{
            "occupancy-finding": "not-met",
            "occupancy-notes": "1,500 people for 960 places.",
            "children-families-finding": "partly",
            "children-families-notes": "Families held together, children still detained.",
            "children-families-unmet_recommendation": str(recommendation.uuid),
            "lawyers-finding": "not-observed",
        },
    )
    response = client.post(visit_url(visit, "edit"), data)
    assert response.status_code == 302
    assert response["Location"] == visit_url(visit)
    visit.refresh_from_db()
    assert visit.summary == "Overcrowding persists."
    assert visit.report == f"Overcrowded dormitories, revised. {REPORT_MARKER}"
    findings = {f.item: f for f in visit.findings.all()}
    assert set(findings) == {"occupancy", "children-families", "lawyers"}
    assert findings["occupancy"].notes == "1,500 people for 960 places."
    assert findings["children-families"].finding == "partly"
    assert findings["children-families"].unmet_recommendation == recommendation
    assert AuditEntry.objects.filter(action="visit.changed", actor=monitoring_world.monitor)
    shown = page_text(client.get(visit_url(visit)).content)
    assert "Separation and protection of children and families Partly met" in shown
    assert "Shows unmet: End the use of immigration detention for children." in shown


def test_the_edit_form_keeps_the_recorded_findings(monitoring_world):
    client = client_for(monitoring_world.monitor)
    page = client.get(visit_url(monitoring_world.unpublished, "edit"))
    form = next(f for f in page.context["finding_forms"] if f.item == "occupancy")
    assert form.initial["finding"] == "not-met"


def test_notes_without_a_finding_are_refused(monitoring_world):
    visit = monitoring_world.unpublished
    data = report_data(monitoring_world, **{"ventilation-notes": "Hot."})
    response = client_for(monitoring_world.monitor).post(visit_url(visit, "edit"), data)
    assert response.status_code == 400
    assert "Choose a finding for notes or a recommendation." in page_text(response.content)
    assert "Hot." in response.content.decode()
    visit.refresh_from_db()
    assert visit.report == f"Overcrowded dormitories. {REPORT_MARKER}"
    assert not VisitFinding.objects.filter(visit=visit, item="ventilation").exists()


def test_a_finding_cannot_cite_a_recommendation_to_another_country(monitoring_world):
    other = Recommendation.objects.create(
        body=Body.objects.get(slug="idc"),
        country=monitoring_world.guatemala,
        authority="IGM",
        text="Close the shelters.",
        date=datetime.date(2024, 1, 1),
        source_title="A source",
        source_url="https://example.org/gt",
        status=Implementation.NOT_STARTED,
    )
    visit = monitoring_world.unpublished
    data = report_data(
        monitoring_world,
        **{"ventilation-finding": "met", "ventilation-unmet_recommendation": str(other.uuid)},
    )
    client = client_for(monitoring_world.monitor)
    assert "Close the shelters." not in client.get(visit_url(visit, "edit")).content.decode()
    response = client.post(visit_url(visit, "edit"), data)
    assert response.status_code == 400
    assert not VisitFinding.objects.filter(visit=visit, item="ventilation").exists()


def test_the_team_of_a_visit_stays_within_the_country_team(monitoring_world):
    visit = monitoring_world.unpublished
    data = report_data(monitoring_world, team=str(monitoring_world.other_monitor.uuid))
    response = client_for(monitoring_world.monitor).post(visit_url(visit, "edit"), data)
    assert response.status_code == 400
    assert list(visit.team.all()) == [monitoring_world.monitor]


def test_a_published_summary_cannot_be_emptied(monitoring_world):
    visit = monitoring_world.published
    client = client_for(monitoring_world.monitor)
    response = client.post(visit_url(visit, "edit"), report_data(monitoring_world, summary=" "))
    assert response.status_code == 400
    assert "its public summary cannot be left empty" in page_text(response.content)
    visit.refresh_from_db()
    assert visit.summary == "Ventilation improved since the last visit."
    assert visit.report == f"Earlier visit. {REPORT_MARKER}-2"
    changed = report_data(monitoring_world, summary="Ventilation much improved.")
    assert client.post(visit_url(visit, "edit"), changed).status_code == 302
    public = page_text(client_for(None).get("/monitoring/places/mx-siglo-xxi/").content)
    assert "Ventilation much improved." in public


# Publishing ---------------------------------------------------------------------------------


def test_publishing_needs_a_summary(monitoring_world):
    visit = monitoring_world.unpublished
    response = client_for(monitoring_world.monitor).post(visit_url(visit, "publish"))
    assert response.status_code == 400
    assert "Write the public summary first" in page_text(response.content)
    visit.refresh_from_db()
    assert not visit.is_published
    assert not AuditEntry.objects.filter(action="visit.published").exists()


def test_the_team_publishes_the_summary_which_becomes_public(monitoring_world, member):
    visit = monitoring_world.unpublished
    client = client_for(monitoring_world.monitor)
    summary = "Overcrowding persists in the dormitories."
    data = report_data(monitoring_world, summary=summary, **{"occupancy-finding": "not-met"})
    assert client.post(visit_url(visit, "edit"), data).status_code == 302
    # Not yet public.
    assert summary not in page_text(
        client_for(None).get("/monitoring/places/mx-siglo-xxi/").content
    )
    response = client.post(visit_url(visit, "publish"))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.is_published
    assert visit.published_at <= timezone.now()
    entry = AuditEntry.objects.get(action="visit.published")
    assert entry.actor == monitoring_world.monitor and entry.object_id == str(visit.uuid)
    place_page = page_text(client_for(None).get("/monitoring/places/mx-siglo-xxi/").content)
    assert summary in place_page
    assert REPORT_MARKER not in place_page and MONITOR_NAME not in place_page
    member_view = page_text(client_for(member).get(visit_url(visit)).content)
    assert summary in member_view
    assert REPORT_MARKER not in member_view and MONITOR_NAME not in member_view
    # Publishing again changes nothing.
    assert client.post(visit_url(visit, "publish")).status_code == 302
    assert AuditEntry.objects.filter(action="visit.published").count() == 1


def test_markers_never_reach_those_the_rules_keep_out(monitoring_world, member):
    """The place and both visits, as a visitor, a member, an editor and the GT monitor."""
    urls = [
        "/monitoring/places/",
        "/monitoring/places/mx-siglo-xxi/",
        visit_url(monitoring_world.unpublished),
        visit_url(monitoring_world.published),
        visit_url(monitoring_world.unpublished, "edit"),
        visit_url(monitoring_world.published, "edit"),
    ]
    for persona in (None, member, monitoring_world.editor, monitoring_world.other_monitor):
        client = client_for(persona)
        for url in urls:
            body = client.get(url).content.decode()
            assert REPORT_MARKER not in body, (persona, url)
            assert MONITOR_NAME not in body, (persona, url)
    # Positive control: the markers are there for the team.
    team = client_for(monitoring_world.monitor)
    assert REPORT_MARKER in team.get(visit_url(monitoring_world.unpublished)).content.decode()
    assert MONITOR_NAME in team.get(visit_url(monitoring_world.published)).content.decode()


# On a phone, without JavaScript -------------------------------------------------------------

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


@pytest.fixture
def countries_loaded(transactional_db):
    """A committing test starts after others have flushed the countries: load them again."""
    import importlib

    from django.apps import apps

    from peerlearning.network.models import Country

    if not Country.objects.filter(code="MX").exists():
        module = importlib.import_module("peerlearning.network.migrations.0002_countries")
        module.load_countries(apps, None)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.browser_context(**PHONE, locale="en-GB", java_script_enabled=False)
def test_the_team_writes_the_checklist_on_a_phone_without_javascript(countries_loaded, visit):
    from peerlearning.monitoring.testing import build_monitoring
    from peerlearning.testing import TOTP_SECRET

    world = build_monitoring()
    page = visit.page
    # A visitor first: the places and the place's page, with the published summary only.
    visit.goto("/monitoring/places/?country=MX")
    page.get_by_role("link", name="Estación Migratoria Siglo XXI").click()
    visit.audit()
    assert "Ventilation improved since the last visit." in page.content()
    assert REPORT_MARKER not in page.content()
    visit.screenshot("place")
    visit.sign_in("monitor@test.example", totp_secret=TOTP_SECRET)
    visit.goto(visit_url(world.unpublished, "edit"))
    visit.screenshot("visit-edit")
    ventilation = page.locator("#item-ventilation")
    ventilation.get_by_label("Finding").select_option("partly")
    ventilation.get_by_label("Notes").fill("Fans in one dormitory of three.")
    page.get_by_label("Public summary").fill("Ventilation partly improved.")
    page.get_by_role("button", name="Save the report").click()
    visit.audit()
    assert page.url.endswith(visit_url(world.unpublished))
    row = page.get_by_role("row", name="Ventilation")
    assert "Partly met" in row.inner_text()
    visit.screenshot("visit-detail")
    page.get_by_role("button", name="Publish the summary").click()
    visit.audit()
    world.unpublished.refresh_from_db()
    assert world.unpublished.is_published
