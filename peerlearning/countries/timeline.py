"""A country's timeline: its own events (reforms, rulings, policies) and what other records say
of it — exchanges it hosted, its published practices — each read through the access package."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from peerlearning.countries.models import CountryEvent, DatePrecision
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Practice
from peerlearning.monitoring.models import Incident, Recommendation

_FIRST_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Entry:
    date: datetime.date
    when: str  # the date as the reader reads it, to its known precision
    kind: str  # translated: "Law reform", "Exchange", "Practice"…
    title: str
    url: str = ""
    language: str = ""
    summary: str = ""
    source_title: str = ""
    source_url: str = ""


def date_label(date: datetime.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return format_date(date, get_format("YEAR_MONTH_FORMAT"))
    return format_date(date, get_format("DATE_FORMAT"))


def practice_year(practice: Practice) -> int | None:
    """The year a practice began, read from the free text the source gives (`2016-2017`)."""
    match = _FIRST_YEAR.search(practice.years or "")
    return int(match[1]) if match else None


def entries(
    events: Iterable[CountryEvent],
    exchanges: Iterable[Exchange],
    practices: Iterable[Practice],
    incidents: Iterable[Incident] = (),
    recommendations: Iterable[Recommendation] = (),
) -> list[Entry]:
    """Newest first; a practice with no year in its record is left off the timeline (it is
    listed with the country's practices). Incidents come already limited to published ones."""
    found: list[Entry] = []
    for incident in incidents:
        found.append(
            Entry(
                incident.date,
                date_label(incident.date, DatePrecision.DAY),
                _("Incident"),
                incident.title,
                url=incident.get_absolute_url(),
                language=incident.language,
            )
        )
    for recommendation in recommendations:
        found.append(
            Entry(
                recommendation.date,
                date_label(recommendation.date, DatePrecision.DAY),
                _("Recommendation by %(body)s") % {"body": recommendation.body.name},
                recommendation.text,
                url=recommendation.get_absolute_url(),
                language=recommendation.language,
            )
        )
    for event in events:
        found.append(
            Entry(
                event.date,
                date_label(event.date, event.precision),
                event.get_kind_display(),
                event.title,
                language=event.language,
                summary=event.summary,
                source_title=event.source_title,
                source_url=event.source_url,
            )
        )
    for exchange in exchanges:
        moment = exchange.local(exchange.starts_at)
        if moment is None:
            continue
        day = moment.date()
        found.append(
            Entry(
                day,
                date_label(day, DatePrecision.DAY),
                _("Exchange hosted"),
                exchange.title,
                url=exchange.get_absolute_url(),
                language=getattr(exchange, "language", "") or "",
            )
        )
    for practice in practices:
        year = practice_year(practice)
        if year is None:
            continue
        found.append(
            Entry(
                datetime.date(year, 1, 1),
                str(year),
                str(practice.get_kind_display()) if practice.kind else _("Practice"),
                practice.title,
                url=practice.get_absolute_url(),
                language=practice.language,
            )
        )
    return sorted(found, key=lambda entry: entry.date, reverse=True)
