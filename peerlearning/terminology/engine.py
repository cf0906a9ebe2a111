"""The terminology check, free of Django: a lexicon of terms (each with its inflected forms) and
context rules, compiled once, then run over a text in one pass.

A term's form is a phrase of words; a word ending in "*" matches every word it starts. Words are
compared folded: case, accents and Arabic vowel marks ignored, Arabic letter variants unified,
and an Arabic word's attached prefixes ("و", "ب", "ال"…) set aside. A euphemism that needs its
context is flagged only where one of its "requires" rules finds a cue within its window of words
and no "excludes" rule does; where two candidates overlap, the longest wins. Offsets are Python
string indices (Unicode code points) into the text as given."""

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

EUPHEMISM = "euphemism"
PLAIN = "plain_detention_term"
CATEGORIES = (EUPHEMISM, PLAIN)
LANGUAGES = ("es", "en", "fr", "pt", "ar")
REQUIRES = "requires"
EXCLUDES = "excludes"

# A word: letters, digits and the combining marks inside it (Arabic vowel marks, tatweel,
# decomposed Latin accents), so that a marked word is not cut in pieces.
WORD = re.compile(r"[\w\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
# Longest first: "وال" before "و".
ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
ARABIC_TRANSLATION = str.maketrans({"ى": "ي", "ة": "ه", "ـ": None})


# Words of this length at most are remembered once folded (a text's vocabulary repeats); a
# longer one, which no lexicon holds, is folded each time and forgotten.
REMEMBERED_LENGTH = 30


def fold(word: str) -> str:
    """Case, accents, Arabic vowel marks and letter variants set aside."""
    return _fold(word) if len(word) <= REMEMBERED_LENGTH else _fold.__wrapped__(word)


@functools.lru_cache(maxsize=50_000)
def _fold(word: str) -> str:
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(ARABIC_TRANSLATION)


def variants(folded: str) -> tuple[str, ...]:
    """The word, and for an Arabic word the word without each prefix that may be attached."""
    if len(folded) <= REMEMBERED_LENGTH:
        return _variants(folded)
    return _variants.__wrapped__(folded)


@functools.lru_cache(maxsize=50_000)
def _variants(folded: str) -> tuple[str, ...]:
    if not ARABIC_LETTER.match(folded):
        return (folded,)
    found = [folded]
    for prefix in ARABIC_PREFIXES:
        if folded.startswith(prefix) and len(folded) - len(prefix) >= 2:
            found.append(folded[len(prefix) :])
    return tuple(found)


def canonical(word: str) -> str:
    """A lexicon word as looked up: folded, an Arabic article set aside."""
    folded = fold(word)
    if ARABIC_LETTER.match(folded) and folded.startswith("ال") and len(folded) > 3:
        return folded[2:]
    return folded


class Token(NamedTuple):
    start: int
    end: int
    forms: tuple[str, ...]  # the folded word and its variants


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), variants(fold(m.group()))) for m in WORD.finditer(text)]


def phrase_words(phrase: str) -> tuple[str, ...]:
    """A phrase as the words it is matched by ("*" kept at the end of a word)."""
    words = []
    for match in re.finditer(r"[^\s\-‐–/'’.,;:()\"“”«»]+", phrase):
        word = match.group()
        star = word.endswith("*")
        core = canonical(word.rstrip("*"))
        if core:
            words.append(core + ("*" if star else ""))
    return tuple(words)


def _word_matches(pattern: str, token: Token) -> bool:
    if pattern.endswith("*"):
        stem = pattern[:-1]
        return any(form.startswith(stem) for form in token.forms)
    return pattern in token.forms


