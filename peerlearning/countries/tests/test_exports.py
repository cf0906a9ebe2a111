"""The downloads: an indicator across countries, and a country's statistics, as CSV (for Excel,
Arabic included) and JSON; public, and in a bounded number of queries."""

import csv
import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.test import Client

from peerlearning.countries.actions import record_value
from peerlearning.countries.models import Indicator, StatisticPoint, StatisticSeries
from peerlearning.countries.statistics_io import import_statistics
from peerlearning.demo import STATISTICS_JSONL
from peerlearning.network.models import Country
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2024, 1, 1)


def prohibited() -> Indicator:
    return Indicator.objects.get(slug="child-detention-prohibited")


def record(code: str, answer: str = "yes", **fields) -> None:
    record_value(
        prohibited(),
        Country.objects.get(code=code),
        by=None,
        as_of=AS_OF,
        answer=answer,
        source_title=fields.pop("source_title", "Ley de Migración, reformed 2020"),
        source_url=fields.pop("source_url", "https://example.org/ley"),
        **fields,
    )


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def values():
    record("MX", "no", note="an earlier reading")
    record("MX", "yes", since=datetime.date(2020, 11, 11), instrument="law")
    record("TH", "partial", note='=HYPERLINK("https://evil.example")', source_title="+cmd")
    return prohibited()


def test_it_exports_an_indicators_current_values_as_csv(values):
    response = Client().get("/countries/indicators/child-detention-prohibited/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="child-detention-prohibited.csv"'
    )
    rows = read_csv(response)
    assert list(rows[0]) == [
        "country_code",
        "country_name",
        "value",
        "unit",
        "instrument",
        "since",
        "as_of",
        "source_title",
        "source_url",
        "note",
    ]
    # One row a country, its current value only (the earlier one is history).
    assert [(row["country_code"], row["country_name"], row["value"]) for row in rows] == [
        ("MX", "Mexico", "yes"),
        ("TH", "Thailand", "partial"),
    ]
    assert rows[0]["since"] == "2020-11-11" and rows[0]["as_of"] == "2024-01-01"
    assert rows[0]["instrument"] == "law"
    assert rows[0]["source_url"] == "https://example.org/ley"


def test_a_cell_that_would_run_as_a_formula_is_kept_as_text(values):
    rows = read_csv(Client().get("/countries/indicators/child-detention-prohibited/export.csv"))
    thailand = rows[1]
    assert thailand["note"] == '\'=HYPERLINK("https://evil.example")'
    assert thailand["source_title"] == "'+cmd"
    # The JSON keeps the text as written: no spreadsheet reads it.
    payload = Client().get("/countries/indicators/child-detention-prohibited/export.json").json()
    assert payload[1]["note"] == '=HYPERLINK("https://evil.example")'


def test_country_names_are_in_the_readers_language_and_the_header_is_not(values):
    response = Client().get(
        "/countries/indicators/child-detention-prohibited/export.csv", HTTP_ACCEPT_LANGUAGE="ar"
    )
    rows = read_csv(response)
    assert [row["country_name"] for row in rows] == ["المكسيك", "تايلاند"]
    assert "country_name" in rows[0] and rows[0]["value"] == "yes"


def test_it_exports_an_indicator_as_a_json_list(values):
    maximum = Indicator.objects.get(slug="maximum-detention-period")
    record_value(
        maximum,
        Country.objects.get(code="MX"),
        by=None,
        as_of=AS_OF,
        number=Decimal("36"),
        unit="hours",
        instrument="court-ruling",
        source_title="Supreme Court ruling",
        source_url="https://example.org/scjn",
    )
    response = Client().get("/countries/indicators/maximum-detention-period/export.json")
    assert response["Content-Disposition"] == (
        'attachment; filename="maximum-detention-period.json"'
    )
    assert response.json() == [
        {
            "country_code": "MX",
            "country_name": "Mexico",
            "value": 36,
            "unit": "hours",
            "instrument": "court-ruling",
            "since": None,
            "as_of": "2024-01-01",
            "source_title": "Supreme Court ruling",
            "source_url": "https://example.org/scjn",
            "note": "",
        }
    ]


