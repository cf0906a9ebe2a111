"""Support matching at scale: 20,000 requests and 20,000 offers over ~200 countries.

    .venv/bin/python bench/support_bench.py            # SQLite under bench/out/support/
    DATABASE_URL=postgres://… .venv/bin/python bench/support_bench.py

Builds the data with bulk_create (2,000 organisations, 400 experts, published practices, some
accepted matches), then times `matching.rank_offers` (target: p95 under 200 ms) and
`matching.rank_requests` for 50 random requests and offers, counts the SQL queries of one
ranking at three pool sizes (it must not grow), checks what the candidate cap
(`matching.CANDIDATES`) leaves out, and times one `suggestions.refresh()` (target: under 60 s).
Sizes: BENCH_REQUESTS, BENCH_OFFERS, BENCH_ORGANISATIONS.

Every request and offer is read once after it is built, as `manage.py rereadsupport` does after
an upgrade (the actions do it for each one saved): BENCH_REREAD=0 leaves them unread, the state
before that command, where each ranking reads its candidates' texts itself.
"""

import importlib
import os
import random
import statistics
import time
from collections import Counter

from common import setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("support")

from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.knowledge import thesaurus  # noqa: E402
from peerlearning.knowledge.models import Concept, Practice  # noqa: E402
from peerlearning.network.models import Country, Organisation, StakeholderType  # noqa: E402
from peerlearning.support import matching, suggestions  # noqa: E402
from peerlearning.support.models import (  # noqa: E402
    Match,
    MatchStatus,
    PeerSuggestion,
    RequestStatus,
    SupportKind,
    SupportOffer,
    SupportRequest,
)

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20000"))
OFFERS = int(os.environ.get("BENCH_OFFERS", "20000"))
ORGANISATIONS = int(os.environ.get("BENCH_ORGANISATIONS", "2000"))
EXPERTS = 400
PRACTICES = 3000
MATCHES = 3000
COUNTRIES = 200
SAMPLES = 50

# The topics people ask about most, most common first; the rest of the thesaurus follows in a
# random order. Popularity falls off as 1/rank (Zipf).
HEAD = [
    "case-management",
    "unaccompanied-children",
    "alternatives-to-detention",
    "community-placement",
    "children",
    "legal-aid",
    "families",
    "family-based-care",
    "child-immigration-detention",
    "screening-and-assessment",
    "release-on-bail",
    "independent-monitoring",
    "advocacy",
    "local-authorities",
    "asylum-seekers",
    "data-and-evidence",
    "transit-settings",
    "regularisation",
    "return-counselling",
    "training",
]
LANGUAGES_BY_REGION = {
    "americas": (["es", "en", "fr"], [6, 4, 1]),
    "africa": (["en", "fr", "ar"], [5, 4, 1]),
    "mena": (["ar", "en", "fr"], [6, 3, 2]),
    "europe": (["en", "fr", "es"], [6, 3, 1]),
    "asia-pacific": (["en", "fr", "ar"], [9, 1, 1]),
    "": (["en", "es", "fr", "ar"], [4, 2, 2, 1]),
}
KINDS = list(SupportKind.values)
KIND_WEIGHTS = [5, 5, 3, 4, 2, 2, 4]
STATUSES = list(RequestStatus.values)
STATUS_WEIGHTS = [70, 8, 7, 8, 7]


def zipf(items: list, s: float = 1.0) -> list[float]:
    return [1 / (rank + 1) ** s for rank in range(len(items))]


