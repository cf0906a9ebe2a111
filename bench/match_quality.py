"""Match quality: the platform's ranking of offers for each judged request, next to two baselines.

    .venv/bin/python bench/match_quality.py [JUDGED.json ...]   # default: bench/match_dev.json

Builds a fresh SQLite database under bench/out/match_quality/ with the thesaurus, then each
file's organisations (with their published practices), offers and requests, made as the
platform makes them: a topic written as a person writes it ("gestión de casos", "ATD for
families") is turned into concepts by the platform's own tagging (`reading.phrase_concepts`; a
thesaurus slug is taken as it is), and every title and description is read
(`matching.reread`) as the actions do.

It prints, per file: precision@3, recall@10 and nDCG@10 (grades: 2 certain, 1 plausible) of the
platform's `rank_offers`, of a plain bag-of-words ranker with small bonuses for a shared kind,
language and region, and of a topic-count ranker (the concepts shared); per language of the
request; and, for the requests with no suitable offer, the top score the platform gives them
(every one should be under `matching.GOOD`).

The file: {"requests": [...], "offers": [...], "judged": {request id: {offer id: grade} or
[offer ids] (grade 2)}, "no_match": [request ids]}; see bench/match_dev.json.
"""

import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from common import ROOT, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("match_quality", sqlite_only=True)

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.knowledge import reading, search, thesaurus  # noqa: E402
from peerlearning.knowledge.models import Concept, Practice  # noqa: E402
from peerlearning.network.geography import ProgrammeRegion  # noqa: E402
from peerlearning.network.models import Country, Organisation, StakeholderType  # noqa: E402
from peerlearning.support import matching  # noqa: E402
from peerlearning.support.models import SupportKind, SupportOffer, SupportRequest  # noqa: E402

TOP, DEPTH = 3, 10


class FileError(Exception):
    """Something in the judged file that does not fit the platform's vocabulary."""


def grades_of(data: dict) -> dict[str, dict[str, int]]:
    judged = {}
    for key, value in (data.get("judged") or {}).items():
        judged[key] = dict.fromkeys(value, 2) if isinstance(value, list) else dict(value)
    return judged


def check(data: dict) -> None:
    """Every country, kind, region and judged id must exist; say which do not."""
    countries = set(Country.objects.values_list("code", flat=True))
    lines = []
    for request in data.get("requests", []):
        where = f"request {request.get('id')}"
        for code in request.get("countries", []):
            if code not in countries:
                lines.append(f"{where}: unknown country {code!r}")
        if request.get("kind") not in SupportKind.values:
            lines.append(f"{where}: unknown kind {request.get('kind')!r}")
        if request.get("region") and request["region"] not in ProgrammeRegion.values:
            lines.append(f"{where}: unknown region {request['region']!r}")
    for offer in data.get("offers", []):
        where = f"offer {offer.get('id')}"
        for code in offer.get("organisation_countries", []):
            if code not in countries:
                lines.append(f"{where}: unknown country {code!r}")
        for kind in offer.get("kinds", []):
            if kind not in SupportKind.values:
                lines.append(f"{where}: unknown kind {kind!r}")
        for region in offer.get("regions", []):
            if region not in ProgrammeRegion.values:
                lines.append(f"{where}: unknown region {region!r}")
    request_ids = {r["id"] for r in data.get("requests", [])}
    offer_ids = {o["id"] for o in data.get("offers", [])}
    for request_id, offers in grades_of(data).items():
        if request_id not in request_ids:
            lines.append(f"judged names a request that is not in the file: {request_id!r}")
        missing = [o for o in offers if o not in offer_ids]
        if missing:
            lines.append(f"judged {request_id!r} names offers not in the file: {missing}")
    if lines:
        raise FileError("\n".join(lines))


def tagged(phrases: list[str], language: str, slugs: dict[str, Concept]) -> list[Concept]:
    """Topics as a person typed them, turned into concepts by the platform's tagging."""
    by_token = {c.token: c for c in slugs.values()}
    found: dict[int, Concept] = {}
    for phrase in phrases:
        if phrase in slugs:
            found[slugs[phrase].pk] = slugs[phrase]
            continue
        for token in reading.phrase_concepts(phrase, language):
            if token in by_token:
                found[by_token[token].pk] = by_token[token]
    return list(found.values())


