from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from peerlearning.notifications.models import DIRECT_KINDS, Frequency, Kind


class EmailChoicesForm(forms.Form):
    """How often to hear by e-mail of each kind of notification: one group of choices a kind,
    what concerns the person first, then what they follow."""

    def __init__(self, *args: Any, current: dict[str, Frequency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=current[kind.value],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how often to hear of this.")},
            )

    def concerning(self) -> list[forms.BoundField]:
        return [self[kind.value] for kind in Kind if kind in DIRECT_KINDS]

    def followed(self) -> list[forms.BoundField]:
        return [self[kind.value] for kind in Kind if kind not in DIRECT_KINDS]

    def changed_choices(self) -> dict[str, str]:
        """Only what the person changed: a default they kept stays a default, and follows
        their persona if it changes (a member who becomes a facilitator)."""
        return {name: self.cleaned_data[name] for name in self.changed_data}
