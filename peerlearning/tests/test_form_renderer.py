"""The select lists and pickers written in Python are the markup their templates wrote, byte for
byte."""

from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import Context, Template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from peerlearning.accounts.forms import country_field
from peerlearning.lib.form_renderer import FormRenderer
from peerlearning.lib.pickers import Picker, PickerMultiple
from peerlearning.network.geography import region_choices


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "— any —"), ("a", "A & <b>"), (1, "one")])
    grouped = forms.ChoiceField(
        choices=[("Europe", [("fr", "France"), ("es", 'Spain "ES"')]), ("x", "Elsewhere")]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")])
    lazy = forms.ChoiceField(choices=[("l", gettext_lazy("Country"))])
    attributes = forms.ChoiceField(
        choices=[("s", mark_safe("<i>safe</i>"))],
        widget=forms.Select(attrs={"class": "x<y", "disabled": True, "hidden": False, "data-n": 3}),
    )
    country = country_field()
    region = forms.ChoiceField(choices=region_choices)


class CustomOption(forms.Select):
    option_template_name = "django/forms/widgets/input.html"


class Custom(forms.Form):
    custom = forms.ChoiceField(choices=[("a", "A")], widget=CustomOption)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"plain": "a", "grouped": "es", "many": ["a", "c"], "country": "MX", "region": "m49-419"},
        {"plain": "1", "many": "b", "attributes": "s"},
    ],
)
def test_it_writes_what_djangos_templates_write(language, data):
    with override(language):
        ours = Everything(data or None, renderer=FormRenderer()).as_div()
        djangos = Everything(data or None, renderer=DjangoTemplates()).as_div()
    assert "<option" in ours  # positive control: there are lists to compare
    assert ours == djangos


def test_an_option_drawn_by_another_template_is_left_to_it():
    ours = str(Custom(renderer=FormRenderer())["custom"])
    assert ours == str(Custom(renderer=DjangoTemplates())["custom"])
    assert "<input" in ours


def test_the_site_uses_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)


# The picker's template as it was, with its options written by template loops.
LOOPS = Template((Path(__file__).parent / "data" / "picker_by_loops.html").read_text())


class Pickers(forms.Form):
    one = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & <b>"), ("b", 'B "quoted"')], widget=Picker("countries")
    )
    several = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y < Z"), ("z", "Z")], widget=PickerMultiple("topics")
    )


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"one": "b", "several": ["x", "z"]},
        {"one": "typed by hand", "several": ["gone since", "y"]},
    ],
)
def test_a_picker_writes_what_its_template_loops_wrote(data):
    form = Pickers(data or None)
    for name in ("one", "several"):
        widget = form.fields[name].widget
        drawn = str(form[name])
        # The same context, drawn by the loops.
        widget._render = lambda _name, context, renderer=None: LOOPS.render(Context(context))
        by_loops = str(form[name])
        assert "<option" in by_loops and (not data or " selected>" in by_loops)
        assert drawn == by_loops
