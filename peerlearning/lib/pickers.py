"""Pickers: a select (or multi-select) that, with JavaScript, becomes a search-as-you-type box
with the chosen items shown as removable chips.

Without JavaScript it is the plain select it is built on, with a multi-select's chosen items
listed first, so that none is out of view. With JavaScript (static/js/picker.js, HTMX), typing
asks the suggestion endpoint `picker_suggest` (peerlearning/pickers.py) for an HTML fragment of
matching items; the select stays the form's value, so what was chosen is kept when the form is
shown again with errors.
"""

from typing import Any

from django import forms
from django.template import loader
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from peerlearning.lib.form_renderer import option_html


def _options(options: list[dict[str, Any]], *, selected: bool | None = None) -> SafeString:
    """The <option>s of a picker, written here rather than in a template loop (a country or a
    topics picker holds hundreds): each `selected` as the option says, or as `selected` says."""
    written = []
    for option in options:
        chosen = option["selected"] if selected is None else selected
        written.append(option_html(option["value"], option["label"], {"selected": chosen}))
    return mark_safe("".join(written))  # noqa: S308 - option_html escapes every value


class _PickerMixin:
    source: str
    enhanced: bool
    # A value the suggestions leave out (the duplicate on its own merge page).
    exclude: str = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget = context["widget"]
        options = [option for _group, group, _index in widget["optgroups"] for option in group]
        widget["chosen"] = [option for option in options if option["selected"] and option["value"]]
        widget["others"] = [option for option in options if option not in widget["chosen"]]
        # A value that is no choice (typed by hand, or gone since) is kept, so that the form
        # shown again with its error still holds what was sent.
        known = {str(option["value"]) for option in options}
        widget["extra"] = [
            {"value": item, "label": item, "selected": True}
            for item in widget["value"]
            if item and str(item) not in known
        ]
        widget["chosen"].extend(widget["extra"])
        url = reverse("picker_suggest", args=[self.source])
        if self.exclude:
            url += "?" + urlencode({"exclude": self.exclude})
        widget["suggest_url"] = url if self.enhanced else ""
        # Written when the template asks (it calls them): a multi-select with chosen items
        # shows them apart from the others; any other select shows its options once, in order.
        widget["chosen_html"] = lambda: _options(widget["chosen"], selected=True)
        widget["others_html"] = lambda: _options(widget["others"], selected=False)
        widget["options_html"] = lambda: _options([*options, *widget["extra"]])
        return context

    def _render(
        self, template_name: str, context: dict[str, Any], renderer: Any = None
    ) -> SafeString:
        # The project's templates, not the form renderer's (which sees only the apps' folders).
        return mark_safe(loader.render_to_string(template_name, context))  # noqa: S308


class Picker(_PickerMixin, forms.Select):
    """One item. `source` names the suggestion list (peerlearning/pickers.py SOURCES)."""

    template_name = "includes/picker.html"

    def __init__(self, source: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.source = source
        self.enhanced = True


class PickerMultiple(_PickerMixin, forms.SelectMultiple):
    """Several items, shown as chips; adding one never removes another."""

    template_name = "includes/picker.html"

    def __init__(self, source: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"size": 8, **(attrs or {})})
        self.source = source
        self.enhanced = True


def plain_for_anonymous(form: forms.Form, user: Any) -> None:
    """A signed-out visitor's pickers stay plain selects: the suggestions are for members."""
    if getattr(user, "is_authenticated", False):
        return
    for field in form.fields.values():
        if isinstance(field.widget, _PickerMixin):
            field.widget.enhanced = False
