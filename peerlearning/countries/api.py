"""API for countries and progress under /api/v1/countries: profiles, indicators and their values
across countries, statistics series; editors record values. Names are in the request's language;
values are numbers, codes and ISO dates, the same in every language."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from peerlearning.access.countries import (
    can_edit_countries,
    countries_visible_to,
    events_visible_to,
    get_country_for_user,
    get_indicator_for_user,
    indicator_values_visible_to,
    indicators_visible_to,
    points_visible_to,
    series_visible_to,
)
from peerlearning.api import WRITE_AUTH, acting_user, check_page, viewer
from peerlearning.countries.actions import record_value
from peerlearning.countries.exports import value_of
from peerlearning.countries.models import (
    LANGUAGES,
    CountryEvent,
    Indicator,
    IndicatorValue,
    StatisticPoint,
    StatisticSeries,
)
from peerlearning.countries.statistics_io import json_number
from peerlearning.lib.web import is_web_address
from peerlearning.network.geography import M49_NAMES, ProgrammeRegion
from peerlearning.network.models import Country

router = Router(tags=["countries"])
PAGE_SIZE = 50

type Number = int | float


# Schemas ---------------------------------------------------------------------------------------


class CountryOut(Schema):
    code: str
    name: str
    m49_region: str
    m49_region_name: str
    m49_subregion: str
    m49_subregion_name: str
    programme_region: str
    programme_region_name: str
    url: str


class CountryList(Schema):
    count: int
    items: list[CountryOut]


class ValueOut(Schema):
    """A country's current value of an indicator: an answer code (yes, partial, no), a number,
    an ISO date or a text, as the indicator's kind says; with its source."""

    value: str | Number | None
    unit: str
    instrument: str
    since: datetime.date | None
    as_of: datetime.date
    source_title: str
    source_url: str
    note: str


class CountryValueOut(ValueOut):
    country: str
    country_name: str
    indicator: str


class IndicatorOut(Schema):
    slug: str
    kind: str
    unit: str
    name: str
    definition: str
    names: dict[str, str]
    definitions: dict[str, str]


class IndicatorDetailOut(IndicatorOut):
    values: list[CountryValueOut]


class ProfileIndicatorOut(Schema):
    slug: str
    name: str
    kind: str
    value: ValueOut | None


class SeriesSummaryOut(Schema):
    id: str
    indicator: str
    unit: str
    points: int


class EventOut(Schema):
    kind: str
    date: datetime.date
    precision: str
    title: str
    summary: str
    language: str
    source_title: str
    source_url: str


class ProfileOut(CountryOut):
    indicators: list[ProfileIndicatorOut]
    series: list[SeriesSummaryOut]
    events: list[EventOut]


class SourceOut(Schema):
    url: str
    title: str


class PointOut(Schema):
    period: str
    start: datetime.date | None
    end: datetime.date | None
    value: Number
    approximate: bool
    note: str
    source_url: str


class SeriesOut(Schema):
    id: str
    indicator: str
    unit: str
    sources: list[SourceOut]
    notes: str
    points: list[PointOut]


class CountrySeriesOut(Schema):
    country: str
    series: list[SeriesOut]


class ValueIn(Schema):
    """A value to record: the one field the indicator's kind takes (`answer`: yes, partial or
    no; `number`; `date`; `text`), and its source, which is required."""

    indicator: str = Field(max_length=80)
    answer: str = Field("", max_length=10)
    number: Decimal | None = Field(None, max_digits=18, decimal_places=4)
    unit: str = Field("", max_length=10)
    date: datetime.date | None = None
    text: str = Field("", max_length=10_000)
    instrument: str = Field("", max_length=20)
    since: datetime.date | None = None
    as_of: datetime.date
    source_title: str = Field("", max_length=300)
    source_url: str = Field("", max_length=1000)
    note: str = Field("", max_length=10_000)


# Shapes ----------------------------------------------------------------------------------------


def _country(request: HttpRequest, country: Country) -> dict[str, Any]:
    region = country.programme_region
    return {
        "code": country.code,
        "name": country.name,
        "m49_region": country.m49_region,
        "m49_region_name": str(M49_NAMES.get(country.m49_region, "")),
        "m49_subregion": country.m49_subregion,
        "m49_subregion_name": country.subregion_name,
        "programme_region": region,
        "programme_region_name": str(ProgrammeRegion(region).label) if region else "",
        # The profile page (issue 14: /countries/MX/).
        "url": request.build_absolute_uri(f"/countries/{country.code}/"),
    }


def _value(value: IndicatorValue) -> dict[str, Any]:
    return {
        "value": value_of(value),
        "unit": value.unit,
        "instrument": value.instrument,
        "since": value.since,
        "as_of": value.as_of,
        "source_title": value.source_title,
        "source_url": value.source_url,
        "note": value.note,
    }


def _country_value(value: IndicatorValue) -> dict[str, Any]:
    return {
        **_value(value),
        "country": value.country_id,
        "country_name": value.country.name,
        "indicator": value.indicator.slug,
    }


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "slug": indicator.slug,
        "kind": indicator.kind,
        "unit": indicator.unit,
        "name": indicator.name,
        "definition": indicator.definition,
        "names": {language: getattr(indicator, f"name_{language}") for language in LANGUAGES},
        "definitions": {
            language: getattr(indicator, f"definition_{language}") for language in LANGUAGES
        },
    }


