"""A context rule's examples, run against a compiled lexicon: the lexicon page shows them, the
editors' forms warn when a change breaks one, the quality harness and a test over the shipped
data use them too. No Django request here.

An example is a text. In a "must_match" example the words in [square brackets] must be flagged
as a euphemism; with no brackets, at least one euphemism must be flagged somewhere in it. In a
"must_not_match" example the bracketed words must not be flagged as a euphemism; with no
brackets, no euphemism may be flagged anywhere in it. A bracketed span counts as flagged when a
euphemism span overlaps it. Brackets are removed before checking, offsets adjusted."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from peerlearning.terminology import engine
from peerlearning.terminology.models import ContextRule

MUST_MATCH = "must_match"
MUST_NOT_MATCH = "must_not_match"

BRACKETED = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Outcome:
    """One example run: the text without brackets, what it expects, whether it passed, the
    bracketed places (start, end) and every span flagged in it."""

    rule: str  # the rule's name
    language: str
    text: str
    expected: str  # MUST_MATCH or MUST_NOT_MATCH
    passed: bool
    marked: tuple[tuple[int, int], ...]
    flagged: tuple[engine.Span, ...]

    @property
    def must_match(self) -> bool:
        return self.expected == MUST_MATCH

    @property
    def euphemisms(self) -> tuple[engine.Span, ...]:
        return tuple(s for s in self.flagged if s.category == engine.EUPHEMISM)

    def segments(self) -> list[tuple[str, engine.Span | None]]:
        """The text cut at the spans flagged, for highlighting."""
        return engine.cut(self.text, ((s.start, s.end, s) for s in self.flagged))


def unbracket(example: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text without its brackets, and the (start, end) of each bracketed part in it."""
    parts: list[str] = []
    marked: list[tuple[int, int]] = []
    at = 0
    length = 0
    for match in BRACKETED.finditer(example):
        before = example[at : match.start()]
        parts.append(before)
        length += len(before)
        inner = match.group(1)
        marked.append((length, length + len(inner)))
        parts.append(inner)
        length += len(inner)
        at = match.end()
    parts.append(example[at:])
    return "".join(parts), tuple(marked)


def _overlaps(place: tuple[int, int], spans: Iterable[engine.Span]) -> bool:
    return any(s.start < place[1] and place[0] < s.end for s in spans)


def run_example(
    lexicon: engine.Lexicon, language: str, example: str, expected: str, *, rule: str = ""
) -> Outcome:
    text, marked = unbracket(example)
    flagged = tuple(lexicon.check(text, language))
    euphemisms = [s for s in flagged if s.category == engine.EUPHEMISM]
    if expected == MUST_MATCH:
        passed = all(_overlaps(m, euphemisms) for m in marked) if marked else bool(euphemisms)
    else:
        passed = not any(_overlaps(m, euphemisms) for m in marked) if marked else not euphemisms
    return Outcome(rule, language, text, expected, passed, marked, flagged)


def run_rule(lexicon: engine.Lexicon, rule: ContextRule) -> list[Outcome]:
    """Every example of the rule, those that must match first."""
    return [
        run_example(lexicon, rule.language, example, expected, rule=rule.name)
        for expected, examples in (
            (MUST_MATCH, rule.must_match),
            (MUST_NOT_MATCH, rule.must_not_match),
        )
        for example in examples
    ]


def failing_examples(lexicon: engine.Lexicon, rules: Iterable[ContextRule]) -> list[Outcome]:
    """The examples of these rules (a language's, say) that the lexicon gets wrong."""
    return [outcome for rule in rules for outcome in run_rule(lexicon, rule) if not outcome.passed]
