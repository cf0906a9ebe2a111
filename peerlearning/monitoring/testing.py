"""A small world of monitoring for the tests: a monitoring team for Mexico (and one for
Guatemala), an editor, a place in Mexico with an unpublished and a published visit, an incident
not yet published and a published one naming a person affected, and a recommendation to Mexico
with its status history. Markers in the restricted parts let a test see whether they leak."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from peerlearning.monitoring.models import (
    AffectedPerson,
    Body,
    Implementation,
    Incident,
    MonitoringTeamMember,
    Place,
    Recommendation,
    StatusChange,
    Visit,
    VisitFinding,
)
from peerlearning.network.models import Country
from peerlearning.testing import make_user

REPORT_MARKER = "Qvx-report"
MONITOR_NAME = "Qvx Monitor"
PERSON_MARKER = "Qvx Person"


def build_monitoring() -> SimpleNamespace:
    mexico, guatemala = Country.objects.get(code="MX"), Country.objects.get(code="GT")
    monitor = make_user("monitor@test.example", display_name=MONITOR_NAME, two_factor=True)
    MonitoringTeamMember.objects.create(person=monitor, country=mexico)
    other_monitor = make_user("gt-monitor@test.example", display_name="Gia GT", two_factor=True)
    MonitoringTeamMember.objects.create(person=other_monitor, country=guatemala)
    editor = make_user("m-editor@test.example", is_editor=True, two_factor=True)
    place = Place.objects.create(
        slug="mx-siglo-xxi",
        country=mexico,
        official_name="Estación Migratoria Siglo XXI",
        official_type="estación migratoria",
        language="es",
        plain_type="immigration detention centre",
        locality="Tapachula, Chiapas",
        capacity=960,
        sources=[{"title": "INM", "url": "https://example.org/siglo-xxi"}],
    )
    unpublished = Visit.objects.create(
        place=place,
        date=datetime.date(2026, 10, 1),
        report=f"Overcrowded dormitories. {REPORT_MARKER}",
        recommendations_made="Release families.",
        created_by=monitor,
    )
    unpublished.team.set([monitor])
    VisitFinding.objects.create(
        visit=unpublished, item="occupancy", finding="not-met", notes=f"{REPORT_MARKER} 1,400"
    )
    published = Visit.objects.create(
        place=place,
        date=datetime.date(2026, 6, 1),
        report=f"Earlier visit. {REPORT_MARKER}-2",
        summary="Ventilation improved since the last visit.",
        published_at=timezone.now(),
        created_by=monitor,
    )
    published.team.set([monitor])
    fire = Incident.objects.create(
        kinds=["fire", "death"],
        title="Fire in an immigration station",
        summary="A fire killed people held in a cell.",
        date=datetime.date(2023, 3, 27),
        country=mexico,
        place=place,
        people_affected=68,
        dead=40,
        injured=27,
        nationalities=[{"country": "GT", "count": None}],
        sources=[{"title": "A source", "url": "https://example.org/fire", "date": "2023-03-28"}],
        verification="confirmed",
        published_at=timezone.now(),
        recorded_by=editor,
        published_by=editor,
    )
    AffectedPerson.objects.create(
        incident=fire,
        name=PERSON_MARKER,
        details="Named by the press.",
        source_title="Newspaper",
        source_url="https://example.org/named",
    )
    draft = Incident.objects.create(
        kinds=["abuse"],
        title="Qvx draft incident",
        summary="Not yet verified.",
        date=datetime.date(2026, 9, 1),
        country=mexico,
        place_description="A holding room at the airport",
        sources=[{"title": "A report", "url": "https://example.org/r", "date": "2026-09-02"}],
        recorded_by=monitor,
    )
    body = Body.objects.create(
        slug="idc", name="International Detention Coalition", kind="coalition"
    )
    recommendation = Recommendation.objects.create(
        body=body,
        country=mexico,
        authority="National Migration Institute",
        text="End the use of immigration detention for children.",
        date=datetime.date(2023, 4, 4),
        source_title="IDC statement",
        source_url="https://example.org/statement",
        status=Implementation.PARTLY,
    )
    StatusChange.objects.create(
        recommendation=recommendation,
        status=Implementation.PARTLY,
        date=datetime.date(2023, 5, 1),
        source_title="A law",
        source_url="https://example.org/law",
        note="Children no longer held in stations.",
    )
    return SimpleNamespace(
        mexico=mexico,
        guatemala=guatemala,
        monitor=monitor,
        other_monitor=other_monitor,
        editor=editor,
        place=place,
        unpublished=unpublished,
        published=published,
        fire=fire,
        draft=draft,
        body=body,
        recommendation=recommendation,
    )


@pytest.fixture
def monitoring_world(db) -> SimpleNamespace:
    return build_monitoring()
