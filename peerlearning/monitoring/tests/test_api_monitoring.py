"""/api/v1/monitoring: places, incidents, recommendations and visits as every persona may see
them. A visit's report and team only for the country's monitoring team and administrators
(audited when unpublished); people affected by an incident and who recorded what, never."""

import datetime
import json

import pytest
from django.test import Client

from peerlearning.accounts.actions import create_api_token
from peerlearning.accounts.models import ApiToken, AuditEntry
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    Incident,
    Place,
    Recommendation,
    StatusChange,
)
from peerlearning.monitoring.testing import MONITOR_NAME, PERSON_MARKER, REPORT_MARKER
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for
from peerlearning.testing import count_queries, make_user

pytestmark = pytest.mark.django_db

API = "/api/v1/monitoring"
DRAFT_TITLE = "Qvx draft incident"


@pytest.fixture
def world(monitoring_world):
    """The test world, with who recorded what named by a marker wherever a name is kept."""
    world = monitoring_world
    Recommendation.objects.filter(pk=world.recommendation.pk).update(recorded_by=world.monitor)
    StatusChange.objects.filter(recommendation=world.recommendation).update(
        recorded_by=world.monitor
    )
    Incident.objects.filter(pk=world.fire.pk).update(recorded_by=world.monitor)
    world.fire.unmet_recommendations.add(world.recommendation)
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


def urls(world) -> list[str]:
    return [
        f"{API}/places",
        f"{API}/places/mx-siglo-xxi",
        f"{API}/incidents",
        f"{API}/incidents?country=MX&year=2026",
        f"{API}/incidents/{world.fire.uuid}",
        f"{API}/incidents/{world.draft.uuid}",
        f"{API}/recommendations",
        f"{API}/recommendations/{world.recommendation.uuid}",
        f"{API}/visits/{world.published.uuid}",
        f"{API}/visits/{world.unpublished.uuid}",
    ]


def crawl(client: Client, world) -> str:
    return "\n".join(client.get(url).content.decode() for url in urls(world))


def test_no_answer_names_a_person_affected_or_who_recorded_anything(world, personas):
    for persona, client in personas.items():
        text = crawl(client, world)
        assert PERSON_MARKER not in text, persona
        assert "recorded_by" not in text and '"people":' not in text
        # Positive control: the incident naming the person is there, with its counts.
        incident = client.get(f"{API}/incidents/{world.fire.uuid}").json()
        assert (incident["people_affected"], incident["dead"]) == (68, 40), persona


@pytest.mark.parametrize("persona", ["visitor", "member", "editor", "GT monitor"])
def test_the_report_and_the_team_are_for_the_countrys_team_and_administrators(
    world, personas, persona
):
    client = personas[persona]
    text = crawl(client, world)
    assert REPORT_MARKER not in text and MONITOR_NAME not in text
    # The unpublished visit is not found; the published one gives its summary, no team.
    response = client.get(f"{API}/visits/{world.unpublished.uuid}")
    assert response.status_code == 404 and response.json() == {"error": "Not found."}
    visit = client.get(f"{API}/visits/{world.published.uuid}").json()
    assert visit["summary"] == "Ventilation improved since the last visit."
    assert (visit["report"], visit["team"], visit["findings"]) == (None, None, None)
    assert not AuditEntry.objects.filter(action="visit.report_read").exists()


@pytest.mark.parametrize("persona", ["MX monitor", "administrator"])
def test_the_countrys_team_and_administrators_read_the_report(world, personas, persona):
    client = personas[persona]
    visit = client.get(f"{API}/visits/{world.unpublished.uuid}").json()
    assert REPORT_MARKER in visit["report"] and visit["team"] == [MONITOR_NAME]
    assert visit["published"] is False and visit["recommendations_made"] == "Release families."
    assert visit["findings"] == [
        {
            "item": "occupancy",
            "finding": "not-met",
            "notes": f"{REPORT_MARKER} 1,400",
            "unmet_recommendation": None,
        }
    ]
    # The read of the unpublished report is audited; that of the published one is not.
    assert AuditEntry.objects.filter(action="visit.report_read").count() == 1
    published = client.get(f"{API}/visits/{world.published.uuid}").json()
    assert f"{REPORT_MARKER}-2" in published["report"]
    assert AuditEntry.objects.filter(action="visit.report_read").count() == 1
    # Still never a person affected, even for the team (their page, audited, shows them).
    assert PERSON_MARKER not in crawl(client, world)


