"""Forms of monitoring and accountability, by sub-domain (forms validate; actions write)."""

import datetime
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning import access
from peerlearning.accounts.models import country_choices, language_choices
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.forms import concept_choices
from peerlearning.knowledge.models import Concept
from peerlearning.lib.pickers import Picker, PickerMultiple, plain_for_anonymous
from peerlearning.lib.web import is_web_address
from peerlearning.monitoring.actions import date_problems, grouping_problems
from peerlearning.monitoring.models import (
    Body,
    BodyKind,
    Implementation,
    Recommendation,
)
from peerlearning.network.forms import FilterForm, choices_with_any
from peerlearning.network.models import Country
from peerlearning.support.models import SupportRequest

# The sections below are filled by sub-domain; keep each section's actions inside it.


# Places of detention, monitoring visits and teams -----------------------------------------
# (section: places)


# End of section: places -------------------------------------------------------------------


# Incidents and the people they affected ---------------------------------------------------
# (section: incidents)


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