class World:
    """Random choices shaped like the field's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        concepts = {c.slug: c.pk for c in Concept.objects.all()}
        rest = sorted(set(concepts) - set(HEAD))
        rng.shuffle(rest)
        self.topics = [concepts[slug] for slug in HEAD + rest]
        self.topic_weights = zipf(self.topics)
        region_of = dict(Country.objects.values_list("code", "programme_region"))
        codes = sorted(region_of)
        self.countries = rng.sample(codes, min(COUNTRIES, len(codes)))
        self.country_weights = zipf(self.countries, 0.5)  # a long tail, every country used
        self.region_of = region_of

    def some(self, items: list, weights: list[float], low: int, high: int) -> list:
        wanted = self.rng.randint(low, high)
        chosen: list = []
        while len(chosen) < wanted:
            item = self.rng.choices(items, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def topics_(self) -> list[int]:
        return self.some(self.topics, self.topic_weights, 1, 4)

    def countries_(self, low: int = 1, high: int = 2) -> list[str]:
        return self.some(self.countries, self.country_weights, low, high)

    def languages(self, region: str) -> list[str]:
        names, weights = LANGUAGES_BY_REGION.get(region, LANGUAGES_BY_REGION[""])
        return self.some(names, weights, 1, min(3, len(names)))


def reload_countries() -> None:
    """`flush` empties the countries a migration loaded: load them again the same way."""
    migration = importlib.import_module("peerlearning.network.migrations.0002_countries")
    migration.load_countries(apps, None)


def generate(world: World) -> dict[str, int]:
    rng = world.rng
    through = {
        "org_countries": Organisation.countries.through,
        "request_concepts": SupportRequest.concepts.through,
        "request_countries": SupportRequest.countries.through,
        "offer_concepts": SupportOffer.concepts.through,
        "practice_concepts": Practice.concepts.through,
        "practice_countries": Practice.countries.through,
        "practice_organisations": Practice.organisations.through,
    }
    types = list(StakeholderType.values)
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    slug=f"bench-org-{i}",
                    name=f"Bench organisation {i}",
                    stakeholder_type=rng.choice(types),
                )
                for i in range(ORGANISATIONS)
            ],
            batch_size=2000,
        )
        org_countries = {o.pk: world.countries_(1, 2) for o in organisations}
        through["org_countries"].objects.bulk_create(
            [
                through["org_countries"](organisation_id=pk, country_id=code)
                for pk, codes in org_countries.items()
                for code in codes
            ],
            batch_size=5000,
        )
        experts = User.objects.bulk_create(
            [
                User(
                    email=f"expert{i}@bench.example",
                    display_name=f"Expert {i}",
                    password="!",  # noqa: S106 - an unusable password
                    country=world.countries_(1, 1)[0],
                    offers_expertise=True,
                )
                for i in range(EXPERTS)
            ],
            batch_size=2000,
        )
        request_topics, request_countries, requests = [], [], []
        for i in range(REQUESTS):
            codes = world.countries_(1, 2) if rng.random() < 0.9 else []
            region = world.region_of.get(codes[0], "") if codes else rng.choice(["global", ""])
            request_topics.append(world.topics_())
            request_countries.append(codes)
            requests.append(
                SupportRequest(
                    title=f"Bench request {i}",
                    description="What is needed.",
                    kind=rng.choices(KINDS, KIND_WEIGHTS)[0],
                    languages=world.languages(region if region != "global" else ""),
                    region=region if rng.random() < 0.8 else "",
                    status=rng.choices(STATUSES, STATUS_WEIGHTS)[0],
                    organisation_id=rng.choice(organisations).pk if rng.random() < 0.5 else None,
                )
            )
        requests = SupportRequest.objects.bulk_create(requests, batch_size=2000)
        through["request_concepts"].objects.bulk_create(
            [
                through["request_concepts"](supportrequest_id=r.pk, concept_id=c)
                for r, topics in zip(requests, request_topics, strict=True)
                for c in topics
            ],
            batch_size=5000,
        )
        through["request_countries"].objects.bulk_create(
            [
                through["request_countries"](supportrequest_id=r.pk, country_id=code)
                for r, codes in zip(requests, request_countries, strict=True)
                for code in codes
            ],
            batch_size=5000,
        )
        offer_topics, offers = [], []
        for i in range(OFFERS):
            if rng.random() < 0.6:
                organisation, expert = rng.choice(organisations), None
                home = world.region_of.get(org_countries[organisation.pk][0], "")
            else:
                organisation, expert = None, rng.choice(experts)
                home = world.region_of.get(expert.country, "")
            roll = rng.random()
            regions = [] if roll < 0.4 else ["global"] if roll < 0.55 else [home] if home else []
            offer_topics.append(world.topics_())
            offers.append(
                SupportOffer(
                    title=f"Bench offer {i}",
                    kinds=world.some(KINDS, KIND_WEIGHTS, 1, 3),
                    languages=world.languages(home),
                    regions=regions,
                    capacity=rng.randint(1, 4),
                    organisation=organisation,
                    expert=expert,
                    active=rng.random() < 0.92,
                )
            )
        offers = SupportOffer.objects.bulk_create(offers, batch_size=2000)
        through["offer_concepts"].objects.bulk_create(
            [
                through["offer_concepts"](supportoffer_id=o.pk, concept_id=c)
                for o, topics in zip(offers, offer_topics, strict=True)
                for c in topics
            ],
            batch_size=5000,
        )
        # Published practices by organisations that offer support (and a few drafts).
        offering = sorted({o.organisation_id for o in offers if o.organisation_id})
        practice_orgs = [rng.sample(offering, rng.choice([1, 1, 1, 2])) for _ in range(PRACTICES)]
        practices = Practice.objects.bulk_create(
            [
                Practice(
                    external_id=f"bench-practice-{i}",
                    title=f"Bench practice {i}",
                    summary="A practice.",
                    region=world.region_of.get(org_countries[orgs[0]][0], ""),
                    sources=[{"title": "Bench", "url": "https://example.org/"}],
                    status="published" if rng.random() < 0.9 else "draft",
                )
                for i, orgs in enumerate(practice_orgs)
            ],
            batch_size=2000,
        )
        through["practice_organisations"].objects.bulk_create(
            [
                through["practice_organisations"](practice_id=p.pk, organisation_id=o)
                for p, orgs in zip(practices, practice_orgs, strict=True)
                for o in orgs
            ],
            batch_size=5000,
        )
        through["practice_countries"].objects.bulk_create(
            [
                through["practice_countries"](
                    practice_id=p.pk, country_id=org_countries[orgs[0]][0]
                )
                for p, orgs in zip(practices, practice_orgs, strict=True)
            ],
            batch_size=5000,
        )
        through["practice_concepts"].objects.bulk_create(
            [
                through["practice_concepts"](practice_id=p.pk, concept_id=c)
                for p in practices
                for c in world.some(world.topics, world.topic_weights, 1, 3)
            ],
            batch_size=5000,
        )
        # Some offers are busy: accepted or in-progress matches, one per pair.
        pairs = {(rng.choice(requests).pk, rng.choice(offers).pk) for _ in range(MATCHES)}
        Match.objects.bulk_create(
            [
                Match(
                    request_id=r,
                    offer_id=o,
                    status=rng.choice([MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS]),
                )
                for r, o in sorted(pairs)
            ],
            batch_size=2000,
        )
    return {
        "organisations": len(organisations),
        "experts": len(experts),
        "requests": len(requests),
        "offers": len(offers),
        "practices": len(practices),
        "matches": len(pairs),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def queries(fn) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        fn()
    return len(context.captured_queries)


def uncapped(fn):  # type: ignore[no-untyped-def]
    """The same ranking with no cap on the candidates: what the cap leaves out."""
    cap, matching.CANDIDATES = matching.CANDIDATES, 10**7
    try:
        return fn()
    finally:
        matching.CANDIDATES = cap


def main() -> None:
    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
        reload_countries()
    thesaurus.load()
    matching.forget_thesaurus()
    rng = random.Random(11)
    started = time.perf_counter()
    made = generate(World(rng))
    reread = os.environ.get("BENCH_REREAD", "1") != "0"
    if reread:
        read_from = time.perf_counter()
        with transaction.atomic():
            matching.reread_all()
        print(f"rereadsupport: {time.perf_counter() - read_from:.0f} s")  # noqa: T201
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    used = SupportRequest.countries.through.objects.values("country_id").distinct().count()
    print(  # noqa: T201
        f"{connection.vendor}: {', '.join(f'{n:,} {k}' for k, n in made.items())}; "
        f"{used} countries; {'read' if reread else 'unread (BENCH_REREAD=0)'}; "
        f"built in {time.perf_counter() - started:.0f} s\n"
    )

    sample_requests = rng.sample(list(SupportRequest.objects.values_list("pk", flat=True)), SAMPLES)
    sample_offers = rng.sample(list(SupportOffer.objects.values_list("pk", flat=True)), SAMPLES)
    rows = []

    # (a) offers for a request
    timings, counts, pools, missed, practice_hits = [], set(), [], [], 0
    for pk in sample_requests:
        request = SupportRequest.objects.get(pk=pk)
        start = time.perf_counter()
        ranked = matching.rank_offers(request)
        timings.append((time.perf_counter() - start) * 1000)
        fresh = SupportRequest.objects.get(pk=pk)  # nothing cached on the instance
        counts.add(queries(lambda fresh=fresh: matching.rank_offers(fresh)))
        practice_hits += any(r["code"] == "practice" for x in ranked for r in x.reasons)
        topics = set(request.concepts.values_list("pk", flat=True))
        topics |= matching.related_concepts(topics)
        pools.append(
            SupportOffer.objects.filter(active=True, concepts__in=topics).distinct().count()
        )
        if pools[-1] > matching.CANDIDATES:
            full = uncapped(lambda request=request: matching.rank_offers(request))
            missed.append(len({x.id for x in full} - {x.id for x in ranked}))
    rows.append(("rank_offers(request)", timings, counts, pools, missed))
    print(f"offer rankings with a 'practice' reason in the top 10: {practice_hits}/{SAMPLES}")  # noqa: T201

    # (b) requests for an offer
    timings, counts, pools, missed = [], set(), [], []
    everything = SupportRequest.objects.all()
    for pk in sample_offers:
        offer = SupportOffer.objects.get(pk=pk)
        start = time.perf_counter()
        ranked = matching.rank_requests(offer, everything)
        timings.append((time.perf_counter() - start) * 1000)
        fresh = SupportOffer.objects.get(pk=pk)
        counts.add(queries(lambda fresh=fresh: matching.rank_requests(fresh, everything)))
        topics = set(offer.concepts.values_list("pk", flat=True))
        topics |= matching.related_concepts(topics)
        pools.append(
            everything.exclude(status__in=["fulfilled", "closed"])
            .filter(concepts__in=topics)
            .distinct()
            .count()
        )
        if pools[-1] > matching.CANDIDATES:
            full = uncapped(lambda offer=offer: matching.rank_requests(offer, everything))
            missed.append(len({x.id for x in full} - {x.id for x in ranked}))
    rows.append(("rank_requests(offer, all)", timings, counts, pools, missed))

    print(  # noqa: T201
        f"\n{'ranking':<26} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'queries':>8} "
        f"{'pool p50':>9} {'pool max':>9} {'capped':>7} {'top10≠':>7} {'missed':>7}"
    )
    for name, timings, counts, pools, missed in rows:
        print(  # noqa: T201
            f"{name:<26} {statistics.median(timings):>7.1f} {percentile(timings, 0.95):>7.1f} "
            f"{max(timings):>7.1f} {'/'.join(map(str, sorted(counts))):>8} "
            f"{statistics.median(pools):>9.0f} {max(pools):>9} {len(missed):>7} "
            f"{sum(m > 0 for m in missed):>7} {sum(missed) / (len(missed) or 1):>7.1f}"
        )
    print(  # noqa: T201
        f"(queries: per ranking; for rank_requests the lower count is an expert's offer, the higher an organisation's; "
        f"pool: offers or requests sharing a topic or a broader or narrower one; capped: pools over "
        f"CANDIDATES={matching.CANDIDATES}; top10≠: capped rankings whose top 10 holds an item "
        f"the uncapped ranking would not; missed: of the uncapped top 10, how many the capped "
        f"ranking leaves out, mean over the capped)"
    )

    # The query count of one ranking, as the pool grows.
    print(f"\n{'pool size':>10} {'rank_offers queries':>20} {'rank_requests queries':>22}")  # noqa: T201
    offer_pks = sorted(SupportOffer.objects.values_list("pk", flat=True))
    request_pks = sorted(SupportRequest.objects.values_list("pk", flat=True))
    for size in (1000, 5000, max(REQUESTS, OFFERS)):
        offers = SupportOffer.objects.filter(pk__lte=offer_pks[min(size, len(offer_pks)) - 1])
        requests = SupportRequest.objects.filter(
            pk__lte=request_pks[min(size, len(request_pks)) - 1]
        )
        request = SupportRequest.objects.get(pk=sample_requests[0])
        offer = SupportOffer.objects.get(pk=sample_offers[0])
        a = queries(lambda offers=offers, request=request: matching.rank_offers(request, offers))
        b = queries(lambda requests=requests, offer=offer: matching.rank_requests(offer, requests))
        print(f"{size:>10,} {a:>20} {b:>22}")  # noqa: T201

    # (c) peer suggestions
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        made_suggestions = suggestions.refresh()
    elapsed = time.perf_counter() - start
    formats = Counter(PeerSuggestion.objects.values_list("format", flat=True))
    longest = max((len(k) for k in PeerSuggestion.objects.values_list("key", flat=True)), default=0)
    print(  # noqa: T201
        f"\nsuggestions.refresh(): {elapsed:.1f} s, {len(context.captured_queries)} queries, "
        f"{made_suggestions:,} suggestions ({', '.join(f'{n:,} {f}' for f, n in formats.most_common())}); "
        f"longest key {longest}/200 characters"
    )
    p95 = percentile(rows[0][1], 0.95)
    print(  # noqa: T201
        f"\nrank_offers p95: {p95:.1f} ms (target: under 200 ms); "
        f"refresh: {elapsed:.1f} s (target: under 60 s)"
    )


if __name__ == "__main__":
    main()
