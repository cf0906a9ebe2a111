"""Search across the knowledge base, behind one interface for SQLite (FTS5) and PostgreSQL.

Documents are indexed as pre-stemmed words (each in its own language), plus one word per
thesaurus concept they mention. A query is folded and stemmed in every language, expanded with
the labels of the concepts it names in any language (so "gestión de casos" finds English text
about "case management"), and corrected word by word against the index's vocabulary when a word
is unknown (typo tolerance). Only what the viewer may see is searched (`search_audiences`).
"""

import difflib
import functools
import itertools
import math
import os
import re
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from peerlearning import access
from peerlearning.knowledge import reading
from peerlearning.knowledge.models import (
    Concept,
    Lesson,
    Practice,
    Resource,
    SearchDocument,
    SearchFacet,
    SearchTerm,
    Update,
)
from peerlearning.knowledge.text import SEARCH_LANGUAGES, fold, stem, stems, words

PAGE_SIZE = 10
MAX_PAGE = 10_000
FACET_DEPTH = 1000
# A query ranks at most this many of the documents it matches (the most recently added, which
# the index reads first): the cost of a broad query follows the page, not the number of its
# matches. Up to this many, the total is exact and the ranking covers every match; beyond, the
# total reads "more than CANDIDATES".
CANDIDATES = 5000
MAX_QUERY_WORDS = 12
MAX_QUERY_LENGTH = 500
FACETS = ["type", "country", "region", "target_group", "practice_type", "stage", "language", "year"]
YEAR = re.compile(r"(19|20)\d\d")
WORD = re.compile(r"\w+")


# Thesaurus ---------------------------------------------------------------------------------


def _concepts() -> tuple[Concept, ...]:
    """The thesaurus, read once a process (until it changes)."""
    return reading.concepts()


def _concept_forms() -> tuple[reading.Form, ...]:
    return reading.forms()


# Words that join the parts of a coordinated label ("niñas, niños y adolescentes", "women and
# girls"); in Arabic "و" is written onto the next word ("النساء والفتيات": "و" before the
# article "ال", so that a word that merely starts with "و", like "وزارة", is not taken for one).
CONJUNCTIONS = {"en": r"and|or", "es": r"y|e|o|u", "fr": r"et|ou"}


def _coordinated_parts(text: str, language: str) -> list[str]:
    """The parts of a label that is a list of single words ("niñas, niños y adolescentes" →
    niñas, niños, adolescentes), or nothing for any other label ("detención de niñas y niños"
    is not a list: one part has three words)."""
    if language == "ar":
        parts = re.split(r"\s*[,،]\s*|\s+(?=وال)", text.strip())
        parts = [part[1:] if n and part.startswith("و") else part for n, part in enumerate(parts)]
    elif language in CONJUNCTIONS:
        parts = re.split(rf"\s*,\s*|\s+(?:{CONJUNCTIONS[language]})\s+", text.strip())
    else:
        return []
    if len(parts) < 2 or any(len(part.split()) != 1 for part in parts):
        return []
    return parts


@functools.cache
def _concepts_by_part() -> dict[str, frozenset[str]]:
    """Folded word → the concepts with a label or synonym that lists this word as one of its
    parts: "niños" alone names the concept whose Spanish label is "niñas, niños y adolescentes"
    (children), as "girls" names "women and girls". The word as written, not its stem: Spanish
    stems "niños" and "niñas" alike, and "niños" does not name "mujeres y niñas"."""
    index: dict[str, set[str]] = {}
    for concept in _concepts():
        for language in SEARCH_LANGUAGES:
            for text in [concept.labels.get(language, ""), *concept.synonyms.get(language, [])]:
                for part in _coordinated_parts(text, language):
                    for word in words(part):
                        index.setdefault(word, set()).add(concept.token)
    return {word: frozenset(tokens) for word, tokens in index.items()}


@functools.cache
def _concept_choices(language: str) -> tuple[tuple[str, str], ...]:
    from peerlearning.knowledge.models import concept_label

    pairs = [(c.slug, concept_label(c.slug, c.labels, language)) for c in _concepts()]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def concept_choices(language: str) -> list[tuple[str, str]]:
    """Every concept of the thesaurus as (slug, label in the language), by label: the topics
    of every form. Read once a process and language, until the thesaurus changes (here, or
    in another process: seen within CHECK_EVERY seconds)."""
    _forget_if_changed_elsewhere()
    return list(_concept_choices(language.split("-")[0]))


_generation = [0]


def thesaurus_generation() -> int:
    """A number that changes whenever this process forgets its thesaurus (a change here, or one
    seen from another process within CHECK_EVERY seconds): whatever was drawn from the concepts
    under another number is drawn again."""
    _forget_if_changed_elsewhere()
    return _generation[0]


def forget_thesaurus() -> None:
    _generation[0] += 1
    _concept_choices.cache_clear()
    _concepts_by_part.cache_clear()
    _index_tokens.cache_clear()
    _forms_by_language_and_first_word.cache_clear()
    _loose_forms_by_word.cache_clear()
    reading.forget()


THESAURUS_VERSION = "knowledge:thesaurus-version"  # in the cache every process shares
CHECK_EVERY = 5.0  # seconds
_seen: dict[str, Any] = {"at": -CHECK_EVERY, "version": None}


def thesaurus_changed() -> None:
    """Tell every process (web workers, the task worker) that the thesaurus changed."""
    forget_thesaurus()
    version = uuid.uuid4().hex
    cache.set(THESAURUS_VERSION, version, None)
    _seen["version"] = version


