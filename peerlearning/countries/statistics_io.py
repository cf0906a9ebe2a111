"""The statistics exchange format (peerlearning/demo/data/README.md, statistics.jsonl): one
series a line, JSON lines in, the same out.

A file is checked whole before anything is written: every problem is reported with its line
(and, inside a series, its point), and a valid file is imported in one transaction. Importing
the same `id` again updates that series and replaces its points, so an import can be repeated
safely. Values are read as decimals, exactly as written, and written back the same way.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning.countries.models import StatisticPoint, StatisticSeries
from peerlearning.countries.periods import PeriodError, parse_period
from peerlearning.lib.text import holds_null
from peerlearning.lib.web import is_web_address
from peerlearning.network.models import Country

FIELDS = ["id", "country_iso2", "indicator", "unit", "series", "sources", "notes"]
REQUIRED = ["id", "country_iso2", "indicator", "unit", "series"]
POINT_FIELDS = ["period", "value", "source_url", "approximate", "note"]
ID_PATTERN = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
MAX_ID, MAX_UNIT, MAX_PERIOD, MAX_URL = 120, 100, 200, 1000
MAX_INDICATOR = 500
# What the database keeps exactly (StatisticPoint.value: 24 digits, 6 after the point) and what
# the export writes back unchanged: a whole number of up to 18 digits, or a number with at most
# 6 decimals and 15 significant digits (a JSON reader's float holds those exactly).
MAX_INTEGER_DIGITS, MAX_DECIMALS, MAX_SIGNIFICANT = 18, 6, 15


@dataclass(frozen=True)
class LineError:
    line: int
    message: str
    point: int | None = None

    def __str__(self) -> str:
        if self.point is not None:
            return _("line %(line)s, point %(point)s: %(message)s") % {
                "line": self.line,
                "point": self.point,
                "message": self.message,
            }
        return _("line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportRejected(Exception):
    """The file was refused whole; `errors` lists every problem by line."""

    def __init__(self, errors: list[LineError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass(frozen=True)
class ParsedSeries:
    """One valid line: the series' fields and its points, ready to be written."""

    external_id: str
    country: str
    indicator: str
    unit: str
    sources: list[Any]
    notes: str
    points: list[StatisticPoint]


def without_nulls(record: dict[str, Any], optional: list[str]) -> dict[str, Any]:
    """An optional field given as null is read as left out (a generated file often says so)."""
    return {key: value for key, value in record.items() if value is not None or key not in optional}


