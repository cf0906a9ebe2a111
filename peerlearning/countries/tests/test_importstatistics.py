"""`manage.py importstatistics FILE`: the statistics format of peerlearning/demo/data/README.md,
all or nothing, every problem listed by line (and by point), idempotent by `id`."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from peerlearning.countries.models import PeriodKind, StatisticPoint, StatisticSeries
from peerlearning.countries.statistics_io import ImportRejected, import_statistics
from peerlearning.demo import STATISTICS_JSONL

pytestmark = pytest.mark.django_db

GOOD: dict[str, Any] = {
    "id": "mx-detentions",
    "country_iso2": "MX",
    "indicator": "People detained by the migration institute",
    "unit": "persons",
    "series": [
        {"period": "2021", "value": 307569, "source_url": "https://example.org/2021"},
        {"period": "2022", "value": 444439, "source_url": "https://example.org/2022"},
    ],
    "sources": [{"url": "https://example.org/2022", "title": "INM bulletin 2022"}],
}


def write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "statistics.jsonl"
    lines = (record if isinstance(record, str) else json.dumps(record) for record in records)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("importstatistics", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path: Path) -> list[str]:
    """The problems the command lists, one a line, once it has refused the file."""
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("importstatistics", str(path), stdout=StringIO(), stderr=err)
    return err.getvalue().splitlines()


def with_point(**changes: object) -> dict:
    point = {**GOOD["series"][0], **changes}
    return {**GOOD, "series": [point]}


def test_it_imports_the_demo_file_whole():
    out, _ = run(STATISTICS_JSONL)
    assert "20 series created, 0 updated." in out
    assert StatisticSeries.objects.count() == 20
    assert StatisticPoint.objects.count() == 68
    mexico = StatisticSeries.objects.get(external_id="mx-inm-detentions-per-year")
    assert mexico.country_id == "MX" and mexico.unit == "persons (events)"
    # A period given twice by two sources keeps both points, each with its own source.
    twice = mexico.points.filter(period="2005").order_by("position")
    assert [(p.value, p.approximate) for p in twice] == [(240269, False), (240000, True)]
    assert twice[0].source_url != twice[1].source_url
    cost = StatisticSeries.objects.get(external_id="us-detention-vs-atd-cost")
    assert cost.points.get(position=1).value == Decimal("128.88")


def test_it_keeps_the_periods_the_format_does_not_define_as_undated_text():
    run(STATISTICS_JSONL)
    malaysia = StatisticSeries.objects.get(external_id="my-children-in-immigration-depots")
    undated = malaysia.points.filter(period_kind=PeriodKind.TEXT).order_by("position")
    assert [p.period for p in undated] == [
        "12 April (year not stated in excerpt; Home Minister Saifuddin Nasution's tenure)",
        "12 April (same date)",
    ]
    assert all(p.start is None and p.end is None for p in undated)
    assert [p.value for p in undated] == [679, 351]
    dated = malaysia.points.get(period="2019-07")
    assert (dated.period_kind, str(dated.start), str(dated.end)) == (
        "month",
        "2019-07-01",
        "2019-07-31",
    )
    thailand = StatisticPoint.objects.get(series__external_id="th-children-benefiting-atd")
    assert thailand.period_kind == PeriodKind.TEXT and not thailand.is_dated
    fiscal = StatisticPoint.objects.filter(period="FY2016").first()
    assert fiscal is not None and fiscal.period_kind == PeriodKind.FISCAL_YEAR


def test_it_creates_nothing_twice_when_the_same_file_comes_again():
    run(STATISTICS_JSONL)
    first = set(StatisticPoint.objects.values_list("series__external_id", "period", "value"))
    out, _ = run(STATISTICS_JSONL)
    assert "0 series created, 20 updated." in out
    assert StatisticSeries.objects.count() == 20
    assert StatisticPoint.objects.count() == 68
    again = set(StatisticPoint.objects.values_list("series__external_id", "period", "value"))
    assert again == first


def test_it_updates_a_series_and_replaces_its_points(tmp_path):
    run(write(tmp_path, GOOD))
    series = StatisticSeries.objects.get()
    changed = {
        **GOOD,
        "unit": "events",
        "series": [{"period": "2023", "value": 1.5, "source_url": "https://example.org/2023"}],
    }
    out, _ = run(write(tmp_path, changed))
    assert "0 series created, 1 updated." in out
    series.refresh_from_db()
    assert series.unit == "events"
    assert list(series.points.values_list("period", "value")) == [("2023", Decimal("1.5"))]


def test_an_optional_field_given_as_null_is_read_as_left_out(tmp_path):
    point = {**GOOD["series"][0], "approximate": None, "note": None}
    run(write(tmp_path, {**GOOD, "series": [point], "notes": None, "sources": None}))
    series = StatisticSeries.objects.get()
    assert (series.notes, series.sources) == ("", [])
    assert series.points.get().approximate is False
    # A required field given as null is still missing.
    assert refused(write(tmp_path, {**GOOD, "unit": None})) == ["line 1: “unit” is required"]
    nulls = {**GOOD, "series": [{"period": None, "value": None, "source_url": None}]}
    assert refused(write(tmp_path, nulls)) == [
        "line 1, point 1: “period” is required",
        "line 1, point 1: “source_url” is required",
        "line 1, point 1: “value” must be a number, not null",
    ]


def test_what_a_source_holds_besides_its_url_and_title_is_kept(tmp_path):
    source = {"url": "https://example.org/", "title": "Bulletin", "page": 12.5, "lang": "es"}
    run(write(tmp_path, {**GOOD, "sources": [source]}))
    assert StatisticSeries.objects.get().sources == [source]


def test_the_demo_may_add_without_undoing_an_editors_work(tmp_path):
    run(write(tmp_path, GOOD))
    StatisticSeries.objects.update(unit="corrected by an editor")
    other = {**GOOD, "id": "mx-other"}
    lines = [json.dumps({**GOOD, "unit": "from the file"}), json.dumps(other)]
    assert import_statistics(lines, update_existing=False) == (1, 0)
    assert StatisticSeries.objects.get(external_id="mx-detentions").unit == (
        "corrected by an editor"
    )
    assert StatisticSeries.objects.get(external_id="mx-other").points.count() == 2


def test_a_file_with_any_bad_line_is_refused_whole_with_every_problem_by_line(tmp_path):
    path = write(
        tmp_path,
        GOOD,
        {**GOOD, "id": "zz-nowhere", "country_iso2": "ZZ"},
        {**with_point(period=""), "id": "mx-empty-period"},
        {**with_point(value="12,000"), "id": "mx-text-value"},
        {**with_point(value=True), "id": "mx-bool-value"},
        GOOD,
        {**with_point(source_url=""), "id": "mx-no-source"},
        "{not json",
        {**GOOD, "id": "mx-extra", "colour": "blue"},
        {
            **GOOD,
            "id": "mx-two-bad-points",
            "series": [
                GOOD["series"][0],
                {"period": "2019-13", "value": 1, "source_url": "ftp://example.org/x"},
                {"period": "2020", "value": 2, "source_url": "https://example.org/", "n": 1},
            ],
        },
        {**GOOD, "id": "mx-bad-sources", "sources": [{"url": "https://example.org/"}]},
        '{"id": "mx-nan", "country_iso2": "MX", "indicator": "x", "unit": "persons", '
        '"series": [{"period": "2020", "value": NaN, "source_url": "https://example.org/"}]}',
        {**with_point(), "id": "mx-no-url"} | {"series": [{"period": "2020", "value": 3}]},
        {**GOOD, "id": "mx-javascript", "sources": [{"url": "javascript:x", "title": "t"}]},
    )
    problems = refused(path)
    assert problems == [
        "line 2: “ZZ” is not an ISO 3166-1 alpha-2 country code",
        "line 3, point 1: the period is empty",
        'line 4, point 1: “value” must be a number, not "12,000"',
        "line 5, point 1: “value” must be a number, not true",
        "line 6: “mx-detentions” appears already on line 1",
        "line 7, point 1: the source address is empty: every value needs its source",
        "line 8: not valid JSON (Expecting property name enclosed in double quotes)",
        "line 9: unknown field(s): colour",
        "line 10, point 2: “ftp://example.org/x” is not a web address (http or https)",
        "line 10, point 3: unknown field(s): n",
        "line 11: source 1 needs a url and a title",
        "line 12, point 1: “value” must be a number, not NaN",
        "line 13, point 1: “source_url” is required",
        "line 14: source 1: “javascript:x” is not a web address (http or https)",
    ]
    assert StatisticSeries.objects.count() == 0
    assert StatisticPoint.objects.count() == 0
    # The positive control: the good line alone is imported.
    out, _ = run(write(tmp_path, GOOD))
    assert "1 series created" in out
    assert StatisticPoint.objects.count() == 2


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Infinity", "“value” must be a number, not Infinity"),
        ("null", "“value” must be a number, not null"),
        ("1.1234567", "has more digits than the platform keeps"),
        ("1e40", "has more digits than the platform keeps"),
        ("1234567890123.456", "has more digits than the platform keeps"),
    ],
)
def test_it_refuses_a_value_it_could_not_keep_exactly(tmp_path, value, problem):
    line = json.dumps(with_point(value=0)).replace('"value": 0', f'"value": {value}')
    with pytest.raises(ImportRejected) as rejected:
        import_statistics([line])
    assert problem in str(rejected.value)
    assert StatisticSeries.objects.count() == 0
    # The same line with a number it keeps is imported.
    assert import_statistics([json.dumps(with_point(value=1.123456))]) == (1, 0)


def test_a_failure_on_a_later_series_leaves_the_earlier_ones_unwritten(tmp_path):
    """All or nothing, also for a second import of a file that was good the first time."""
    run(write(tmp_path, GOOD))
    renamed = {**GOOD, "unit": "renamed"}
    refused(write(tmp_path, renamed, {**GOOD, "id": "mx-bad", "country_iso2": "XX"}))
    assert StatisticSeries.objects.get().unit == "persons"
    assert StatisticPoint.objects.count() == 2


def test_an_empty_or_unreadable_file_is_refused_clearly(tmp_path):
    assert refused(write(tmp_path, "")) == ["line 0: the file holds no series"]
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.jsonl")
    binary = tmp_path / "binary.jsonl"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(binary)


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text("\ufeff" + json.dumps(GOOD) + "\n", encoding="utf-8")
    assert "1 series created" in run(path)[0]


def test_a_period_the_format_does_not_define_is_kept_undated(db):
    """The format keeps as text whatever is not one of its periods: a month that does not
    exist, a range backwards, a quarter. Such a file imports; the points are never charted."""
    from peerlearning.countries.statistics_io import import_statistics

    line = json.dumps(
        {
            "id": "mx-odd-periods",
            "country_iso2": "MX",
            "indicator": "People counted",
            "unit": "persons",
            "series": [
                {"period": period, "value": 1, "source_url": "https://example.org/"}
                for period in ("2019-13", "2021/2019", "2019-Q1", "2019")
            ],
        }
    )
    assert import_statistics([line]) == (1, 0)
    kinds = dict(
        StatisticSeries.objects.get(external_id="mx-odd-periods").points.values_list(
            "period", "period_kind"
        )
    )
    assert kinds == {"2019-13": "text", "2021/2019": "text", "2019-Q1": "text", "2019": "year"}
