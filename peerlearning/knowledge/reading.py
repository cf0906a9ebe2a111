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
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from peerlearning.knowledge.text import SEARCH_LANGUAGES, stem, stems, words

if TYPE_CHECKING:
    from peerlearning.knowledge.models import Concept

THESAURUS_JSON = Path(__file__).parent / "data" / "thesaurus.json"
# Languages whose synonyms the thesaurus may hold without labels (read, never shown).
READ_LANGUAGES = [*SEARCH_LANGUAGES, "pt"]
MAX_GAP = 1  # words allowed between two words of a multi-word form
CLAUSE_END = re.compile(r"[.!?;:\n\u061f\u061b\u3002]+(?:\s|$)")  # . ! ? ; : and Arabic ؟ ؛
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


FieldWord = tuple[tuple[str, str], ...]  # (stem, folded word) of each word of a phrase


@functools.cache
def field_stems() -> dict[str, frozenset[FieldWord]]:
    """language → the field words and phrases that place a text in the field, each word by
    its stem and its folded form."""
    return {
        language: frozenset(
            tuple((stem(word, language), word) for word in words(text))
            for text in texts
            if words(text)
        )
        for language, texts in (_file().get("field_words") or {}).items()
    }


@dataclass(frozen=True)
class FieldIndex:
    """The field phrases of one language by their first word: those that may start at a word,
    by its stem, and by the beginnings of its bare form (the two ways `_is_field_word` lets a
    first word match), so that a clause is not tried against every phrase at every word."""

    by_stem: dict[str, tuple[FieldWord, ...]]
    by_bare: dict[str, tuple[FieldWord, ...]]

    def starting_at(self, written: list[str], stemmed: list[str], position: int) -> bool:
        bare = _bare(written[position])
        candidates = [*self.by_stem.get(stemmed[position], ())]
        for end in range(1, len(bare) + 1):
            candidates += self.by_bare.get(bare[:end], ())
        return any(_is_field_word(written, stemmed, position, p) for p in candidates)


@functools.cache
def field_index() -> dict[str, FieldIndex]:
    index = {}
    for language, phrases in field_stems().items():
        by_stem: dict[str, list[FieldWord]] = {}
        by_bare: dict[str, list[FieldWord]] = {}
        for phrase in phrases:
            first_stem, first_word = phrase[0]
            by_stem.setdefault(first_stem, []).append(phrase)
            by_bare.setdefault(_bare(first_word), []).append(phrase)
        index[language] = FieldIndex(
            {key: tuple(value) for key, value in by_stem.items()},
            {key: tuple(value) for key, value in by_bare.items()},
        )
    return index


NO_FIELD_WORDS = FieldIndex({}, {})


def _is_field_word(found: list[str], stemmed: list[str], start: int, phrase: FieldWord) -> bool:
    """The phrase starts at `start`: each word has its stem, and one of the two written forms
    holds the other ("refugees" and "refugee", "المهاجرين" and "مهاجر"), so that "migrate your
    records" is not "migration", which stems alike."""
    if start + len(phrase) > len(found):
        return False
    return all(
        (
            stemmed[start + i] == phrase_stem
            and (word in found[start + i] or found[start + i] in word)
        )
        or ARABIC_PREFIX.sub("", found[start + i]).startswith(ARABIC_PREFIX.sub("", word))
        for i, (phrase_stem, word) in enumerate(phrase)
        if word
    )


# Arabic joins the article and some particles to the word ("للعائلات المهاجرة"), and the folded
# "ة" no longer stems as such: a word is a field word when, without them, it begins like one.
ARABIC_PREFIX = re.compile(r"^(?:وال|بال|فال|كال|لل|ال)(?=[\u0600-\u06ff]{3})")


def _bare(word: str) -> str:
    return ARABIC_PREFIX.sub("", word)


@functools.cache
def general() -> frozenset[str]:
    """The tokens of the concepts marked general in the file (training, families, housing,
    detention as such): a text naming only these may be about something else (a hospital's
    case management, a school's detention policy), so they do not place it in the field."""
    slugs = set(_file().get("general_concepts") or [])
    return frozenset(concept.token for concept in concepts() if concept.slug in slugs)