@pytest.mark.parametrize(
    ("persona", "sees_draft"),
    [
        ("visitor", False),
        ("member", False),
        ("GT monitor", False),
        ("editor", True),
        ("administrator", True),
        ("MX monitor", True),
    ],
)
def test_drafts_are_for_editors_and_the_countrys_team(world, personas, persona, sees_draft):
    client = personas[persona]
    listed = client.get(f"{API}/incidents").json()
    titles = {item["title"]: item["published"] for item in listed["items"]}
    assert titles.get("Fire in an immigration station") is True
    assert (DRAFT_TITLE in titles) is sees_draft
    assert listed["count"] == len(titles)
    response = client.get(f"{API}/incidents/{world.draft.uuid}")
    assert response.status_code == (200 if sees_draft else 404)
    assert (DRAFT_TITLE in crawl(client, world)) is sees_draft


def test_places_with_their_visits_and_incidents(world, personas):
    payload = Client().get(f"{API}/places?country=MX").json()
    assert payload["count"] == 1
    [place] = payload["items"]
    assert place["slug"] == "mx-siglo-xxi" and place["country"] == "MX"
    assert place["official_type"] == "estación migratoria" and place["capacity"] == 960
    assert Client().get(f"{API}/places?country=GT").json() == {"count": 0, "items": []}
    detail = Client().get(f"{API}/places/mx-siglo-xxi").json()
    assert (detail["visit_count"], detail["incident_count"]) == (1, 1)
    assert [visit["uuid"] for visit in detail["visits"]] == [str(world.published.uuid)]
    assert [incident["title"] for incident in detail["incidents"]] == [
        "Fire in an immigration station"
    ]
    # The country's team knows of its unpublished visit (its content at /visits/{uuid}).
    detail = personas["MX monitor"].get(f"{API}/places/mx-siglo-xxi").json()
    assert [visit["published"] for visit in detail["visits"]] == [False, True]
    assert detail["incident_count"] == 1  # the draft is not at a known place
    at_place = Client().get(f"{API}/incidents?place=mx-siglo-xxi").json()
    assert [item["title"] for item in at_place["items"]] == ["Fire in an immigration station"]
    assert Client().get(f"{API}/places/nowhere").status_code == 404


def test_recommendations_with_their_history(world):
    payload = Client().get(f"{API}/recommendations?country=MX&body=idc&status=partly").json()
    assert payload["count"] == 1
    [item] = payload["items"]
    assert (item["status"], item["status_changes"], item["body_kind"]) == ("partly", 1, "coalition")
    assert Client().get(f"{API}/recommendations?status=implemented").json()["count"] == 0
    detail = Client().get(f"{API}/recommendations/{world.recommendation.uuid}").json()
    assert detail["history"] == [
        {
            "status": "partly",
            "date": "2023-05-01",
            "source_title": "A law",
            "source_url": "https://example.org/law",
            "note": "Children no longer held in stations.",
        }
    ]
    incident = Client().get(f"{API}/incidents/{world.fire.uuid}").json()
    assert incident["unmet_recommendations"] == [str(world.recommendation.uuid)]
    assert incident["sources"][0]["url"] == "https://example.org/fire"