@transaction.atomic
def build(data: dict, prefix: str) -> tuple[dict[str, SupportRequest], dict[int, str]]:
    concepts = {c.slug: c for c in Concept.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    organisations: dict[str, Organisation] = {}
    offer_keys: dict[int, str] = {}
    untagged = 0
    for number, item in enumerate(data["offers"]):
        language = item.get("language", "en")
        organisation = None
        if item.get("organisation"):
            name = item["organisation"]
            organisation = organisations.get(name)
            if organisation is None:
                organisation = organisations[name] = Organisation.objects.create(
                    slug=f"{prefix}-{slugify(name)[:80] or number}-{number}",
                    name=name,
                    stakeholder_type=item.get("stakeholder_type", StakeholderType.CIVIL_SOCIETY),
                )
            organisation.countries.add(
                *[countries[code] for code in item.get("organisation_countries", [])]
            )
            for index, practice_item in enumerate(item.get("practices", [])):
                title = practice_item.get("title") or f"Practice of {name}"
                summary = practice_item.get("summary") or "From the judged file."
                practice = Practice.objects.create(
                    external_id=f"{prefix}-{slugify(item['id'])}-practice-{index}",
                    title=title,
                    summary=summary,
                    language=language,
                    status="published",
                    sources=[{"title": "judged file"}],
                )
                practice.organisations.add(organisation)
                # Tagged as an editor would: its topics, and what its title and summary name.
                topics = tagged(practice_item.get("topics", []), language, concepts)
                read = search.concepts_in(f"{title}\n{summary}", language)
                topics += [c for c in concepts.values() if c.token in read]
                practice.concepts.set(topics)
                practice.countries.set(
                    [countries[code] for code in practice_item.get("countries", [])]
                )
        expert = None
        if organisation is None:
            codes = item.get("organisation_countries") or [""]
            expert = User.objects.create_user(
                f"expert-{prefix}-{slugify(item['id'])}@bench.example",
                None,
                display_name=f"Expert for {item['id']}",
                offers_expertise=True,
                country=item.get("expert_country", codes[0]),
            )
        offer = SupportOffer.objects.create(
            title=item["title"],
            description=item.get("description", ""),
            language=language,
            kinds=item["kinds"],
            languages=item.get("languages", []),
            regions=item.get("regions", []),
            capacity=item.get("capacity", 1),
            organisation=organisation,
            expert=expert,
            offered_by=expert,
        )
        topics = tagged(item.get("topics", []), language, concepts)
        untagged += not topics
        offer.concepts.set(topics)
        matching.reread(offer)
        offer_keys[offer.pk] = item["id"]
    requests = {}
    for item in data["requests"]:
        language = item.get("language", "en")
        request = SupportRequest.objects.create(
            title=item["title"],
            description=item.get("description", item["title"]),
            language=language,
            kind=item["kind"],
            languages=item.get("languages", []),
            region=item.get("region") or "",
        )
        topics = tagged(item.get("topics", []), language, concepts)
        untagged += not topics
        request.concepts.set(topics)
        request.countries.set([countries[code] for code in item.get("countries", [])])
        matching.reread(request)
        requests[item["id"]] = request
    if untagged:
        print(f"  ({untagged} requests or offers whose topics the tagging turned into nothing)")  # noqa: T201
    return requests, offer_keys


# Baselines ---------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 2]


class BagOfWords:
    """TF-IDF cosine over the titles, descriptions and topics as written, plus small bonuses:
    0.1 for a kind asked for, 0.1 for a language in common, 0.05 for a shared region."""

    def __init__(self, offers: list[dict]) -> None:
        self.offers = offers
        self.vectors = [Counter(tokens(self.text(o))) for o in offers]
        df: Counter[str] = Counter()
        for vector in self.vectors:
            df.update(vector.keys())
        self.idf = {w: math.log((1 + len(offers)) / (1 + n)) + 1 for w, n in df.items()}

    @staticmethod
    def text(item: dict) -> str:
        return " ".join([item["title"], item.get("description", ""), *item.get("topics", [])])

    def weigh(self, vector: Counter[str]) -> dict[str, float]:
        return {w: n * self.idf.get(w, 1.0) for w, n in vector.items()}

    def rank(self, request: dict) -> list[tuple[str, float]]:
        query = self.weigh(Counter(tokens(self.text(request))))
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        scored = []
        for offer, vector in zip(self.offers, self.vectors, strict=True):
            weighed = self.weigh(vector)
            other = math.sqrt(sum(v * v for v in weighed.values())) or 1.0
            cosine = sum(v * weighed.get(w, 0.0) for w, v in query.items()) / (norm * other)
            bonus = 0.1 * (request["kind"] in offer["kinds"])
            bonus += 0.1 * bool(set(request.get("languages", [])) & set(offer.get("languages", [])))
            bonus += 0.05 * bool(
                request.get("region") and request["region"] in offer.get("regions", [])
            )
            scored.append((offer["id"], cosine + bonus))
        scored.sort(key=lambda s: -s[1])
        return scored[:DEPTH]


def topic_count(request: SupportRequest, offers: dict[str, set[int]]) -> list[str]:
    """Offers sharing the most concepts (topics and those the texts name) first."""
    wanted = set(request.concepts.values_list("pk", flat=True)) | set(
        request.read_concepts.values_list("pk", flat=True)
    )
    shared = [(len(wanted & theirs), key) for key, theirs in offers.items()]
    return [key for n, key in sorted(shared, key=lambda s: (-s[0], s[1])) if n][:DEPTH]


# Measures ----------------------------------------------------------------------------------


def precision(ranked: list[str], grades: dict[str, int]) -> float:
    return sum(1 for key in ranked[:TOP] if grades.get(key, 0) > 0) / TOP


def recall(ranked: list[str], grades: dict[str, int]) -> float:
    relevant = {k for k, g in grades.items() if g > 0}
    return len(set(ranked[:DEPTH]) & relevant) / len(relevant) if relevant else 0.0


def ndcg(ranked: list[str], grades: dict[str, int]) -> float:
    gains = [grades.get(key, 0) for key in ranked[:DEPTH]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:DEPTH]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


NAMES = ("platform", "bag-of-words", "topic count", "ideal")


def evaluate(path: Path, verbose: bool) -> dict[str, float]:
    data = json.loads(path.read_text(encoding="utf-8"))
    check(data)
    requests, offer_keys = build(data, path.stem)
    by_id = {item["id"]: item for item in data["requests"]}
    judged = {k: v for k, v in grades_of(data).items() if any(g > 0 for g in v.values())}
    no_match = [k for k in data.get("no_match", []) if k in requests] or [
        k for k, v in grades_of(data).items() if not any(g > 0 for g in v.values())
    ]
    bag = BagOfWords(data["offers"])
    offer_concepts: dict[str, set[int]] = defaultdict(set)
    for offer in SupportOffer.objects.filter(pk__in=list(offer_keys)).prefetch_related(
        "concepts", "read_concepts"
    ):
        offer_concepts[offer_keys[offer.pk]] = {c.pk for c in offer.concepts.all()} | {
            c.pk for c in offer.read_concepts.all()
        }
    pool = SupportOffer.objects.filter(pk__in=list(offer_keys))
    totals: dict[str, dict[str, list[float]]] = {name: defaultdict(list) for name in NAMES}
    by_language: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    print(  # noqa: T201
        f"\n== {path.name}: {len(requests)} requests, {len(offer_keys)} offers, {len(judged)} "
        f"judged requests ({sum(len(v) for v in judged.values())} judged matches), "
        f"{len(no_match)} with no suitable offer"
    )
    if verbose:
        print(
            f"{'request':<8} {'lang':<4} {'P@3':>5} {'bP@3':>5} {'nDCG':>5} {'bnDCG':>5}  platform top 3"
        )  # noqa: T201
    for key, grades in judged.items():
        item = by_id[key]
        ranked = matching.rank_offers(requests[key], pool, limit=DEPTH)
        ours = [offer_keys[r.id] for r in ranked]
        theirs = [k for k, _score in bag.rank(item)]
        counted = topic_count(requests[key], offer_concepts)
        ideal = sorted(grades, key=lambda k: -grades[k])
        for name, keys in zip(NAMES, (ours, theirs, counted, ideal), strict=True):
            row = {
                "P@3": precision(keys, grades),
                "R@10": recall(keys, grades),
                "nDCG@10": ndcg(keys, grades),
            }
            for measure, value in row.items():
                totals[name][measure].append(value)
                by_language[item.get("language", "en")][f"{name} {measure}"].append(value)
        if verbose:
            top = " ".join(
                f"{offer_keys[r.id]}{'*' * grades.get(offer_keys[r.id], 0)}({r.score})"
                for r in ranked[:TOP]
            )
            print(  # noqa: T201
                f"{key:<8} {item.get('language', 'en'):<4} {precision(ours, grades):>5.2f} "
                f"{precision(theirs, grades):>5.2f} {ndcg(ours, grades):>5.2f} "
                f"{ndcg(theirs, grades):>5.2f}  {top}"
            )
    print(f"\n{'':<14} {'P@3':>6} {'R@10':>6} {'nDCG@10':>8}")  # noqa: T201
    for name in NAMES:
        values = totals[name]
        print(  # noqa: T201
            f"{name:<14} {mean(values['P@3']):>6.3f} {mean(values['R@10']):>6.3f} "
            f"{mean(values['nDCG@10']):>8.3f}"
        )
    print(
        f"\n{'language':<9} {'n':>3}  {'P@3 plat/bag':>13} {'R@10 plat/bag':>14} {'nDCG plat/bag':>14}"
    )  # noqa: T201
    for language in sorted(by_language):
        values = by_language[language]
        print(  # noqa: T201
            f"{language:<9} {len(values['platform P@3']):>3}  "
            f"{mean(values['platform P@3']):>6.2f}/{mean(values['bag-of-words P@3']):<6.2f} "
            f"{mean(values['platform R@10']):>7.2f}/{mean(values['bag-of-words R@10']):<6.2f} "
            f"{mean(values['platform nDCG@10']):>7.2f}/{mean(values['bag-of-words nDCG@10']):<6.2f}"
        )
    tops = []
    for key in no_match:
        ranked = matching.rank_offers(requests[key], pool, limit=1)
        top = ranked[0].score if ranked else 0
        tops.append(top)
        if verbose or top >= matching.GOOD:
            name = offer_keys[ranked[0].id] if ranked else "-"
            print(f"  no suitable offer for {key}: top score {top} ({name})")  # noqa: T201
    below = sum(1 for top in tops if top < matching.GOOD)
    print(  # noqa: T201
        f"no-match requests under the threshold ({matching.GOOD}): {below} of {len(tops)}; "
        f"their top scores: {sorted(tops, reverse=True)}"
    )
    good_tops = [
        max((r.score for r in matching.rank_offers(requests[k], pool, limit=1)), default=0)
        for k in judged
    ]
    print(  # noqa: T201
        f"requests with a suitable offer whose best offer is under the threshold: "
        f"{sum(1 for top in good_tops if top < matching.GOOD)} of {len(good_tops)}"
    )
    return {
        "P@3": mean(totals["platform"]["P@3"]),
        "R@10": mean(totals["platform"]["R@10"]),
        "nDCG@10": mean(totals["platform"]["nDCG@10"]),
    }


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def explain(path: Path, pairs: list[str]) -> None:
    """Why the platform scores a request and an offer as it does: `--explain r16:o36,r16:o6`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    requests, offer_keys = build(data, path.stem + "-explain")
    by_key = {key: pk for pk, key in offer_keys.items()}
    pool = SupportOffer.objects.filter(pk__in=list(offer_keys))
    for pair in pairs:
        request_key, offer_key = pair.split(":")
        request = requests[request_key]
        ranked = {r.id: r for r in matching.rank_offers(request, pool, limit=len(offer_keys))}
        offer = SupportOffer.objects.get(pk=by_key[offer_key])
        found = ranked.get(offer.pk)
        print(f"\n{pair}: score {found.score if found else '-'}")  # noqa: T201
        print(f"  reasons: {found.reasons if found else 'not a candidate'}")  # noqa: T201
        for item in (request, offer):
            topics = sorted(c.token for c in item.concepts.all())
            reading_data = item.reading or {}
            print(  # noqa: T201
                f"  {type(item).__name__}: topics {topics} read {reading_data.get('concepts')} "
                f"in_field {reading_data.get('in_field')} terms {list(reading_data.get('terms', {}))[:12]}"
            )


def main() -> None:
    arguments = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    if "--explain" in sys.argv:
        pairs = sys.argv[sys.argv.index("--explain") + 1].split(",")
        arguments = [a for a in arguments if ":" not in a]
        call_command("migrate", verbosity=0)
        thesaurus.load()
        explain(Path(arguments[0]) if arguments else ROOT / "bench" / "match_dev.json", pairs)
        return
    paths = [Path(a) for a in arguments] or [ROOT / "bench" / "match_dev.json"]
    call_command("migrate", verbosity=0)
    thesaurus.load()
    search.forget_thesaurus()
    matching.forget_thesaurus()
    for path in paths:
        try:
            evaluate(path, verbose)
        except (OSError, ValueError, KeyError, FileError) as error:
            sys.exit(f"{path}: {error}")


if __name__ == "__main__":
    main()
