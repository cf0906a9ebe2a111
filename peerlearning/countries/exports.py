"""Downloads of countries and progress, as CSV and JSON: an indicator across countries, and a
country's statistics. Both hold what the reader may see, loaded through the access package, in a
bounded number of queries whatever the number of countries or points.

The CSV header is a row of stable machine names, in English, whatever the reader's language: a
script or a spreadsheet formula that reads a column by its name keeps working when the file is
downloaded in Arabic. What a person reads in a cell (a country's name) is in the reader's
language; codes and values (yes/no/partial, numbers, ISO dates) are the same in every language.
"""

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from peerlearning.access.countries import (
    get_country_for_user,
    get_indicator_for_user,
    indicator_values_visible_to,
    points_visible_to,
    series_visible_to,
)
from peerlearning.countries.models import IndicatorValue, StatisticPoint, StatisticSeries
from peerlearning.countries.statistics_io import json_number
from peerlearning.lib.spreadsheets import table_download

EXTENSIONS = ("csv", "json")
INDICATOR_COLUMNS = [
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
STATISTICS_COLUMNS = [
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


def value_of(value: IndicatorValue) -> str | int | float | None:
    """The value itself, as a machine reads it: the answer's code, the number, the ISO date or
    the text."""
    if value.number is not None:
        return json_number(value.number)
    if value.answer:
        return value.answer
    if value.date_value is not None:
        return value.date_value.isoformat()
    return value.text or None


def indicator_rows(values: Sequence[IndicatorValue]) -> list[dict[str, Any]]:
    return [
        {
            "country_code": value.country_id,
            "country_name": value.country.name,
            "value": value_of(value),
            "unit": value.unit,
            "instrument": value.instrument,
            "since": value.since.isoformat() if value.since else None,
            "as_of": value.as_of.isoformat(),
            "source_title": value.source_title,
            "source_url": value.source_url,
            "note": value.note,
        }
        for value in values
    ]


def statistics_rows(points: Sequence[StatisticPoint]) -> list[dict[str, Any]]:
    return [
        {
            "series": point.series.external_id,
            "indicator": point.series.indicator,
            "unit": point.series.unit,
            "period": point.period,
            "start": point.start.isoformat() if point.start else None,
            "end": point.end.isoformat() if point.end else None,
            "value": json_number(point.value),
            "approximate": point.approximate,
            "note": point.note,
            "source_url": point.source_url,
        }
        for point in points
    ]


@require_safe
def indicator_export(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """One row per country with a current value of the indicator: the value, its unit and
    instrument, since when it holds, its date and its source."""
    if extension not in EXTENSIONS:
        raise Http404
    indicator = get_indicator_for_user(request.user, slug)
    values = list(
        indicator_values_visible_to(
            IndicatorValue.objects.current().filter(indicator=indicator), request.user
        )
        .select_related("country")
        .order_by("country_id")
    )
    return table_download(indicator_rows(values), INDICATOR_COLUMNS, indicator.slug, extension)


@require_safe
def statistics_export(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    """One row per point of every series of the country, each with its period (and its dates
    when the format defines them), its value and its source."""
    if extension not in EXTENSIONS:
        raise Http404
    country = get_country_for_user(request.user, code)
    series = series_visible_to(StatisticSeries.objects.filter(country=country), request.user)
    points = list(
        points_visible_to(StatisticPoint.objects.filter(series__in=series), request.user)
        .select_related("series")
        .order_by("series__external_id", "position", "pk")
    )
    name = f"{country.code.lower()}-statistics"
    return table_download(statistics_rows(points), STATISTICS_COLUMNS, name, extension)
