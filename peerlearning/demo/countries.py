"""The demo's legal-framework values and timeline events of countries (data/countries.json).

Each value and event is a fact from the seed or the practice records, in the project's own words,
with its public source. The file is checked as a whole before anything is written: an entry that
is wrong (no source, an unknown country or indicator, a value of the wrong type, a date that is
not a date) stops the load with every problem named by the entry's id.

A value is recorded through `record_value`, so the one it replaces stays as history; the values of
one country and indicator are listed oldest first, and the last becomes current. Loading again
adds only what is missing, and never records a demo value over a later one (an editor's).
"""

import datetime
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import QuerySet

from peerlearning.accounts.models import User
from peerlearning.countries.actions import record_event, record_value, save_point, value_problems
from peerlearning.countries.models import (
    CountryEvent,
    DatePrecision,
    EventKind,
    Indicator,
    IndicatorValue,
    StatisticPoint,
    StatisticSeries,
)
from peerlearning.demo import DATA
from peerlearning.demo.records import DemoDataError, Reader, Source
from peerlearning.network.models import Country

COUNTRIES_JSON = DATA / "countries.json"
RECORDER = "editor@example.org"

VALUE_FIELDS = {"id", "country", "indicator", "as_of", "source"} | {
    "answer",
    "number",
    "unit",
    "date_value",
    "text",
    "instrument",
    "since",
    "note",
    "basis",
}
EVENT_FIELDS = {"id", "country", "kind", "date", "title", "source", "summary", "language", "basis"}
WEB_ADDRESS = URLValidator(schemes=["http", "https"])
EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Value:
    id: str
    country: Country
    indicator: Indicator
    as_of: datetime.date
    source: Source
    answer: str = ""
    number: Decimal | None = None
    unit: str = ""
    date_value: datetime.date | None = None
    text: str = ""
    instrument: str = ""
    since: datetime.date | None = None
    note: str = ""

    def rows(self) -> QuerySet[IndicatorValue]:
        """The rows, current or past, that record this very value."""
        return IndicatorValue.objects.filter(
            indicator=self.indicator,
            country=self.country,
            as_of=self.as_of,
            answer=self.answer,
            number=self.number,
            date_value=self.date_value,
            text=self.text,
            source_url=self.source.url,
        )


@dataclass(frozen=True)
class Event:
    id: str
    country: Country
    kind: str
    date: datetime.date
    precision: str
    title: str
    source: Source
    summary: str = ""
    language: str = "en"

    def exists(self) -> bool:
        """Recorded already: the same step on the same day, even if an editor has since reworded
        its title or replaced its source."""
        same_step = CountryEvent.objects.filter(
            country=self.country, kind=self.kind, date=self.date, precision=self.precision
        )
        return (
            same_step.filter(title=self.title).exists()
            or same_step.filter(source_url=self.source.url).exists()
        )


