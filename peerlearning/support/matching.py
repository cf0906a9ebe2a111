"""Ranking offers for a request (and requests for an offer), each with the reasons it matched.

A score out of 100 adds up what the two sides share:

- topics (30): the request's topics the offer covers (its own topics, or those its text names),
  a broader or narrower concept counting half;
- text (25): how alike the two texts are — the concepts their titles and descriptions name (in
  any language: "gestión de casos" meets "case management"), the offering organisation's
  published practices, and, for two texts in one language, their words (weighed by rarity
  among the candidates);
- kind (15): the offer gives the kind of support asked for;
- language (12): a language in common;
- geography (8): the same country; 5.6 for the same programme region; 3.2 for a global offer;
- experience (10): the offering organisation implemented a published practice on the topic.

Gates, whatever else matches: support nobody can follow is no support (no language in common:
a third); an offer whose text is about another field ("case management software for hospitals")
counts half; an offer already supporting as many requests as its capacity counts half.

A match is *good* from GOOD (50) up, *strong* from STRONG (70): below, the pages say there is no
good match yet rather than proposing weak ones as if they were good.

Only offers sharing a topic (by their topics or their texts, or a broader or narrower one) are
considered, and of those the CANDIDATES likeliest by a bound computed in SQL: ranking one
request scores at most that many, however many offers there are.

Reasons are kept as data (dicts with a "code") and put into words in the reader's language
(`describe`).
"""

import functools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.tasks import task
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from peerlearning.accounts.models import country_name
from peerlearning.knowledge import reading as text_reading
from peerlearning.knowledge.models import Concept, EditorialStatus, Practice
from peerlearning.lib.translations import in_words
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Country, Organisation
from peerlearning.support.models import (
    ENDED,
    MatchStatus,
    SupportKind,
    SupportOffer,
    SupportRequest,
)

WEIGHTS = {"topic": 30, "text": 25, "kind": 15, "language": 12, "place": 8, "practice": 10}
GOOD = 50  # from here a match is worth proposing
STRONG = 70
CANDIDATES = 1000  # the most offers (or requests) scored for one ranking, by each of two ways
WORD_CANDIDATES = 200  # and those in the request's language, for the words alone
NO_LANGUAGE = 1 / 3
OFF_FIELD = 0.5
FIELD_EVIDENCE = 10  # content words from which a description not about the field is elsewhere
FULL = 0.5
TOPIC_WEIGHT = 3.0  # a confirmed topic in a side's concept vector; text mentions weigh 1–2 each
PRACTICE_WEIGHT = 1.0
RELATED_SHARE = 0.3  # a broader or narrower concept's share of a concept's weight
TERMS_SHARE = 0.35  # the words' share of the text similarity, for two texts in one language


@dataclass
class Side:
    """What matching knows of a request or an offer."""

    id: int
    kinds: set[str]
    concepts: set[int]  # its topics, as confirmed by people
    languages: set[str]
    countries: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    organisation_id: int | None = None
    capacity: int = 0
    busy: int = 0
    read: dict[int, float] = field(default_factory=dict)  # concepts its text names, weighed
    terms: dict[str, float] = field(default_factory=dict)  # its words, stemmed
    language: str = ""  # of its text
    in_field: bool = True  # its text is about the field
    words: int = 0  # the content words of its title and description
    practiced: set[int] = field(default_factory=set)  # its organisation's practices' concepts
    # Made once a ranking by `_text_similarity`: its concepts weighed (`_vector`) and its
    # words weighed by their rarity, each scaled to length 1.
    unit: dict[int, float] | None = None
    unit_terms: dict[str, float] | None = None

    @property
    def named(self) -> set[int]:
        """Every concept it stands for: its topics and what its text names."""
        return self.concepts | set(self.read)


@dataclass
class Ranked:
    id: int
    score: int
    reasons: list[dict[str, Any]]

    @property
    def good(self) -> bool:
        return self.score >= GOOD


