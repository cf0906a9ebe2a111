from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.forms import country_field
from peerlearning.accounts.models import language_choices, platform_languages
from peerlearning.network.geography import region_choices
from peerlearning.network.models import (
    ORGANISATION_ROLES,
    PERSON_ROLES,
    Level,
    Organisation,
    Role,
    StakeholderType,
)


def choices_with_any(choices: Any, label: Any) -> Any:
    return lambda: [("", label), *(choices() if callable(choices) else choices)]


class FilterForm(forms.Form):
    """Filters of a list page: the valid ones apply, an invalid one is ignored (never an error)."""

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class DirectoryFilterForm(FilterForm):
    """Filters of the directory pages; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    country = country_field()
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(region_choices, _("Any region")),
    )
    stakeholder_type = forms.ChoiceField(
        label=_("Stakeholder type"),
        required=False,
        choices=choices_with_any(StakeholderType.choices, _("Any type")),
    )
    topic = forms.CharField(label=_("Expertise topic"), required=False, max_length=80)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=choices_with_any(language_choices, _("Any language")),
    )


class CommunityFilterForm(FilterForm):
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=choices_with_any(Level.choices, _("Any level"))
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(region_choices, _("Any region")),
    )


class InviteMemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(r.value, r.label) for r in PERSON_ROLES], initial=Role.MEMBER
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=platform_languages)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in PERSON_ROLES])


def find_organisation(text: str) -> Organisation:
    """The organisation named by its exact name, acronym or address in the directory."""
    matches = list(
        Organisation.objects.filter(name__iexact=text)[:2]
        or Organisation.objects.filter(acronym__iexact=text)[:2]
        or Organisation.objects.filter(slug=text.rstrip("/").rsplit("/", 1)[-1])[:2]
    )
    if not matches:
        raise forms.ValidationError(
            _("No organisation is called “%(name)s”."), params={"name": text}
        )
    if len(matches) > 1:
        raise forms.ValidationError(_("Several organisations match; give the full name."))
    return matches[0]


class OrganisationField(forms.CharField):
    """An organisation named by its exact name, acronym or address in the directory."""

    def clean(self, value: Any) -> Organisation:
        text = (super().clean(value) or "").strip()
        if not text:
            return None  # type: ignore[return-value]  # not required and left empty
        return find_organisation(text)


class OrganisationsField(forms.CharField):
    """Organisations, one a line, each as OrganisationField takes it; every unknown line is
    reported at once."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: Any) -> list[Organisation]:
        lines = [line.strip() for line in (super().clean(value) or "").splitlines()]
        found, errors = [], []
        for line in filter(None, lines):
            try:
                found.append(find_organisation(line))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(found))


class AddOrganisationForm(forms.Form):
    organisation = OrganisationField(
        label=_("Organisation"), help_text=_("Its full name or acronym, as in the directory.")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in ORGANISATION_ROLES],
        initial=Role.MEMBER,
    )


class JoinCommunityForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the facilitators (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
    reason = forms.CharField(label=_("Reason, sent to the person"), required=False, max_length=2000)


class AffiliationForm(forms.Form):
    organisation = OrganisationField(
        label=_("Organisation"), help_text=_("Its full name or acronym, as in the directory.")
    )
    title = forms.CharField(label=_("Your title there"), required=False, max_length=200)
    shown_with_pseudonym = forms.BooleanField(
        label=_("Show it even under my pseudonym"),
        required=False,
        help_text=_("Off by default: an organisation can tell who is behind a pseudonym."),
    )


class AffiliationDecisionForm(forms.Form):
    """One claim or several (checked), confirmed or declined together."""

    claims = forms.Field(
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Choose at least one claim.")},
    )
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])

    def clean_claims(self) -> list[str]:
        import uuid

        values = self.cleaned_data["claims"]
        try:
            return [str(uuid.UUID(str(value))) for value in values]
        except ValueError:
            raise forms.ValidationError(_("Choose claims from the list.")) from None


class DomainForm(forms.Form):
    domain = forms.CharField(
        label=_("E-mail domain"),
        max_length=253,
        help_text=_("The part after @ in the organisation's addresses, such as example.org."),
    )