class PhraseIndex[T]:
    """Phrases (tuples of pattern words) with a value each, found in a token list in one pass."""

    def __init__(self, phrases: Iterable[tuple[tuple[str, ...], T]]) -> None:
        self.exact: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        self._memo: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        self.prefixed: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for words, value in phrases:
            if not words:
                continue
            first = words[0]
            if first.endswith("*"):
                # Keyed by the stem's first three letters (a shorter stem: all of it).
                self.prefixed.setdefault(first[:-1][:3], []).append((words, value))
            else:
                self.exact.setdefault(first, []).append((words, value))

    def _starting_with(self, form: str) -> list[tuple[tuple[str, ...], T]]:
        found = self._memo.get(form)
        if found is None:
            found = list(self.exact.get(form, ()))
            for key in {form[:1], form[:2], form[:3]}:
                found += [
                    (words, value)
                    for words, value in self.prefixed.get(key, ())
                    if form.startswith(words[0][:-1])
                ]
            if len(form) <= REMEMBERED_LENGTH:
                if len(self._memo) > 50_000:
                    self._memo.clear()
                self._memo[form] = found
        return found

    def _starting(self, token: Token) -> list[tuple[tuple[str, ...], T]]:
        if len(token.forms) == 1:
            return self._starting_with(token.forms[0])
        return [found for form in token.forms for found in self._starting_with(form)]

    def find(self, tokens: Sequence[Token]) -> list[tuple[int, int, T]]:
        """(first token, token after the last, value) of every occurrence of every phrase."""
        found = []
        for i, token in enumerate(tokens):
            starting = self._starting(token)
            if not starting:
                continue
            for words, value in starting:
                end = i + len(words)
                if end <= len(tokens) and all(
                    _word_matches(word, tokens[i + k]) for k, word in enumerate(words[1:], 1)
                ):
                    found.append((i, end, value))
        return found


@dataclass(frozen=True)
class Entry:
    key: str
    language: str
    term: str
    forms: tuple[str, ...]
    category: str
    plain: str
    explanation: str
    needs_context: bool = True


@dataclass(frozen=True)
class Rule:
    key: str
    language: str
    name: str
    kind: str  # REQUIRES or EXCLUDES
    cues: tuple[str, ...]
    window: int
    terms: frozenset[str] = frozenset()  # entry keys; empty: every term of the language


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entry: Entry

    @property
    def category(self) -> str:
        return self.entry.category

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "term": self.entry.term,
            "plain": self.entry.plain,
            "category": self.entry.category,
            "explanation": self.entry.explanation,
        }


@dataclass
class _Compiled:
    forms: PhraseIndex[Entry]
    cues: PhraseIndex[Rule]
    requires: dict[str, list[Rule]] = field(default_factory=dict)  # entry key → rules
    excludes: dict[str, list[Rule]] = field(default_factory=dict)


class Lexicon:
    """Terms and rules compiled for matching, one language at a time."""

    def __init__(self, entries: Iterable[Entry], rules: Iterable[Rule]) -> None:
        self.entries = list(entries)
        self.rules = list(rules)
        self._by_language: dict[str, _Compiled] = {}
        for language in {e.language for e in self.entries}:
            entries_here = [e for e in self.entries if e.language == language]
            rules_here = [r for r in self.rules if r.language == language]
            compiled = _Compiled(
                forms=PhraseIndex(
                    (words, entry)
                    for entry in entries_here
                    for words in {phrase_words(form) for form in (entry.term, *entry.forms)}
                ),
                cues=PhraseIndex(
                    (phrase_words(cue), rule) for rule in rules_here for cue in rule.cues
                ),
            )
            for entry in entries_here:
                for rule in rules_here:
                    if rule.terms and entry.key not in rule.terms:
                        continue
                    table = compiled.requires if rule.kind == REQUIRES else compiled.excludes
                    table.setdefault(entry.key, []).append(rule)
            self._by_language[language] = compiled

    @property
    def languages(self) -> list[str]:
        return sorted(self._by_language)

    def check(self, text: str, language: str) -> list[Span]:
        compiled = self._by_language.get(language)
        if compiled is None:
            return []
        tokens = tokenize(text)
        cue_places: dict[str, list[tuple[int, int]]] = {}
        for first, after, rule in compiled.cues.find(tokens):
            cue_places.setdefault(rule.key, []).append((first, after))

        clauses = clause_numbers(text, tokens) if compiled.excludes else []

        def near(rule: Rule, first: int, after: int) -> bool:
            places = cue_places.get(rule.key, [])
            # Cues starting up to `window` words before the term or ending up to `window` after,
            # not the term's own words; an excluding cue in the same clause only.
            low = bisect.bisect_left(places, (first - rule.window - 8, 0))
            for index in range(low, len(places)):
                cue_first, cue_after = places[index]
                if cue_first > after - 1 + rule.window:
                    break
                if rule.kind == EXCLUDES and clauses[cue_first] != clauses[first]:
                    continue
                if cue_after <= first and first - cue_after < rule.window:
                    return True
                if cue_first >= after and cue_first - after < rule.window:
                    return True
            return False

        candidates = []
        for first, after, entry in compiled.forms.find(tokens):
            requires = compiled.requires.get(entry.key, [])
            if (
                entry.needs_context
                and requires
                and not any(near(rule, first, after) for rule in requires)
            ):
                continue
            if any(near(rule, first, after) for rule in compiled.excludes.get(entry.key, [])):
                continue
            candidates.append(Span(tokens[first].start, tokens[after - 1].end, entry))
        return resolve_overlaps(candidates)