@pytest.mark.parametrize(
    ("path", "status", "reason", "control"),
    [
        ("/places?country=XX", 400, "XX", "/places?country=MX"),
        ("/places?status=demolished", 400, "status", "/places?status=open"),
        ("/incidents?kind=party", 400, "kind", "/incidents?kind=fire"),
        ("/incidents?year=twenty", 400, "year", "/incidents?year=2023"),
        ("/incidents?place=nowhere", 400, "nowhere", "/incidents?place=mx-siglo-xxi"),
        ("/recommendations?status=done", 400, "status", "/recommendations?status=partly"),
        ("/recommendations?body=nobody", 400, "nobody", "/recommendations?body=idc"),
        ("/recommendations?theme=nothing", 400, "nothing", "/recommendations"),
        ("/places?page=0", 422, "page", "/places?page=1"),
        ("/incidents?page=100001", 422, "page", "/incidents?page=2"),
        ("/recommendations?page=x", 422, "valid", "/recommendations?page=1"),
        ("/incidents/not-a-uuid", 404, "Not found", "/incidents"),
        ("/recommendations/not-a-uuid", 404, "Not found", "/recommendations"),
        ("/visits/not-a-uuid", 404, "Not found", "/places/mx-siglo-xxi"),
    ],
)
def test_bad_requests_are_answered_with_the_reason(world, path, status, reason, control):
    response = Client().get(f"{API}{path}")
    assert response.status_code == status, path
    assert reason in response.json()["error"]
    assert Client().get(f"{API}{control}").status_code == 200


