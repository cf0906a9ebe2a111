from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts.forms import country_field
from peerlearning.knowledge.models import SourceKind, TargetGroup
from peerlearning.network.geography import region_choices


def _with_any(choices: Any, label: Any) -> Any:
    return lambda: [("", label), *(choices() if callable(choices) else choices)]


class PracticeFilterForm(forms.Form):
    q = forms.CharField(label=_("Words in the title or summary"), required=False, max_length=100)
    country = country_field()
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_with_any(region_choices, _("Any region"))
    )
    target_group = forms.ChoiceField(
        label=_("Target group"),
        required=False,
        choices=_with_any(TargetGroup.choices, _("Any group")),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_with_any(SourceKind.choices, _("Any kind"))
    )
