"""The periods of the statistics format (peerlearning/demo/data/README.md), read and shown.

A period is a year `2019`, a month `2019-07`, a day `2019-06-30`, a fiscal year `FY2019` (the
source's own: its bounds are not known, so it is placed on its calendar year), a year ending in
a month `YE 2019-09`, or a range `A/B` of any two of these. Anything else is kept as the source
gives it, undated. An empty period is an error. An editor typing a period (`strict`) is also
told when a text has the shape of a date but is not one (`2019-13`) or a range ends before it
begins; a file is read as the format says, and keeps such a period as text."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from peerlearning.countries.models import PeriodKind

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FISCAL = re.compile(r"^FY ?(\d{4})$")
_YEAR_ENDING = re.compile(r"^YE (\d{4})-(\d{2})$")
# What looks like a date someone meant to write: an error if it is not one, not undated text.
_DATE_SHAPED = re.compile(r"^(FY ?|YE )?\d{4}(-\d{1,2}){0,2}$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    text: str
    kind: PeriodKind
    start: datetime.date | None = None
    end: datetime.date | None = None
    first: "Period | None" = None  # the two ends of a range
    last: "Period | None" = None

    @property
    def is_dated(self) -> bool:
        return self.start is not None


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _single(text: str, strict: bool) -> Period | None:
    """A period that is not a range, or None when the text is none of the defined shapes."""
    try:
        if match := _YEAR.match(text):
            year = int(match[1])
            return Period(
                text, PeriodKind.YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            )
        if match := _MONTH.match(text):
            year, month = int(match[1]), int(match[2])
            return Period(
                text, PeriodKind.MONTH, datetime.date(year, month, 1), _last_day(year, month)
            )
        if match := _DAY.match(text):
            day = datetime.date(int(match[1]), int(match[2]), int(match[3]))
            return Period(text, PeriodKind.DAY, day, day)
        if match := _FISCAL.match(text):
            year = int(match[1])
            return Period(
                text,
                PeriodKind.FISCAL_YEAR,
                datetime.date(year, 1, 1),
                datetime.date(year, 12, 31),
            )
        if match := _YEAR_ENDING.match(text):
            year, month = int(match[1]), int(match[2])
            end = _last_day(year, month)
            start = (
                datetime.date(year - 1, month + 1, 1) if month < 12 else datetime.date(year, 1, 1)
            )
            return Period(text, PeriodKind.YEAR_ENDING, start, end)
    except ValueError:
        if not strict:
            return None
        raise PeriodError(_("“%(period)s” is not a real date") % {"period": text}) from None
    if strict and _DATE_SHAPED.match(text):
        raise PeriodError(
            _("“%(period)s” looks like a date but is not one of the format's periods")
            % {"period": text}
        )
    return None


def parse_period(text: str, *, strict: bool = False) -> Period:
    """Read a period; raise PeriodError (with a reason a person understands) when it is wrong."""
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        raise PeriodError(_("the period is empty"))
    if text.count("/") == 1:
        first_text, last_text = (part.strip() for part in text.split("/"))
        first, last = _single(first_text, strict), _single(last_text, strict)
        if first is not None and last is not None:
            assert first.start is not None and last.end is not None  # noqa: S101
            if last.end < first.start and not strict:
                return Period(text, PeriodKind.TEXT)
            if last.end < first.start:
                raise PeriodError(
                    _("the range “%(period)s” ends before it begins") % {"period": text}
                )
            return Period(text, PeriodKind.RANGE, first.start, last.end, first, last)
        return Period(text, PeriodKind.TEXT)
    return _single(text, strict) or Period(text, PeriodKind.TEXT)


def period_label(period: Period) -> str:
    """The period as the reader reads it, in the active language."""
    if period.kind == PeriodKind.RANGE and period.first and period.last:
        return _("%(start)s to %(end)s") % {
            "start": period_label(period.first),
            "end": period_label(period.last),
        }
    if period.start is None:
        return period.text
    if period.kind == PeriodKind.YEAR:
        return str(period.start.year)
    if period.kind == PeriodKind.MONTH:
        return format_date(period.start, get_format("YEAR_MONTH_FORMAT"))
    if period.kind == PeriodKind.DAY:
        return format_date(period.start, get_format("DATE_FORMAT"))
    if period.kind == PeriodKind.FISCAL_YEAR:
        return _("fiscal year %(year)s") % {"year": period.start.year}
    assert period.end is not None  # noqa: S101
    return _("year to %(month)s") % {
        "month": format_date(period.end, get_format("YEAR_MONTH_FORMAT"))
    }