class _Reader(Reader):
    """The countries file: its values and events, with the indicators and countries they name."""

    def __init__(self) -> None:
        super().__init__()
        self.countries = {country.code: country for country in Country.objects.all()}
        self.indicators = {indicator.slug: indicator for indicator in Indicator.objects.all()}

    def date(self, entry: dict[str, Any], entry_id: str, field: str) -> datetime.date | None:
        value = entry.get(field)
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(entry_id, f"'{field}' is not a date written YYYY-MM-DD: {value!r}.")
            return None

    def source(self, entry: dict[str, Any], entry_id: str) -> Source | None:
        source = entry.get("source")
        if not isinstance(source, dict) or set(source) - {"title", "url"}:
            self.problem(entry_id, "the source is missing: give it as {title, url}.")
            return None
        title, url = source.get("title"), source.get("url")
        if not isinstance(title, str) or not title.strip():
            self.problem(entry_id, "the source has no title.")
        if not isinstance(url, str) or not url.strip():
            self.problem(entry_id, "the source has no address (url).")
            return None
        try:
            WEB_ADDRESS(url.strip())
        except ValidationError:
            self.problem(entry_id, f"the source address is not an http(s) address: {url!r}.")
            return None
        if not isinstance(title, str) or not title.strip():
            return None
        return Source(title=title.strip(), url=url.strip())

    def country(self, entry: dict[str, Any], entry_id: str) -> Country | None:
        code = entry.get("country")
        country = self.countries.get(code) if isinstance(code, str) else None
        if country is None:
            self.problem(entry_id, f"unknown country code {code!r}.")
        return country

    def value(self, entry: dict[str, Any], entry_id: str) -> Value | None:
        self.fields(entry, entry_id, VALUE_FIELDS)
        country = self.country(entry, entry_id)
        slug = entry.get("indicator")
        indicator = self.indicators.get(slug) if isinstance(slug, str) else None
        if indicator is None:
            self.problem(entry_id, f"unknown indicator {slug!r}.")
        as_of = self.date(entry, entry_id, "as_of")
        if "as_of" not in entry:
            self.problem(entry_id, "'as_of' is missing: the date the source gives the value.")
        since = self.date(entry, entry_id, "since")
        date_value = self.date(entry, entry_id, "date_value")
        number: Decimal | None = None
        if "number" in entry:
            raw = entry["number"]
            # A float would already have lost digits: numbers are written as text or integers.
            if isinstance(raw, bool) or not isinstance(raw, str | int):
                self.problem(entry_id, "'number' must be written as a text or an integer.")
            else:
                try:
                    number = Decimal(str(raw))
                except InvalidOperation:
                    self.problem(entry_id, f"'number' is not a number: {raw!r}.")
        source = self.source(entry, entry_id)
        fields = {
            name: self.text(entry, entry_id, name, required=False)
            for name in ("answer", "unit", "text", "instrument", "note")
        }
        self.text(entry, entry_id, "basis", required=False)
        if indicator is not None:
            problems = value_problems(
                indicator,
                answer=fields["answer"],
                number=number,
                unit=fields["unit"],
                date_value=date_value,
                text=fields["text"],
                instrument=fields["instrument"],
                source_title=source.title if source else "",
                source_url=source.url if source else "",
            )
            for field, message in problems.items():
                if field not in ("source_title", "source_url"):  # the source is named above
                    self.problem(entry_id, f"{field}: {message}")
        if country is None or indicator is None or as_of is None or source is None:
            return None
        return Value(
            id=entry_id,
            country=country,
            indicator=indicator,
            as_of=as_of,
            source=source,
            number=number,
            date_value=date_value,
            since=since,
            **fields,
        )

    def event(self, entry: dict[str, Any], entry_id: str) -> Event | None:
        self.fields(entry, entry_id, EVENT_FIELDS)
        country = self.country(entry, entry_id)
        kind = entry.get("kind")
        if kind not in EventKind.values:
            self.problem(entry_id, f"unknown kind {kind!r}: one of {', '.join(EventKind.values)}.")
        date, precision = self.event_date(entry.get("date"), entry_id)
        title = self.text(entry, entry_id, "title", required=True)
        summary = self.text(entry, entry_id, "summary", required=False)
        language = self.text(entry, entry_id, "language", required=False) or "en"
        self.text(entry, entry_id, "basis", required=False)
        source = self.source(entry, entry_id)
        if country is None or date is None or source is None or not title:
            return None
        return Event(
            id=entry_id,
            country=country,
            kind=str(kind),
            date=date,
            precision=precision,
            title=title,
            source=source,
            summary=summary,
            language=language,
        )

    def event_date(self, value: Any, entry_id: str) -> tuple[datetime.date | None, str]:
        """ "2014", "2023-03" or "2023-03-15": the date is known to the year, month or day, and
        the timeline says no more than that."""
        match = EVENT_DATE.match(value) if isinstance(value, str) else None
        if match is not None:
            year, month, day = match.groups()
            try:
                date = datetime.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                pass
            else:
                if day:
                    return date, DatePrecision.DAY
                return date, DatePrecision.MONTH if month else DatePrecision.YEAR
        self.problem(entry_id, f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD: {value!r}.")
        return None, ""


def read(path: Path = COUNTRIES_JSON) -> tuple[list[Value], list[Event]]:
    """The file's values and events, checked; DemoDataError lists every problem by entry."""
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    reader = _Reader()
    if not isinstance(data, dict) or set(data) != {"values", "events"}:
        raise DemoDataError([f"{path.name}: an object with exactly 'values' and 'events'."])
    seen: set[str] = set()
    values = [
        value
        for entry, entry_id in reader.entries(data, "values", seen)
        if (value := reader.value(entry, entry_id)) is not None
    ]
    events = [
        event
        for entry, entry_id in reader.entries(data, "events", seen)
        if (event := reader.event(entry, entry_id)) is not None
    ]
    latest: dict[tuple[str, str], tuple[datetime.date, str]] = {}
    for value in values:
        key = (value.country.code, value.indicator.slug)
        holds_from = value.since or value.as_of
        if key in latest and holds_from < latest[key][0]:
            reader.problem(
                value.id, f"listed after the newer {latest[key][1]}: list a history oldest first."
            )
        latest[key] = (holds_from, value.id)
    # The load knows an event by its step and either its title or its source (an editor may
    # change one of them): two entries alike in that way would be read as one.
    steps: dict[tuple[str, str, datetime.date, str, str], str] = {}
    for event in events:
        for step in (
            (event.country.code, event.kind, event.date, "title", event.title),
            (event.country.code, event.kind, event.date, "source", event.source.url),
        ):
            if step in steps:
                reader.problem(event.id, f"the same {step[3]} and date as {steps[step]}.")
            steps[step] = event.id
    if reader.problems:
        raise DemoDataError(reader.problems)
    return values, events


def _record(value: Value, by: User | None) -> IndicatorValue:
    try:
        return record_value(
            value.indicator,
            value.country,
            by=by,
            as_of=value.as_of,
            source_title=value.source.title,
            source_url=value.source.url,
            answer=value.answer,
            number=value.number,
            unit=value.unit,
            date_value=value.date_value,
            text=value.text,
            instrument=value.instrument,
            since=value.since,
            note=value.note,
        )
    except ValidationError as error:
        raise DemoDataError([f"{value.id}: {error}"]) from error


@transaction.atomic
def load(path: Path = COUNTRIES_JSON) -> int:
    """Record the values and events that are missing; return how many were added."""
    values, events = read(path)
    by = User.objects.filter(email=RECORDER).first()
    added = 0
    done: dict[tuple[str, str], list[Value]] = {}
    for value in values:
        key = (value.country.code, value.indicator.slug)
        older = done.setdefault(key, [])
        if not value.rows().exists():
            current = IndicatorValue.objects.filter(
                country=value.country, indicator=value.indicator, is_current=True
            ).first()
            # Record it only where it is the newest thing known: over nothing, or over an older
            # value of this file; never over a value recorded since (an editor's).
            if current is None or any(
                earlier.rows().filter(pk=current.pk).exists() for earlier in older
            ):
                _record(value, by)
                added += 1
        older.append(value)
    for event in events:
        if event.exists():
            continue
        record_event(
            event.country,
            by=by,
            kind=event.kind,
            date=event.date,
            precision=event.precision,
            title=event.title,
            summary=event.summary,
            language=event.language,
            source_title=event.source.title,
            source_url=event.source.url,
        )
        added += 1
    return added


# A figure of the seed that the statistics file does not hold, added to its series as an editor
# would: the INM's 2022 bulletin, as the IDC's statement of 4 April 2023 reports it.
SEED_POINTS: list[dict[str, str]] = [
    {
        "series": "mx-inm-detentions-per-year",
        "period": "2022",
        "value": "444439",
        "source_url": (
            "https://idcoalition.org/news/human-lives-are-at-risk-in-migration-governance-"
            "systems-that-center-immigration-detention/"
        ),
        "note": "detentions in the 57 official facilities (INM Statistical Bulletin 2022, as "
        "reported by the International Detention Coalition)",
    },
]


def add_seed_points() -> int:
    """Add the seed's figures to the demo's series where missing; return how many were added."""
    by = User.objects.filter(email=RECORDER).first()
    added = 0
    for figure in SEED_POINTS:
        series = StatisticSeries.objects.filter(external_id=figure["series"]).first()
        if series is None or series.points.filter(source_url=figure["source_url"]).exists():
            continue
        save_point(
            StatisticPoint(series=series),
            by=by,
            period=figure["period"],
            value=Decimal(figure["value"]),
            source_url=figure["source_url"],
            note=figure["note"],
        )
        added += 1
    return added