def _forget_if_changed_elsewhere() -> None:
    """The labels are cached per process: another process's change is seen through the shared
    cache, read at most every CHECK_EVERY seconds."""
    now = time.monotonic()
    if now - _seen["at"] < CHECK_EVERY:
        return
    _seen["at"] = now
    version = cache.get(THESAURUS_VERSION)
    if version != _seen["version"]:
        _seen["version"] = version
        forget_thesaurus()


def concepts_in(text: str, language: str) -> set[str]:
    """The concepts a text mentions in its own language (or in English, the lingua franca)."""
    return set(concept_counts(text, language))


def concept_counts(text: str, language: str) -> Counter[str]:
    """How often a text of the platform's own (a practice, an update, an exchange's outcome)
    mentions each concept: all of them are about the field, so a form that means something
    else elsewhere ("case management" in a hospital) counts here."""
    _forget_if_changed_elsewhere()
    return reading.concept_counts(text, language, in_field=True)


# Indexing ----------------------------------------------------------------------------------


@dataclass
class Entry:
    kind: str
    key: str
    title: str
    body: str
    url: str
    language: str
    audience: str
    year: int | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)
    concepts: set[str] = field(default_factory=set)


def country_token(code: str) -> str:
    """The word a document about a country holds (`_search_text`): "countrybr" for Brazil."""
    return f"country{code.lower()}"


def _search_text(entry: Entry) -> str:
    title = stems(entry.title, entry.language)
    body = stems(entry.body, entry.language)
    concepts = concept_counts(f"{entry.title}\n{entry.body}", entry.language)
    for tagged in entry.concepts:
        concepts[tagged] = max(concepts[tagged], 1)
    # The title counts twice; concept words make the document findable in any language, once
    # for each mention so that ranking still counts them (a query matches concepts as words).
    mentions = [concept for concept in sorted(concepts) for _ in range(min(concepts[concept], 20))]
    # A country word makes it found by a country's name in any language ("Alemania").
    countries = [country_token(code) for code in dict.fromkeys(entry.facets.get("country", []))]
    return " ".join([*title, *title, *body, *mentions, *countries])


@transaction.atomic
def index(entries: Iterable[Entry]) -> int:
    count = 0
    for entry in entries:
        text = _search_text(entry)
        document, _created = SearchDocument.objects.update_or_create(
            kind=entry.kind,
            key=entry.key,
            defaults={
                "title": entry.title[:300],
                "body": entry.body,
                "url": entry.url,
                "language": entry.language,
                "audience": entry.audience,
                "year": entry.year,
                "search_text": text,
            },
        )
        SearchFacet.objects.filter(document=document).delete()
        facets = {"type": [entry.kind], "language": [entry.language.split("-")[0]], **entry.facets}
        if entry.year:
            facets["year"] = [str(entry.year)]
        SearchFacet.objects.bulk_create(
            SearchFacet(document=document, name=name, value=value[:60])
            for name, values in facets.items()
            for value in dict.fromkeys(values)
            if value
        )
        SearchTerm.objects.bulk_create(
            (SearchTerm(term=term[:100]) for term in set(text.split())), ignore_conflicts=True
        )
        count += 1
    return count


def remove(kind: str, key: str) -> None:
    SearchDocument.objects.filter(kind=kind, key=key).delete()


def practice_entry(practice: Practice) -> Entry:
    countries = [c.code for c in practice.countries.all()]
    year = YEAR.search(practice.years or "")
    return Entry(
        kind="practice",
        key=practice.external_id,
        title=practice.title,
        body="\n".join(
            filter(
                None,
                [
                    practice.summary,
                    practice.description,
                    practice.outcomes,
                    "; ".join(practice.target_groups_as_given),
                    *(f"{t.title}\n{t.summary}" for t in practice.translations.all()),
                ],
            )
        ),
        url=practice.get_absolute_url(),
        language=practice.language,
        audience=access.practice_audience(practice),
        year=int(year.group(0)) if year else None,
        facets={
            "country": countries,
            "region": [practice.region],
            "target_group": practice.target_groups,
            "practice_type": practice.practice_types,
            "stage": [practice.stage],
        },
        concepts={c.token for c in practice.concepts.all()},
    )


def _translated(translations: dict[str, Any]) -> list[str]:
    """Editors' translations of an item: found in their languages too."""
    return [
        f"{version.get('title', '')}\n{version.get('text', '')}"
        for version in translations.values()
        if isinstance(version, dict)
    ]


def update_entry(update: Update) -> Entry:
    return Entry(
        kind="update",
        key=update.slug,
        title=update.title,
        body="\n".join([update.body, *_translated(update.translations)]),
        url=update.get_absolute_url(),
        language=update.language,
        audience=access.update_audience(update),
        year=update.published_on.year if update.published_on else None,
        facets={"region": [update.region], "country": [c.code for c in update.countries.all()]},
        concepts={c.token for c in update.concepts.all()},
    )


def lesson_entry(lesson: Lesson) -> Entry:
    """A lesson, found by its concepts, countries and region as a practice is. An exchange's
    lesson has no countries (the Chatham House rule: never who said it, nor from where)."""
    source = lesson.exchange or lesson.practice
    return Entry(
        kind="lesson",
        key=str(lesson.uuid),
        title=str(source or lesson.text[:80]),
        body=lesson.text,
        url=f"/lessons/#lesson-{lesson.uuid}",
        language=lesson.language,
        audience=access.lesson_audience(lesson),
        year=lesson.created_at.year if lesson.created_at else None,
        facets={
            "country": [c.code for c in lesson.countries.all()],
            "region": [lesson.region],
        },
        concepts={c.token for c in lesson.concepts.all()},
    )


