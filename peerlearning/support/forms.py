from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning import access
from peerlearning.accounts.models import language_choices
from peerlearning.knowledge import forms as knowledge_forms
from peerlearning.knowledge.forms import concept_choices
from peerlearning.lib.pickers import Picker
from peerlearning.network.forms import CountriesField, FilterForm, choices_with_any
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Community, Organisation
from peerlearning.support.models import (
    RequestStatus,
    SupportKind,
    SupportVisibility,
    Urgency,
)


class ConceptsField(knowledge_forms.ConceptsField):
    """Topics of a request or an offer: at least one, since matching is made on them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", True)
        kwargs.setdefault(
            "help_text", _("Concepts of the thesaurus; offers and requests are matched on them.")
        )
        kwargs.setdefault(
            "error_messages", {"required": _("Choose at least one topic: matching needs it.")}
        )
        super().__init__(**kwargs)


class _RequestFields(forms.Form):
    """What every request says, however it is made."""

    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("What is needed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportKind.choices)
    concepts = ConceptsField()
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the languages the support can be given in.")},
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial="medium")
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(ProgrammeRegion.choices, _("— not given —")),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=SupportVisibility.choices,
        initial=SupportVisibility.NETWORK,
    )


class RequestForm(_RequestFields):
    countries = CountriesField()
    organisation = forms.ModelChoiceField(
        label=_("In the name of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— myself —"),
        help_text=_("An organisation you belong to."),
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    field_order = [
        "title",
        "description",
        "kind",
        "concepts",
        "languages",
        "urgency",
        "countries",
        "region",
        "organisation",
        "community",
        "visibility",
    ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from peerlearning.network.models import Membership

        self.fields["organisation"].queryset = access.confirmed_organisations(  # type: ignore[attr-defined]
            user
        ).order_by("name")
        self.fields["community"].queryset = Community.objects.filter(  # type: ignore[attr-defined]
            pk__in=Membership.objects.filter(person=user).values("community_id")
        ).order_by("name")


class RequestEditForm(_RequestFields):
    """What a request says; in whose name it is made is settled when it is made."""

    countries = CountriesField()
    field_order = RequestForm.field_order


class OutcomeRequestForm(_RequestFields):
    """A support need of an exchange becomes a request in the community's name: nothing here
    can name who raised it (no organisation, no country)."""

    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=SupportVisibility.choices,
        initial=SupportVisibility.COMMUNITY,
    )


class OfferEditForm(forms.Form):
    """What an offer says; who makes it is settled when it is made."""

    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("What is offered"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of support"),
        choices=SupportKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Say what kind of support you offer.")},
    )
    concepts = ConceptsField()
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the languages you can support in.")},
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"),
        choices=ProgrammeRegion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(label=_("Availability"), max_length=200, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("How many requests can be supported at once."),
    )


class OfferForm(OfferEditForm):
    organisation = forms.ModelChoiceField(
        label=_("In the name of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— myself, as an expert of the roster —"),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = access.confirmed_organisations(user).order_by("name")
        field = self.fields["organisation"]
        field.queryset = organisations  # type: ignore[attr-defined]
        if not user.offers_expertise and organisations.exists():
            # Only those on the roster offer as themselves: an organisation's member who is
            # not is given its organisations alone, the first chosen, not an option refused.
            field.empty_label = None  # type: ignore[attr-defined]


class RequestFilterForm(FilterForm):
    drawn_for_everyone = True  # fixed lists and the thesaurus's concepts

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=choices_with_any(SupportKind.choices, _("Any kind")),
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=choices_with_any(concept_choices, _("Any topic")),
        widget=Picker("topics"),
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(ProgrammeRegion.choices, _("Any region")),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Not ended")), ("all", _("All")), *RequestStatus.choices],
    )
    mine = forms.BooleanField(label=_("Only mine"), required=False)


class MoveRequestForm(forms.Form):
    status = forms.ChoiceField(choices=RequestStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Required when you decline."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EndForm(forms.Form):
    fulfilled = forms.ChoiceField(
        label=_("Result"),
        choices=[("yes", _("Fulfilled: the support was given")), ("no", _("Closed without it"))],
        widget=forms.RadioSelect,
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, and what changed."),
    )
