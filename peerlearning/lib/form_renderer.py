"""Django's form renderer, with select lists written in Python.

Django draws a <select> through a template that includes two more templates for every option:
the practices' filters (some 300 countries and regions) spent two thirds of the page's time
there. This renderer writes Django's own select and option templates (django/forms/widgets/
select.html, select_option.html, attrs.html) directly, byte for byte the same markup
(tests/test_form_renderer.py compares them), and leaves every other template to Django.
"""

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def as_string(value: Any) -> Any:
    # The template's `stringformat:'s'`: keeps a safe string safe, makes anything else a str.
    return value if isinstance(value, SafeString) else str(value)


def _attrs(attrs: dict[str, Any]) -> str:
    # attrs.html: ` name` for True, ` name="value"` otherwise, nothing for False.
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            written.append(f" {conditional_escape(name)}")
        else:
            written.append(f' {conditional_escape(name)}="{conditional_escape(as_string(value))}"')
    return "".join(written)


def option_html(value: Any, label: Any, attrs: dict[str, Any]) -> str:
    """One <option> as select_option.html writes it (the pickers write theirs with it too)."""
    return (
        f'<option value="{conditional_escape(as_string(value))}"'
        f"{_attrs(attrs)}>{conditional_escape(label)}</option>"
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name != SELECT:
            return super().render(template_name, context, request)
        widget = context["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                if option["template_name"] == OPTION:
                    parts.append(
                        f"\n  {option_html(option['value'], option['label'], option['attrs'])}\n"
                    )
                else:
                    # As {% include %} does: the template's text, not stripped.
                    template = self.get_template(option["template_name"])
                    drawn = template.render({**context, "widget": option}, request)
                    parts.append(f"\n  {drawn}")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # stripped, as render() strips
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
