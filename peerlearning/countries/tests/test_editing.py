"""Editors define indicators, add and correct statistics points and put reforms on a country's
timeline; each refusal says why and keeps what was typed; nobody else can."""

import pytest

from peerlearning.countries.models import CountryEvent, Indicator, StatisticPoint
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db

INDICATOR = {
    "slug": "detention-of-asylum-seekers",
    "kind": "answer",
    "unit": "",
    "name_en": "Asylum seekers detained on arrival",
    "definition_en": "The law allows detaining asylum seekers when they arrive.",
    "name_es": "Solicitantes de asilo detenidos a su llegada",
    "definition_es": "La ley permite detener a los solicitantes de asilo a su llegada.",
    "name_fr": "Demandeurs d’asile retenus à l’arrivée",
    "definition_fr": "La loi permet de retenir les demandeurs d’asile à leur arrivée.",
    "name_ar": "احتجاز طالبي اللجوء عند وصولهم",
    "definition_ar": "يسمح القانون باحتجاز طالبي اللجوء عند وصولهم.",
    "position": "70",
}


def read(response) -> str:
    return page_text(response.content)


def test_an_editor_defines_an_indicator_in_four_languages(country_world):
    editor = client_for(country_world.editor)
    response = editor.post("/countries/indicators/new/", INDICATOR)
    assert response["Location"] == "/countries/indicators/detention-of-asylum-seekers/"
    reader = client_for(None)
    reader.cookies["django_language"] = "fr"
    assert "Demandeurs d’asile retenus à l’arrivée" in read(reader.get(response["Location"]))


def test_a_number_needs_a_unit_and_a_used_indicator_keeps_its_type(country_world):
    editor = client_for(country_world.editor)
    response = editor.post("/countries/indicators/new/", {**INDICATOR, "kind": "number"})
    assert response.status_code == 400
    assert "A number needs its unit." in read(response)
    assert "Asylum seekers detained on arrival" in response.content.decode()  # kept
    assert not Indicator.objects.filter(slug=INDICATOR["slug"]).exists()
    # Mexico has a value of this one: its type cannot change, its name can.
    edit = "/countries/indicators/child-detention-prohibited/edit/"
    fields = {**INDICATOR, "slug": "ignored", "kind": "text"}
    response = editor.post(edit, fields)
    assert response.status_code == 400
    assert "its type cannot change" in read(response)
    response = editor.post(edit, {**fields, "kind": "answer"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(slug="child-detention-prohibited")  # the slug stays
    assert indicator.name_en == "Asylum seekers detained on arrival"


def test_an_editor_adds_and_corrects_a_point(country_world):
    editor = client_for(country_world.editor)
    new = f"/countries/statistics/{country_world.series.external_id}/points/new/"
    response = editor.post(
        new, {"period": "2023", "value": "120000", "source_url": "https://example.org/2023"}
    )
    assert response.status_code == 302
    point = StatisticPoint.objects.get(series=country_world.series, period="2023")
    assert (str(point.start), point.position) == ("2023-01-01", 6)
    assert point.changed_by == country_world.editor
    edit = f"/countries/statistics/{country_world.series.external_id}/points/{point.position}/edit/"
    assert "120000" in editor.get(edit).content.decode()
    editor.post(
        edit,
        {
            "period": "FY2023",
            "value": "121000",
            "approximate": "on",
            "source_url": "https://example.org/2023",
        },
    )
    point.refresh_from_db()
    assert (point.period_kind, point.value, point.approximate) == ("fiscal-year", 121000, True)
    assert "fiscal year 2023" in read(client_for(None).get("/countries/MX/"))


@pytest.mark.parametrize(
    ("period", "reason"),
    [("", "This field is required."), ("2023-13", "is not a real date"), ("2024/2023", "ends")],
)
def test_a_wrong_point_is_refused_with_its_reason(country_world, period, reason):
    editor = client_for(country_world.editor)
    new = f"/countries/statistics/{country_world.series.external_id}/points/new/"
    before = StatisticPoint.objects.count()
    data = {"period": period, "value": "7", "note": "kept note", "source_url": "https://e.org"}
    response = editor.post(new, data)
    assert response.status_code == 400
    assert reason in read(response)
    assert "kept note" in response.content.decode()
    assert StatisticPoint.objects.count() == before
    assert editor.post(new, {**data, "period": "2023"}).status_code == 302  # positive control


def test_an_event_needs_its_source(country_world):
    editor = client_for(country_world.editor)
    event = {
        "kind": "court-ruling",
        "date": "2019-01-01",
        "precision": "year",
        "title": "Ruling on the length of detention",
        "language": "en",
        "source_title": "Court",
        "source_url": "",
    }
    response = editor.post("/countries/MX/events/new/", event)
    assert response.status_code == 400
    assert not CountryEvent.objects.filter(title=event["title"]).exists()
    response = editor.post("/countries/MX/events/new/", {**event, "source_url": "https://e.org"})
    assert response["Location"] == "/countries/MX/#timeline"
    timeline = read(client_for(None).get("/countries/MX/"))
    # Known to the year only: the page says 2019, not 1 January 2019.
    assert "2019 · Court ruling" in timeline
    assert "Jan. 1, 2019" not in timeline


def test_only_editors_edit_and_nothing_is_written_otherwise(country_world, network):
    coordinator = make_user("coordinator@test.example", is_facilitator=True, two_factor=True)
    series = country_world.series.external_id
    writes = [
        ("/countries/indicators/new/", INDICATOR),
        (f"/countries/statistics/{series}/points/new/", {"period": "2030", "value": "1"}),
        ("/countries/MX/events/new/", {"title": "x"}),
    ]
    for person in (network.member, coordinator):
        for url, data in writes:
            assert client_for(person).post(url, data).status_code == 403
    assert not Indicator.objects.filter(slug=INDICATOR["slug"]).exists()
    assert not StatisticPoint.objects.filter(period="2030").exists()
    # The same write by an editor goes through.
    assert client_for(country_world.editor).post(*writes[0]).status_code == 302
