"""/api/v1/countries: profiles, indicators and series for anyone; values recorded by editors
(with two factors) only, refused with the reason when they have no source or the wrong kind."""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client

from peerlearning.accounts.actions import create_api_token
from peerlearning.accounts.models import ApiToken
from peerlearning.countries.actions import record_event, record_value
from peerlearning.countries.models import Indicator, IndicatorValue
from peerlearning.countries.statistics_io import import_statistics
from peerlearning.demo import STATISTICS_JSONL
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

ANSWER = {
    "indicator": "child-detention-prohibited",
    "answer": "yes",
    "since": "2020-11-11",
    "as_of": "2021-01-11",
    "instrument": "law",
    "source_title": "Reform of the Migration Law, DOF 11 Nov 2020",
    "source_url": "https://www.dof.gob.mx/reforma",
}


@pytest.fixture
def world():
    import_statistics(STATISTICS_JSONL.open(encoding="utf-8"))
    mexico = Country.objects.get(code="MX")
    record_value(
        Indicator.objects.get(slug="maximum-detention-period"),
        mexico,
        by=None,
        as_of=datetime.date(2023, 1, 1),
        number=Decimal("36"),
        unit="hours",
        instrument="court-ruling",
        source_title="Supreme Court ruling",
        source_url="https://example.org/scjn",
    )
    record_event(
        mexico,
        by=None,
        kind="law-reform",
        date=datetime.date(2020, 11, 11),
        precision="day",
        title="Children's immigration detention prohibited",
        source_title="DOF",
        source_url="https://www.dof.gob.mx/reforma",
    )


@pytest.fixture
def editor():
    return make_user("editor@test.example", is_editor=True, two_factor=True)


def get(path: str, client: Client | None = None, **headers):
    response = (client or Client()).get(f"/api/v1{path}", **headers)
    return response.status_code, response.json()


def post(client: Client, path: str, body: dict, **headers):
    response = client.post(
        f"/api/v1{path}", json.dumps(body), content_type="application/json", **headers
    )
    return response.status_code, response.json()


def current(code: str = "MX", slug: str = "child-detention-prohibited"):
    return IndicatorValue.objects.current().filter(country=code, indicator__slug=slug)


# Reading ---------------------------------------------------------------------------------------


def test_it_lists_the_countries_named_in_the_readers_language(world):
    status, payload = get("/countries")
    assert status == 200
    assert payload["count"] == Country.objects.count() and len(payload["items"]) == 50
    _, last = get(f"/countries?page={(payload['count'] + 49) // 50}")
    codes = list(Country.objects.order_by("code").values_list("code", flat=True))
    page_of_mexico = codes.index("MX") // 50 + 1
    _, spanish = get(f"/countries?page={page_of_mexico}", HTTP_ACCEPT_LANGUAGE="es")
    listed = {c["code"]: c for page in (payload, last, spanish) for c in page["items"]}
    assert listed["AE"]["name"] == "United Arab Emirates"
    assert listed["ZW"]["programme_region"] == "africa"
    mexico = get(f"/countries?page={page_of_mexico}", HTTP_ACCEPT_LANGUAGE="ar")[1]["items"]
    assert {c["code"]: c["name"] for c in mexico}.get("MX") == "المكسيك"
    assert {c["code"]: c["name"] for c in spanish["items"]}.get("MX") == "México"
    assert get("/countries?page=0")[0] == 422


def test_a_profile_holds_the_indicators_the_series_and_the_timeline(world):
    status, profile = get("/countries/mx")
    assert status == 200
    assert (profile["code"], profile["name"], profile["programme_region"]) == (
        "MX",
        "Mexico",
        "americas",
    )
    assert profile["m49_region"] == "019" and profile["m49_region_name"] == "Americas"
    assert profile["url"] == "http://testserver/countries/MX/"
    indicators = {item["slug"]: item for item in profile["indicators"]}
    assert len(indicators) == Indicator.objects.count()
    assert indicators["maximum-detention-period"]["value"] == {
        "value": 36,
        "unit": "hours",
        "instrument": "court-ruling",
        "since": None,
        "as_of": "2023-01-01",
        "source_title": "Supreme Court ruling",
        "source_url": "https://example.org/scjn",
        "note": "",
    }
    # No value recorded yet: shown as such, not left out.
    assert indicators["child-detention-prohibited"]["value"] is None
    series = {item["id"]: item["points"] for item in profile["series"]}
    assert series["mx-inm-detentions-per-year"] == 12 and len(series) == 5
    assert [event["title"] for event in profile["events"]] == [
        "Children's immigration detention prohibited"
    ]


