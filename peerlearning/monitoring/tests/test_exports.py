"""The monitoring downloads: places, published incidents and recommendations, as CSV and JSON.
Public lists: the same for every persona, drafts never in them (asking for them is refused with
the reason), never a visit, a person affected or who recorded what; in a bounded number of
queries."""

import csv
import datetime
from io import StringIO

import pytest
from django.test import Client

from peerlearning.knowledge.models import Concept
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    Incident,
    Place,
    Recommendation,
    StatusChange,
)
from peerlearning.monitoring.testing import MONITOR_NAME, PERSON_MARKER, REPORT_MARKER
from peerlearning.network.models import Country, Organisation
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db

DRAFT_TITLE = "Qvx draft incident"
MARKERS = (REPORT_MARKER, MONITOR_NAME, PERSON_MARKER, DRAFT_TITLE)
DOWNLOADS = [
    f"/monitoring/{name}.{extension}"
    for name in ("places", "incidents", "recommendations")
    for extension in ("csv", "json")
]


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def world(monitoring_world):
    """The test world, with who recorded what named by a marker wherever a name is kept."""
    world = monitoring_world
    Recommendation.objects.filter(pk=world.recommendation.pk).update(recorded_by=world.monitor)
    StatusChange.objects.filter(recommendation=world.recommendation).update(
        recorded_by=world.monitor
    )
    Incident.objects.filter(pk=world.fire.pk).update(recorded_by=world.monitor)
    return world


@pytest.fixture
def personas(world, member, administrator):
    return {
        "visitor": Client(),
        "member": client_for(member),
        "editor": client_for(world.editor),
        "administrator": client_for(administrator),
        "GT monitor": client_for(world.other_monitor),
        "MX monitor": client_for(world.monitor),
    }


def test_no_download_shows_a_draft_a_report_a_team_or_a_person_to_anyone(personas):
    for persona, client in personas.items():
        for url in DOWNLOADS:
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            text = response.content.decode("utf-8")
            for marker in MARKERS:
                assert marker not in text, (persona, url, marker)
        # Positive control: the published incident is downloaded, the same for everyone.
        incidents = client.get("/monitoring/incidents.json").json()
        assert [incident["title"] for incident in incidents] == ["Fire in an immigration station"]


