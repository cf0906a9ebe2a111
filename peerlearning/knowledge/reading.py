"""Reading what people write: the thesaurus concepts a text names, in its language or in English.

One reading for the whole platform — search indexes documents and plans queries with it,
support requests and offers are read with it for matching and topic suggestions, peer
suggestions read exchanges' needs with it — so that "gestión de casos" means case management
everywhere.

A concept is named by one of its labels or synonyms (SEARCH_LANGUAGES and a few more that only
have synonyms, such as Portuguese), matched on stemmed, folded words:

- inflection: Snowball stems ("menores no acompañados" and "menor no acompañado" alike);
- multi-word phrases: the words in order, with at most one word between them ("gestión
  integral de casos" names "gestión de casos");
- synonyms: every synonym in every language counts as the label;
- English inside other languages ("un programa de case management" names case management);
- ambiguity: a form the thesaurus file marks ambiguous ("placement", "case management") counts
  only in a text that is about the field — one naming a field word (migrant, asylum, frontera…)
  or another concept by an unambiguous form. Case-management software for hospitals is not
  about case management for migrants.
"""

import functools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from peerlearning.knowledge.text import SEARCH_LANGUAGES, stems, words

if TYPE_CHECKING:
    from peerlearning.knowledge.models import Concept

THESAURUS_JSON = Path(__file__).parent / "data" / "thesaurus.json"
# Languages whose synonyms the thesaurus may hold without labels (read, never shown).
READ_LANGUAGES = [*SEARCH_LANGUAGES, "pt"]
MAX_GAP = 1  # words allowed between two words of a multi-word form
TITLE_WEIGHT = 2.0  # a mention in the title counts twice


@dataclass(frozen=True)
class Form:
    concept: str  # the concept's token (Concept.token)
    words: tuple[str, ...]  # stemmed words of one label or synonym
    language: str
    ambiguous: bool = False