def test_a_countrys_series_carry_every_point_with_its_source(world):
    status, payload = get("/countries/MY/series")
    assert status == 200
    (series,) = payload["series"]
    assert series["id"] == "my-children-in-immigration-depots"
    assert series["sources"][0]["title"] == "Malay Mail, 6 Jul 2019"
    assert [(p["start"], p["end"], p["value"]) for p in series["points"]] == [
        ("2019-07-01", "2019-07-31", 363),
        (None, None, 679),
        (None, None, 351),
    ]
    _, taiwan = get("/countries/TW/series")
    assert [p["value"] for p in taiwan["series"][0]["points"]] == [44.12, 27.84, 80.17, 51.94]
    approximate = get("/countries/TH/series")[1]["series"][0]["points"][0]
    assert approximate["approximate"] is True and approximate["source_url"].startswith("https:")


def test_indicators_come_in_the_readers_language_and_all_four(world):
    status, indicators = get("/countries/indicators", HTTP_ACCEPT_LANGUAGE="es")
    assert status == 200
    by_slug = {item["slug"]: item for item in indicators}
    maximum = by_slug["maximum-detention-period"]
    assert set(maximum["names"]) == {"en", "es", "fr", "ar"}
    assert maximum["name"] == maximum["names"]["es"] != maximum["names"]["en"]
    assert maximum["definition"] == maximum["definitions"]["es"]
    status, detail = get("/countries/indicators/maximum-detention-period")
    assert status == 200 and detail["kind"] == "number"
    assert [(v["country"], v["value"], v["unit"]) for v in detail["values"]] == [
        ("MX", 36, "hours")
    ]


def test_what_does_not_exist_is_a_404_with_an_error(world):
    for path in (
        "/countries/ZZ",
        "/countries/MEX",
        "/countries/ZZ/series",
        "/countries/indicators/no-such-indicator",
    ):
        assert get(path) == (404, {"error": "Not found."}), path
    # The same shapes for what exists.
    assert get("/countries/MX")[0] == get("/countries/MX/series")[0] == 200
    assert get("/countries/indicators/presumption-of-liberty")[0] == 200


def test_reads_keep_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    for code in Country.objects.values_list("code", flat=True)[:60]:
        record_value(
            Indicator.objects.get(slug="official-places-of-detention"),
            Country.objects.get(code=code),
            by=None,
            as_of=datetime.date(2024, 1, 1),
            number=Decimal(3),
            source_title="Report",
            source_url="https://example.org/",
        )
    with django_assert_max_num_queries(2):
        _, detail = get("/countries/indicators/official-places-of-detention")
    assert len(detail["values"]) == 60
    with django_assert_max_num_queries(5):
        get("/countries/MX")
    with django_assert_max_num_queries(3):
        get("/countries/MX/series")
    with django_assert_max_num_queries(2):
        get("/countries")


# Recording a value -----------------------------------------------------------------------------


def test_an_editor_records_a_value_and_the_one_before_stays_as_history(world, editor):
    client = client_for(editor)
    status, value = post(client, "/countries/MX/values", ANSWER)
    assert status == 201
    assert value["value"] == "yes" and value["since"] == "2020-11-11"
    assert value["country"] == "MX" and value["indicator"] == "child-detention-prohibited"
    status, _ = post(client, "/countries/MX/values", {**ANSWER, "answer": "partial"})
    assert status == 201
    assert current().get().answer == "partial"
    assert (
        IndicatorValue.objects.filter(country="MX", indicator__slug=ANSWER["indicator"]).count()
        == 2
    )
    assert current().get().recorded_by == editor
    profile = get("/countries/MX")[1]
    shown = {item["slug"]: item["value"] for item in profile["indicators"]}
    assert shown["child-detention-prohibited"]["value"] == "partial"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"source_url": ""}, "Give the address of the source: a value needs its source."),
        ({"source_title": ""}, "Give the title of the source: a value needs its source."),
        ({"answer": "", "number": 5}, "This indicator takes yes, no or partly, not a number."),
        ({"answer": "maybe"}, "Answer yes, no or partly."),
        ({"source_url": "javascript:alert(1)"}, "must be a web address"),
    ],
)
def test_a_value_without_a_source_or_of_the_wrong_kind_is_refused_with_the_reason(
    world, editor, change, reason
):
    client = client_for(editor)
    status, payload = post(client, "/countries/MX/values", {**ANSWER, **change})
    assert status == 400
    assert reason in payload["error"]
    assert not current().exists()
    # The same request with its source and the right kind is saved.
    assert post(client, "/countries/MX/values", ANSWER)[0] == 201
    assert current().count() == 1