def number_problem(value: Any) -> str | None:
    """Why a point's value is not a number the platform keeps exactly (None when it is).
    JSON's true and false are not numbers, nor are NaN and Infinity (which Python's reader
    would otherwise accept)."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        # A list or an object may hold decimals (the reader makes them): written as given.
        given = json.dumps(value, default=str)[:40]
        return _("“value” must be a number, not %(given)s") % {"given": given}
    number = Decimal(value)
    if not number.is_finite():
        return _("“value” must be a number, not %(given)s") % {"given": str(value)}
    sign, digits, exponent = number.normalize().as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - a finite decimal
    integer_digits = len(digits) + exponent
    decimals = max(0, -exponent)
    if (
        integer_digits > MAX_INTEGER_DIGITS
        or decimals > MAX_DECIMALS
        or (decimals and len(digits) > MAX_SIGNIFICANT)
    ):
        return _(
            "“value” %(value)s has more digits than the platform keeps (%(decimals)s decimals, "
            "%(digits)s significant digits)"
        ) % {"value": str(value), "decimals": MAX_DECIMALS, "digits": MAX_SIGNIFICANT}
    return None


def _text_problems(record: dict[str, Any], names: Iterable[str]) -> list[str]:
    return [
        _("“%(field)s” must be text") % {"field": name}
        for name in names
        if record.get(name) is not None and not isinstance(record[name], str)
    ]


def point_problems(point: Any) -> tuple[list[str], StatisticPoint | None]:
    """Every problem of one point, and the unsaved point when there is none."""
    if not isinstance(point, dict):
        return [_("each point must be a JSON object")], None
    point = without_nulls(point, ["approximate", "note"])
    problems = []
    unknown = sorted(set(point) - set(POINT_FIELDS))
    if unknown:
        problems.append(_("unknown field(s): %(fields)s") % {"fields": ", ".join(unknown)})
    for name in ("period", "value", "source_url"):
        # A null value is "not a number", below; a null period or address is missing.
        if name not in point or (point[name] is None and name != "value"):
            problems.append(_("“%(field)s” is required") % {"field": name})
    problems += _text_problems(point, ["period", "source_url", "note"])
    if "approximate" in point and not isinstance(point["approximate"], bool):
        problems.append(_("“approximate” must be true or false"))
    period = None
    if isinstance(point.get("period"), str):
        try:
            period = parse_period(point["period"])
        except PeriodError as error:
            problems.append(str(error))
        else:
            if len(period.text) > MAX_PERIOD:
                problems.append(
                    _("the period is longer than %(max)s characters") % {"max": MAX_PERIOD}
                )
    if "value" in point and (problem := number_problem(point["value"])):
        problems.append(problem)
    url = point.get("source_url")
    if isinstance(url, str) and not url.strip():
        problems.append(_("the source address is empty: every value needs its source"))
    elif isinstance(url, str) and not is_web_address(url.strip()):
        problems.append(
            _("“%(url)s” is not a web address (http or https)") % {"url": url[:MAX_URL]}
        )
    if problems or period is None:
        return problems, None
    return [], StatisticPoint(
        period=period.text,
        period_kind=period.kind,
        start=period.start,
        end=period.end,
        value=Decimal(point["value"]),
        approximate=point.get("approximate", False),
        note=point.get("note", ""),
        source_url=point["source_url"].strip(),
    )


def series_problems(record: Any, known_countries: set[str]) -> list[str]:
    """Every problem of a series' own fields (its points are checked one by one)."""
    if not isinstance(record, dict):
        return [_("each line must be one JSON object")]
    if holds_null(record):
        return [_("the line holds a null character (\\u0000): remove it")]
    problems = []
    unknown = sorted(set(record) - set(FIELDS))
    if unknown:
        problems.append(_("unknown field(s): %(fields)s") % {"fields": ", ".join(unknown)})
    for name in REQUIRED:
        if name not in record or record[name] in ("", None, []):
            problems.append(_("“%(field)s” is required") % {"field": name})
    problems += _text_problems(record, ["id", "country_iso2", "indicator", "unit", "notes"])
    if problems:
        return problems
    code, external_id = record["country_iso2"], record["id"]
    if code not in known_countries:
        problems.append(_("“%(code)s” is not an ISO 3166-1 alpha-2 country code") % {"code": code})
    if not ID_PATTERN.match(external_id) or len(external_id) > MAX_ID:
        problems.append(
            _("“id” must be letters, digits and hyphens (%(max)s at most), like %(example)s")
            % {"max": MAX_ID, "example": "mx-detentions-per-year"}
        )
    if not record["indicator"].strip() or len(record["indicator"]) > MAX_INDICATOR:
        problems.append(
            _("“indicator” must be given, in %(max)s characters at most") % {"max": MAX_INDICATOR}
        )
    if not record["unit"].strip() or len(record["unit"]) > MAX_UNIT:
        problems.append(
            _("“unit” must be given, in %(max)s characters at most") % {"max": MAX_UNIT}
        )
    if not isinstance(record["series"], list):
        problems.append(_("“series” must be a list of points"))
    sources = record.get("sources", [])
    if not isinstance(sources, list):
        problems.append(_("“sources” must be a list of {url, title}"))
    else:
        for number, source in enumerate(sources, start=1):
            if not isinstance(source, dict) or not source.get("title") or "url" not in source:
                problems.append(_("source %(number)s needs a url and a title") % {"number": number})
            elif not isinstance(source["title"], str):
                problems.append(_("source %(number)s: the title must be text") % {"number": number})
            elif not is_web_address(source["url"]):
                problems.append(
                    _("source %(number)s: “%(url)s” is not a web address (http or https)")
                    % {"number": number, "url": str(source["url"])[:MAX_URL]}
                )
    return problems


def _read_json(line: str) -> Any:
    # Decimals as written (128.88 stays 128.88); NaN and Infinity come back as floats, which
    # number_problem refuses.
    return json.loads(line, parse_float=Decimal)


def _plain_json(value: Any) -> Any:
    """What a source holds besides its url and title is kept as given; its decimals become JSON
    numbers again (the database's JSON field takes no Decimal)."""
    return json.loads(json.dumps(value, default=float))