def strength(score: int) -> str:
    """The score in words a coordinator reads at a glance."""
    if score >= STRONG:
        return pgettext("match", "strong")
    if score >= GOOD:
        return pgettext("match", "good")
    return pgettext("match", "weak")


@functools.cache
def _relations() -> dict[int, set[int]]:
    """Each concept's broader and narrower concepts."""
    related: dict[int, set[int]] = defaultdict(set)
    for concept_id, broader_id in Concept.objects.filter(broader__isnull=False).values_list(
        "pk", "broader_id"
    ):
        related[concept_id].add(broader_id)
        related[broader_id].add(concept_id)
    return dict(related)


@functools.cache
def _ids_by_token() -> dict[str, int]:
    return {concept.token: concept.pk for concept in text_reading.concepts()}


@functools.cache
def _general() -> frozenset[int]:
    """The concepts any field shares (training, families, case management)."""
    ids = _ids_by_token()
    return frozenset(ids[token] for token in text_reading.general() if token in ids)


def _elsewhere(offer: Side) -> bool:
    """The offer is about another field: its description is long enough to tell and never
    speaks of ours, and neither its topics nor its organisation's practices name a concept only
    ours speaks of. (A short description tells nothing: "HOST site visits" is not elsewhere.)"""
    if offer.in_field or offer.words < FIELD_EVIDENCE:
        return False
    return not (offer.concepts | offer.practiced) - _general()


def forget_thesaurus() -> None:
    _general.cache_clear()
    _relations.cache_clear()
    _labels.cache_clear()
    _ids_by_token.cache_clear()


def related_concepts(concepts: Iterable[int]) -> set[int]:
    relations = _relations()
    return {other for concept in concepts for other in relations.get(concept, ())}


# Reading what they say ---------------------------------------------------------------------


def reread(item: SupportRequest | SupportOffer) -> None:
    """Read an item's title and description again (after it changed, or the thesaurus did)."""
    found = text_reading.read(item.title, item.description, item.language)
    ids = _ids_by_token()
    item.reading = found.as_json()
    type(item).objects.filter(pk=item.pk).update(reading=item.reading)
    item.read_concepts.set([ids[token] for token in found.concepts if token in ids])


def _read_now(model: Any, readings: dict[int, dict | None]) -> dict[int, dict]:
    """The readings of the items never read (made outside the actions), made now from their
    texts, fetched in one query; texts are not fetched for the others."""
    missing = [pk for pk, data in readings.items() if not data]
    if not missing:
        return {}
    texts = model.objects.filter(pk__in=missing).values_list(
        "pk", "title", "description", "language"
    )
    return {pk: reading_of(None, *text) for pk, *text in texts}


def reading_of(data: dict | None, title: str, description: str, language: str) -> dict:
    """The stored reading, or one made now for an item never read (made outside the actions)."""
    if data:
        return data
    return text_reading.read(title, description, language).as_json()


def _weights(data: dict) -> dict[int, float]:
    ids = _ids_by_token()
    return {
        ids[token]: float(weight)
        for token, weight in (data.get("concepts") or {}).items()
        if token in ids
    }


def _vector(side: Side) -> dict[int, float]:
    """A side's concepts, weighed: its topics, what its text names, its practices; broader and
    narrower concepts a share of each."""
    vector: dict[int, float] = defaultdict(float)
    for concept, weight in side.read.items():
        vector[concept] += min(weight, 4.0)
    for concept in side.concepts:
        vector[concept] += TOPIC_WEIGHT
    for concept in side.practiced:
        vector[concept] += PRACTICE_WEIGHT
    relations = _relations()
    for concept, weight in list(vector.items()):
        for other in relations.get(concept, ()):
            vector[other] += weight * RELATED_SHARE
    return vector


def _unit(vector: dict[Any, float]) -> dict[Any, float]:
    """The vector scaled to length 1 (empty when it has none)."""
    norm = math.sqrt(sum(weight * weight for weight in vector.values()))
    return {key: weight / norm for key, weight in vector.items()} if norm else {}