def resource_entry(resource: Resource) -> Entry:
    return Entry(
        kind="resource",
        key=resource.slug,
        title=resource.title,
        body="\n".join(
            filter(None, [resource.description, resource.text, *_translated(resource.translations)])
        ),
        url=resource.get_absolute_url(),
        language=resource.language,
        audience=access.resource_audience(resource),
    )


# Each indexed model: its document's kind and the attribute that keys it.
KEYS: dict[type, tuple[str, str]] = {
    Practice: ("practice", "external_id"),
    Update: ("update", "slug"),
    Resource: ("resource", "slug"),
    Lesson: ("lesson", "uuid"),
}


def forget_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_delete: the item is gone, so is its document."""
    kind, attribute = KEYS[sender]
    remove(kind, str(getattr(instance, attribute)))


def refresh(item: Practice | Update | Resource | Lesson) -> None:
    """Bring one item's search document in line with what the item is now."""
    if isinstance(item, Practice):
        index([practice_entry(item)])
    elif isinstance(item, Update):
        index([update_entry(item)])
    elif isinstance(item, Lesson):
        index([lesson_entry(item)])
    elif item.consent_withdrawn_at is not None:
        remove("resource", item.slug)  # unpublished everywhere at once
    else:
        index([resource_entry(item)])


def _all_of(groups: list[set[str]]) -> str:
    """Backend syntax: a document having one alternative of every group."""
    parts = [sorted(a for a in group if WORD.fullmatch(a)) for group in groups]
    if connection.vendor == "sqlite":
        return " AND ".join(
            "(" + " OR ".join(f'"{a}"' for a in part) + ")" for part in parts if part
        )
    return " & ".join("(" + " | ".join(f"'{a}'" for a in part) + ")" for part in parts if part)


def _documents_matching(expression: str) -> set[int]:
    if not expression:
        return set()
    if connection.vendor == "sqlite":
        sql = "SELECT rowid FROM knowledge_search_fts WHERE knowledge_search_fts MATCH %s"
    else:
        sql = "SELECT id FROM knowledge_search_pg WHERE vector @@ to_tsquery('simple', %s)"
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression])
        return {row[0] for row in cursor.fetchall()}


def documents_concerned(concept: Concept) -> set[int]:
    """The documents whose concept words a change to this concept may change: those it tags
    now (whatever labels it had), and those holding the words of one of its labels or synonyms
    as it is now, stemmed in every language (a document is stemmed in its own). More rather than
    fewer: re-tagging a document the concept does not touch changes nothing."""
    found = _documents_matching(_all_of([{concept.token}]))
    for language in SEARCH_LANGUAGES:
        for text in [concept.labels.get(language, ""), *concept.synonyms.get(language, [])]:
            groups = [
                {word, *(stem(word, other) for other in SEARCH_LANGUAGES)} for word in words(text)
            ]
            if groups:
                found |= _documents_matching(_all_of(groups))
    return found


def refresh_documents(document_ids: Iterable[int]) -> int:
    """Index again the items of these documents (after a thesaurus change: their concept words
    follow the labels as they are now). A document whose item is gone is dropped."""
    keys: dict[str, set[str]] = {}
    for kind, key in SearchDocument.objects.filter(pk__in=list(document_ids)).values_list(
        "kind", "key"
    ):
        keys.setdefault(kind, set()).add(key)
    count = 0
    for model, (kind, attribute) in KEYS.items():
        wanted = keys.get(kind, set())
        if not wanted:
            continue
        items = cast(Any, model).objects.filter(**{f"{attribute}__in": wanted})
        if model is Practice:
            items = items.prefetch_related("countries", "concepts", "translations")
        seen: set[str] = set()
        for item in items:
            seen.add(str(getattr(item, attribute)))
            refresh(item)
            count += 1
        for key in wanted - seen:
            remove(kind, key)
    return count


def refresh_exchange(exchange: Any) -> None:
    """An exchange's visibility decides who finds its lessons."""
    lessons = (
        Lesson.objects.filter(exchange=exchange)
        .select_related("exchange", "practice")
        .prefetch_related("countries", "concepts")
    )
    index(lesson_entry(lesson) for lesson in lessons)


def refresh_community(community: Any) -> None:
    """A community's visibility decides who finds its updates and its exchanges' lessons."""
    index(
        update_entry(update)
        for update in community.updates.prefetch_related("countries", "concepts")
    )
    lessons = (
        Lesson.objects.filter(exchange__community=community)
        .select_related("exchange", "practice")
        .prefetch_related("countries", "concepts")
    )
    index(lesson_entry(lesson) for lesson in lessons)


def reindex_all() -> int:
    """Index everything again, and drop the documents of items that no longer exist."""
    forget_thesaurus()
    practices = Practice.objects.prefetch_related("countries", "concepts", "translations")
    current: set[tuple[str, str]] = set()

    def tracked(entries: Iterable[Entry]) -> Iterator[Entry]:
        for entry in entries:
            current.add((entry.kind, entry.key))
            yield entry

    lessons = Lesson.objects.select_related("exchange__community", "practice").prefetch_related(
        "countries", "concepts"
    )
    resources = Resource.objects.filter(consent_withdrawn_at__isnull=True)
    count = index(
        tracked(
            itertools.chain(
                (practice_entry(p) for p in practices.iterator(chunk_size=2000)),
                (update_entry(u) for u in Update.objects.prefetch_related("countries", "concepts")),
                (lesson_entry(lesson) for lesson in lessons),
                (resource_entry(resource) for resource in resources),
            )
        )
    )
    stale = [
        pk
        for pk, kind, key in SearchDocument.objects.values_list("pk", "kind", "key")
        if (kind, key) not in current
    ]
    for start in range(0, len(stale), 500):
        SearchDocument.objects.filter(pk__in=stale[start : start + 500]).delete()
    return count


