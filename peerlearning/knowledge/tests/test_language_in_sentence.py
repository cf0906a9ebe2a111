"""A language named within a sentence: "l'original, en anglais", "el original, en inglés", but
"the original, in English" (found walking the pages in French, issue 17)."""

from django.template import Context, Template
from django.utils import translation

NOTE = Template('{% load text %}{% include "knowledge/version_note.html" %}')


def note(reader: str) -> str:
    version = {"translated": False, "wanted": reader, "original": "en", "others": []}
    with translation.override(reader):
        return NOTE.render(Context({"version": version}))


def test_french_and_spanish_write_the_language_in_lower_case_english_does_not():
    assert "en anglais" in note("fr") and "Anglais" not in note("fr")
    assert "en inglés" in note("es") and "Inglés" not in note("es")
    assert "in English" in note("ar") or "الإنجليزية" in note("ar")
    with translation.override("en"):
        rendered = NOTE.render(
            Context({"version": {"translated": False, "wanted": "fr", "original": "en"}})
        )
    assert "in English" in rendered


def test_the_global_compact_objectives_are_named_not_numbered(db):
    """A member ticking objectives reads what each is (the walk found 23 bare numbers)."""
    from peerlearning.knowledge.forms import PracticeForm

    html = str(PracticeForm()["gcm_objectives"])
    assert "13. Use migration detention only as a measure of last resort" in html
    assert html.count('type="checkbox"') == 23