def _dot(one: dict[Any, float], other: dict[Any, float]) -> float:
    if len(one) > len(other):
        one, other = other, one
    return sum(weight * other.get(key, 0.0) for key, weight in one.items())


def _idf(sides: Iterable[Side]) -> dict[str, float]:
    """Each word's rarity among the sides ranked together."""
    counted: Counter[str] = Counter()
    total = 0
    for side in sides:
        counted.update(side.terms.keys())
        total += 1
    return {word: math.log((1 + total) / (1 + n)) + 1 for word, n in counted.items()}


def _concept_unit(side: Side) -> dict[int, float]:
    if side.unit is None:
        side.unit = _unit(_vector(side))
    return side.unit


def _terms_unit(side: Side, idf: dict[str, float]) -> dict[str, float]:
    if side.unit_terms is None:
        side.unit_terms = _unit({w: n * idf.get(w, 1.0) for w, n in side.terms.items()})
    return side.unit_terms


def _text_similarity(request: Side, offer: Side, idf: dict[str, float] | None) -> float:
    """How alike the two texts are: by the concepts they name (across languages) and, in one
    language, by their words; by the words alone when one names no concept (a text in Thai).
    Each side's vectors are made once a ranking (the side ranked against is the same for all)."""
    one, other = _concept_unit(request), _concept_unit(offer)
    concepts = _dot(one, other)
    if not (idf and request.language and request.language == offer.language):
        return concepts
    terms = _dot(_terms_unit(request, idf), _terms_unit(offer, idf))
    if not (one and other):
        return terms
    return max(concepts, (1 - TERMS_SHARE) * concepts + TERMS_SHARE * terms)


def score(
    request: Side,
    offer: Side,
    practices: dict[int, list[str]] | None = None,
    related: dict[int, set[int]] | None = None,
    idf: dict[str, float] | None = None,
    *,
    explain: bool = True,
) -> tuple[int, list[dict[str, Any]]]:
    """The score (0–100) of an offer for a request, and the reasons, strongest first.
    `related`: each request topic's broader and narrower ones (computed once for a ranking);
    `explain=False` leaves out what only the reasons need (a ranking explains its best only)."""
    wanted = request.concepts or {c for c, w in request.read.items() if w >= 2} or set(request.read)
    if related is None:
        related = {concept: related_concepts([concept]) for concept in wanted}
    related = {concept: related.get(concept) or related_concepts([concept]) for concept in wanted}
    reasons: list[dict[str, Any]] = []
    total = 0.0
    covering = offer.named
    shared = wanted & covering
    near = set().union(*related.values()) & covering - shared if related and explain else set()
    if wanted:
        covered = sum(
            1.0 if concept in covering else 0.5 if related[concept] & covering else 0
            for concept in wanted
        )
        total += WEIGHTS["topic"] * covered / len(wanted)
    similarity = _text_similarity(request, offer, idf)
    if not total and not similarity:
        return 0, []  # nothing of what is asked, whatever its kind or language: no match
    # A request naming no concept (no topic, a text the thesaurus does not read) is known by
    # its words alone: they weigh what the topics would.
    total += (WEIGHTS["text"] + (0 if wanted else WEIGHTS["topic"])) * similarity
    if shared:
        reasons.append({"code": "topic", "concepts": sorted(shared)})
    if near:
        reasons.append({"code": "near-topic", "concepts": sorted(near)})
    # What both texts name beyond the topics: "both write about foster care".
    written = (
        sorted(
            (set(request.read) & set(offer.read)) - shared - near,
            key=lambda c: (-(request.read[c] + offer.read[c]), c),
        )[:3]
        if explain
        else []
    )
    if written:
        reasons.append({"code": "text", "concepts": written})
    kinds = request.kinds & offer.kinds
    if kinds:
        total += WEIGHTS["kind"]
        reasons.append({"code": "kind", "kinds": sorted(kinds)})
    languages = request.languages & offer.languages
    if languages:
        total += WEIGHTS["language"]
        reasons.append({"code": "language", "languages": sorted(languages)})
    no_language = bool(request.languages and offer.languages and not languages)
    countries = request.countries & offer.countries
    regions = request.regions & offer.regions
    if countries:
        total += WEIGHTS["place"]
        reasons.append({"code": "country", "countries": sorted(countries)})
    elif regions - {ProgrammeRegion.GLOBAL}:
        total += WEIGHTS["place"] * 0.7
        reasons.append({"code": "region", "regions": sorted(regions - {ProgrammeRegion.GLOBAL})})
    elif ProgrammeRegion.GLOBAL in offer.regions:
        total += WEIGHTS["place"] * 0.4
        reasons.append({"code": "global"})
    done = (practices or {}).get(offer.organisation_id or 0, [])
    if done:
        total += WEIGHTS["practice"]
        reasons.append({"code": "practice", "practices": done[:3]})
    if no_language:
        # Support nobody can follow is no support, however well its topic fits.
        total *= NO_LANGUAGE
        reasons.append({"code": "no-language"})
    if request.in_field and _elsewhere(offer):
        total *= OFF_FIELD
        reasons.append({"code": "off-field"})
    if offer.capacity and offer.busy >= offer.capacity:
        total *= FULL
        reasons.append({"code": "full", "busy": offer.busy})
    return round(total), reasons