# Searching ---------------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    key: str
    title: str
    url: str
    snippet: SafeString
    score: float
    kind_label: str = ""


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    facets: dict[str, list[tuple[str, int]]]
    corrections: dict[str, str]
    # True when the query matches more than `total` documents: the hits are the best of the
    # `total` most recently added (`CANDIDATES`), and the total is a floor, not a count.
    more: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _visible_terms(terms: Iterable[str], audiences: list[str]) -> set[str]:
    """The terms that some document the reader may find holds. The index's vocabulary is
    everyone's (private, draft and withdrawn items included): a word known, or offered as a
    correction, only because such an item holds it would confirm what the reader may not see."""
    found = set()
    for term in terms:
        if not WORD.fullmatch(term):
            continue
        sql, params = _matching(_match_expression([{term}]), audiences, {})
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM ({sql}) AS v LIMIT 1", params)  # noqa: S608
            if cursor.fetchone():
                found.add(term)
    return found


def _group(
    word: str, vocabulary: set[str], corrections: dict[str, str], audiences: list[str]
) -> set[str]:
    """A query word becomes its stems in every language; an unknown word also its near misses
    (words of documents the reader may find, and no others)."""
    variants = {stem(word, language) for language in SEARCH_LANGUAGES}
    alternatives = variants | {word}
    if not alternatives & vocabulary and len(word) > 3:
        candidates = _candidates(word)
        for variant in sorted(variants | {word}, key=len, reverse=True):
            close = difflib.get_close_matches(variant, candidates, n=6, cutoff=0.78)
            visible = _visible_terms(close, audiences)
            guesses = [guess for guess in close if guess in visible][:2]
            if guesses:
                alternatives.update(guesses)
                vocabulary.update(guesses)  # indexed words, by construction
                corrections.setdefault(word, guesses[0])
                break
        else:
            cognates = sorted((t for t in candidates if _cognate(word, t)), key=len)[:6]
            kept = sorted(_visible_terms(cognates, audiences), key=len)[:2]
            if kept:
                alternatives.update(kept)
                vocabulary.update(kept)
                corrections.setdefault(word, kept[0])
    return alternatives


COGNATE_PREFIX = 6  # letters a word shares with its cognate's stem at least


def _cognate(word: str, term: str) -> bool:
    """Whether an indexed word is the stem of the same word in another language: it starts the
    query word, or shares most of its letters from the start ("prohibicion" and "prohibit",
    "constitucional" and "constitut")."""
    shared = len(os.path.commonprefix([word, term]))
    return shared >= COGNATE_PREFIX and shared >= 0.8 * len(term)


