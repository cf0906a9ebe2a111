"""Forms of monitoring and accountability, by sub-domain (forms validate; actions write)."""

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)

import datetime  # noqa: E402
from typing import Any  # noqa: E402

import pycountry  # noqa: E402
from django import forms  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from peerlearning.accounts.models import country_choices, platform_languages  # noqa: E402
from peerlearning.monitoring.actions import incident_problems  # noqa: E402
from peerlearning.monitoring.models import (  # noqa: E402
    IncidentKind,
    Place,
    Recommendation,
    Verification,
    today,
)
from peerlearning.network.models import Country  # noqa: E402

MAX_LINES = 50


class IncidentFilterForm(forms.Form):
    """The incidents list's filters (a GET form): a valid filter applies, an invalid one is
    ignored, never an error page."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("What happened"),
        required=False,
        choices=lambda: [("", _("Any kind")), *IncidentKind.choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2100)

    def __init__(self, *args: Any, countries: list[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = sorted(
            ((country.code, country.name) for country in countries),
            key=lambda pair: pair[1].casefold(),
        )
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)  # noqa: S101 - for the type checker
        country.choices = [("", _("Any country")), *choices]

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class SourceLinesField(forms.CharField):
    """Sources typed one a line: “title | address | YYYY-MM-DD”."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        sources: list[dict[str, str]] = []
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            raise forms.ValidationError(_("At most %(count)s sources.") % {"count": MAX_LINES})
        for number, line in enumerate(lines, start=1):
            # From the end: a title may hold a bar of its own ("Report | Annex").
            parts = [part.strip() for part in line.rsplit("|", 2)]
            if len(parts) != 3 or not all(parts):
                raise forms.ValidationError(
                    _("Line %(number)s: write “title | address | YYYY-MM-DD”.") % {"number": number}
                )
            title, url, date = parts
            try:
                when = datetime.date.fromisoformat(date)
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s: “%(date)s” is not a date written YYYY-MM-DD.")
                    % {"number": number, "date": date}
                ) from None
            if when > today():
                raise forms.ValidationError(
                    _("Line %(number)s: the source’s date is in the future.") % {"number": number}
                )
            sources.append({"title": title[:300], "url": url, "date": when.isoformat()})
        return sources

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                " | ".join((s.get("title", ""), s.get("url", ""), s.get("date", ""))) for s in value
            )
        return value


def _country_codes_by_name() -> dict[str, str]:
    """Country names in the reader's language and in English (the ISO name, the common and the
    official one: “Venezuela” as well as “Venezuela, Bolivarian Republic of”), and the two- and
    three-letter codes, folded, to their two-letter code."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.alpha_3,
            getattr(country, "official_name", ""),
            getattr(country, "common_name", ""),
        ):
            if name:
                names[name.casefold()] = country.alpha_2
    with translation.override("en"):
        english = country_choices()
    for pairs in (english, country_choices()):
        for code, name in pairs:
            names[name.casefold()] = code
            names[code.casefold()] = code
    return names


class NationalityLinesField(forms.CharField):
    """Nationalities typed one a line, “country code or name: count”, the count only where a
    source gives one."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            raise forms.ValidationError(
                _("At most %(count)s nationalities.") % {"count": MAX_LINES}
            )
        codes = _country_codes_by_name() if lines else {}
        nationalities: list[dict[str, Any]] = []
        for number, line in enumerate(lines, start=1):
            name, _colon, count_text = line.partition(":")
            code = codes.get(name.strip().casefold())
            if code is None:
                raise forms.ValidationError(
                    _("Line %(number)s: “%(name)s” is not a country code or name.")
                    % {"number": number, "name": name.strip()}
                )
            if any(entry["country"] == code for entry in nationalities):
                raise forms.ValidationError(
                    _("Line %(number)s: this country is already given.") % {"number": number}
                )
            count: int | None = None
            if count_text.strip():
                try:
                    count = int(count_text.strip())
                except ValueError:
                    count = -1
                if count < 0:
                    raise forms.ValidationError(
                        _("Line %(number)s: give the count as a whole number, or none.")
                        % {"number": number}
                    )
            nationalities.append({"country": code, "count": count})
        return nationalities

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            names = dict(country_choices())
            return "\n".join(
                f"{names.get(n['country'], n['country'])}"
                + (f": {n['count']}" if n.get("count") is not None else "")
                for n in value
            )
        return value


