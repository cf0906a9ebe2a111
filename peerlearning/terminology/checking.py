"""The check as the platform runs it: the lexicon in the database compiled once per change,
a text (pasted or read from a PDF or DOCX) checked in its language, the result summarised."""

import threading
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from peerlearning.terminology import engine
from peerlearning.terminology.models import ContextRule, Term

MAX_TEXT_CHARACTERS = 1_000_000

_lock = threading.Lock()
_cached: tuple[tuple[object, ...], engine.Lexicon] | None = None


class CheckRefused(Exception):
    """The message is translated and says what to do."""


def _version() -> tuple[object, ...]:
    terms = Term.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    rules = ContextRule.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return (terms["n"], terms["at"], rules["n"], rules["at"])


def compile_lexicon(
    terms: list[Term], rules: list[tuple[ContextRule, list[int]]]
) -> engine.Lexicon:
    """Terms in use, and rules with the pks of the terms each is limited to (none: all)."""
    key_of = {term.pk: str(term.public_id) for term in terms}

    def limited_to(pks: list[int]) -> frozenset[str]:
        if not pks:
            return frozenset()
        # A rule limited to terms that are all out of use applies to none of those in use.
        return frozenset(key_of[pk] for pk in pks if pk in key_of) or frozenset({"-"})

    return engine.Lexicon(
        [term.as_entry() for term in terms],
        [
            engine.Rule(
                key=str(rule.public_id),
                language=rule.language,
                name=rule.name,
                kind=rule.kind,
                cues=tuple(rule.cues),
                window=rule.window,
                terms=limited_to(pks),
            )
            for rule, pks in rules
        ],
    )


def current_lexicon() -> engine.Lexicon:
    """The lexicon in use, compiled again only when a term or rule has changed (two queries)."""
    global _cached
    version = _version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        terms = list(Term.objects.active())
        rules = [
            (rule, [term.pk for term in rule.terms.all()])
            for rule in ContextRule.objects.active().prefetch_related("terms")
        ]
        lexicon = compile_lexicon(terms, rules)
        _cached = (version, lexicon)
        return lexicon


def forget_lexicon() -> None:
    """For tests: the next check compiles the lexicon again."""
    global _cached
    _cached = None


@dataclass
class Result:
    text: str
    language: str
    detected: bool
    spans: list[engine.Span]
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def euphemisms(self) -> int:
        return self.counts[engine.EUPHEMISM]

    @property
    def plain_terms(self) -> int:
        return self.counts[engine.PLAIN]


def check(text: str, language: str | None) -> Result:
    """Check a text in a language of the lexicon; with no language, tell it from the text.

    Raises CheckRefused for an empty text, one over the limit, an unknown language or one that
    cannot be told."""
    if not text.strip():
        raise CheckRefused(_("There is no text to check."))
    if len(text) > MAX_TEXT_CHARACTERS:
        raise CheckRefused(
            _("The text is longer than %(limit)s characters: check it in parts.")
            % {"limit": f"{MAX_TEXT_CHARACTERS:,}"}
        )
    if "\x00" in text:
        raise CheckRefused(
            _("The text contains null characters (\\x00): remove them and check again.")
        )
    detected = not language
    if language and len(language) > 10:
        raise CheckRefused(
            _("That is not a language code: use one of %(codes)s.")
            % {"codes": ", ".join(engine.LANGUAGES)}
        )
    if language and language not in engine.LANGUAGES:
        raise CheckRefused(
            _("The language “%(code)s” is not one the checker knows: use one of %(codes)s.")
            % {"code": language, "codes": ", ".join(engine.LANGUAGES)}
        )
    if not language:
        language = engine.detect_language(text)
        if language is None:
            raise CheckRefused(
                _("The language of the text could not be told: choose it and check again.")
            )
    spans = current_lexicon().check(text, language)
    return Result(text, language, detected, spans, Counter(span.category for span in spans))