# Loading sides from the database ----------------------------------------------------------


def _concepts_by(through: Any, owner: str, ids: list[int]) -> dict[int, set[int]]:
    concepts: dict[int, set[int]] = defaultdict(set)
    for owner_id, concept_id in through.objects.filter(**{f"{owner}__in": ids}).values_list(
        owner, "concept_id"
    ):
        concepts[owner_id].add(concept_id)
    return concepts


def _region_of(codes: Iterable[str]) -> set[str]:
    return set(
        Country.objects.filter(code__in=list(codes)).values_list("programme_region", flat=True)
    ) - {""}


def _with_reading(side: Side, data: dict) -> Side:
    side.read = _weights(data)
    side.terms = dict(data.get("terms") or {})
    side.language = data.get("language", "")
    side.in_field = bool(data.get("in_field", True))
    side.words = int(data.get("words") or 0)
    return side


def request_side(request: SupportRequest) -> Side:
    countries_of = list(request.countries.all())
    countries = {country.code for country in countries_of}
    regions = {request.region} if request.region else set()
    regions |= {country.programme_region for country in countries_of} - {""}
    side = Side(
        id=request.pk,
        kinds={request.kind},
        concepts={concept.pk for concept in request.concepts.all()},
        languages=set(request.languages),
        countries=countries,
        regions=regions,
        organisation_id=request.organisation_id,
    )
    data = reading_of(request.reading, request.title, request.description, request.language)
    return _with_reading(side, data)


def offer_side(offer: SupportOffer) -> Side:
    countries = (
        {country.code for country in offer.organisation.countries.all()}
        if offer.organisation
        else ({offer.expert.country} if offer.expert and offer.expert.country else set())
    )
    side = Side(
        id=offer.pk,
        kinds=set(offer.kinds),
        concepts={concept.pk for concept in offer.concepts.all()},
        languages=set(offer.languages),
        countries=countries,
        regions=set(offer.regions) | _region_of(countries),
        organisation_id=offer.organisation_id,
        capacity=offer.capacity,
    )
    if offer.organisation_id:
        side.practiced = set(
            Practice.concepts.through.objects.filter(
                practice__organisations=offer.organisation_id,
                practice__status=EditorialStatus.PUBLISHED,
            ).values_list("concept_id", flat=True)
        )
    data = reading_of(offer.reading, offer.title, offer.description, offer.language)
    return _with_reading(side, data)


def practices_of(organisations: Iterable[int], concepts: set[int]) -> dict[int, list[str]]:
    """The published practices each of these organisations implemented on these topics
    (external ids). Filtered on the topics in SQL and on the organisations here: a long list of
    organisation ids in SQL made SQLite probe the index once per id for every practice."""
    wanted = set(organisations)
    done: dict[int, list[str]] = defaultdict(list)
    rows = (
        Practice.organisations.through.objects.filter(
            practice__status=EditorialStatus.PUBLISHED, practice__concepts__in=concepts
        )
        .values_list("organisation_id", "practice__external_id")
        .distinct()
        .order_by("organisation_id", "practice__external_id")
    )
    for organisation_id, external_id in rows:
        if organisation_id in wanted:
            done[organisation_id].append(external_id)
    return done