class IncidentForm(forms.Form):
    """An incident in one country (the country is chosen before the form, and stays)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kinds = forms.MultipleChoiceField(
        label=_("What happened"),
        choices=IncidentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(
        label=_("Place of detention"),
        required=False,
        widget=forms.Select,
        help_text=_("One of the country’s places, or else describe where below."),
    )
    place_description = forms.CharField(
        label=_("Where, if not a known place"), max_length=300, required=False
    )
    summary = forms.CharField(
        label=_("Summary, in your own words"), widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(label=_("Language of the text"), choices=platform_languages)
    people_affected = forms.IntegerField(label=_("People affected"), required=False, min_value=0)
    dead = forms.IntegerField(label=_("Dead"), required=False, min_value=0)
    injured = forms.IntegerField(label=_("Injured"), required=False, min_value=0)
    nationalities = NationalityLinesField(
        label=_("Nationalities"),
        required=False,
        help_text=_(
            "One a line: a country’s code or name, then a colon and the count where a source "
            "gives one (“Guatemala: 18”, or “HN”)."
        ),
    )
    sources = SourceLinesField(
        label=_("Sources"),
        required=False,
        help_text=_("One a line: “title | https://address | YYYY-MM-DD”. At least one."),
    )
    verification = forms.ChoiceField(label=_("Verification"), choices=Verification.choices)
    unmet_recommendations = forms.MultipleChoiceField(
        label=_("Recommendations it shows unmet"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        country: Country,
        places: list[Place],
        recommendations: list[Recommendation],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.country = country
        self.places = {place.slug: place for place in places}
        self.fields["place"].widget.choices = [
            ("", _("— none of these: described below —")),
            *((place.slug, f"{place.official_name} ({place.plain_type})") for place in places),
        ]
        self.recommendations = {str(r.uuid): r for r in recommendations}
        unmet = self.fields["unmet_recommendations"]
        assert isinstance(unmet, forms.MultipleChoiceField)  # noqa: S101 - for the type checker
        unmet.choices = [
            (key, f"{r.body.name}: {r.text[:120]}") for key, r in self.recommendations.items()
        ]
        if not recommendations:
            del self.fields["unmet_recommendations"]

    def clean_place(self) -> Place | None:
        slug = (self.cleaned_data.get("place") or "").strip()
        if not slug:
            return None
        place = self.places.get(slug)
        if place is None:
            # Another country's place is named, so the refusal can say why.
            place = Place.objects.select_related("country").filter(slug=slug).first()
            if place is None:
                raise forms.ValidationError(_("Choose one of the places listed."))
        return place

    def clean_unmet_recommendations(self) -> list[Recommendation]:
        return [self.recommendations[key] for key in self.cleaned_data["unmet_recommendations"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        problems = incident_problems(
            self.country,
            kinds=data.get("kinds") or [],
            date=data.get("date"),
            place=data.get("place"),
            place_description=data.get("place_description") or "",
            people_affected=data.get("people_affected"),
            dead=data.get("dead"),
            injured=data.get("injured"),
            sources=data.get("sources") or [],
            verification=data.get("verification") or "",
            nationalities=data.get("nationalities") or [],
        )
        for field, problem in problems.items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, problem)
        return data


class AffectedPersonForm(forms.Form):
    """A person affected, kept only when a public source names them."""

    name = forms.CharField(label=_("Name, as the public source gives it"), max_length=200)
    details = forms.CharField(
        label=_("Details the source gives"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    source_title = forms.CharField(label=_("Public source title"), max_length=300)
    source_url = forms.URLField(
        label=_("Public source address"), max_length=1000, assume_scheme="https"
    )


# End of section: incidents ----------------------------------------------------------------


# Recommendations and their implementation -------------------------------------------------
# (section: recommendations)


# End of section: recommendations ----------------------------------------------------------
