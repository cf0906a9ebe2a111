"""Countries and progress (DESIGN.md §7): legal-framework indicators with sourced values and their
history, statistics series as their sources give them, and a timeline of reforms and rulings.

Every value names its source: a value or a point without a source URL cannot be saved (the
database refuses it, whatever writes it)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peerlearning.network.models import Country

LANGUAGES = ("en", "es", "fr", "ar")


class IndicatorKind(models.TextChoices):
    ANSWER = "answer", _("Yes, no or partly")
    NUMBER = "number", _("Number with a unit")
    DATE = "date", _("Date")
    TEXT = "text", _("Text")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTIAL = "partial", _("Partly")
    NO = "no", _("No")


class Unit(models.TextChoices):
    """The units an indicator's number may carry; translated like any other word."""

    COUNT = "count", pgettext_lazy("unit", "number")
    HOURS = "hours", pgettext_lazy("unit", "hours")
    DAYS = "days", pgettext_lazy("unit", "days")
    MONTHS = "months", pgettext_lazy("unit", "months")
    YEARS = "years", pgettext_lazy("unit", "years")
    PLACES = "places", pgettext_lazy("unit", "places")
    PERSONS = "persons", pgettext_lazy("unit", "persons")


class Instrument(models.TextChoices):
    """Where a value is written: what makes it binding."""

    CONSTITUTION = "constitution", pgettext_lazy("legal instrument", "Constitution")
    LAW = "law", pgettext_lazy("legal instrument", "Law")
    REGULATION = "regulation", pgettext_lazy("legal instrument", "Regulation")
    COURT_RULING = "court-ruling", pgettext_lazy("legal instrument", "Court ruling")
    POLICY = "policy", pgettext_lazy("legal instrument", "Policy or practice")


# How many days a unit of time holds, to compare periods given in hours, days or months.
DAYS_IN = {
    "hours": Decimal(1) / Decimal(24),
    "days": Decimal(1),
    "months": Decimal("30.4375"),
    "years": Decimal("365.25"),
}


def amount(value: Decimal | float | int) -> str:
    """A number in the active language's format, grouped ("444,439", "444٬439"), without the
    trailing zeros a float or a Decimal may carry."""
    number = value if isinstance(value, Decimal) else Decimal(repr(round(float(value), 9)))
    if number == number.to_integral_value():
        return number_format(number, decimal_pos=0, use_l10n=True, force_grouping=True)
    return number_format(number.normalize(), use_l10n=True, force_grouping=True)


def in_language(obj: models.Model, field: str, language: str | None = None) -> str:
    """The `field_<language>` of obj in the reader's language, English when not written."""
    language = (language or translation.get_language() or "en")[:2]
    text = getattr(obj, f"{field}_{language}", "") if language in LANGUAGES else ""
    return text or getattr(obj, f"{field}_en")