def practiced_by(organisations: Iterable[int]) -> dict[int, set[int]]:
    """The concepts of the published practices each organisation implemented. Every published
    practice's (organisation, concept) is read and those of others left here: a long list of
    organisation ids in SQL made SQLite probe its index once per id, for each practice."""
    wanted = set(organisations)
    found: dict[int, set[int]] = defaultdict(set)
    if not wanted:
        return found
    rows = Practice.organisations.through.objects.filter(
        practice__status=EditorialStatus.PUBLISHED, practice__concepts__isnull=False
    ).values_list("organisation_id", "practice__concepts")
    for organisation_id, concept_id in rows:
        if organisation_id in wanted:
            found[organisation_id].add(concept_id)
    return found


def _any_of(field: str, values: Iterable[str]) -> Q | None:
    """A JSON list field holding any of these strings (a text match: SQLite has no JSON
    containment; the values are quoted, so "en" does not match "fr-en")."""
    condition = None
    for value in sorted(values):
        term = Q(**{f"{field}__icontains": f'"{value}"'})
        condition = term if condition is None else condition | term
    return condition


def _best_candidates(
    pool: "QuerySet[Any]",
    relation: str,
    concepts: set[int],
    *,
    kind: Any,
    languages: Q | None,
    regions: Q | None,
    topics_of_each: Any = None,
    fields: tuple[str, ...] = (),
) -> list[tuple[Any, ...]]:
    """(id, *fields) of at most CANDIDATES items sharing a concept through `relation` (their
    topics, or the concepts their texts name), the likeliest first by a rough bound of the
    score computed in SQL: topics (exact ones in full, related ones half, over
    `topics_of_each` — the item's own number of topics — where the score divides by it), kind,
    language, region. Common topics can have tens of thousands of items; cutting by id would
    drop the best."""
    language = Case(When(languages, then=WEIGHTS["language"]), default=0) if languages else Value(0)
    region = Case(When(regions, then=WEIGHTS["place"]), default=0) if regions else Value(0)
    # The pool is joined to its concepts (exact and related): count both kinds of rows.
    exact = Count(relation, filter=Q(**{f"{relation}__in": concepts}), distinct=True)
    shared = Count(relation, distinct=True)
    topic = (exact + shared) * (WEIGHTS["topic"] * 50)  # in hundredths: integer division below
    if topics_of_each is not None:
        topic = topic / topics_of_each
    rows = (
        pool.values("pk", *fields)
        .annotate(bound=topic + (kind + language + region) * 100)
        .order_by("-bound", "-pk")
        .values_list("pk", *fields)
    )
    return list(rows[:CANDIDATES])


def _candidates(pool: "QuerySet[Any]", side: Side, **options: Any) -> list[tuple[Any, ...]]:
    """The likeliest candidates sharing a topic, and those whose texts name one: both ways, at
    most CANDIDATES each; and, for what the thesaurus does not name (a text in Thai, a need
    in words of its own), up to WORD_CANDIDATES written in the same language."""
    wanted = side.named
    topics = wanted | related_concepts(wanted)
    found: dict[Any, tuple[Any, ...]] = {}
    for relation in ("concepts", "read_concepts") if topics else ():
        rows = _best_candidates(
            pool.filter(**{f"{relation}__in": topics}), relation, wanted, **options
        )
        for row in rows:
            found.setdefault(row[0], row)
    if side.language and side.terms:
        # Those sharing no concept (the others had their chance above, within the cap).
        unnamed = pool.filter(language=side.language)
        if topics:
            unnamed = unnamed.exclude(concepts__in=topics).exclude(read_concepts__in=topics)
        for row in _by_language(unnamed, **options):
            found.setdefault(row[0], row)
    return list(found.values())