def test_a_body_the_schema_refuses_is_a_422_and_nothing_is_saved(world, editor):
    client = client_for(editor)
    for body in (
        {key: value for key, value in ANSWER.items() if key != "as_of"},
        {**ANSWER, "answer": "", "number": True},
        {**ANSWER, "source_title": "x" * 301},
    ):
        status, payload = post(client, "/countries/MX/values", body)
        assert status == 422 and payload["error"] == "The request is not valid."
    number = {**ANSWER, "indicator": "official-places-of-detention", "answer": "", "since": None}
    assert post(client, "/countries/MX/values", {**number, "number": 1e30})[0] == 422
    assert not current().exists()
    assert not current(slug="official-places-of-detention").exists()
    assert post(client, "/countries/MX/values", {**number, "number": 57})[0] == 201


def test_an_unknown_country_or_indicator_is_a_404_for_an_editor(world, editor):
    client = client_for(editor)
    assert post(client, "/countries/ZZ/values", ANSWER)[0] == 404
    assert post(client, "/countries/MX/values", {**ANSWER, "indicator": "nope"})[0] == 404
    assert not IndicatorValue.objects.filter(recorded_by=editor).exists()


def test_only_an_editor_with_two_factors_records_a_value(world, editor):
    """The insiders: a member who is not an editor, an editor who never set up two factors, a
    read-only token; each refused, and the editor with two factors is not."""
    member = make_user("member@test.example")
    status, payload = post(client_for(member), "/countries/MX/values", ANSWER)
    assert status == 403 and "editors" in payload["error"]
    status, payload = post(Client(), "/countries/MX/values", ANSWER)
    assert status == 401
    without = make_user("lazy.editor@test.example", is_editor=True)
    status, payload = post(client_for(without), "/countries/MX/values", ANSWER)
    assert status == 403 and "two-factor" in payload["error"]
    _, secret = create_api_token(without, name="script", scope=ApiToken.Scope.READ_WRITE)
    status, payload = post(
        Client(), "/countries/MX/values", ANSWER, HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert status == 403 and "two-factor" in payload["error"]
    _, member_secret = create_api_token(member, name="x", scope=ApiToken.Scope.READ_WRITE)
    bearer = f"Bearer {member_secret}"
    assert post(Client(), "/countries/MX/values", ANSWER, HTTP_AUTHORIZATION=bearer)[0] == 403
    _, read_only = create_api_token(editor, name="reader", scope=ApiToken.Scope.READ)
    bearer = f"Bearer {read_only}"
    status, payload = post(Client(), "/countries/MX/values", ANSWER, HTTP_AUTHORIZATION=bearer)
    assert status == 403 and "read-only" in payload["error"]
    assert not current().exists()
    # The editor with two factors, by a write token and by the session.
    _, writer = create_api_token(editor, name="writer", scope=ApiToken.Scope.READ_WRITE)
    bearer = f"Bearer {writer}"
    assert post(Client(), "/countries/MX/values", ANSWER, HTTP_AUTHORIZATION=bearer)[0] == 201
    assert post(client_for(editor), "/countries/TH/values", ANSWER)[0] == 201
    assert current().get().recorded_by == editor


def test_the_openapi_document_describes_the_endpoints(db):
    document = Client().get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/countries",
        "/api/v1/countries/{code}",
        "/api/v1/countries/{code}/series",
        "/api/v1/countries/{code}/values",
        "/api/v1/countries/indicators",
        "/api/v1/countries/indicators/{slug}",
    } <= set(document["paths"])
