from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.models import platform_languages
from peerlearning.countries.actions import value_problems
from peerlearning.countries.models import (
    Answer,
    DatePrecision,
    EventKind,
    Indicator,
    IndicatorKind,
    Instrument,
    Unit,
)
from peerlearning.countries.periods import PeriodError, parse_period
from peerlearning.lib.web import is_web_address

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MIN_COMPARED, MAX_COMPARED = 2, 6
# Addresses under /countries/indicators/ that are pages, not indicators.
RESERVED_SLUGS = frozenset({"new"})


class SourceField(forms.URLField):
    """The web address of a source: http or https, as every path checks it (lib/web.py)."""

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and not is_web_address(value):
            raise forms.ValidationError(
                _("Give the source's web address, starting with https://."), code="invalid"
            )


def _date_field(
    label: "StrOrPromise", *, required: bool, help_text: "StrOrPromise" = ""
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class IndicatorForm(forms.ModelForm):
    """An indicator, defined in the platform's four languages."""

    class Meta:
        model = Indicator
        fields = [
            "slug",
            "kind",
            "unit",
            "name_en",
            "definition_en",
            "name_es",
            "definition_es",
            "name_fr",
            "definition_fr",
            "name_ar",
            "definition_ar",
            "position",
        ]
        widgets = {
            f"definition_{code}": forms.Textarea(attrs={"rows": 3})
            for code in ("en", "es", "fr", "ar")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code in ("ar",):
            for field in (f"name_{code}", f"definition_{code}"):
                self.fields[field].widget.attrs.update({"lang": code, "dir": "rtl"})
        for code in ("es", "fr"):
            for field in (f"name_{code}", f"definition_{code}"):
                self.fields[field].widget.attrs["lang"] = code
        if self.instance.pk:
            # Other systems (exports, the API) know the indicator by its short name.
            self.fields["slug"].disabled = True

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is taken by a page: choose another."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if (
            self.instance.pk
            and kind
            and kind != self.instance.kind
            and self.instance.values.exists()
        ):
            self.add_error(
                "kind",
                _(
                    "Countries already have values of this indicator: its type cannot change. "
                    "Define a new indicator instead."
                ),
            )
        if kind == IndicatorKind.NUMBER and not data.get("unit"):
            self.add_error("unit", _("A number needs its unit."))
        if kind != IndicatorKind.NUMBER:
            data["unit"] = ""
        return data


class ValueForm(forms.Form):
    """A country's value of one indicator; the fields shown follow the indicator's type."""

    answer = forms.ChoiceField(
        label=_("Value"), choices=Answer.choices, required=False, widget=forms.RadioSelect
    )
    number = forms.DecimalField(label=_("Value"), required=False, max_digits=18, decimal_places=4)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, required=False)
    date_value = _date_field(_("Value"), required=False)
    text = forms.CharField(
        label=_("Value"), required=False, widget=forms.Textarea({"rows": 3, "dir": "auto"})
    )
    instrument = forms.ChoiceField(
        label=_("Instrument"),
        choices=[("", _("Not stated")), *Instrument.choices],
        required=False,
        help_text=_("What makes the value binding: a law, a regulation, a court ruling…"),
    )
    since = _date_field(
        _("Since"), required=False, help_text=_("The date from which the value holds, if known.")
    )
    as_of = _date_field(
        _("Date of the source"), required=True, help_text=_("The date the source gives the value.")
    )
    source_title = forms.CharField(
        label=_("Source title"),
        max_length=300,
        required=False,
        widget=forms.TextInput({"dir": "auto"}),
    )
    source_url = SourceField(
        label=_("Source address"),
        max_length=1000,
        required=False,
        assume_scheme="https",
        help_text=_("A value without a source cannot be saved."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea({"rows": 3, "dir": "auto"})
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        shown = {
            IndicatorKind.ANSWER: ["answer"],
            IndicatorKind.NUMBER: ["number", "unit"],
            IndicatorKind.DATE: ["date_value"],
            IndicatorKind.TEXT: ["text"],
        }[IndicatorKind(indicator.kind)]
        for name in ("answer", "number", "unit", "date_value", "text"):
            if name not in shown:
                del self.fields[name]
        if "unit" in self.fields:
            self.fields["unit"].initial = indicator.unit
        # Required in words (value_problems), so that every missing part is named at once.
        for name in ("source_title", "source_url"):
            self.fields[name].widget.attrs["required"] = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = value_problems(
            self.indicator,
            answer=data.get("answer") or "",
            number=data.get("number"),
            unit=data.get("unit") or "",
            date_value=data.get("date_value"),
            text=data.get("text") or "",
            instrument=data.get("instrument") or "",
            source_title=data.get("source_title") or "",
            source_url=data.get("source_url") or "",
        )
        for field, problem in problems.items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, problem)
            elif field not in self.fields:
                self.add_error(None, problem)
        return data


class PointForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=200,
        help_text=_(
            "A year (2019), a month (2019-07), a day (2019-06-30), a fiscal year (FY2019), a year "
            "ending in a month (YE 2019-09) or a range of two of these (2019-01/2019-09). Anything "
            "else is kept as text and not placed on the chart."
        ),
    )
    value = forms.DecimalField(label=_("Value"), max_digits=24, decimal_places=6)
    approximate = forms.BooleanField(
        label=_("The source gives an approximate value (“about”, “more than”)"), required=False
    )
    source_url = SourceField(label=_("Source address"), max_length=1000, assume_scheme="https")
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea({"rows": 2, "dir": "auto"})
    )

    def clean_period(self) -> str:
        period: str = self.cleaned_data["period"]
        try:
            return parse_period(period, strict=True).text
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_value(self) -> Decimal:
        value: Decimal = self.cleaned_data["value"]
        if not value.is_finite():
            raise forms.ValidationError(_("Give a number."))
        return value


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EventKind.choices)
    date = _date_field(_("Date"), required=True)
    precision = forms.ChoiceField(
        label=_("The date is known to the"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
        help_text=_("When only the year is known, give 1 January of that year and choose “year”."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=300, widget=forms.TextInput({"dir": "auto"})
    )
    summary = forms.CharField(
        label=_("Summary, in your own words"),
        required=False,
        widget=forms.Textarea({"rows": 3, "dir": "auto"}),
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=platform_languages)
    source_title = forms.CharField(label=_("Source title"), max_length=300)
    source_url = SourceField(label=_("Source address"), max_length=1000, assume_scheme="https")
