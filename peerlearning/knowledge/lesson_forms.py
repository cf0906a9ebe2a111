"""The forms of lessons (issue 17): made from an exchange's key learnings, written from a
practice, edited; and the lessons page's filters."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.forms import country_field
from peerlearning.accounts.models import language_choices
from peerlearning.knowledge.forms import ConceptsField, concept_choices
from peerlearning.lib.pickers import Picker
from peerlearning.network.forms import FilterForm, choices_with_any
from peerlearning.network.geography import ProgrammeRegion


def _concepts_field() -> ConceptsField:
    return ConceptsField(
        label=_("Concepts"),
        help_text=_(
            "Concepts of the thesaurus: search finds the lesson by them in every language."
        ),
    )


class _CheckedByTheAction(forms.MultipleChoiceField):
    """Any posted value goes on to the action, which refuses the whole when one is not a key
    learning of this exchange (a forged id) with one message, whatever the value names."""

    def valid_value(self, value: Any) -> bool:
        return True


class LessonsFromOutcomesForm(forms.Form):
    """The exchange's key learnings to make into lessons (checked by the action: a forged or
    foreign value refuses the whole), their region and concepts."""

    outcomes = _CheckedByTheAction(
        label=_("Key learnings"), required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(ProgrammeRegion.choices, _("—")),
        help_text=_("A lesson of an exchange carries its region only, never who said it."),
    )
    concepts = _concepts_field()

    def __init__(self, *args: Any, learnings: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["outcomes"]).choices = learnings


class LessonForm(forms.Form):
    text = forms.CharField(
        label=_("Lesson"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices, initial="en", widget=Picker("languages")
    )
    concepts = _concepts_field()


class ExchangeLessonForm(LessonForm):
    """An exchange's lesson: its region may change too (never its countries: it has none)."""

    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=choices_with_any(ProgrammeRegion.choices, _("—"))
    )


class LessonFilterForm(FilterForm):
    drawn_for_everyone = True  # regions, countries and the thesaurus's concepts

    region = forms.ChoiceField(
        label=_("Region"),
        required=False,
        choices=choices_with_any(ProgrammeRegion.choices, _("Any region")),
    )
    country = country_field()
    concept = forms.ChoiceField(label=_("Concept"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        concept = cast(forms.ChoiceField, self.fields["concept"])
        concept.choices = [("", _("Any concept")), *concept_choices()]