def test_it_exports_a_countrys_statistics_point_by_point():
    import_statistics(STATISTICS_JSONL.open(encoding="utf-8"))
    response = Client().get("/countries/MY/statistics.csv")
    assert response["Content-Disposition"] == 'attachment; filename="my-statistics.csv"'
    rows = read_csv(response)
    assert list(rows[0]) == [
        "series",
        "indicator",
        "unit",
        "period",
        "start",
        "end",
        "value",
        "approximate",
        "note",
        "source_url",
    ]
    assert [(row["period"][:8], row["start"], row["end"], row["value"]) for row in rows] == [
        ("2019-07", "2019-07-01", "2019-07-31", "363"),
        ("12 April", "", "", "679"),
        ("12 April", "", "", "351"),
    ]
    mexico = Client().get("/countries/mx/statistics.json").json()
    assert len(mexico) == 12 + 1 + 7 + 2 + 1
    assert {row["series"] for row in mexico} == set(
        StatisticSeries.objects.filter(country="MX").values_list("external_id", flat=True)
    )
    first = next(row for row in mexico if row["approximate"])
    assert first["series"] == "mx-children-detained" and first["period"] == "1999/2020"
    assert (first["start"], first["end"]) == ("1999-01-01", "2020-12-31")
    taiwan = Client().get("/countries/TW/statistics.json").json()
    assert [row["value"] for row in taiwan] == [44.12, 27.84, 80.17, 51.94]
    assert read_csv(Client().get("/countries/TW/statistics.csv"))[0]["value"] == "44.12"
    # A country without statistics has an empty download, not an error.
    assert Client().get("/countries/FR/statistics.json").json() == []


def test_what_does_not_exist_is_not_found_and_nothing_is_written_by_a_post(values):
    assert Client().get("/countries/indicators/no-such-thing/export.csv").status_code == 404
    assert Client().get("/countries/ZZ/statistics.csv").status_code == 404
    assert Client().get("/countries/MX/statistics.xlsx").status_code == 404
    assert (
        Client().get("/countries/indicators/child-detention-prohibited/export.xml").status_code
        == 404
    )
    response = Client().post("/countries/indicators/child-detention-prohibited/export.csv")
    assert response.status_code == 405
    # The same addresses answer a visitor who is not signed in.
    assert Client().get("/countries/MX/statistics.csv").status_code == 200
    response = Client().get("/countries/indicators/child-detention-prohibited/export.csv")
    assert response.status_code == 200


def test_the_indicator_export_keeps_a_bounded_number_of_queries(django_assert_max_num_queries):
    codes = list(Country.objects.order_by("code").values_list("code", flat=True))

    def grow(count: int) -> None:
        done = prohibited().values.filter(is_current=True).count()
        for code in codes[done : done + count]:
            record(code)

    url = "/countries/indicators/child-detention-prohibited/export.csv"
    assert_queries_bounded(Client(), url, grow)
    with django_assert_max_num_queries(2):
        response = Client().get(url)
    assert len(read_csv(response)) == 33


def test_the_statistics_export_keeps_a_bounded_number_of_queries(django_assert_max_num_queries):
    def grow(count: int) -> None:
        start = StatisticSeries.objects.count()
        for number in range(start, start + count):
            series = StatisticSeries.objects.create(
                external_id=f"mx-series-{number}", country_id="MX", indicator="x", unit="persons"
            )
            StatisticPoint.objects.bulk_create(
                StatisticPoint(
                    series=series,
                    position=position,
                    period=str(2000 + position),
                    period_kind="year",
                    value=position,
                    source_url="https://example.org/",
                )
                for position in range(count)
            )

    url = "/countries/MX/statistics.json"
    assert_queries_bounded(Client(), url, grow)
    with django_assert_max_num_queries(2):
        response = Client().get(url)
    assert len(json.loads(response.content)) == 9 + 900