def _by_language(
    pool: "QuerySet[Any]", *, fields: tuple[str, ...] = (), **_bounds: Any
) -> list[tuple[Any, ...]]:
    """(id, *fields) of the WORD_CANDIDATES items written in one language most recently added:
    read newest first, the scan stops there (a bound to sort by would read them all)."""
    return list(pool.order_by("-pk").values_list("pk", *fields)[:WORD_CANDIDATES])


def rank_offers(
    request: SupportRequest, offers: "QuerySet[SupportOffer] | None" = None, limit: int = 10
) -> list[Ranked]:
    """The best offers for a request. Queries: a fixed handful, whatever the number of offers."""
    side = request_side(request)
    pool = (offers if offers is not None else SupportOffer.objects.all()).filter(active=True)
    kinds = _any_of("kinds", side.kinds)
    rows = _candidates(
        pool,
        side,
        kind=Case(When(kinds, then=WEIGHTS["kind"]), default=0) if kinds else Value(0),
        languages=_any_of("languages", side.languages),
        regions=_any_of("regions", side.regions | {ProgrammeRegion.GLOBAL}),
    )
    if not rows:
        return []
    ids = [row[0] for row in rows]
    # Fetched apart: grouping the ranking query by these (JSON) columns made it slower.
    rows = list(
        SupportOffer.objects.filter(pk__in=ids).values_list(
            "pk",
            "kinds",
            "languages",
            "regions",
            "capacity",
            "organisation_id",
            "expert__country",
            "reading",
        )
    )
    unread = _read_now(SupportOffer, {row[0]: row[7] for row in rows})
    busy = dict(
        SupportOffer.objects.filter(
            pk__in=ids, matches__status__in=[MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS]
        )
        .annotate(n=Count("matches"))
        .values_list("pk", "n")
    )
    concepts = _concepts_by(SupportOffer.concepts.through, "supportoffer_id", ids)
    organisations = {row[5] for row in rows if row[5]}
    org_countries: dict[int, set[str]] = defaultdict(set)
    for organisation_id, code in Organisation.countries.through.objects.filter(
        organisation_id__in=organisations
    ).values_list("organisation_id", "country_id"):
        org_countries[organisation_id].add(code)
    region_of = dict(Country.objects.values_list("code", "programme_region"))
    wanted = side.concepts or set(side.read)
    practices = practices_of(organisations, wanted) if organisations else {}
    practiced = practiced_by(organisations)
    related = {concept: related_concepts([concept]) for concept in wanted}
    sides = []
    for pk, kinds, languages, regions, capacity, organisation_id, expert_country, data in rows:
        countries = org_countries.get(organisation_id, set()) if organisation_id else set()
        if not organisation_id and expert_country:
            countries = {expert_country}
        offer = Side(
            id=pk,
            kinds=set(kinds),
            concepts=concepts.get(pk, set()),
            languages=set(languages),
            countries=countries,
            regions=set(regions) | {region_of.get(c, "") for c in countries} - {""},
            organisation_id=organisation_id,
            capacity=capacity,
            busy=busy.get(pk, 0),
            practiced=practiced.get(organisation_id, set()) if organisation_id else set(),
        )
        sides.append(_with_reading(offer, data or unread[pk]))
    idf = _idf([side, *sides])
    totals = [
        (score(side, offer, practices, related, idf, explain=False)[0], offer) for offer in sides
    ]
    best = sorted((item for item in totals if item[0]), key=lambda item: (-item[0], item[1].id))
    return [
        Ranked(offer.id, total, score(side, offer, practices, related, idf)[1])
        for total, offer in best[:limit]
    ]


