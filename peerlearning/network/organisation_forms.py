"""Forms of the organisation pages built on the platform: a new or proposed organisation, a
decision on a proposal, a merge of two duplicates."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from peerlearning.network.forms import CountriesField, OrganisationField
from peerlearning.network.models import Organisation, StakeholderType, check_website


def _translation_languages() -> list[str]:
    """The platform's languages other than English, the language of an organisation's name."""
    return [code for code, _name in settings.LANGUAGES if code != "en"]


class OrganisationForm(forms.Form):
    """A new organisation; a member's proposal has no coalition-member box (`propose`)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=250,
        help_text=_("Its full name, as the organisation writes it in English if it does."),
    )
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    stakeholder_type = forms.ChoiceField(
        label=_("Stakeholder type"),
        choices=[("", _("— choose —")), *StakeholderType.choices],
    )
    countries = CountriesField()
    parent = OrganisationField(
        label=_("Department or unit of (optional)"),
        required=False,
        help_text=_(
            "For a ministry's department or an agency's regional office: the organisation it "
            "belongs to, chosen from the directory."
        ),
    )
    website = forms.CharField(label=_("Website"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_coalition_member = forms.BooleanField(label=_("Coalition member"), required=False)

    def __init__(self, *args: Any, propose: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if propose:
            del self.fields["is_coalition_member"]
        for code in _translation_languages():
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s (optional)")
                % {"language": dict(settings.LANGUAGES)[code]},
                max_length=250,
                required=False,
                widget=forms.TextInput(attrs={"lang": code, "dir": "auto"}),
            )

    def clean_website(self) -> str:
        website = self.cleaned_data["website"].strip()
        try:
            check_website(website)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["website"]) from None
        return website

    def organisation_fields(self) -> dict[str, Any]:
        """The cleaned data as the action takes it."""
        data = dict(self.cleaned_data)
        data["name_translations"] = {
            code: data.pop(f"name_{code}", "").strip() for code in _translation_languages()
        }
        data.setdefault("is_coalition_member", False)
        return data


class ProposalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("accept", _("Accept")), ("refuse", _("Refuse"))]
    )
    reason = forms.CharField(
        label=_("Reason, sent to the person who proposed it (needed to refuse)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give a reason: the person who proposed it will receive it.")
            )
        return data


class MergeForm(forms.Form):
    keep = OrganisationField(
        label=_("Organisation to keep"),
        help_text=_("Type part of its name or acronym, and choose it."),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, duplicate: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The duplicate is never offered as the organisation to keep.
        keep: Any = self.fields["keep"]
        keep.choices = [c for c in keep.choices if c[0] != duplicate.slug]
        keep.widget.exclude = duplicate.slug