def _specific(counts: Counter[str]) -> bool:
    """Whether these (unambiguous) mentions name a concept only the field speaks of."""
    return any(concept not in general() for concept in counts)


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
    field_index.cache_clear()
    general.cache_clear()
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
    fields = field_index()
    clauses = [words(clause) for clause in CLAUSE_END.split(text)]
    for form_language in _languages(language):
        counts: Counter[str] = Counter()
        ambiguous: Counter[str] = Counter()
        for written in clauses:
            found.in_field |= _read_clause(
                written, form_language, fields.get(form_language, NO_FIELD_WORDS), counts, ambiguous
            )
        found.counts |= counts  # the larger count of each
        found.ambiguous |= ambiguous
    if not fields:
        found.in_field = True  # no field words known: nothing is set aside
    return found


def _read_clause(
    written: list[str],
    language: str,
    phrases: FieldIndex,
    counts: Counter[str],
    ambiguous: Counter[str],
) -> bool:
    """Count the forms one clause holds (a form never spans two sentences: "human rights. We
    work" is not "right to work"); whether it holds a field word."""
    sequence = [stem(word, language) for word in written]
    in_field = False
    covered: set[int] = set()
    for position, word in enumerate(sequence):
        if not in_field and phrases.starting_at(written, sequence, position):
            in_field = True
        if position in covered:
            continue  # inside a longer form found already ("case" in "case management")
        for form in _by_first_word().get((language, word), ()):
            end = position + 1 if len(form.words) == 1 else _ends_at(sequence, position, form.words)
            if end < 0:
                continue
            (ambiguous if form.ambiguous else counts)[form.concept] += 1
            covered.update(range(position, end))
            break
    return in_field


def concept_counts(text: str, language: str, *, in_field: bool = False) -> Counter[str]:
    """How often a text names each concept (in its language or in English). A concept named
    only by ambiguous forms counts when the text is about the field (`in_field`: known to be,
    as everything the knowledge base and the network hold is)."""
    found = _mentions(text, language)
    counts = Counter(found.counts)
    if in_field or found.in_field or _specific(found.counts):
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
    words: int = 0  # how many content words the title and description hold

    def as_json(self) -> dict:
        return {
            "concepts": self.concepts,
            "terms": self.terms,
            "in_field": self.in_field,
            "language": self.language,
            "words": self.words,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Reading":
        data = data or {}
        return cls(
            concepts=dict(data.get("concepts") or {}),
            terms=dict(data.get("terms") or {}),
            in_field=bool(data.get("in_field", True)),
            language=data.get("language", ""),
            words=int(data.get("words") or 0),
        )


MAX_TERMS = 60
# Scripts written without spaces between words (Thai, Lao, Khmer, Myanmar, Chinese, Japanese):
# a run of letters is a phrase, compared by its overlapping pairs of letters.
UNSPACED = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u4e00-\u9fff]")


def terms_of(text: str, language: str) -> list[str]:
    """A text's content words, stemmed in its language; letter pairs for unspaced scripts."""
    found: list[str] = []
    for word in stems(text, language):
        if UNSPACED.search(word) and len(word) > 2:
            found.extend(word[i : i + 2] for i in range(len(word) - 1))
        else:
            found.append(word)
    return found


def read(title: str, description: str, language: str) -> Reading:
    title_found = _mentions(title, language)
    body_found = _mentions(description, language)
    # In the field: its words ("asylum", "migrant"), or a concept only the field speaks of
    # named by an unambiguous form; "training" or "case management" alone is not enough.
    in_field = (
        title_found.in_field
        or body_found.in_field
        or _specific(title_found.counts + body_found.counts)
    )
    concepts: dict[str, float] = defaultdict(float)
    for found, weight in ((title_found, TITLE_WEIGHT), (body_found, 1.0)):
        for concept, count in found.counts.items():
            concepts[concept] += weight * count
        if in_field:
            for concept, count in found.ambiguous.items():
                concepts[concept] += weight * count
    terms: dict[str, float] = defaultdict(float)
    for word in terms_of(title, language):
        terms[word] += TITLE_WEIGHT
    for word in terms_of(description, language):
        terms[word] += 1
    top = dict(sorted(terms.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS])
    return Reading(
        {c: round(w, 2) for c, w in concepts.items()},
        top,
        in_field,
        language.split("-")[0],
        len(words(title)) + len(words(description)),
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