@functools.cache
def _file() -> dict:
    """The thesaurus file's reading data: field words, and the ambiguous forms by concept."""
    try:
        return json.loads(THESAURUS_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _ambiguous_texts() -> dict[str, set[tuple[str, str]]]:
    """slug → {(language, folded form)} marked ambiguous in the file."""
    found: dict[str, set[tuple[str, str]]] = {}
    for item in _file().get("concepts", []):
        for language, texts in (item.get("ambiguous") or {}).items():
            for text in texts:
                found.setdefault(item["id"], set()).add((language, " ".join(words(text))))
    return found


@functools.cache
def field_stems() -> dict[str, frozenset[tuple[str, ...]]]:
    """language → the stemmed field words and phrases that place a text in the field."""
    return {
        language: frozenset(tuple(stems(text, language)) for text in texts if stems(text, language))
        for language, texts in (_file().get("field_words") or {}).items()
    }


@functools.cache
def concepts() -> tuple["Concept", ...]:
    """The thesaurus, read once a process (until it changes)."""
    from peerlearning.knowledge.models import Concept

    return tuple(Concept.objects.all())


@functools.cache
def forms() -> tuple[Form, ...]:
    ambiguous = _ambiguous_texts()
    found = []
    for concept in concepts():
        marked = ambiguous.get(concept.slug, set())
        for language in READ_LANGUAGES:
            texts = [concept.labels.get(language, ""), *concept.synonyms.get(language, [])]
            for text in texts:
                stemmed = tuple(stems(text, language))
                if stemmed:
                    flagged = (language, " ".join(words(text))) in marked
                    found.append(Form(concept.token, stemmed, language, flagged))
    return tuple(found)


@functools.cache
def _by_first_word() -> dict[tuple[str, str], tuple[Form, ...]]:
    index: dict[tuple[str, str], list[Form]] = {}
    for form in forms():
        index.setdefault((form.language, form.words[0]), []).append(form)
    # Longer forms first: "case management" is found before "case".
    return {key: tuple(sorted(found, key=lambda f: -len(f.words))) for key, found in index.items()}


def forget() -> None:
    """The thesaurus changed (or the test database did)."""
    concepts.cache_clear()
    forms.cache_clear()
    _by_first_word.cache_clear()
    field_stems.cache_clear()
    _file.cache_clear()


def _ends_at(sequence: list[str], start: int, form_words: tuple[str, ...]) -> int:
    """The position after the form's last word when the form starts at `start`, with at most
    MAX_GAP words between two of its words (in all); -1 when it is not there."""
    position, gaps = start + 1, 0
    for word in form_words[1:]:
        while position < len(sequence) and sequence[position] != word and gaps < MAX_GAP:
            position += 1
            gaps += 1
        if position >= len(sequence) or sequence[position] != word:
            return -1
        position += 1
    return position


def _languages(language: str) -> list[str]:
    own = language.split("-")[0]
    return sorted({own, "en"} & set(READ_LANGUAGES)) or ["en"]


@dataclass
class Mentions:
    """What one text names: concept token → count, and whether the text is about the field."""

    counts: Counter[str] = field(default_factory=Counter)
    ambiguous: Counter[str] = field(default_factory=Counter)  # named only by ambiguous forms
    in_field: bool = False


def _mentions(text: str, language: str) -> Mentions:
    """Each concept counted in the reading language that names it most often (English words
    inside a Spanish text are read in English; a form both share is not counted twice)."""
    found = Mentions()
    fields = field_stems()
    for form_language in _languages(language):
        sequence = stems(text, form_language)
        phrases = fields.get(form_language, frozenset())
        counts: Counter[str] = Counter()
        ambiguous: Counter[str] = Counter()
        covered: set[int] = set()
        for position, word in enumerate(sequence):
            if not found.in_field and any(
                tuple(sequence[position : position + len(p)]) == p for p in phrases
            ):
                found.in_field = True
            if position in covered:
                continue  # inside a longer form found already ("case" in "case management")
            for form in _by_first_word().get((form_language, word), ()):
                end = (
                    position + 1
                    if len(form.words) == 1
                    else _ends_at(sequence, position, form.words)
                )
                if end < 0:
                    continue
                (ambiguous if form.ambiguous else counts)[form.concept] += 1
                covered.update(range(position, end))
                break
        found.counts |= counts  # the larger count of each
        found.ambiguous |= ambiguous
    if not fields:
        found.in_field = True  # no field words known: nothing is set aside
    return found


def concept_counts(text: str, language: str) -> Counter[str]:
    """How often a text names each concept (in its language or in English). A concept named
    only by ambiguous forms counts when the text is about the field."""
    found = _mentions(text, language)
    counts = Counter(found.counts)
    if found.in_field or found.counts:
        for concept, count in found.ambiguous.items():
            counts[concept] += count
    return counts


def concepts_in(text: str, language: str) -> set[str]:
    return set(concept_counts(text, language))


@dataclass(frozen=True)
class Reading:
    """What a title and a description say, for matching: concept weights (a title's mentions
    count twice), stemmed content words in the text's own language, and whether it is about
    the field at all."""

    concepts: dict[str, float]
    terms: dict[str, float]
    in_field: bool
    language: str

    def as_json(self) -> dict:
        return {
            "concepts": self.concepts,
            "terms": self.terms,
            "in_field": self.in_field,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Reading":
        data = data or {}
        return cls(
            concepts=dict(data.get("concepts") or {}),
            terms=dict(data.get("terms") or {}),
            in_field=bool(data.get("in_field", True)),
            language=data.get("language", ""),
        )


MAX_TERMS = 60


def read(title: str, description: str, language: str) -> Reading:
    title_found = _mentions(title, language)
    body_found = _mentions(description, language)
    in_field = title_found.in_field or body_found.in_field
    concepts: dict[str, float] = defaultdict(float)
    for found, weight in ((title_found, TITLE_WEIGHT), (body_found, 1.0)):
        for concept, count in found.counts.items():
            concepts[concept] += weight * count
        if in_field or title_found.counts or body_found.counts:
            for concept, count in found.ambiguous.items():
                concepts[concept] += weight * count
    if concepts:
        in_field = True  # a text naming a concept of the field by an unambiguous form is in it
    terms: dict[str, float] = defaultdict(float)
    for word in stems(title, language):
        terms[word] += TITLE_WEIGHT
    for word in stems(description, language):
        terms[word] += 1
    top = dict(sorted(terms.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS])
    return Reading(
        {c: round(w, 2) for c, w in concepts.items()},
        top,
        in_field,
        language.split("-")[0],
    )


def phrase_concepts(phrase: str, language: str) -> set[str]:
    """The concepts a topic a person typed names ("niños no acompañados", "ATD for families"):
    the forms it holds, in its language or English; failing that, the forms all of whose words
    it holds in any order ("management of cases"). A topic is a person's deliberate choice: an
    ambiguous form counts."""
    found = _mentions(phrase, language)
    named = set(found.counts) | set(found.ambiguous)
    if named:
        return named
    for form_language in _languages(language):
        held = set(stems(phrase, form_language))
        for form in forms():
            if form.language == form_language and len(form.words) > 1 and set(form.words) <= held:
                named.add(form.concept)
    return named


MAX_SUGGESTIONS = 6


def suggest_topics(title: str, description: str, language: str) -> list["Concept"]:
    """The thesaurus concepts a title and a description name, the most named first (a title's
    mentions count twice): what a person writing a request or an offer is offered as its topics,
    to confirm or change. A broader concept is left out when a narrower one is named ("children"
    when "unaccompanied children" is)."""
    found = read(title, description, language).concepts
    by_token = {concept.token: concept for concept in concepts()}
    named = [by_token[token] for token in found if token in by_token]
    narrower_of = {concept.broader_id for concept in named if concept.broader_id}
    kept = [concept for concept in named if concept.pk not in narrower_of]
    kept.sort(key=lambda concept: (-found[concept.token], concept.slug))
    return kept[:MAX_SUGGESTIONS]
