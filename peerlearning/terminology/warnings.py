"""The check where texts are written (issue 16, point 4): the euphemisms in the fields of a
practice, a recommendation or a place of detention, as warnings for the person writing them —
never a block. Plain terms for detention are not warnings."""

import dataclasses
import threading
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from peerlearning.terminology import checking, engine


@dataclass(frozen=True)
class FieldWarning:
    field: str  # the field's name
    label: str  # the field as the form names it (the name when none was given)
    words: tuple[str, ...]  # the flagged words as written, each once, in order
    term: str
    plain: str
    explanation: str
    term_key: str  # the term's public id
    language: str  # the language the text was checked in


_lock = threading.Lock()
_context_free: tuple[engine.Lexicon, engine.Lexicon] | None = None


def _without_context(lexicon: engine.Lexicon) -> engine.Lexicon:
    """The lexicon with every term flagged wherever it appears (its "excludes" rules still
    apply): for a text known to name a place of detention, such as a place's official type."""
    global _context_free
    cached = _context_free
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    with _lock:
        free = engine.Lexicon(
            [dataclasses.replace(entry, needs_context=False) for entry in lexicon.entries],
            lexicon.rules,
        )
        _context_free = (lexicon, free)
        return free


def language_code(language: str) -> str:
    """ "es-MX" → "es": the lexicon's languages have no region."""
    return (language or "").split("-")[0].strip().lower()


def warnings_for(
    fields: dict[str, str],
    language: str,
    *,
    labels: dict[str, str] | None = None,
    names_detention: bool = False,
) -> list[FieldWarning]:
    """The euphemisms in each field's text (name → text), checked in `language`; one warning
    per field and term. A language the lexicon does not have, or empty fields: no warnings.
    `names_detention`: the text is known to speak of a place of detention, so a term that
    needs its context is flagged without it."""
    language = language_code(language)
    if language not in engine.LANGUAGES or not any(
        (text or "").strip() for text in fields.values()
    ):
        return []
    lexicon = checking.current_lexicon()
    if names_detention:
        lexicon = _without_context(lexicon)
    found: list[FieldWarning] = []
    for name, text in fields.items():
        if not (text or "").strip():
            continue
        by_term: dict[engine.Entry, list[str]] = {}
        for span in lexicon.check(text[: checking.MAX_TEXT_CHARACTERS], language):
            if span.category != engine.EUPHEMISM:
                continue
            words = by_term.setdefault(span.entry, [])
            written = text[span.start : span.end]
            if written not in words:
                words.append(written)
        found += [
            FieldWarning(
                field=name,
                label=(labels or {}).get(name, name),
                words=tuple(words),
                term=entry.term,
                plain=entry.plain,
                explanation=entry.explanation,
                term_key=entry.key,
                language=language,
            )
            for entry, words in by_term.items()
        ]
    return found


def _quoted(words: tuple[str, ...]) -> str:
    return ", ".join(_("“%(word)s”") % {"word": word} for word in words)


def summary(warnings: list[FieldWarning]) -> str:
    """The warnings in one sentence each, for a message after a save."""
    sentences = []
    for warning in warnings:
        if warning.plain:
            sentences.append(
                _("%(words)s (%(field)s) may hide detention; the plain term: %(plain)s.")
                % {"words": _quoted(warning.words), "field": warning.label, "plain": warning.plain}
            )
        else:
            sentences.append(
                _("%(words)s (%(field)s) may hide detention.")
                % {"words": _quoted(warning.words), "field": warning.label}
            )
    return " ".join(sentences)


def warn(request: HttpRequest, warnings: list[FieldWarning]) -> None:
    """A message after a save, listing the warnings (nothing when there are none)."""
    if warnings:
        messages.warning(
            request,
            _("The check of terminology: %(warnings)s") % {"warnings": summary(warnings)},
        )


def warn_place_type(request: HttpRequest, warnings: list[FieldWarning]) -> None:
    """After a place of detention is saved: its official type's euphemisms, named."""
    for warning in warnings:
        if warning.plain:
            text = _("%(words)s hides deprivation of liberty; the plain term: %(plain)s.") % {
                "words": _quoted(warning.words),
                "plain": warning.plain,
            }
        else:
            text = _("%(words)s hides deprivation of liberty.") % {"words": _quoted(warning.words)}
        messages.warning(request, text)