def _point(point: StatisticPoint) -> dict[str, Any]:
    return {
        "period": point.period,
        "start": point.start,
        "end": point.end,
        "value": json_number(point.value),
        "approximate": point.approximate,
        "note": point.note,
        "source_url": point.source_url,
    }


def _current_values(request: HttpRequest) -> Any:
    return indicator_values_visible_to(
        IndicatorValue.objects.current(), viewer(request)
    ).select_related("country", "indicator")


# Indicators (before /{code}: "indicators" is no country code) ----------------------------------


@router.get("/indicators", response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    """Every indicator, its name and definition in the request's language and in all four."""
    indicators = indicators_visible_to(Indicator.objects.all(), viewer(request))
    return [_indicator(indicator) for indicator in indicators]


@router.get("/indicators/{slug}", response=IndicatorDetailOut)
def get_indicator(request: HttpRequest, slug: str) -> dict[str, Any]:
    """An indicator with every country's current value and its source."""
    indicator = get_indicator_for_user(viewer(request), slug)
    values = _current_values(request).filter(indicator=indicator).order_by("country_id")
    return {**_indicator(indicator), "values": [_country_value(value) for value in values]}


# Countries -------------------------------------------------------------------------------------


@router.get("", response=CountryList)
def list_countries(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    """Every country, fifty a page by code, named in the request's language."""
    check_page(page)
    countries = countries_visible_to(Country.objects.order_by("code"), viewer(request))
    selected = countries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return {
        "count": countries.count(),
        "items": [_country(request, country) for country in selected],
    }


@router.get("/{code}", response=ProfileOut)
def get_country(request: HttpRequest, code: str) -> dict[str, Any]:
    """A country's profile: every indicator with its current value (null when none is
    recorded) and source, its statistics series with their number of points, its timeline."""
    who = viewer(request)
    country = get_country_for_user(who, code)
    values = {
        value.indicator_id: value for value in _current_values(request).filter(country=country)
    }
    indicators = indicators_visible_to(Indicator.objects.all(), who)
    series = (
        series_visible_to(StatisticSeries.objects.filter(country=country), who)
        .annotate(count=Count("points"))
        .order_by("external_id")
    )
    # The newest, as on the profile's timeline: an answer's size does not grow with the years.
    events = events_visible_to(CountryEvent.objects.filter(country=country), who)[:100]
    return {
        **_country(request, country),
        "indicators": [
            {
                "slug": indicator.slug,
                "name": indicator.name,
                "kind": indicator.kind,
                "value": _value(values[indicator.pk]) if indicator.pk in values else None,
            }
            for indicator in indicators
        ],
        "series": [
            {
                "id": one.external_id,
                "indicator": one.indicator,
                "unit": one.unit,
                "points": one.count,
            }
            for one in series
        ],
        "events": [
            {
                "kind": event.kind,
                "date": event.date,
                "precision": event.precision,
                "title": event.title,
                "summary": event.summary,
                "language": event.language,
                "source_title": event.source_title,
                "source_url": event.source_url,
            }
            for event in events
        ],
    }


@router.get("/{code}/series", response=CountrySeriesOut)
def get_country_series(request: HttpRequest, code: str) -> dict[str, Any]:
    """Every statistics series of a country with all its points, as their sources give them:
    an undated point has no start or end."""
    who = viewer(request)
    country = get_country_for_user(who, code)
    series = list(
        series_visible_to(StatisticSeries.objects.filter(country=country), who).order_by(
            "external_id"
        )
    )
    points: dict[int, list[dict[str, Any]]] = {one.pk: [] for one in series}
    for point in points_visible_to(
        StatisticPoint.objects.filter(series__in=[one.pk for one in series]), who
    ).order_by("series", "position", "pk"):
        points[point.series_id].append(_point(point))
    return {
        "country": country.code,
        "series": [
            {
                "id": one.external_id,
                "indicator": one.indicator,
                "unit": one.unit,
                "sources": one.sources,
                "notes": one.notes,
                "points": points[one.pk],
            }
            for one in series
        ],
    }


@router.post("/{code}/values", response={201: CountryValueOut}, auth=WRITE_AUTH)
def post_value(request: HttpRequest, code: str, data: ValueIn) -> Status[dict[str, Any]]:
    """Record a country's value of an indicator (editors). The value it replaces stays as
    history. A value without a source, or of the wrong kind for the indicator, is refused
    with the reason (400) and nothing is saved."""
    user = acting_user(request)
    if not can_edit_countries(user):
        raise HttpError(403, _("Only editors can record the values of indicators."))
    country = get_country_for_user(user, code)
    indicator = get_indicator_for_user(user, data.indicator)
    if data.source_url.strip() and not is_web_address(data.source_url.strip()):
        raise HttpError(400, _("The address of the source must be a web address (http or https)."))
    value = record_value(
        indicator,
        country,
        by=user,
        as_of=data.as_of,
        source_title=data.source_title,
        source_url=data.source_url,
        answer=data.answer,
        number=data.number,
        unit=data.unit,
        date_value=data.date,
        text=data.text,
        instrument=data.instrument,
        since=data.since,
        note=data.note,
    )
    return Status(201, _country_value(value))
