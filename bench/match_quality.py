"""Match quality: precision@3 and recall@10 of `matching.rank_offers` next to a topic-count baseline.

    .venv/bin/python bench/match_quality.py [JUDGED.json]     # default: bench/match_judged.json

Builds a fresh SQLite database under bench/out/match_quality/ with the thesaurus, then the
file's organisations (with their countries and published practices), offers and requests, and
ranks the offers of every judged request two ways: the platform's `rank_offers` and a baseline
that counts the topic slugs an offer shares with the request (ties by the file's order).
The file: {"requests": [...], "offers": [...], "judged": {request id: [offer ids]}}; see
bench/match_judged.json.
"""

import difflib
import json
import sys
from pathlib import Path

from common import ROOT, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("match_quality", sqlite_only=True)

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.knowledge import thesaurus  # noqa: E402
from peerlearning.knowledge.models import Concept, Practice  # noqa: E402
from peerlearning.network.geography import ProgrammeRegion  # noqa: E402
from peerlearning.network.models import Country, Organisation, StakeholderType  # noqa: E402
from peerlearning.support import matching  # noqa: E402
from peerlearning.support.models import SupportKind, SupportOffer, SupportRequest  # noqa: E402

TOP, DEPTH = 3, 10


class FileError(Exception):
    """Something in the judged file that does not fit the platform's vocabulary."""


def check(data: dict) -> None:
    """Every topic, country, kind, region and judged id must exist; say which do not."""
    concepts = set(Concept.objects.values_list("slug", flat=True))
    countries = set(Country.objects.values_list("code", flat=True))
    problems: dict[str, dict[str, list[str]]] = {
        "topic slugs": {},
        "country codes": {},
        "kinds": {},
        "regions": {},
    }

    def note(kind: str, values: list[str], known: set[str], where: str) -> None:
        for value in values:
            if value not in known:
                problems[kind].setdefault(value, []).append(where)

    for request in data.get("requests", []):
        where = f"request {request.get('id')}"
        note("topic slugs", request.get("topics", []), concepts, where)
        note("country codes", request.get("countries", []), countries, where)
        note("kinds", [request.get("kind", "")], set(SupportKind.values), where)
        if request.get("region"):
            note("regions", [request["region"]], set(ProgrammeRegion.values), where)
    for offer in data.get("offers", []):
        where = f"offer {offer.get('id')}"
        note("topic slugs", offer.get("topics", []), concepts, where)
        note("country codes", offer.get("organisation_countries", []), countries, where)
        note("kinds", offer.get("kinds", []), set(SupportKind.values), where)
        note("regions", offer.get("regions", []), set(ProgrammeRegion.values), where)
        for practice in offer.get("practices", []):
            note("topic slugs", practice.get("topics", []), concepts, f"{where} (practice)")
            note("country codes", practice.get("countries", []), countries, f"{where} (practice)")

    def hint(kind: str, value: str) -> str:
        if kind != "topic slugs":
            return ""
        close = difflib.get_close_matches(value, concepts, n=1)
        return f", did you mean {close[0]!r}?" if close else ""

    lines = [
        f"unknown {kind}: "
        + "; ".join(
            f"{value!r} ({', '.join(sorted(set(places)))}{hint(kind, value)})"
            for value, places in found.items()
        )
        for kind, found in problems.items()
        if found
    ]
    for side in ("requests", "offers"):
        for item in data.get(side, []):
            missing = [
                name
                for name in ("id", "title", "topics", "kind" if side == "requests" else "kinds")
                if not item.get(name)
            ]
            if missing:
                lines.append(f"{side[:-1]} {item.get('id', '?')} has no {', '.join(missing)}")
    request_ids = {r["id"] for r in data.get("requests", [])}
    offer_ids = {o["id"] for o in data.get("offers", [])}
    for request_id, offers in data.get("judged", {}).items():
        if request_id not in request_ids:
            lines.append(f"judged names a request that is not in the file: {request_id!r}")
        missing = [o for o in offers if o not in offer_ids]
        if missing:
            lines.append(f"judged {request_id!r} names offers not in the file: {missing}")
    if lines:
        raise FileError("\n".join(lines))