class Indicator(models.Model):
    """A legal-framework indicator defined by the editors, in the platform's four languages."""

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=10, choices=IndicatorKind.choices)
    unit = models.CharField(
        _("unit"),
        max_length=10,
        choices=Unit.choices,
        blank=True,
        help_text=_("For a number: what it counts or measures."),
    )
    name_en = models.CharField(_("name in English"), max_length=200)
    name_es = models.CharField(_("name in Spanish"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    definition_en = models.TextField(_("definition in English"))
    definition_es = models.TextField(_("definition in Spanish"))
    definition_fr = models.TextField(_("definition in French"))
    definition_ar = models.TextField(_("definition in Arabic"))
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")

    @property
    def definition(self) -> str:
        return in_language(self, "definition")

    @property
    def is_mappable(self) -> bool:
        return self.kind in (IndicatorKind.ANSWER, IndicatorKind.NUMBER)


class IndicatorValueQuerySet(models.QuerySet["IndicatorValue"]):
    def current(self) -> "IndicatorValueQuerySet":
        return self.filter(is_current=True)


class IndicatorValue(models.Model):
    """One country's value of one indicator, as of a date, from a source.

    Values are never overwritten: a change is a new row, and the one before it stays as history
    (who recorded what, when, from which source). Exactly one row per country and indicator is
    current (a partial unique constraint; the action `record_value` keeps it so)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="indicator_values")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    date_value = models.DateField(_("date"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    instrument = models.CharField(
        _("instrument"), max_length=20, choices=Instrument.choices, blank=True
    )
    since = models.DateField(
        _("since"), null=True, blank=True, help_text=_("The date from which this value holds.")
    )
    as_of = models.DateField(_("as of"), help_text=_("The date the source gives this value."))
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=1000)
    note = models.TextField(_("note"), blank=True)
    is_current = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(db_index=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        indexes = [models.Index(fields=["country", "indicator", "is_current"])]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "indicator"],
                condition=Q(is_current=True),
                name="one_current_value_per_country_and_indicator",
            ),
            models.CheckConstraint(
                condition=~Q(source_url="") & ~Q(source_title=""),
                name="indicator_value_has_a_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country_id} {self.indicator_id}"

    @property
    def shown(self) -> str:
        """The value as the reader reads it: "Yes", "36 hours", a date, a text."""
        if self.answer:
            return str(Answer(self.answer).label)
        if self.number is not None:
            unit = self.unit or self.indicator.unit
            if not unit or unit == Unit.COUNT:
                return amount(self.number)
            # The number before its unit, in each of the platform's languages.
            return f"{amount(self.number)} {Unit(unit).label}"
        if self.date_value is not None:
            return format_date(self.date_value, get_format("DATE_FORMAT"))
        return self.text

    def in_days(self) -> Decimal | None:
        """A period of time in days (36 hours is 1.5), to place countries on one scale."""
        if self.number is None or (self.unit or self.indicator.unit) not in DAYS_IN:
            return None
        return self.number * DAYS_IN[self.unit or self.indicator.unit]


class StatisticSeries(models.Model):
    """One statistical series of one country, as the import file gives it: what is counted, in
    which unit, from which sources. Series with different indicators are never merged."""

    external_id = models.SlugField(_("identifier"), max_length=120, unique=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="statistics")
    indicator = models.TextField(_("what is counted"))
    unit = models.CharField(_("unit"), max_length=100)
    sources = models.JSONField(_("sources"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "external_id"]
        verbose_name = _("statistics series")
        verbose_name_plural = _("statistics series")

    def __str__(self) -> str:
        return self.external_id


class PeriodKind(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")
    FISCAL_YEAR = "fiscal-year", _("fiscal year")
    YEAR_ENDING = "year-ending", _("year ending")
    RANGE = "range", _("range")
    TEXT = "text", _("undated")


class StatisticPoint(models.Model):
    """One value of a series for one period, from one source. A period may appear twice, from
    two sources: both are kept. A period the format does not define is kept as text, undated
    (`start` and `end` empty), and never placed on a time axis."""

    series = models.ForeignKey(StatisticSeries, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveIntegerField(default=0)
    period = models.CharField(_("period"), max_length=200)
    period_kind = models.CharField(max_length=12, choices=PeriodKind.choices)
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    approximate = models.BooleanField(_("approximate"), default=False)
    note = models.TextField(_("note"), blank=True)
    source_url = models.URLField(_("source address"), max_length=1000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["series", "position", "pk"]
        verbose_name = _("statistics point")
        verbose_name_plural = _("statistics points")
        constraints = [
            models.CheckConstraint(condition=~Q(source_url=""), name="point_has_a_source"),
            models.CheckConstraint(condition=~Q(period=""), name="point_has_a_period"),
        ]

    def __str__(self) -> str:
        return f"{self.series_id} {self.period}"

    @property
    def is_dated(self) -> bool:
        return self.start is not None


class EventKind(models.TextChoices):
    LAW_REFORM = "law-reform", _("Law reform")
    COURT_RULING = "court-ruling", _("Court ruling")
    POLICY = "policy", _("Policy")
    OTHER = "other", _("Other")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


class CountryEvent(models.Model):
    """A dated step on a country's timeline: a law reform, a court ruling, a policy. Exchanges,
    practices (and, with monitoring, incidents and recommendations) join the timeline from
    their own records."""

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    date = models.DateField(_("date"))
    precision = models.CharField(
        _("the date is known to the"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language of the text"), max_length=10, default="en")
    source_title = models.CharField(_("source title"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source_url="") & ~Q(source_title=""), name="event_has_a_source"
            ),
        ]

    def __str__(self) -> str:
        return self.title