def rank_requests(
    offer: SupportOffer, requests: "QuerySet[SupportRequest]", limit: int = 10
) -> list[Ranked]:
    """The open requests (among those given, already limited to what the viewer may see) that
    this offer suits best."""
    side = offer_side(offer)
    side.busy = offer.matches.filter(
        status__in=[MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS]
    ).count()
    pool = requests.exclude(status__in=ENDED)
    topics_of_each = Subquery(
        SupportRequest.concepts.through.objects.filter(supportrequest_id=OuterRef("pk"))
        .values("supportrequest_id")
        .annotate(n=Count("pk"))
        .values("n"),  # type: ignore[misc]  # an annotation the stubs do not follow
        output_field=IntegerField(),
    )
    rows = _candidates(
        pool,
        side,
        kind=Case(When(kind__in=side.kinds, then=WEIGHTS["kind"]), default=0),
        languages=_any_of("languages", side.languages),
        regions=Q(region__in=side.regions) if side.regions else None,
        topics_of_each=topics_of_each,
        fields=(
            "kind",
            "languages",
            "region",
            "organisation_id",
            "reading",
        ),
    )
    if not rows:
        return []
    ids = [row[0] for row in rows]
    unread = _read_now(SupportRequest, {row[0]: row[5] for row in rows})
    concepts = _concepts_by(SupportRequest.concepts.through, "supportrequest_id", ids)
    countries: dict[int, set[str]] = defaultdict(set)
    for request_id, code in SupportRequest.countries.through.objects.filter(
        supportrequest_id__in=ids
    ).values_list("supportrequest_id", "country_id"):
        countries[request_id].add(code)
    region_of = dict(Country.objects.values_list("code", "programme_region"))
    by_concept: dict[int, set[str]] = defaultdict(set)
    if offer.organisation_id:
        for external_id, concept_id in Practice.objects.filter(
            organisations=offer.organisation_id, status=EditorialStatus.PUBLISHED
        ).values_list("external_id", "concepts"):
            by_concept[concept_id].add(external_id)
    requests_read = []
    for pk, kind, languages, region, organisation_id, data in rows:
        codes = countries.get(pk, set())
        request = Side(
            id=pk,
            kinds={kind},
            concepts=concepts.get(pk, set()),
            languages=set(languages),
            countries=codes,
            regions=({region} if region else set()) | {region_of.get(c, "") for c in codes} - {""},
            organisation_id=organisation_id,
        )
        requests_read.append(_with_reading(request, data or unread[pk]))
    idf = _idf([side, *requests_read])

    def done(request: Side) -> dict[int, list[str]]:
        """The offer's organisation's practices, on this request's topics only."""
        wanted = request.concepts or set(request.read)
        return {
            offer.organisation_id or 0: sorted(
                {eid for c in wanted for eid in by_concept.get(c, ())}
            )
        }

    totals = [
        (score(request, side, done(request), None, idf, explain=False)[0], request)
        for request in requests_read
    ]
    best = sorted((item for item in totals if item[0]), key=lambda item: (-item[0], item[1].id))
    return [
        Ranked(request.id, total, score(request, side, done(request), None, idf)[1])
        for total, request in best[:limit]
    ]


# Reasons in words --------------------------------------------------------------------------


def describe(reasons: list[dict[str, Any]], language: str) -> list[str]:
    """The reasons as short phrases in the current language (call under translation.override)."""
    return describe_many([reasons], language)[0]


@functools.cache
def _labels(language: str) -> dict[int, str]:
    """Every concept's label in a language: one query a process and language (a few hundred
    concepts), so describing reasons never queries per match."""
    return {concept.pk: concept.label(language) for concept in Concept.objects.all()}


def describe_many(lists: list[list[dict[str, Any]]], language: str) -> list[list[str]]:
    """`describe` for several rankings' reasons."""
    labels = _labels(language)
    return [_phrases(reasons, labels) for reasons in lists]