def _candidates(word: str) -> list[str]:
    """Indexed words close in length (or cognates' shorter stems) and sharing the first letter
    (a typo rarely changes it);
    not the words that stand for a concept or a country, which nobody types."""
    return list(
        SearchTerm.objects.filter(term__startswith=word[:1])
        .exclude(term__startswith="concept")
        .exclude(term__startswith="country")
        .extra(
            where=["LENGTH(term) BETWEEN %s AND %s"],
            params=[min(len(word) - 4, len(word) * 3 // 5), len(word) + 2],
        )  # noqa: S610
        .values_list("term", flat=True)[:20000]
    )


def _one_word_forms(concept: str) -> set[str]:
    """A concept's one-word labels and synonyms in every language, stemmed in theirs."""
    return {f.words[0] for f in _concept_forms() if f.concept == concept and len(f.words) == 1}


# Words a query may put between two words of a form ("alternatives moins chères que la rétention").
QUERY_GAP = 3


def _form_positions(
    sequence: list[str], start: int, form_words: tuple[str, ...], gap: int
) -> tuple[int, ...]:
    """Where the form's words are when it starts at `start`, in order, with at most `gap` other
    words between two of them (in all); nothing when it is not there."""
    positions, position, skipped = [start], start + 1, 0
    for word in form_words[1:]:
        while position < len(sequence) and sequence[position] != word and skipped < gap:
            position += 1
            skipped += 1
        if position >= len(sequence) or sequence[position] != word:
            return ()
        positions.append(position)
        position += 1
    return tuple(positions)


@functools.cache
def _forms_by_language_and_first_word() -> dict[tuple[str, str], tuple[reading.Form, ...]]:
    index: dict[tuple[str, str], list[reading.Form]] = {}
    for form in _concept_forms():
        index.setdefault((form.language, form.words[0]), []).append(form)
    return {key: tuple(found) for key, found in index.items()}


@functools.cache
def _loose_forms_by_word() -> dict[tuple[str, str], tuple[tuple[int, reading.Form], ...]]:
    """(language, word) → the forms of two or more different words that hold it, each with its
    place among all forms: a query's words find the forms they may name loosely without
    trying every form of the thesaurus in every language."""
    index: dict[tuple[str, str], list[tuple[int, reading.Form]]] = {}
    for place, form in enumerate(_concept_forms()):
        if len(form.words) >= 2 and len(set(form.words)) == len(form.words):
            for word in form.words:
                index.setdefault((form.language, word), []).append((place, form))
    return {key: tuple(found) for key, found in index.items()}


def _query_word(word: str, language: str) -> str:
    """A query word stemmed for reading forms in a language. French feminine nouns in -euse are
    read as their masculine (the stemmer leaves "demandeuses" apart from "demandeurs", and
    the thesaurus writes the masculine)."""
    if language == "fr":
        word = re.sub(r"euse(s?)$", r"eur\1", word)
    return stem(word, language)


@dataclass(frozen=True)
class _Named:
    """A concept a query may name: which of its words name it, and whether they name it
    surely (a form's words in order) or only loosely (all of a form's words, in another
    order), in which case they still count one by one as well."""

    concept: str
    positions: frozenset[int]
    sure: bool


def _query_concepts(query_words: list[str]) -> list[_Named]:
    """The concepts a query may name, the likeliest first: a reading takes them in this order,
    each unless its words are taken already. A query's language is unknown: it is read in every
    language the thesaurus has forms in; the forms that hold the most words come first
    ("acogimiento familiar" is foster care before "familiar" is families), in order with a few
    words between; then a form all of whose words the query holds in any order ("detention
    alternatives"). A query is a deliberate choice: ambiguous forms count."""
    found: list[tuple[int, int, int, _Named]] = []
    by_first = _forms_by_language_and_first_word()
    for language in reading.READ_LANGUAGES:
        sequence = [_query_word(word, language) for word in query_words]
        for start, word in enumerate(sequence):
            for form in by_first.get((language, word), ()):
                positions = _form_positions(sequence, start, form.words, QUERY_GAP)
                if positions:
                    named = _Named(form.concept, frozenset(positions), sure=True)
                    found.append((-len(form.words), positions[-1] - start, start, named))
        held: dict[str, int] = {}
        for position, word in enumerate(sequence):
            held.setdefault(word, position)
        loose = _loose_forms_by_word()
        candidates = {pair for word in held for pair in loose.get((language, word), ())}
        for _place, form in sorted(candidates, key=lambda pair: pair[0]):
            if all(w in held for w in form.words):
                named = _Named(form.concept, frozenset(held[w] for w in form.words), sure=False)
                # After every form of as many words found in order.
                found.append((-len(form.words), len(query_words) + 1, min(named.positions), named))
    return [named for *_rank, named in sorted(found, key=lambda item: item[:3])]


# Names people use for a few countries that ISO does not give.
COUNTRY_ALIASES = {"uk": "GB", "usa": "US", "britain": "GB", "holland": "NL"}


@functools.cache
def _country_forms() -> dict[tuple[str, ...], frozenset[str]]:
    """Folded words of a country's name in each search language ("Corée" for "Corée, République
    de") → its ISO codes (a name shared by two countries names both)."""
    import gettext

    import pycountry

    names: dict[tuple[str, ...], set[str]] = {}
    for language in SEARCH_LANGUAGES:
        translate: Callable[[str], str]
        try:
            translate = gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[language]
            ).gettext
        except OSError:
            translate = str
        for country in pycountry.countries:
            for name in {country.name, getattr(country, "common_name", country.name)}:
                for text in {translate(name), name}:
                    short = re.split(r"[,،(]", text)[0]
                    key = tuple(words(short))
                    if key:
                        names.setdefault(key, set()).add(country.alpha_2)
    for alias, code in COUNTRY_ALIASES.items():
        names.setdefault((alias,), set()).add(code)
    return {key: frozenset(codes) for key, codes in names.items()}


def _query_countries(query_words: list[str]) -> list[tuple[frozenset[str], frozenset[int]]]:
    """The countries a query names in any language ("Alemania", "Japon", "البرازيلي"): their
    codes and the query's words naming them. An Arabic word is compared without its article
    and adjective ending (its stem)."""
    forms = _country_forms()
    longest = max((len(key) for key in forms), default=0)
    arabic = {stem(key[0], "ar"): codes for key, codes in forms.items() if len(key) == 1}
    found: list[tuple[frozenset[str], frozenset[int]]] = []
    used: set[int] = set()
    for size in range(min(longest, len(query_words)), 0, -1):
        for start in range(len(query_words) - size + 1):
            span = frozenset(range(start, start + size))
            if span & used:
                continue
            key = tuple(query_words[start : start + size])
            codes = forms.get(key)
            if codes is None and size == 1 and re.search(r"[\u0600-\u06ff]", key[0]):
                codes = arabic.get(stem(key[0], "ar"))
            if codes:
                used |= span
                found.append((codes, span))
    return found


def _plan(query: str, audiences: list[str]) -> tuple[list[set[str]], dict[str, str]]:
    """Groups of alternatives: the query matches a document having one of each group."""
    query_words = words(query[:MAX_QUERY_LENGTH])[:MAX_QUERY_WORDS]
    if not query_words:
        return [], {}
    # Concepts first: "gestión de casos" becomes the concept word and its one-word labels in
    # every language. A document that uses a longer label carries the concept word already
    # (`_search_text`), so its phrases need no matching here: phrase matches are slow to check.
    # A concept no document names is spelled out in the words of its English label.
    labels = {concept.token: concept.labels.get("en", "") for concept in _concepts()}
    named: list[tuple[set[str], frozenset[int], bool, list[str]]] = []
    for found in _query_concepts(query_words):
        group = {found.concept, *_one_word_forms(found.concept)}
        if len(found.positions) == 1:  # "supervision" is a word too, whatever concept it names
            word = query_words[min(found.positions)]
            group |= {word, *(stem(word, language) for language in SEARCH_LANGUAGES)}
        named.append((group, found.positions, found.sure, words(labels.get(found.concept, ""))))
    # A country named in any language ("Alemania", "البرازيلي") finds the documents about it.
    for codes, positions in _query_countries(query_words):
        names = {
            word
            for key, countries in _country_forms().items()
            if countries & codes and len(key) == 1
            for word in key
        }
        stemmed = {stem(name, language) for name in names for language in SEARCH_LANGUAGES}
        tokens = {country_token(code) for code in codes}
        named.append(({*tokens, *names, *stemmed}, positions, True, []))
    # A word that is one part of a coordinated label ("niños" of "niñas, niños y adolescentes")
    # names that concept too, and still finds the documents that hold the word itself.
    named_by_part: dict[int, set[str]] = {}
    by_part = _concepts_by_part()
    for position, word in enumerate(query_words):
        for concept in by_part.get(word, ()):
            named_by_part.setdefault(position, set()).update({concept, *_one_word_forms(concept)})
    spelled_words = {word for *_named, spelled in named for word in spelled}
    vocabulary = _visible_terms(
        SearchTerm.objects.filter(
            term__in={
                stem(w, language)
                for w in [*query_words, *spelled_words]
                for language in SEARCH_LANGUAGES
            }
            | set(query_words)
            | spelled_words
            | {alternative for group, *_rest in named for alternative in group}
            | {alternative for group in named_by_part.values() for alternative in group}
        ).values_list("term", flat=True),
        audiences,
    )
    # A concept no document the reader may find names is spelled out in the words of its
    # English label, next to the query's own words ("durée maximale de rétention" looks for
    # "maximum period of detention"); a country none is about leaves its words as they are.
    groups: list[set[str]] = []
    used: set[int] = set()
    spelled_out: set[int] = set()
    for group, positions, sure, spelled in named:
        if positions & used or group in groups:
            continue
        if group & vocabulary:
            groups.append(group)
            if sure:
                used |= positions
        elif spelled and not positions & spelled_out:
            spelled_out |= positions
            own = {stem(w, "en") for w in query_words}
            groups += [
                {w, *(stem(w, language) for language in SEARCH_LANGUAGES)}
                for w in spelled
                if stem(w, "en") not in own
            ]
    corrections: dict[str, str] = {}
    for position, word in enumerate(query_words):
        if position in used:
            continue
        parts = named_by_part.get(position, set())
        if parts & vocabulary:  # a concept's word, not a typo: nothing to correct
            groups.append({word, *(stem(word, language) for language in SEARCH_LANGUAGES), *parts})
        else:
            groups.append(_group(word, vocabulary, corrections, audiences))
    # A word no document holds cannot match: leaving it out keeps the ranking work small.
    kept: list[set[str]] = []
    for group in groups:
        known = {a for a in group if a in vocabulary}
        if known and known not in kept:
            kept.append(known)
    return kept, corrections


def _match_expression(groups: list[set[str]]) -> str:
    """Backend syntax: any alternative of any group (ranking puts documents that have more of
    them first). Alternatives are single folded words (\\w+ only): nothing a user typed reaches
    the query language itself, so operators like " * NEAR : are harmless."""
    alternatives = [a for group in groups for a in sorted(group) if WORD.fullmatch(a)]
    if connection.vendor == "sqlite":
        return " OR ".join(f'"{a}"' for a in alternatives)
    return " | ".join(f"'{a}'" for a in alternatives)


def _matching(
    expression: str, audiences: list[str], filters: dict[str, str], *, limit: int | None = None
) -> tuple[str, list[Any]]:
    """SQL selecting (id, score) of the documents that match, may be seen, and pass the filters;
    with `limit`, only the `limit` most recently added of them (the highest ids).

    Nothing is scored or counted beyond what is read: the index is walked alone, newest first,
    each document's audience and filters checked as it comes (SQLite: CROSS JOIN keeps the
    full-text table the outer loop; joined naively, the planner may walk every document and
    probe the index for each). A `LIMIT 1` around it stops at the first visible match, and with
    `limit` a broad query scores `limit` documents, not every match. PostgreSQL: the ids come
    from the narrow vector table (migration 0012), through its GIN index or, for a broad query,
    its key read backwards until `limit` are found; only those are ranked."""
    audience_marks = ", ".join(["%s"] * len(audiences))
    filter_sql = ""
    filter_params: list[Any] = []
    for name, value in filters.items():
        filter_sql += (
            " AND EXISTS (SELECT 1 FROM knowledge_searchfacet f"
            " WHERE f.document_id = d.id AND f.name = %s AND f.value = %s)"
        )
        filter_params += [name, value]
    bound = " ORDER BY id DESC LIMIT %s" if limit is not None else ""
    bound_params = [limit] if limit is not None else []
    if connection.vendor == "sqlite":
        sql = (
            "SELECT s.rowid AS id, bm25(knowledge_search_fts) AS score "
            "FROM knowledge_search_fts s CROSS JOIN knowledge_searchdocument d ON d.id = s.rowid "
            f"WHERE knowledge_search_fts MATCH %s AND d.audience IN ({audience_marks}){filter_sql}"
            + bound.replace("id DESC", "s.rowid DESC")
        )
        return sql, [expression, *audiences, *filter_params, *bound_params]
    # The rank of each kept id is read by its key (a scalar subquery): joined, the planner
    # may hash the whole vector table, and the window would then carry every vector.
    sql = (
        "SELECT c.id AS id, -(SELECT ts_rank(v.vector, to_tsquery('simple', %s)) "
        "FROM knowledge_search_pg v WHERE v.id = c.id) AS score FROM ("
        "SELECT d.id AS id FROM knowledge_search_pg d "
        "WHERE d.vector @@ to_tsquery('simple', %s) "
        f"AND d.audience IN ({audience_marks}){filter_sql}{bound.replace('id DESC', 'd.id DESC')}"
        ") AS c"
    )
    return sql, [expression, expression, *audiences, *filter_params, *bound_params]


# Re-ranking ---------------------------------------------------------------------------------

RERANK_DEPTH = 100  # the backend's best matches ordered again by what the query says
TEXT_CHARS = 8_000  # of a document's indexed text read for positions (about 1,000 words)
# How much each sign counts, next to the backend's score (scaled to 1 for its best match).
WEIGHTS = {
    "backend": 1.0,
    "coverage": 2.0,  # the query's parts the document holds, the rarer ones counting more
    "title": 1.5,  # the query's parts its title holds (words or concepts)
    "frequency": 1.0,  # how often it names them
    "proximity": 1.0,  # the query's parts next to each other in its text
}


@dataclass
class _Part:
    """One part of a query as the re-ranking reads it: its alternatives (stemmed words and a
    concept word), and the concept it names, if any."""

    alternatives: set[str]
    concept: str | None
    marks: set[str]  # its words standing for a concept or a country
    forms: dict[tuple[str, str], tuple[reading.Form, ...]]  # (language, first word) → forms


def _parts(groups: list[set[str]]) -> list[_Part]:
    tokens = {concept.token for concept in _concepts()}
    by_first = _forms_by_language_and_first_word()
    parts = []
    for group in groups:
        concept = next((a for a in sorted(group) if a in tokens), None)
        forms = {
            key: tuple(f for f in found if f.concept == concept and len(f.words) > 1)
            for key, found in by_first.items()
            if concept and any(f.concept == concept and len(f.words) > 1 for f in found)
        }
        parts.append(_Part(group, concept, group & _index_tokens(), forms))
    return parts


def _nearest(first: list[int], second: list[int]) -> int:
    """The smallest distance between a position of one list and one of the other (sorted)."""
    best, i, j = 1 << 30, 0, 0
    while i < len(first) and j < len(second):
        best = min(best, abs(first[i] - second[j]))
        if first[i] < second[j]:
            i += 1
        else:
            j += 1
    return best


def _closeness(distance: int) -> float:
    """Adjacent words count fully, a word or two between them less, a sentence apart little."""
    if distance <= 1:
        return 1.0
    if distance <= 3:
        return 0.7
    if distance <= 8:
        return 0.4
    if distance <= 20:
        return 0.1
    return 0.0


@dataclass
class _Signs:
    held: list[bool]  # the parts the document holds
    in_title: list[bool]  # the parts its title holds
    counts: list[int]  # how often it names each part
    proximity: float  # how close together its text puts the parts (0 to 1)
    title_words: float  # the share of the query's own words its title holds
    phrase: float  # how close together its text puts the query's words, in their order


def _signs(
    parts: list[_Part],
    query_words: list[set[str]],
    document: tuple[str, str, str],
    tokens: frozenset[str],
) -> _Signs:
    """What one document (title, language, indexed text) holds of a query. Its text is read
    once, noting where the words that matter are; nothing else is looked at word by word."""
    title, language, text = document
    language = language.split("-")[0]
    title_words = stems(title, language)
    # The indexed text: the title's words twice, the body's, then concept and country words.
    body = text[:TEXT_CHARS].split()[2 * len(title_words) :]
    sequence = [*title_words, *(word for word in body if word not in tokens)]
    languages = (language, "en") if language != "en" else ("en",)
    wanted = {word for part in parts for word in part.alternatives}
    wanted |= {word for variants in query_words for word in variants}
    wanted |= {first for part in parts for (lang, first) in part.forms if lang in languages}
    where: dict[str, list[int]] = {}
    for position, word in enumerate(sequence):
        if word in wanted:
            where.setdefault(word, []).append(position)
    positions: list[list[int]] = []
    for part in parts:
        found = [p for word in part.alternatives for p in where.get(word, ())]
        for (form_language, first), forms in part.forms.items():
            if form_language in languages:
                found += [
                    p
                    for p in where.get(first, ())
                    if any(_form_positions(sequence, p, f.words, reading.MAX_GAP) for f in forms)
                ]
        positions.append(sorted(set(found)))
    word_positions = [
        sorted({p for w in variants for p in where.get(w, ())}) for variants in query_words
    ]
    padded = f" {text} "
    held, in_title, counts = [], [], []
    for n, part in enumerate(parts):
        counts.append(len(positions[n]) + sum(padded.count(f" {m} ") for m in part.marks))
        # A document's countries say what it is about as its title does.
        in_title.append(
            bool(positions[n] and positions[n][0] < len(title_words))
            or any(mark.startswith("country") and f" {mark} " in padded for mark in part.marks)
        )
        held.append(counts[-1] > 0)
    pairs = list(itertools.combinations(positions, 2))
    proximity = sum(_closeness(_nearest(a, b)) for a, b in pairs if a and b) / max(1, len(pairs))
    # The query's words one after the other: "court ruling" as a phrase, not scattered.
    following = list(itertools.pairwise(word_positions))
    phrase = sum(_closeness(_nearest(a, b)) for a, b in following if a and b) / max(
        1, len(following)
    )
    titled = sum(1 for found in word_positions if found and found[0] < len(title_words))
    return _Signs(held, in_title, counts, proximity, titled / max(1, len(query_words)), phrase)


@functools.cache
def _index_tokens() -> frozenset[str]:
    """The words of the index that stand for a concept or a country, not for a text's words."""
    import pycountry

    countries = {country_token(country.alpha_2) for country in pycountry.countries}
    return frozenset({concept.token for concept in _concepts()} | countries)


def _rerank(groups: list[set[str]], query: str, rows: list[Any]) -> list[Any]:
    """The backend's best RERANK_DEPTH rows ((id, score, …), the lowest score first) in a
    better order: documents that hold more of the query's parts (the rarer ones counting more),
    in their titles, often, and close together first. One read of the candidates' stored
    fields; the rows past the depth follow as they were. Each row's score becomes its new one
    (lower is better, as the backend's)."""
    head = rows[:RERANK_DEPTH]
    if len(head) < 2 or not groups:
        return rows
    parts = _parts(groups)
    documents = SearchDocument.objects.filter(pk__in=[row[0] for row in head]).values_list(
        "pk", "title", "language", "search_text"
    )
    tokens = _index_tokens()
    query_words = [
        {word, *(stem(word, language) for language in SEARCH_LANGUAGES)}
        for word in words(query[:MAX_QUERY_LENGTH])[:MAX_QUERY_WORDS]
    ]
    signs = {
        pk: _signs(parts, query_words, (title, language, text), tokens)
        for pk, title, language, text in documents
    }
    # A part most candidates hold tells them apart less than a rare one.
    holding = [sum(1 for found in signs.values() if found.held[n]) for n in range(len(parts))]
    rarity = [math.log(1 + (len(signs) + 1) / (1 + count)) for count in holding]
    total = sum(rarity) or 1.0
    best = max(-float(row[1]) for row in head) or 1.0
    scored = []
    for order, row in enumerate(head):
        score = 0.0
        if found := signs.get(row[0]):
            held = sum(r for r, h in zip(rarity, found.held, strict=True) if h) / total
            titled = sum(r for r, t in zip(rarity, found.in_title, strict=True) if t) / total
            score = (
                WEIGHTS["backend"] * -float(row[1]) / best
                + WEIGHTS["coverage"] * held
                + WEIGHTS["title"] * max(titled, found.title_words)
                + WEIGHTS["frequency"] * sum(c / (c + 2) for c in found.counts) / len(parts)
                + WEIGHTS["proximity"] * max(found.proximity, found.phrase)
            )
        scored.append((-score, order, row))
    scored.sort(key=lambda item: (item[0], item[1]))
    reordered = [(row[0], round(score, 4), *row[2:]) for score, _order, row in scored]
    return reordered + list(rows[RERANK_DEPTH:])


def snippet(body: str, query: str, language: str) -> SafeString:
    """About 240 characters around the first place the query's words appear, words marked."""
    targets = {stem(w, language) for w in words(query)} | set(words(query))
    tokens = list(re.finditer(r"\w+", body))
    first = next(
        (
            t
            for t in tokens
            if stem(fold(t.group()), language) in targets or fold(t.group()) in targets
        ),
        None,
    )
    start = max(0, (first.start() if first else 0) - 80)
    start = body.rfind(" ", 0, start) + 1 if start else 0
    window = body[start : start + 240]
    pieces: list[str] = []
    last = 0
    for token in re.finditer(r"\w+", window):
        folded = fold(token.group())
        if folded in targets or stem(folded, language) in targets:
            pieces.append(escape(window[last : token.start()]))
            pieces.append(f"<mark>{escape(token.group())}</mark>")
            last = token.end()
    pieces.append(escape(window[last:]))
    text = "".join(pieces).replace("\n", " ")
    prefix = "…" if start else ""
    suffix = "…" if start + 240 < len(body) else ""
    return mark_safe(prefix + text + suffix)  # noqa: S308 - every piece is escaped above


def search(
    query: str,
    *,
    audiences: list[str],
    filters: dict[str, str] | None = None,
    page: int = 1,
    per_page: int = PAGE_SIZE,
    with_facets: bool = True,
    with_snippets: bool = True,
) -> Results:
    """A page of hits (`per_page`, the best first) with the total and, over the best
    FACET_DEPTH, the facets."""
    filters = {name: value for name, value in (filters or {}).items() if name in FACETS and value}
    page = min(max(1, page), MAX_PAGE)  # a page past the end is empty, not an overflow
    query = query.strip()
    _forget_if_changed_elsewhere()
    groups, corrections = _plan(query, audiences)
    if not groups:
        return Results(query, [], 0, 1, {}, {})
    expression = _match_expression(groups)
    offset = (page - 1) * per_page
    depth = max(FACET_DEPTH, offset + per_page)
    # The candidates: every match up to CANDIDATES (more for a page that deep), the most
    # recently added first; one more tells whether there are more matches than that.
    candidates = max(CANDIDATES, depth)
    sql, params = _matching(expression, audiences, filters, limit=candidates + 1)
    with connection.cursor() as cursor:
        # One pass ranks the candidates (the best for the page and the facets) and, through
        # the window over at most candidates + 1 narrow rows, counts them.
        best = f"SELECT id, score, COUNT(*) OVER () FROM ({sql}) AS m ORDER BY score, id LIMIT %s"
        cursor.execute(best, [*params, depth])
        found = cursor.fetchall()
    matched = found[0][2] if found else 0
    more = matched > candidates
    total = min(matched, candidates)
    found = _rerank(groups, query, found)  # the best first-pass rows, ordered by what they say
    rows = [(row[0], row[1]) for row in found[offset : offset + per_page]]
    facets: dict[str, list[tuple[str, int]]] = {}
    if found and with_facets:
        # Facets count the best matches (up to FACET_DEPTH): exact for ordinary searches,
        # and a broad query stays fast.
        ids = [row[0] for row in found[:FACET_DEPTH]]
        counted = (
            SearchFacet.objects.filter(document_id__in=ids)
            .values_list("name", "value")
            .annotate(count=Count("pk"))
            .order_by("-count", "name", "value")
        )
        for name, value, count in counted:
            if len(facets.setdefault(name, [])) < 12:
                facets[name].append((value, count))
    documents = SearchDocument.objects.in_bulk([row[0] for row in rows])
    hits = [
        Hit(
            kind=d.kind,
            key=d.key,
            title=d.title,
            url=d.url,
            snippet=snippet(d.body, query, d.language) if with_snippets else mark_safe(""),
            score=round(-float(score), 4),
        )
        for row_id, score in rows
        if (d := documents.get(row_id))
    ]
    return Results(query, hits, total, page, facets, corrections, more)