def parse(lines: Iterable[str]) -> list[ParsedSeries]:
    """Read and check every line; raise ImportRejected listing all problems, or return the
    series with their points (not yet saved)."""
    known = set(Country.objects.values_list("code", flat=True))
    parsed: list[ParsedSeries] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = _read_json(line)
        except (ValueError, RecursionError) as error:
            # A JSONDecodeError says where; an integer of thousands of digits, or nesting too
            # deep for the reader, is refused as well.
            detail = error.msg if isinstance(error, json.JSONDecodeError) else _("unreadable")
            errors.append(LineError(number, _("not valid JSON (%(detail)s)") % {"detail": detail}))
            continue
        if isinstance(record, dict):
            record = without_nulls(record, ["sources", "notes"])
        problems = series_problems(record, known)
        line_errors = [LineError(number, problem) for problem in problems]
        if not problems:
            external_id = record["id"]
            if external_id in seen:
                line_errors.append(
                    LineError(
                        number,
                        _("“%(id)s” appears already on line %(line)s")
                        % {"id": external_id, "line": seen[external_id]},
                    )
                )
            else:
                seen[external_id] = number
        points: list[StatisticPoint] = []
        if isinstance(record, dict) and isinstance(record.get("series"), list):
            for position, item in enumerate(record["series"], start=1):
                point_errors, point = point_problems(item)
                line_errors += [LineError(number, problem, position) for problem in point_errors]
                if point is not None:
                    point.position = position
                    points.append(point)
        errors += line_errors
        if not line_errors:
            parsed.append(
                ParsedSeries(
                    external_id=record["id"],
                    country=record["country_iso2"],
                    indicator=record["indicator"],
                    unit=record["unit"],
                    sources=_plain_json(record.get("sources", [])),
                    notes=record.get("notes", ""),
                    points=points,
                )
            )
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ImportRejected([LineError(0, _("the file holds no series"))])
    return parsed


@transaction.atomic
def import_statistics(lines: Iterable[str], *, update_existing: bool = True) -> tuple[int, int]:
    """Import a whole file, or nothing. Returns (created, updated). A series already there is
    updated and its points replaced by the file's; with update_existing off it is left as it
    is (the demo must not undo an editor's work)."""
    parsed = parse(lines)
    existing = {
        series.external_id: series
        for series in StatisticSeries.objects.select_for_update().filter(
            external_id__in=[item.external_id for item in parsed]
        )
    }
    if not update_existing:
        parsed = [item for item in parsed if item.external_id not in existing]
    now = timezone.now()
    fresh: list[StatisticSeries] = []
    changed: list[StatisticSeries] = []
    for item in parsed:
        series = existing.get(item.external_id) or StatisticSeries(external_id=item.external_id)
        series.country_id = item.country
        series.indicator = item.indicator
        series.unit = item.unit
        series.sources = item.sources
        series.notes = item.notes
        series.updated_at = now
        (changed if series.pk else fresh).append(series)
    StatisticSeries.objects.bulk_create(fresh)
    StatisticSeries.objects.bulk_update(
        changed, ["country", "indicator", "unit", "sources", "notes", "updated_at"]
    )
    StatisticPoint.objects.filter(series__in=changed).delete()
    by_id = {series.external_id: series for series in fresh + changed}
    points = []
    for item in parsed:
        for point in item.points:
            point.series = by_id[item.external_id]
            points.append(point)
    StatisticPoint.objects.bulk_create(points, batch_size=500)
    return len(fresh), len(changed)


def json_number(value: Decimal) -> int | float:
    """A stored value as the file wrote it: a whole number as an integer, else the decimal
    (within the digits the import accepts, a float writes it back unchanged)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def point_record(point: StatisticPoint) -> dict[str, Any]:
    record: dict[str, Any] = {
        "period": point.period,
        "value": json_number(point.value),
        "source_url": point.source_url,
    }
    if point.approximate:
        record["approximate"] = True
    if point.note:
        record["note"] = point.note
    return record


def series_record(series: StatisticSeries) -> dict[str, Any]:
    """One series in the exchange format, its keys in the format's order; `sources` and
    `notes` are left out when empty. Its points are read from `series.points.all()`
    (prefetch them, ordered by position)."""
    record: dict[str, Any] = {
        "id": series.external_id,
        "country_iso2": series.country_id,
        "indicator": series.indicator,
        "unit": series.unit,
        "series": [point_record(point) for point in series.points.all()],
    }
    if series.sources:
        record["sources"] = series.sources
    if series.notes:
        record["notes"] = series.notes
    return record


def export_statistics(series: Iterable[StatisticSeries]) -> Iterator[str]:
    """One JSON line a series, in the same format the import reads."""
    for one in series:
        yield json.dumps(series_record(one), ensure_ascii=False)