def test_a_token_reads_as_its_owner_and_a_bad_token_is_refused(world):
    _, secret = create_api_token(world.monitor, name="script", scope=ApiToken.Scope.READ)
    response = Client().get(
        f"{API}/visits/{world.unpublished.uuid}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200 and REPORT_MARKER in response.json()["report"]
    refused = Client().get(
        f"{API}/visits/{world.unpublished.uuid}", HTTP_AUTHORIZATION="Bearer nonsense"
    )
    assert refused.status_code == 401 and REPORT_MARKER not in refused.content.decode()


def test_a_monitor_without_two_factors_reads_nothing_restricted(world):
    lax = make_user("lax-monitor@test.example", display_name="Lax")
    lax.monitoring_teams.create(country_id="MX")
    response = client_for(lax).get(f"{API}/visits/{world.unpublished.uuid}")
    assert response.status_code == 403 and REPORT_MARKER not in response.content.decode()
    # Positive control: with two factors, the same role reads it.
    assert client_for(world.monitor).get(f"{API}/visits/{world.unpublished.uuid}").json()["report"]


def test_lists_and_details_take_a_bounded_number_of_queries(world, personas):
    mexico = Country.objects.get(code="MX")
    body = Body.objects.get(slug="idc")

    def grow(count: int) -> None:
        start = Place.objects.count()
        for index in range(start, start + count):
            Place.objects.create(
                slug=f"place-{index}",
                country=mexico,
                official_name=f"Estación {index}",
                official_type="estación migratoria",
                plain_type="immigration detention centre",
            )
            Incident.objects.create(
                kinds=["fire"],
                title=f"Incident {index}",
                summary="A fire.",
                date=datetime.date(2023, 1, 1),
                country=mexico,
                place=world.place,
                sources=[{"title": "S", "url": "https://example.org/s"}],
                published_at=None if index % 2 else world.fire.published_at,
            )
            StatusChange.objects.create(
                recommendation=world.recommendation,
                status=Implementation.IN_PROGRESS,
                date=datetime.date(2024, 1, 1),
                source_title="S",
                source_url="https://example.org/s",
            )
            Recommendation.objects.create(
                body=body,
                country=mexico,
                authority="INM",
                text=f"Recommendation {index}",
                date=datetime.date(2023, 4, 4),
                source_title="S",
                source_url="https://example.org/s",
            )

    paths = [
        "/places",
        "/places/mx-siglo-xxi",
        "/incidents",
        "/recommendations",
        f"/recommendations/{world.recommendation.uuid}",
        f"/incidents/{world.fire.uuid}",
        f"/visits/{world.published.uuid}",
    ]
    for persona in ("visitor", "MX monitor"):
        client = personas[persona]
        grow(3)
        small = [count_queries(client, f"{API}{path}") for path in paths]
        grow(60)
        large = [count_queries(client, f"{API}{path}") for path in paths]
        assert small == large, persona
    assert Client().get(f"{API}/places").json()["count"] == 1 + 2 * 63


def test_the_openapi_document_types_the_monitoring_endpoints(db):
    document = Client().get("/api/v1/openapi.json").json()
    assert {
        f"{API}/places",
        f"{API}/places/{{slug}}",
        f"{API}/incidents",
        f"{API}/incidents/{{uuid}}",
        f"{API}/recommendations",
        f"{API}/recommendations/{{uuid}}",
        f"{API}/visits/{{uuid}}",
    } <= set(document["paths"])
    schemas = document["components"]["schemas"]
    visit = schemas["VisitOut"]["properties"]
    assert {"report", "team", "findings", "summary"} <= set(visit)
    assert "people" not in schemas["IncidentDetailOut"]["properties"]
    # Each schema keeps its own component: the sources of a place carry their date.
    source = schemas["PlaceOut"]["properties"]["sources"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "date" in schemas[source]["properties"]


STEP = {
    "status": "implemented",
    "date": "2025-01-15",
    "source_title": "Official Gazette",
    "source_url": "https://example.org/gazette",
    "note": "Qvx step note",
}


def post_step(client: Client, world, body: dict, **headers):
    return client.post(
        f"{API}/recommendations/{world.recommendation.uuid}/status",
        json.dumps(body),
        content_type="application/json",
        **headers,
    )


def steps(world) -> int:
    return StatusChange.objects.filter(recommendation=world.recommendation).count()


def test_the_countrys_team_and_editors_record_a_status_change(world, personas):
    response = post_step(personas["MX monitor"], world, STEP)
    assert response.status_code == 201
    payload = response.json()
    assert (payload["status"], payload["status_changes"]) == ("implemented", 2)
    assert payload["history"][0] == STEP
    assert MONITOR_NAME not in response.content.decode()
    assert StatusChange.objects.get(note="Qvx step note").recorded_by == world.monitor
    # An editor, by a write token.
    _, secret = create_api_token(world.editor, name="w", scope=ApiToken.Scope.READ_WRITE)
    step = {**STEP, "status": "regressed", "date": "2025-06-01", "note": ""}
    response = post_step(Client(), world, step, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 201 and response.json()["status"] == "regressed"
    assert steps(world) == 3


def test_a_status_change_is_refused_to_whoever_may_not_track_the_country(world, personas):
    assert post_step(Client(), world, STEP).status_code == 401
    for persona in ("member", "GT monitor"):
        response = post_step(personas[persona], world, STEP)
        assert response.status_code == 403, persona
        assert response.json()["error"]
    _, read_only = create_api_token(world.editor, name="r", scope=ApiToken.Scope.READ)
    response = post_step(Client(), world, STEP, HTTP_AUTHORIZATION=f"Bearer {read_only}")
    assert response.status_code == 403 and "read-only" in response.json()["error"]
    lax = make_user("lax-editor@test.example", is_editor=True)
    assert post_step(client_for(lax), world, STEP).status_code == 403
    missing = personas["editor"].post(
        f"{API}/recommendations/00000000-0000-0000-0000-000000000000/status",
        json.dumps(STEP),
        content_type="application/json",
    )
    assert missing.status_code == 404
    assert steps(world) == 1
    assert Recommendation.objects.get(pk=world.recommendation.pk).status == "partly"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source_title": "", "source_url": ""}, "source"),
        ({"source_url": "javascript:alert(1)"}, "address"),
        ({"date": "2999-01-01"}, "future"),
        ({"status": "finished"}, "status"),
    ],
)
def test_a_status_change_without_a_source_or_in_the_future_is_refused(
    world, personas, change, field
):
    response = post_step(personas["MX monitor"], world, {**STEP, **change})
    assert response.status_code == 400
    assert field in response.json()["error"]
    assert steps(world) == 1
    # Positive control: the same step, complete, is recorded.
    assert post_step(personas["MX monitor"], world, STEP).status_code == 201
    assert steps(world) == 2
