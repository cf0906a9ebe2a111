"""Forms of monitoring and accountability, by sub-domain (forms validate; actions write)."""

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerlearning import access
from peerlearning.accounts.models import User, country_choices, language_choices
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.forms import concept_choices
from peerlearning.knowledge.models import Concept
from peerlearning.lib.pickers import Picker, PickerMultiple, plain_for_anonymous
from peerlearning.lib.web import is_web_address
from peerlearning.monitoring.actions import date_problems, grouping_problems
from peerlearning.monitoring.models import (
    Body,
    BodyKind,
    ChecklistItem,
    Finding,
    Implementation,
    MonitorAccess,
    PlaceStatus,
    Recommendation,
)
from peerlearning.network.forms import (
    FilterForm,
    MemberOrEmailForm,
    OrganisationField,
    choices_with_any,
)
from peerlearning.network.models import Country
from peerlearning.support.models import SupportRequest

# The most people a count takes (the database's integer); a count beyond it is a typo.
MAX_COUNT = 10_000_000

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


class SourcesField(forms.CharField):
    """Sources, one a line: a title then its web address ("INM, 2023 https://…"); kept as
    [{"title": …, "url": …}]."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[dict[str, str]]:  # type: ignore[override]
        text = super().to_python(value) or ""
        sources: list[dict[str, str]] = []
        problems: list[str] = []
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            title, _space, url = line.rpartition(" ")
            title = title.strip().rstrip("-–—|:,").strip()
            if not is_web_address(url):
                problems.append(
                    str(_("Line %(number)s: end it with the source's web address (https://…)."))
                    % {"number": number}
                )
            elif not title:
                problems.append(
                    str(_("Line %(number)s: give the source's title before its address."))
                    % {"number": number}
                )
            else:
                sources.append({"title": title[:300], "url": url})
        if problems:
            raise forms.ValidationError(problems)
        return sources

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(
                f"{source.get('title', '')} {source.get('url', '')}".strip()
                for source in value
                if isinstance(source, dict)
            )
        return value


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class PlaceForm(forms.Form):
    """A place of detention; the countries offered are those the person may record places in
    (the view refuses any other with 403)."""

    country = forms.ChoiceField(label=_("Country"))
    official_name = forms.CharField(label=_("Official name"), max_length=300)
    official_type = forms.CharField(
        label=_("Official type"),
        max_length=200,
        help_text=_("As the authorities call it: “estación migratoria”, “shelter”…"),
    )
    language = forms.ChoiceField(
        label=_("Language of the official name"), choices=language_choices, initial="es"
    )
    plain_type = forms.CharField(
        label=_("What it is, plainly"),
        max_length=200,
        help_text=_("For example: an immigration detention centre."),
    )
    locality = forms.CharField(label=_("Region or city"), max_length=200, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        help_text=_("Optional, in decimal degrees (14.90556)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        help_text=_("Optional, in decimal degrees (-92.26056)."),
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        help_text=_("The official number of places, if known."),
    )
    operator = OrganisationField(
        label=_("Operator"),
        required=False,
        help_text=_("The organisation that runs it, if it is in the directory."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlaceStatus.choices)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=_date_input())
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=_date_input(),
        help_text=_("Only for a closed place."),
    )
    monitors_have_access = forms.ChoiceField(
        label=_("Independent monitors have access"), choices=MonitorAccess.choices
    )
    sources = SourcesField(
        label=_("Sources"),
        required=False,
        help_text=_("One a line: its title, then its web address."),
    )

    def __init__(self, *args: Any, countries: list[Country], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [
            ("", _("Choose a country")),
            *sorted(
                ((country.code, country.name) for country in countries),
                key=lambda pair: pair[1].casefold(),
            ),
        ]

    def clean(self) -> dict[str, Any]:
        from peerlearning.monitoring.actions import place_problems

        data = super().clean() or {}
        problems = place_problems(
            status=data.get("status") or "",
            opened_on=data.get("opened_on"),
            closed_on=data.get("closed_on"),
            capacity=data.get("capacity"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
        for field, problem in problems.items():
            if field not in self.errors:
                self.add_error(field, problem)
        return data


def _team_field(people: Any) -> forms.ModelMultipleChoiceField:
    field = forms.ModelMultipleChoiceField(
        label=_("Team"),
        queryset=people,
        to_field_name="uuid",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of this country's monitoring team. Their names are never published."),
        error_messages={
            "invalid_choice": _(
                "Only members of this country's monitoring team can be on the team."
            ),
            "required": _("Name at least one member of the team."),
        },
    )
    field.label_from_instance = lambda person: person.public_name  # type: ignore[method-assign,assignment]
    return field


def _past_date(value: Any) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(
            _("A visit is recorded once made: give a date that has passed.")
        )


class VisitForm(forms.Form):
    """A new visit: when, and who of the country's monitoring team went."""

    date = forms.DateField(
        label=_("Date of the visit"), widget=_date_input(), validators=[_past_date]
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"] = _team_field(people)


class VisitReportForm(VisitForm):
    """The report, the recommendations made and the public summary (the checklist is a
    FindingForm per item)."""

    report = forms.CharField(
        label=_("Report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("For the monitoring team of this country and administrators only."),
    )
    recommendations_made = forms.CharField(
        label=_("Recommendations made"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    summary = forms.CharField(
        label=_("Public summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Public once the visit is published, without the team members' names: write "
            "nothing here that would name them."
        ),
    )


class FindingForm(forms.Form):
    """One item of the checklist (prefixed by the item: several on one page)."""

    finding = forms.ChoiceField(
        label=_("Finding"),
        required=False,
        choices=[("", _("Not recorded")), *Finding.choices],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    unmet_recommendation = forms.ChoiceField(
        label=_("Recommendation it shows unmet"), required=False
    )

    def __init__(
        self,
        *args: Any,
        item: str,
        recommendations: list[Recommendation],
        **kwargs: Any,
    ) -> None:
        kwargs["prefix"] = item
        super().__init__(*args, **kwargs)
        self.item = item
        self.label = ChecklistItem(item).label
        self.recommendations = {str(r.uuid): r for r in recommendations}
        field = self.fields["unmet_recommendation"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [
            ("", _("None")),
            *((str(r.uuid), f"{r.body.name}, {r.date.year}: {str(r)}") for r in recommendations),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("unmet_recommendation") or ""
        data["unmet_recommendation"] = self.recommendations.get(chosen)
        if not data.get("finding") and (data.get("notes") or chosen):
            self.add_error("finding", _("Choose a finding for notes or a recommendation."))
        return data

    def entry(self) -> tuple[str, str, Recommendation | None] | None:
        """(finding, notes, recommendation), or None for an item not recorded."""
        data = self.cleaned_data
        if not data.get("finding"):
            return None
        return (data["finding"], data.get("notes", ""), data.get("unmet_recommendation"))


class GrantMonitoringForm(MemberOrEmailForm):
    """A member chosen in the people picker (or by their e-mail address), and a country."""

    country = forms.ChoiceField(label=_("Country of the team"))

    def __init__(self, *args: Any, countries: list[Country], **kwargs: Any) -> None:
        super().__init__(*args, people=User.objects.filter(is_active=True), **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - narrows the type
        field.choices = [
            ("", _("Choose a country")),
            *sorted(
                ((country.code, country.name) for country in countries),
                key=lambda pair: pair[1].casefold(),
            ),
        ]


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)

from typing import Any  # noqa: E402

import pycountry  # noqa: E402
from django import forms  # noqa: E402
from django.utils import translation  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from peerlearning.accounts.models import platform_languages  # noqa: E402
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
                if not 0 <= count <= MAX_COUNT:
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
    people_affected = forms.IntegerField(
        label=_("People affected"), required=False, min_value=0, max_value=MAX_COUNT
    )
    dead = forms.IntegerField(label=_("Dead"), required=False, min_value=0, max_value=MAX_COUNT)
    injured = forms.IntegerField(
        label=_("Injured"), required=False, min_value=0, max_value=MAX_COUNT
    )
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


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


def _source_fields() -> tuple[forms.CharField, forms.URLField]:
    return (
        forms.CharField(
            label=_("Source title"),
            max_length=300,
            error_messages={"required": _("Give the title of the source: it needs its source.")},
        ),
        forms.URLField(
            label=_("Source address"),
            max_length=1000,
            assume_scheme="https",
            error_messages={"required": _("Give the address of the source: it needs its source.")},
        ),
    )


def _body_choices(viewer: access.Viewer) -> list[tuple[str, str]]:
    return list(access.bodies_visible_to(Body.objects.all(), viewer).values_list("slug", "name"))


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


class RecommendationFilterForm(FilterForm):
    """The tracker's views: by country, by body, by theme, by status (a plain GET form)."""

    country = forms.ChoiceField(
        label=_("Country"),
        required=False,
        choices=choices_with_any(country_choices, _("Any country")),
        widget=Picker("countries"),
    )
    body = forms.ChoiceField(label=_("Recommended by"), required=False)
    theme = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        choices=choices_with_any(concept_choices, _("Any theme")),
        widget=Picker("topics"),
    )
    status = forms.ChoiceField(
        label=_("Implementation"),
        required=False,
        choices=choices_with_any(Implementation.choices, _("Any status")),
    )

    def __init__(self, *args: Any, viewer: access.Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("Any body")), *_body_choices(viewer)]  # type: ignore[attr-defined]
        plain_for_anonymous(self, viewer)


class RecommendationForm(forms.Form):
    """A recommendation: who made it, to which authority of which country, its text, themes,
    date and source; the first one made when others made the same; what helps implement it."""

    body = forms.ChoiceField(
        label=_("Recommended by"),
        help_text=_("A body not in the list is added by an editor."),
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=lambda: [("", _("Choose a country")), *country_choices()],
        widget=Picker("countries"),
    )
    authority = forms.CharField(
        label=_("Addressed to"),
        max_length=300,
        widget=forms.TextInput(attrs={"dir": "auto"}),
        help_text=_("The authority: a ministry, the migration institute, the legislature…"),
    )
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto"}),
        help_text=_("As the body wrote it."),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"), choices=language_choices, widget=Picker("languages")
    )
    concepts = forms.MultipleChoiceField(
        label=_("Themes"),
        required=False,
        choices=concept_choices,
        widget=PickerMultiple("topics"),
        help_text=_("Concepts of the thesaurus: the tracker lists recommendations by them."),
    )
    date = _date_field(_("Date"), help_text=_("The date the body made the recommendation."))
    source_title, source_url = _source_fields()
    same_as = forms.CharField(
        label=_("The same as"),
        required=False,
        max_length=300,
        help_text=_(
            "When another body made the same recommendation first: the address of its page "
            "in the tracker. The two are then shown together."
        ),
    )
    exchanges = forms.ModelMultipleChoiceField(
        label=_("Exchanges that help implement it"),
        queryset=Exchange.objects.none(),
        to_field_name="slug",
        required=False,
    )
    support_requests = forms.ModelMultipleChoiceField(
        label=_("Support requests that help implement it"),
        queryset=SupportRequest.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        viewer: access.Viewer,
        recommendation: Recommendation | None = None,
        **kwargs: Any,
    ) -> None:
        if recommendation is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(recommendation, viewer)
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.recommendation = recommendation
        self.fields["body"].choices = [("", _("Choose a body")), *_body_choices(viewer)]  # type: ignore[attr-defined]
        # Only what the person recording may see is offered (and kept when chosen).
        self.fields["exchanges"].queryset = access.exchanges_visible_to(  # type: ignore[attr-defined]
            Exchange.objects.all(), viewer
        ).order_by("-starts_at", "title")
        self.fields["support_requests"].queryset = access.support_requests_visible_to(  # type: ignore[attr-defined]
            SupportRequest.objects.all(), viewer
        ).order_by("-created_at")

    @staticmethod
    def initial_for(recommendation: Recommendation, viewer: access.Viewer) -> dict[str, Any]:
        return {
            "body": recommendation.body.slug,
            "country": recommendation.country_id,
            "authority": recommendation.authority,
            "text": recommendation.text,
            "language": recommendation.language,
            "concepts": [concept.slug for concept in recommendation.concepts.all()],
            "date": recommendation.date,
            "source_title": recommendation.source_title,
            "source_url": recommendation.source_url,
            "same_as": recommendation.same_as.get_absolute_url() if recommendation.same_as else "",
            "exchanges": list(
                access.exchanges_visible_to(recommendation.exchanges.all(), viewer).values_list(
                    "slug", flat=True
                )
            ),
            "support_requests": list(
                access.support_requests_visible_to(
                    recommendation.support_requests.all(), viewer
                ).values_list("uuid", flat=True)
            ),
        }

    def clean_body(self) -> Body:
        body = (
            access.bodies_visible_to(Body.objects.all(), self.viewer)
            .filter(slug=self.cleaned_data["body"])
            .first()
        )
        if body is None:
            raise forms.ValidationError(_("Choose one of the bodies listed."))
        return body

    def clean_country(self) -> Country:
        country = Country.objects.filter(code=self.cleaned_data["country"]).first()
        if country is None:
            raise forms.ValidationError(_("Choose a country."))
        return country

    def clean_concepts(self) -> list[Concept]:
        return list(Concept.objects.filter(slug__in=self.cleaned_data["concepts"]))

    def clean_date(self) -> datetime.date:
        date: datetime.date = self.cleaned_data["date"]
        for problem in date_problems(date).values():
            raise forms.ValidationError(problem)
        return date

    def clean_source_url(self) -> str:
        url: str = self.cleaned_data["source_url"].strip()
        if not is_web_address(url):
            raise forms.ValidationError(_("Give the source's web address, starting with https://."))
        return url

    def clean_same_as(self) -> Recommendation | None:
        text = self.cleaned_data["same_as"].strip()
        if not text:
            return None
        found = _UUID.search(text)
        recommendation = (
            access.recommendations_visible_to(Recommendation.objects.all(), self.viewer)
            .select_related("same_as")
            .filter(uuid=found.group(0).lower())
            .first()
            if found
            else None
        )
        if recommendation is None:
            raise forms.ValidationError(
                _("No recommendation of the tracker has this address: copy it from its page.")
            )
        return recommendation.same_as if recommendation.same_as is not None else recommendation

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        country = data.get("country")
        for field, problem in grouping_problems(
            self.recommendation, data.get("same_as"), country.code if country else ""
        ).items():
            self.add_error(field, problem)
        return data


class StatusChangeForm(forms.Form):
    """A step of the implementation: the new status, its date and its source (required)."""

    status = forms.ChoiceField(label=_("Implementation now"), choices=Implementation.choices)
    date = _date_field(
        _("Date"), help_text=_("When it happened (a law passed, a ruling, a report).")
    )
    source_title, source_url = _source_fields()
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )

    def clean_date(self) -> datetime.date:
        date: datetime.date = self.cleaned_data["date"]
        for problem in date_problems(date).values():
            raise forms.ValidationError(problem)
        return date

    def clean_source_url(self) -> str:
        url: str = self.cleaned_data["source_url"].strip()
        if not is_web_address(url):
            raise forms.ValidationError(_("Give the source's web address, starting with https://."))
        return url


class BodyForm(forms.Form):
    """A body that makes recommendations."""

    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)

    def clean_name(self) -> str:
        name: str = " ".join(self.cleaned_data["name"].split())
        if Body.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This body is already in the list."))
        return name


# End of section: recommendations ----------------------------------------------------------


# Free text is typed in any language, often not the page's (a Spanish official type on an Arabic
# page): each text box reads in the direction of what is typed in it.
for _form in (
    PlaceForm,
    VisitReportForm,
    FindingForm,
    IncidentForm,
    AffectedPersonForm,
    RecommendationForm,
    StatusChangeForm,
):
    for _field in _form.base_fields.values():
        if type(_field) is forms.CharField and isinstance(
            _field.widget, forms.TextInput | forms.Textarea
        ):
            _field.widget.attrs.setdefault("dir", "auto")