def test_it_downloads_the_places_with_their_facts(world):
    operator = Organisation.objects.create(slug="inm", name="Instituto Nacional de Migración")
    Place.objects.filter(pk=world.place.pk).update(
        operator=operator,
        latitude="14.90367",
        longitude="-92.26215",
        opened_on=datetime.date(2006, 3, 1),
        monitors_have_access="partly",
    )
    response = Client().get("/monitoring/places.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="places.csv"'
    [row] = read_csv(response)
    assert row == {
        "slug": "mx-siglo-xxi",
        "url": "http://testserver/monitoring/places/mx-siglo-xxi/",
        "country_code": "MX",
        "country_name": "Mexico",
        "official_name": "Estación Migratoria Siglo XXI",
        "official_type": "estación migratoria",
        "language": "es",
        "plain_type": "immigration detention centre",
        "locality": "Tapachula, Chiapas",
        "latitude": "14.90367",
        "longitude": "-92.26215",
        "capacity": "960",
        "operator": "Instituto Nacional de Migración",
        "status": "open",
        "opened_on": "2006-03-01",
        "closed_on": "",
        "monitors_have_access": "partly",
        "sources": '[{"title": "INM", "url": "https://example.org/siglo-xxi"}]',
    }
    [place] = Client().get("/monitoring/places.json").json()
    assert place["latitude"] == 14.90367 and place["capacity"] == 960
    assert place["sources"] == [{"title": "INM", "url": "https://example.org/siglo-xxi"}]
    # Filtered by country: Guatemala has none.
    assert Client().get("/monitoring/places.json?country=gt").json() == []
    assert len(Client().get("/monitoring/places.json?country=MX").json()) == 1


def test_it_downloads_published_incidents_with_their_sources_and_counts(world):
    response = Client().get("/monitoring/incidents.csv")
    assert response["Content-Disposition"] == 'attachment; filename="incidents.csv"'
    [row] = read_csv(response)
    assert row["uuid"] == str(world.fire.uuid)
    assert row["kinds"] == "fire; death"
    assert (row["people_affected"], row["dead"], row["injured"]) == ("68", "40", "27")
    assert row["place"] == "mx-siglo-xxi" and row["verification"] == "confirmed"
    assert row["nationalities"] == '[{"country": "GT", "count": null}]'
    assert "https://example.org/fire" in row["sources"]
    assert "recorded_by" not in row and "people" not in row
    [incident] = Client().get("/monitoring/incidents.json").json()
    assert incident["date"] == "2023-03-27" and incident["country_code"] == "MX"
    assert incident["sources"] == [
        {"title": "A source", "url": "https://example.org/fire", "date": "2023-03-28"}
    ]
    assert incident["nationalities"] == [{"country": "GT", "count": None}]
    # Filters: kind, year, country.
    assert len(Client().get("/monitoring/incidents.json?kind=fire&year=2023").json()) == 1
    assert Client().get("/monitoring/incidents.json?kind=hunger-strike").json() == []
    assert Client().get("/monitoring/incidents.json?year=2024").json() == []
    assert Client().get("/monitoring/incidents.json?country=GT").json() == []
    assert len(Client().get("/monitoring/incidents.json?status=published").json()) == 1
    assert len(Client().get("/monitoring/incidents.json?place=mx-siglo-xxi").json()) == 1


@pytest.mark.parametrize(
    "query",
    ["status=unpublished", "status=draft", "status=all", "drafts=1", "include=drafts", "mine=1"],
)
def test_asking_for_incidents_not_published_is_refused_with_the_reason(world, query):
    # Even the editor who publishes them and the country's team: a download is public.
    for user in (world.editor, world.monitor):
        client = client_for(user)
        response = client.get(f"/monitoring/incidents.csv?{query}")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        text = response.content.decode()
        assert "incident" in text or "filter" in text
        assert DRAFT_TITLE not in text and "Fire" not in text
        payload = client.get(f"/monitoring/incidents.json?{query}").json()
        assert set(payload) == {"error"} and payload["error"]
    # Positive control: the same persona downloads the published list.
    assert client_for(world.editor).get("/monitoring/incidents.csv").status_code == 200
    refused = Client().get("/monitoring/incidents.json?status=unpublished").json()["error"]
    assert "published incidents only" in refused


def test_recommendations_with_their_status_and_number_of_changes(world):
    concept = Concept.objects.create(slug="child-detention", labels={"en": "Child detention"})
    world.recommendation.concepts.add(concept)
    [row] = read_csv(Client().get("/monitoring/recommendations.csv"))
    assert row["uuid"] == str(world.recommendation.uuid)
    assert (row["status"], row["status_changes"]) == ("partly", "1")
    assert (row["body"], row["body_kind"]) == ("idc", "coalition")
    assert row["authority"] == "National Migration Institute"
    assert row["source_url"] == "https://example.org/statement"
    assert row["themes"] == "child-detention"
    assert "recorded_by" not in row
    # Filters as on the list: country, body, status, theme.
    url = "/monitoring/recommendations.json"
    assert len(Client().get(f"{url}?country=MX&body=idc&status=partly").json()) == 1
    assert len(Client().get(f"{url}?theme=child-detention").json()) == 1
    assert Client().get(f"{url}?status=implemented").json() == []
    assert Client().get(f"{url}?country=GT").json() == []


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/monitoring/places.csv?country=XX", "XX"),
        ("/monitoring/places.csv?status=demolished", "status"),
        ("/monitoring/incidents.csv?kind=party", "kind"),
        ("/monitoring/incidents.csv?year=twenty", "year"),
        ("/monitoring/incidents.csv?place=nowhere", "nowhere"),
        ("/monitoring/recommendations.csv?status=done", "status"),
        ("/monitoring/recommendations.csv?body=nobody", "nobody"),
        ("/monitoring/recommendations.csv?theme=nothing", "nothing"),
    ],
)
def test_a_filter_it_cannot_serve_is_refused_with_the_reason(world, url, reason):
    response = Client().get(url)
    assert response.status_code == 400
    assert reason in response.content.decode()
    # Positive control: the same download without the filter.
    assert Client().get(url.partition("?")[0]).status_code == 200


