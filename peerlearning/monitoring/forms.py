"""Forms of monitoring and accountability, by sub-domain (forms validate; actions write)."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.models import User, language_choices
from peerlearning.lib.web import is_web_address
from peerlearning.monitoring.models import (
    ChecklistItem,
    Finding,
    MonitorAccess,
    PlaceStatus,
    Recommendation,
)
from peerlearning.network.forms import MemberOrEmailForm, OrganisationField
from peerlearning.network.models import Country

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


# End of section: incidents ----------------------------------------------------------------


# Recommendations and their implementation -------------------------------------------------
# (section: recommendations)


# End of section: recommendations ----------------------------------------------------------
