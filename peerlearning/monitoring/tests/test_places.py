"""Places of detention: the public list and page, and the editors' and monitoring teams' forms."""

import datetime

import pytest

from peerlearning.accounts.models import AuditEntry, User
from peerlearning.monitoring.models import Place, Visit
from peerlearning.monitoring.testing import MONITOR_NAME, REPORT_MARKER
from peerlearning.network.models import Country, Organisation
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user, page_text


def place_data(**changes: str) -> dict[str, str]:
    data = {
        "country": "MX",
        "official_name": "Estancia Provisional Tenosique",
        "official_type": "estancia provisional",
        "language": "es",
        "plain_type": "immigration detention centre",
        "locality": "Tenosique, Tabasco",
        "latitude": "17.47",
        "longitude": "-91.42",
        "capacity": "80",
        "operator": "",
        "status": "open",
        "opened_on": "2015-01-01",
        "closed_on": "",
        "monitors_have_access": "partly",
        "sources": "INM list of stations https://example.org/inm\nA report – https://example.org/r",
    }
    data.update(changes)
    return data


@pytest.fixture
def member(db):
    return make_user("plain-member@test.example", display_name="Pat Plain")


def test_it_lists_places_publicly_with_their_official_and_plain_names(monitoring_world):
    response = client_for(None).get("/monitoring/places/")
    assert response.status_code == 200
    text = page_text(response.content)
    assert "Estación Migratoria Siglo XXI" in text
    assert "Official type: estación migratoria" in text
    assert "What it is: immigration detention centre" in text
    assert "Open" in text
    assert "capacity 960 people" in text
    assert "Independent monitors have access: Not known" in text
    assert REPORT_MARKER not in text
    assert MONITOR_NAME not in text


def test_it_filters_the_list_by_country(monitoring_world):
    Place.objects.create(
        slug="gt-tecun",
        country=monitoring_world.guatemala,
        official_name="Albergue Tecún Umán",
        official_type="albergue",
        plain_type="immigration detention centre",
    )
    client = client_for(None)
    guatemala = page_text(client.get("/monitoring/places/?country=GT").content)
    assert "Albergue Tecún Umán" in guatemala
    assert "Siglo XXI" not in guatemala
    mexico = page_text(client.get("/monitoring/places/?country=mx").content)
    assert "Siglo XXI" in mexico
    assert "Tecún" not in mexico
    every = page_text(client.get("/monitoring/places/").content)
    assert "Siglo XXI" in every and "Tecún" in every


def test_it_refuses_other_methods_on_the_list(monitoring_world):
    assert client_for(None).post("/monitoring/places/").status_code == 405
    assert client_for(monitoring_world.editor).post("/monitoring/places/").status_code == 405


def test_it_shows_a_place_with_its_published_summaries_only(monitoring_world):
    response = client_for(None).get("/monitoring/places/mx-siglo-xxi/")
    assert response.status_code == 200
    text = page_text(response.content)
    assert "Estación Migratoria Siglo XXI" in text
    assert "immigration detention centre" in text
    assert "Tapachula, Chiapas" in text
    assert "960" in text
    assert "Ventilation improved since the last visit." in text
    assert "INM" in text
    # The unpublished visit is not even listed; no report, no team.
    assert "not published" not in text
    assert REPORT_MARKER not in text
    assert MONITOR_NAME not in text


def test_it_lists_the_unpublished_visit_for_the_country_team_only(monitoring_world, member):
    team = page_text(
        client_for(monitoring_world.monitor).get("/monitoring/places/mx-siglo-xxi/").content
    )
    assert "not published" in team
    assert "Record a visit" in team
    # Even the team reads the report on the visit's page, not on the place's.
    assert REPORT_MARKER not in team
    for persona in (member, monitoring_world.editor, monitoring_world.other_monitor):
        text = page_text(client_for(persona).get("/monitoring/places/mx-siglo-xxi/").content)
        assert "Ventilation improved" in text
        assert "not published" not in text
        assert "Record a visit" not in text
        assert REPORT_MARKER not in text
        assert MONITOR_NAME not in text


def test_it_answers_404_for_a_place_that_does_not_exist(monitoring_world):
    assert client_for(None).get("/monitoring/places/nowhere/").status_code == 404
    assert client_for(None).get("/monitoring/places/mx-siglo-xxi/").status_code == 200