def test_an_unknown_format_is_not_found_and_writes_are_refused(world):
    for name in ("places", "incidents", "recommendations"):
        assert Client().get(f"/monitoring/{name}.xlsx").status_code == 404
        assert Client().get(f"/monitoring/{name}.CSV").status_code == 404
        assert Client().post(f"/monitoring/{name}.csv").status_code == 405
        assert Client().get(f"/monitoring/{name}.csv").status_code == 200


def test_a_cell_that_would_run_as_a_formula_is_kept_as_text(world):
    Recommendation.objects.filter(pk=world.recommendation.pk).update(
        authority='=HYPERLINK("https://evil.example")', text="+cmd"
    )
    [row] = read_csv(Client().get("/monitoring/recommendations.csv"))
    assert row["authority"] == '\'=HYPERLINK("https://evil.example")'
    assert row["text"] == "'+cmd"
    [item] = Client().get("/monitoring/recommendations.json").json()
    assert item["text"] == "+cmd"


def test_the_downloads_take_a_bounded_number_of_queries(world):
    mexico = Country.objects.get(code="MX")
    concept = Concept.objects.create(slug="child-detention", labels={"en": "Child detention"})
    operator = Organisation.objects.create(slug="inm", name="INM")

    def grow(count: int) -> None:
        start = Place.objects.count()
        for index in range(start, start + count):
            place = Place.objects.create(
                slug=f"place-{index}",
                country=mexico,
                official_name=f"Estación {index}",
                official_type="estación migratoria",
                plain_type="immigration detention centre",
                operator=operator,
            )
            Incident.objects.create(
                kinds=["fire"],
                title=f"Incident {index}",
                summary="A fire.",
                date=datetime.date(2023, 1, 1),
                country=mexico,
                place=place,
                sources=[{"title": "S", "url": "https://example.org/s"}],
                published_at=world.fire.published_at,
            )
            recommendation = Recommendation.objects.create(
                body=Body.objects.get(slug="idc"),
                country=mexico,
                authority="INM",
                text=f"Recommendation {index}",
                date=datetime.date(2023, 4, 4),
                source_title="S",
                source_url="https://example.org/s",
                same_as=world.recommendation,
            )
            recommendation.concepts.add(concept)
            for status in (Implementation.IN_PROGRESS, Implementation.IMPLEMENTED):
                StatusChange.objects.create(
                    recommendation=recommendation,
                    status=status,
                    date=datetime.date(2024, 1, 1),
                    source_title="S",
                    source_url="https://example.org/s",
                )

    for url in DOWNLOADS:
        assert_queries_bounded(Client(), url, grow)
    # Every row is there, with its own number of changes.
    rows = Client().get("/monitoring/recommendations.json").json()
    assert len(rows) == Recommendation.objects.count() == 1 + 6 * 33
    assert sorted({row["status_changes"] for row in rows}) == [1, 2]
    assert len(Client().get("/monitoring/incidents.json").json()) == 1 + 6 * 33


def test_a_public_download_ignores_a_parameter_it_does_not_take(world):
    """A link shared with a tracking parameter still downloads the public lists; only the
    incidents' download refuses what could widen it to drafts."""
    from django.test import Client

    client = Client()
    assert client.get("/monitoring/places.csv?utm_source=mail").status_code == 200
    assert client.get("/monitoring/recommendations.csv?utm_source=mail").status_code == 200
    assert client.get("/monitoring/incidents.csv?drafts=1").status_code == 400