@transaction.atomic
def build(data: dict) -> tuple[dict[str, SupportRequest], dict[int, str], dict[str, set[str]]]:
    concepts = {c.slug: c for c in Concept.objects.all()}
    countries = {c.code: c for c in Country.objects.all()}
    organisations: dict[str, Organisation] = {}
    offer_keys: dict[int, str] = {}
    offer_topics: dict[str, set[str]] = {}
    for number, item in enumerate(data["offers"]):
        organisation = None
        if item.get("organisation"):
            name = item["organisation"]
            organisation = organisations.get(name)
            if organisation is None:
                organisation = organisations[name] = Organisation.objects.create(
                    slug=slugify(name)[:100] or f"organisation-{number}",
                    name=name,
                    stakeholder_type=item.get("stakeholder_type", StakeholderType.CIVIL_SOCIETY),
                )
            organisation.countries.add(
                *[countries[code] for code in item.get("organisation_countries", [])]
            )
            for index, practice_item in enumerate(item.get("practices", [])):
                practice = Practice.objects.create(
                    external_id=f"{slugify(item['id'])}-practice-{index}",
                    title=f"Practice of {name}",
                    summary="From the judged file.",
                    status="published",
                    sources=[{"title": "judged file"}],
                )
                practice.organisations.add(organisation)
                practice.concepts.set([concepts[slug] for slug in practice_item["topics"]])
                practice.countries.set(
                    [countries[code] for code in practice_item.get("countries", [])]
                )
        expert = None
        if organisation is None:
            codes = item.get("organisation_countries") or [""]
            expert = User.objects.create_user(
                f"expert-{slugify(item['id'])}@bench.example",
                None,
                display_name=f"Expert for {item['id']}",
                offers_expertise=True,
                country=item.get("expert_country", codes[0]),
            )
        offer = SupportOffer.objects.create(
            title=item["title"],
            description=item.get("description", ""),
            kinds=item["kinds"],
            languages=item.get("languages", []),
            regions=item.get("regions", []),
            capacity=item.get("capacity", 1),
            organisation=organisation,
            expert=expert,
            offered_by=expert,
        )
        offer.concepts.set([concepts[slug] for slug in item["topics"]])
        offer_keys[offer.pk] = item["id"]
        offer_topics[item["id"]] = set(item["topics"])
    requests = {}
    for item in data["requests"]:
        request = SupportRequest.objects.create(
            title=item["title"],
            description=item.get("description", item["title"]),
            kind=item["kind"],
            languages=item.get("languages", []),
            region=item.get("region") or "",
        )
        request.concepts.set([concepts[slug] for slug in item["topics"]])
        request.countries.set([countries[code] for code in item.get("countries", [])])
        requests[item["id"]] = request
    return requests, offer_keys, offer_topics


def baseline(topics: set[str], offers: list[tuple[str, set[str]]]) -> list[str]:
    """Offers sharing the most topic slugs first; ties in the file's order."""
    shared = [(len(topics & theirs), i, key) for i, (key, theirs) in enumerate(offers)]
    return [key for n, _i, key in sorted(shared, key=lambda s: (-s[0], s[1])) if n][:DEPTH]


def precision(ranked: list[str], relevant: set[str]) -> float:
    return len(set(ranked[:TOP]) & relevant) / TOP


def recall(ranked: list[str], relevant: set[str]) -> float:
    return len(set(ranked[:DEPTH]) & relevant) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[str], relevant: set[str]) -> float:
    return next((1 / (i + 1) for i, key in enumerate(ranked) if key in relevant), 0.0)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "match_judged.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"{path}: cannot read the judged file: {error}")
    call_command("migrate", verbosity=0)
    thesaurus.load()
    matching.forget_thesaurus()
    try:
        check(data)
    except FileError as error:
        sys.exit(f"{path}:\n{error}")
    requests, offer_keys, offer_topics = build(data)
    by_id = {item["id"]: item for item in data["requests"]}
    offers = list(offer_topics.items())
    judged = {key: set(value) for key, value in data["judged"].items() if value}
    print(  # noqa: T201
        f"{len(requests)} requests, {len(offer_keys)} offers, {len(judged)} judged requests "
        f"({sum(map(len, judged.values()))} judged matches)\n"
    )
    print(  # noqa: T201
        f"{'request':<7} {'kind':<17} {'lang':<6} {'#':>2} {'P@3 plat':>8} {'P@3 base':>8} "
        f"{'R@10 plat':>9} {'R@10 base':>9}  platform top 3 (score)      baseline top 3"
    )
    totals = {name: [0.0, 0.0, 0.0, 0] for name in ("platform", "baseline", "ideal")}
    languages = {item["id"]: set(item.get("languages", [])) for item in data["offers"]}
    for key, relevant in judged.items():
        item = by_id[key]
        ranked = matching.rank_offers(requests[key], limit=DEPTH)
        ours = [offer_keys[r.id] for r in ranked]
        theirs = baseline(set(item["topics"]), offers)
        wanted = set(item.get("languages", []))
        row = {
            name: (
                precision(ranked_keys, relevant),
                recall(ranked_keys, relevant),
                reciprocal_rank(ranked_keys, relevant),
                sum(not languages[k] & wanted for k in ranked_keys[:TOP]),
            )
            for name, ranked_keys in (("platform", ours), ("baseline", theirs))
        }
        row["ideal"] = (min(TOP, len(relevant)) / TOP, 1.0, 1.0, 0)
        for name, values in row.items():
            for i, value in enumerate(values):
                totals[name][i] += value
        top = " ".join(
            f"{offer_keys[r.id]}{'*' if offer_keys[r.id] in relevant else ''}({r.score})"
            for r in ranked[:TOP]
        )
        base = " ".join(f"{k}{'*' if k in relevant else ''}" for k in theirs[:TOP])
        print(  # noqa: T201
            f"{key:<7} {item['kind']:<17} {','.join(item.get('languages', [])):<6} "
            f"{len(relevant):>2} {row['platform'][0]:>8.2f} {row['baseline'][0]:>8.2f} "
            f"{row['platform'][1]:>9.2f} {row['baseline'][1]:>9.2f}  {top:<27} {base}"
        )
    count = len(judged) or 1
    print()  # noqa: T201
    for name in ("platform", "baseline", "ideal"):
        p, r, rr, foreign = totals[name]
        print(  # noqa: T201
            f"mean {name:<9} precision@3 {p / count:.3f}   recall@10 {r / count:.3f}   "
            f"MRR {rr / count:.3f}   top-3 offers in none of the request's languages: {foreign}"
        )
    print(  # noqa: T201
        "(* a judged match; ideal: the best possible with this many judged matches)"
    )


if __name__ == "__main__":
    main()