def test_it_refuses_other_methods_on_a_place(monitoring_world):
    assert client_for(None).post("/monitoring/places/mx-siglo-xxi/").status_code == 405


def test_an_editor_records_a_place_in_any_country(monitoring_world):
    client = client_for(monitoring_world.editor)
    assert client.get("/monitoring/places/new/").status_code == 200
    response = client.post("/monitoring/places/new/", place_data(country="GT"))
    place = Place.objects.get(official_name="Estancia Provisional Tenosique")
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/places/{place.slug}/"
    assert place.country_id == "GT"
    assert place.capacity == 80
    assert place.monitors_have_access == "partly"
    assert place.sources == [
        {"title": "INM list of stations", "url": "https://example.org/inm"},
        {"title": "A report", "url": "https://example.org/r"},
    ]
    entry = AuditEntry.objects.get(action="place.created")
    assert entry.actor == monitoring_world.editor
    assert entry.details == {"country": "GT"}


def test_a_monitor_records_a_place_in_their_country_only(monitoring_world):
    gt_monitor = client_for(monitoring_world.other_monitor)
    page = gt_monitor.get("/monitoring/places/new/")
    assert page.status_code == 200
    # The list offers their country, and not another.
    assert '<option value="GT"' in page.content.decode()
    assert '<option value="MX"' not in page.content.decode()
    response = gt_monitor.post("/monitoring/places/new/", place_data(country="MX"))
    assert response.status_code == 403
    assert not Place.objects.filter(official_name="Estancia Provisional Tenosique").exists()
    assert not AuditEntry.objects.filter(action="place.created").exists()
    # Positive control: in Guatemala, they can.
    assert gt_monitor.post("/monitoring/places/new/", place_data(country="GT")).status_code == 302
    assert Place.objects.get(official_name="Estancia Provisional Tenosique").country_id == "GT"


def test_a_member_without_the_role_cannot_record_a_place(monitoring_world, member):
    client = client_for(member)
    assert client.get("/monitoring/places/new/").status_code == 403
    assert client.post("/monitoring/places/new/", place_data()).status_code == 403
    assert not Place.objects.filter(official_name="Estancia Provisional Tenosique").exists()


def test_a_visitor_is_asked_to_sign_in_to_record_a_place(monitoring_world):
    response = client_for(None).get("/monitoring/places/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_refuses_other_methods_on_the_place_form(monitoring_world):
    client = client_for(monitoring_world.editor)
    assert client.put("/monitoring/places/new/").status_code == 405
    assert client.delete("/monitoring/places/mx-siglo-xxi/edit/").status_code == 405


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": "-1"}, "capacity", "greater than or equal to 0"),
        ({"closed_on": "2020-01-01"}, "closed_on", "Only a closed place has a closing date"),
        (
            {"status": "closed", "closed_on": "2014-01-01"},
            "closed_on",
            "cannot close before it opened",
        ),
        ({"latitude": "95"}, "latitude", "less than or equal to 90"),
        ({"longitude": ""}, "longitude", "Give both coordinates, or neither."),
        ({"sources": "Just a title"}, "sources", "Line 1: end it with the source"),
        ({"sources": "https://example.org/x"}, "sources", "Line 1: give the source"),
        ({"sources": "A title javascript:alert(1)"}, "sources", "Line 1: end it"),
        ({"country": ""}, "country", "This field is required."),
    ],
)
def test_it_refuses_a_wrong_place_and_keeps_what_was_typed(
    monitoring_world, changes, field, message
):
    client = client_for(monitoring_world.editor)
    response = client.post("/monitoring/places/new/", place_data(**changes))
    assert response.status_code == 400
    assert message in page_text(response.content)
    assert field in response.context["form"].errors
    assert "Estancia Provisional Tenosique" in response.content.decode()
    assert not Place.objects.filter(official_name="Estancia Provisional Tenosique").exists()


def test_a_closed_place_keeps_its_dates(monitoring_world):
    client = client_for(monitoring_world.editor)
    data = place_data(status="closed", closed_on="2023-04-01", latitude="", longitude="")
    assert client.post("/monitoring/places/new/", data).status_code == 302
    place = Place.objects.get(official_name="Estancia Provisional Tenosique")
    assert place.closed_on == datetime.date(2023, 4, 1)
    assert place.latitude is None


