"""Writes of countries and progress: a value recorded keeps the one before it as history."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.countries.models import (
    Answer,
    CountryEvent,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Instrument,
    StatisticPoint,
    Unit,
)
from peerlearning.countries.periods import PeriodError, parse_period
from peerlearning.lib.web import is_web_address
from peerlearning.network.models import Country


def value_problems(
    indicator: Indicator,
    *,
    answer: str = "",
    number: Decimal | None = None,
    unit: str = "",
    date_value: datetime.date | None = None,
    text: str = "",
    instrument: str = "",
    source_title: str = "",
    source_url: str = "",
) -> dict[str, str]:
    """What is wrong with a value for this indicator, by field, in words an editor understands
    (the form, the API and the demo all ask here)."""
    problems: dict[str, str] = {}
    if not source_title.strip():
        problems["source_title"] = _("Give the title of the source: a value needs its source.")
    if not source_url.strip():
        problems["source_url"] = _("Give the address of the source: a value needs its source.")
    elif not is_web_address(source_url.strip()):
        problems["source_url"] = _("Give the source's web address, starting with https://.")
    if instrument and instrument not in Instrument.values:
        problems["instrument"] = _("Choose one of the instruments listed.")
    kind = indicator.kind
    given = {
        "answer": bool(answer),
        "number": number is not None,
        "date_value": date_value is not None,
        "text": bool(text.strip()),
    }
    expected = {
        IndicatorKind.ANSWER: "answer",
        IndicatorKind.NUMBER: "number",
        IndicatorKind.DATE: "date_value",
        IndicatorKind.TEXT: "text",
    }[IndicatorKind(kind)]
    names = {
        "answer": _("yes, no or partly"),
        "number": _("a number"),
        "date_value": _("a date"),
        "text": _("a text"),
    }
    if not given[expected]:
        problems[expected] = _("This indicator takes %(kind)s: give it.") % {
            "kind": names[expected]
        }
    for field, present in given.items():
        if present and field != expected:
            problems[field] = _("This indicator takes %(kind)s, not %(other)s.") % {
                "kind": names[expected],
                "other": names[field],
            }
    if answer and answer not in Answer.values:
        problems["answer"] = _("Answer yes, no or partly.")
    if unit and unit not in Unit.values:
        problems["unit"] = _("Choose one of the units listed.")
    if number is not None and (not number.is_finite() or number < 0):
        problems["number"] = _("Give a number of zero or more.")
    return problems


@transaction.atomic
def record_value(
    indicator: Indicator,
    country: Country,
    *,
    by: User | None,
    as_of: datetime.date,
    source_title: str,
    source_url: str,
    answer: str = "",
    number: Decimal | None = None,
    unit: str = "",
    date_value: datetime.date | None = None,
    text: str = "",
    instrument: str = "",
    since: datetime.date | None = None,
    note: str = "",
) -> IndicatorValue:
    """Record a country's value of an indicator; the value it replaces stays as history.
    Raises ValidationError (by field) and saves nothing when the value is not right for the
    indicator or has no source."""
    problems = value_problems(
        indicator,
        answer=answer,
        number=number,
        unit=unit,
        date_value=date_value,
        text=text,
        instrument=instrument,
        source_title=source_title,
        source_url=source_url,
    )
    if problems:
        raise ValidationError(problems)
    # Two editors recording at once: the row lock makes the second wait, then supersede.
    list(
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, country=country, is_current=True)
        .values_list("pk", flat=True)
    )
    IndicatorValue.objects.filter(indicator=indicator, country=country, is_current=True).update(
        is_current=False
    )
    return IndicatorValue.objects.create(
        indicator=indicator,
        country=country,
        answer=answer,
        number=number,
        unit=unit or (indicator.unit if number is not None else ""),
        date_value=date_value,
        text=text.strip(),
        instrument=instrument,
        since=since,
        as_of=as_of,
        source_title=source_title.strip(),
        source_url=source_url.strip(),
        note=note.strip(),
        is_current=True,
        recorded_by=by,
        recorded_at=timezone.now(),
    )


@transaction.atomic
def save_point(
    point: StatisticPoint,
    *,
    by: User | None,
    period: str,
    value: Decimal,
    source_url: str,
    approximate: bool = False,
    note: str = "",
) -> StatisticPoint:
    """Add a point to a series, or correct one; the period is read as the import reads it."""
    problems: dict[str, str] = {}
    try:
        parsed = parse_period(period, strict=True)
    except PeriodError as error:
        problems["period"] = str(error)
    if not source_url.strip():
        problems["source_url"] = _("Give the address of the source: a value needs its source.")
    elif not is_web_address(source_url.strip()):
        problems["source_url"] = _("Give the source's web address, starting with https://.")
    if not value.is_finite():
        problems["value"] = _("Give a number.")
    if problems:
        raise ValidationError(problems)
    before = (
        {"period": point.period, "value": str(point.value), "source_url": point.source_url}
        if point.pk is not None
        else None
    )
    if point.pk is None:
        last = point.series.points.order_by("-position").values_list("position", flat=True)
        point.position = (last.first() or 0) + 1
    point.period = parsed.text
    point.period_kind = parsed.kind
    point.start, point.end = parsed.start, parsed.end
    point.value = value
    point.approximate = approximate
    point.note = note.strip()
    point.source_url = source_url.strip()
    point.changed_by = by
    point.changed_at = timezone.now()
    point.save()
    # A published figure changed leaves a trace: the point keeps only its newest state.
    audit.record(
        by,
        "statistics.point_corrected" if before else "statistics.point_added",
        point.series,
        position=point.position,
        before=before,
        after={"period": point.period, "value": str(point.value), "source_url": point.source_url},
    )
    return point


def record_event(
    country: Country,
    *,
    by: User | None,
    kind: str,
    date: datetime.date,
    precision: str,
    title: str,
    source_title: str,
    source_url: str,
    summary: str = "",
    language: str = "en",
) -> CountryEvent:
    if not source_title.strip() or not is_web_address(source_url.strip()):
        raise ValidationError(
            {
                "source_url": _(
                    "Give the title and address of the source: an event needs its source."
                )
            }
        )
    return CountryEvent.objects.create(
        country=country,
        kind=kind,
        date=date,
        precision=precision,
        title=title.strip(),
        summary=summary.strip(),
        language=language,
        source_title=source_title.strip(),
        source_url=source_url.strip(),
        recorded_by=by,
    )