def _phrases(reasons: list[dict[str, Any]], labels: dict[int, str]) -> list[str]:
    language_names = dict(_language_choices())
    phrases = []
    for reason in reasons:
        code = reason.get("code")
        if code == "topic":
            topics = in_words(labels.get(c, "") for c in reason["concepts"])
            phrases.append(_("both on %(topics)s") % {"topics": topics})
        elif code == "near-topic":
            topics = in_words(labels.get(c, "") for c in reason["concepts"])
            phrases.append(_("on a related topic: %(topics)s") % {"topics": topics})
        elif code == "text":
            topics = in_words(labels.get(c, "") for c in reason["concepts"])
            phrases.append(_("both write about %(topics)s") % {"topics": topics})
        elif code == "kind":
            kinds = in_words(str(SupportKind(k).label).lower() for k in reason["kinds"])
            phrases.append(_("offers %(kinds)s") % {"kinds": kinds})
        elif code == "language":
            names = in_words(str(language_names.get(code, code)) for code in reason["languages"])
            phrases.append(_("both in %(languages)s") % {"languages": names})
        elif code == "country":
            names = in_words(country_name(code) for code in reason["countries"])
            phrases.append(_("same country: %(countries)s") % {"countries": names})
        elif code == "region":
            names = in_words(str(ProgrammeRegion(r).label) for r in reason["regions"])
            phrases.append(_("same region: %(regions)s") % {"regions": names})
        elif code == "global":
            phrases.append(_("offered in every region"))
        elif code == "practice":
            phrases.append(_("the offering organisation ran a practice on this topic"))
        elif code == "no-language":
            phrases.append(_("no language in common"))
        elif code == "off-field":
            phrases.append(_("its description is about another field"))
        elif code == "full":
            phrases.append(_("already supporting as many requests as it can"))
    return phrases


def _language_choices() -> list[tuple[str, Any]]:
    from peerlearning.accounts.models import language_choices

    return language_choices()


# Rankings with reasons, for the pages and the API ------------------------------------------


@dataclass
class RankedWithReasons[T]:
    object: T
    score: int
    reasons: list[str]


def _with_reasons[T](
    ranked: list[Ranked], objects: dict[int, T], language: str
) -> list[RankedWithReasons[T]]:
    found = [item for item in ranked if item.id in objects]
    phrases = describe_many([item.reasons for item in found], language)
    return [
        RankedWithReasons(objects[item.id], item.score, reasons)
        for item, reasons in zip(found, phrases, strict=True)
    ]


def offers_with_reasons(
    request: SupportRequest, offers: "QuerySet[SupportOffer]", language: str
) -> list[RankedWithReasons[SupportOffer]]:
    """The best offers for a request, each with its reasons in words: among `offers` (already
    limited to what the viewer may see), leaving out those already proposed for this request."""
    proposed = request.matches.values_list("offer_id", flat=True)
    top = rank_offers(request, offers.exclude(pk__in=proposed))
    objects = (
        SupportOffer.objects.select_related("organisation", "expert")
        .prefetch_related("concepts")
        .in_bulk([item.id for item in top])
    )
    return _with_reasons(top, objects, language)


def requests_with_reasons(
    offer: SupportOffer, requests: "QuerySet[SupportRequest]", language: str
) -> list[RankedWithReasons[SupportRequest]]:
    """The open requests an offer suits best, each with its reasons in words: among
    `requests` (already limited to what the viewer may see), leaving out those it is already
    proposed for."""
    proposed = offer.matches.values_list("request_id", flat=True)
    top = rank_requests(offer, requests.exclude(pk__in=proposed))
    objects = SupportRequest.objects.in_bulk([item.id for item in top])
    return _with_reasons(top, objects, language)


# Reading them all again --------------------------------------------------------------------


def reread_all(chunk: int = 500) -> int:
    """Read every request and offer again (the thesaurus changed, or after an upgrade)."""
    count = 0
    for model in (SupportRequest, SupportOffer):
        ids = list(model.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), chunk):
            for item in model.objects.filter(pk__in=ids[start : start + chunk]):
                reread(item)
                count += 1
    return count


@task()
def reread_support() -> int:
    """In the background after a thesaurus change: every request and offer read again, then
    the peer suggestions made again from what they now say."""
    from peerlearning.knowledge import search
    from peerlearning.support import suggestions

    search.forget_thesaurus()  # a worker's process has its own cache of the labels
    forget_thesaurus()
    count = reread_all()
    suggestions.refresh()
    return count