def test_the_country_team_corrects_a_place(monitoring_world):
    organisation = Organisation.objects.create(name="Instituto Nacional de Migración", slug="inm")
    client = client_for(monitoring_world.monitor)
    page = client.get("/monitoring/places/mx-siglo-xxi/edit/")
    assert page.status_code == 200
    assert "Estación Migratoria Siglo XXI" in page.content.decode()
    data = place_data(official_name="Estación Migratoria Siglo XXI", capacity="1000")
    data["operator"] = "inm"
    response = client.post("/monitoring/places/mx-siglo-xxi/edit/", data)
    assert response.status_code == 302
    place = Place.objects.get(slug="mx-siglo-xxi")
    assert place.capacity == 1000
    assert place.operator == organisation
    assert AuditEntry.objects.filter(action="place.changed", actor=monitoring_world.monitor)
    public = page_text(client_for(None).get("/monitoring/places/mx-siglo-xxi/").content)
    assert "Instituto Nacional de Migración" in public


def test_another_country_team_cannot_correct_a_place(monitoring_world, member):
    data = place_data(official_name="Renamed", country="GT")
    for persona in (monitoring_world.other_monitor, member):
        client = client_for(persona)
        assert client.get("/monitoring/places/mx-siglo-xxi/edit/").status_code == 403
        assert client.post("/monitoring/places/mx-siglo-xxi/edit/", data).status_code == 403
    assert Place.objects.get(slug="mx-siglo-xxi").official_name == "Estación Migratoria Siglo XXI"
    assert not AuditEntry.objects.filter(action="place.changed").exists()
    # The editor can correct it (positive control; a place with visits stays in its country).
    client = client_for(monitoring_world.editor)
    data = place_data(official_name="Renamed", country="MX")
    assert client.post("/monitoring/places/mx-siglo-xxi/edit/", data).status_code == 302
    assert Place.objects.get(slug="mx-siglo-xxi").official_name == "Renamed"


def test_a_monitor_cannot_move_a_place_to_a_country_not_theirs(monitoring_world):
    client = client_for(monitoring_world.monitor)
    data = place_data(official_name="Moved", country="GT")
    assert client.post("/monitoring/places/mx-siglo-xxi/edit/", data).status_code == 403
    place = Place.objects.get(slug="mx-siglo-xxi")
    assert (place.country_id, place.official_name) == ("MX", "Estación Migratoria Siglo XXI")


def test_an_unknown_place_cannot_be_edited(monitoring_world):
    client = client_for(monitoring_world.editor)
    assert client.get("/monitoring/places/nowhere/edit/").status_code == 404


def _more_places(count: int) -> None:
    mexico = Country.objects.get(code="MX")
    organisation, _created = Organisation.objects.get_or_create(slug="op", name="Operator")
    start = Place.objects.count()
    for number in range(start, start + count):
        Place.objects.create(
            slug=f"place-{number}",
            country=mexico if number % 2 else Country.objects.get(code="GT"),
            official_name=f"Place {number}",
            official_type="estación migratoria",
            plain_type="immigration detention centre",
            operator=organisation,
            capacity=number,
        )


def test_the_list_keeps_a_bounded_number_of_queries(
    monitoring_world, django_assert_max_num_queries
):
    for client in (client_for(None), client_for(monitoring_world.monitor)):
        with django_assert_max_num_queries(12):
            assert client.get("/monitoring/places/").status_code == 200
    assert_queries_bounded(client_for(None), "/monitoring/places/", _more_places)
    assert_queries_bounded(client_for(None), "/monitoring/places/?country=MX", _more_places)


def _more_visits(count: int) -> None:
    place = Place.objects.get(slug="mx-siglo-xxi")
    monitor = User.objects.get(email="monitor@test.example")
    for number in range(count):
        visit = Visit.objects.create(
            place=place,
            date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            summary=f"Summary {number}",
            published_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
        )
        visit.team.set([monitor])
        Visit.objects.create(place=place, date=datetime.date(2025, 2, 1), report=REPORT_MARKER)


def test_the_place_page_keeps_a_bounded_number_of_queries(
    monitoring_world, django_assert_max_num_queries
):
    url = "/monitoring/places/mx-siglo-xxi/"
    for client in (client_for(None), client_for(monitoring_world.monitor)):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
    assert_queries_bounded(client_for(None), url, _more_visits)
    assert_queries_bounded(client_for(monitoring_world.monitor), url, _more_visits)
    assert_queries_bounded(client_for(monitoring_world.other_monitor), url, _more_visits)