def cut[T](text: str, places: Iterable[tuple[int, int, T]]) -> list[tuple[str, T | None]]:
    """The text cut at non-overlapping places (start, end, what), in order: (piece, what or
    None), for highlighting."""
    pieces: list[tuple[str, T | None]] = []
    at = 0
    for start, end, what in places:
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], what))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


CLAUSE_END = re.compile(r"[!?;:؟؛]|\n\s*\n|\.(?!\S)")


def clause_numbers(text: str, tokens: Sequence[Token]) -> list[int]:
    """The clause of each word: a new one after a full stop (not one in "art. 99"), a question
    or exclamation mark, a semicolon or colon, or a blank line. An excluding rule looks for its
    words in the term's own clause: "alojados en la estación. El albergue para mujeres…" keeps
    the first sentence's euphemism."""
    numbers = []
    clause = 0
    previous_end = 0
    for token in tokens:
        gap = text[previous_end : token.start]
        if (
            gap
            and CLAUSE_END.search(gap)
            and not ("." in gap and gap.strip() == "." and text[token.start].islower())
        ):
            clause += 1
        numbers.append(clause)
        previous_end = token.end
    return numbers


def resolve_overlaps(candidates: list[Span]) -> list[Span]:
    """Where candidates overlap the longest wins (then the earliest, then a euphemism)."""
    chosen: list[Span] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    ordered = sorted(
        candidates,
        key=lambda s: (-(s.end - s.start), s.start, s.category != EUPHEMISM, s.entry.key),
    )
    for span in ordered:
        i = bisect.bisect_left(taken, (span.start, span.end))
        before = taken[i - 1] if i else None
        after = taken[i] if i < len(taken) else None
        if (before and before[1] > span.start) or (after and after[0] < span.end):
            continue
        taken.insert(i, (span.start, span.end))
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


# Language detection -----------------------------------------------------------------------------


# Frequent words that tell the languages apart (shared ones such as "de" or "a" left out).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MARKERS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to is that for are with by be this on from or as an which it not have has "
        "was were shall any its their"
    ),
    "es": _words(
        "el los las del y por con una se su al es lo como más sus fue ha han según este esta "
        "también entre sobre cuando ser"
    ),
    "fr": _words(
        "le les des du et est une qui pour dans par sur au aux ne pas sont été cette ces leur "
        "être avec il elle"
    ),
    "pt": _words(
        "o os do da dos das e em um uma não no na ao à pelo pela são foi como mais seus "
        "sua ser está também entre sobre"
    ),
}


# Letters only one of them uses.
LETTER_MARKERS = {"es": ("ñ", "¿", "¡"), "pt": ("ã", "õ", "ç"), "fr": ("è", "ê", "œ", "ù", "ç")}


def detect_language(text: str) -> str | None:
    """es, en, fr, pt or ar; None when the text is too short or too mixed to tell."""
    sample = text[:20_000]
    arabic = len(ARABIC_LETTER.findall(sample))
    letters = sum(1 for c in sample if c.isalpha())
    if letters and arabic / letters > 0.5:
        return "ar"
    words = [m.group().casefold() for m in WORD.finditer(sample)]
    scores = {
        language: sum(1 for w in words if w in markers) for language, markers in MARKERS.items()
    }
    for language, letters_of_language in LETTER_MARKERS.items():
        scores[language] += sum(sample.count(letter) for letter in letters_of_language)
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    (best, top), (_second, runner_up) = ranked[0], ranked[1]
    if top == 0 or top < runner_up * 1.3 or (top < 2 and runner_up):
        return None
    return best
