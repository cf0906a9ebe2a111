"""Search quality: nDCG@10 and recall@10 of the platform's search next to a plain BM25 baseline.

    .venv/bin/python bench/search_quality.py [QUERIES.jsonl] [--sets original,dev,heldout]

Builds a fresh database from the demo (thesaurus, practices, the update posts), then runs every
query of the file ({"query", "lang", "relevant": {id: grade}, "set"}) through both. A query's
"set" is "dev" (may be read and tuned on), "heldout" (kept back: only its figures per language
are printed, never the query or its results) or missing (the original fifteen, "original").
Prints one line per query that is not held out, then, for each set, nDCG@10 and recall@10 per
language, overall and for the queries not in English.
"""

import argparse
import json
import math
import os
import re
from collections import defaultdict
from pathlib import Path

from common import ROOT, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("quality", sqlite_only=True)

import bm25s  # noqa: E402
from django.core.management import call_command  # noqa: E402

from peerlearning.knowledge import search  # noqa: E402
from peerlearning.knowledge.models import SearchDocument  # noqa: E402

K = 10
LANGUAGES = ["en", "es", "fr", "ar"]
SETS = ["original", "dev", "heldout"]
HELD_OUT = "heldout"


def ndcg(ranked: list[str], relevant: dict[str, int]) -> float:
    gains = [relevant.get(key, 0) for key in ranked[:K]]
    dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(relevant.values(), reverse=True)[:K]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], relevant: dict[str, int]) -> float:
    return len(set(ranked[:K]) & set(relevant)) / len(relevant) if relevant else 0.0


def tokenize(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def print_table(name: str, rows: list[tuple[str, dict[str, tuple[float, float]]]]) -> None:
    """One set's figures: per language, overall, and the queries not in English."""
    groups: list[tuple[str, list[dict[str, tuple[float, float]]]]] = [
        (language, [row for lang, row in rows if lang == language]) for language in LANGUAGES
    ]
    groups += [
        ("all", [row for _lang, row in rows]),
        ("not en", [row for lang, row in rows if lang != "en"]),
    ]
    print(f"\n{name}")  # noqa: T201
    print(  # noqa: T201
        f"{'language':<9} {'queries':>7} {'nDCG platform':>13} {'nDCG BM25':>10} "
        f"{'R platform':>10} {'R BM25':>7}"
    )
    for label, group in groups:
        if not group:
            continue
        figures = {
            (engine, n): mean([row[engine][n] for row in group])
            for engine in ("platform", "bm25")
            for n in (0, 1)
        }
        print(  # noqa: T201
            f"{label:<9} {len(group):>7} {figures['platform', 0]:>13.3f} "
            f"{figures['bm25', 0]:>10.3f} {figures['platform', 1]:>10.2f} "
            f"{figures['bm25', 1]:>7.2f}"
        )


def explain(query: str, queries: list[dict], documents: dict[str, SearchDocument]) -> None:
    """A query's ten best with their grades, and the relevant documents it left out."""
    item = next((q for q in queries if q["query"] == query), None)
    if item is None or item.get("set") == HELD_OUT:
        raise SystemExit("Not a query one may read (unknown, or held out).")
    print(search._plan(query, ["public"]))  # noqa: T201, SLF001 - what the query was read as
    ranked = search.search(query, audiences=["public"], with_facets=False).hits
    for hit in ranked:
        print(f"  {item['relevant'].get(hit.key, 0)} {hit.score:>8} {hit.key} {hit.title[:70]}")  # noqa: T201
    for key, grade in item["relevant"].items():
        if key not in {hit.key for hit in ranked} and key in documents:
            document = documents[key]
            tagged = sorted(document.facets.filter(name="concept").values_list("value", flat=True))
            print(f"  missed ({grade}) {key} [{document.language}] {document.title[:60]} {tagged}")  # noqa: T201


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("queries", nargs="?", default=ROOT / "bench" / "search_queries.jsonl")
    parser.add_argument("--sets", default=",".join(SETS), help="which sets to run")
    parser.add_argument(
        "--explain", help="a query that is not held out: its ranking and the relevant it misses"
    )
    arguments = parser.parse_args()
    wanted = set(arguments.sets.split(","))
    call_command("migrate", verbosity=0)
    call_command("loaddemo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    documents = list(SearchDocument.objects.filter(audience="public").order_by("pk"))
    keys = [d.key for d in documents]
    retriever = bm25s.BM25()
    retriever.index([tokenize(f"{d.title} {d.body}") for d in documents], show_progress=False)
    queries = [
        item
        for line in Path(arguments.queries).read_text(encoding="utf-8").splitlines()
        if line.strip() and (item := json.loads(line)).get("set", "original") in wanted
    ]
    if arguments.explain:
        explain(arguments.explain, queries, {d.key: d for d in documents})
        return
    print(f"{len(documents)} documents, {len(queries)} queries\n")  # noqa: T201
    print(  # noqa: T201
        f"{'query':<46} {'lang':<5} {'set':<8} {'nDCG platform':>13} {'nDCG BM25':>10} "
        f"{'R platform':>10} {'R BM25':>7}"
    )
    by_set: dict[str, list[tuple[str, dict[str, tuple[float, float]]]]] = defaultdict(list)
    for item in queries:
        ours = [
            hit.key
            for hit in search.search(item["query"], audiences=["public"], with_facets=False).hits
        ]
        tokens = tokenize(item["query"])
        theirs: list[str] = []
        if tokens:
            results, scores = retriever.retrieve([tokens], k=min(K, len(keys)), show_progress=False)
            theirs = [keys[i] for i, s in zip(results[0], scores[0], strict=True) if s > 0]
        row = {
            name: (ndcg(ranked, item["relevant"]), recall(ranked, item["relevant"]))
            for name, ranked in (("platform", ours), ("bm25", theirs))
        }
        name = item.get("set", "original")
        by_set[name].append((item["lang"], row))
        if name == HELD_OUT:
            continue  # held back: its figures count in the tables below, nothing else is shown
        print(  # noqa: T201
            f"{item['query'][:46]:<46} {item['lang']:<5} {name:<8} {row['platform'][0]:>13.3f} "
            f"{row['bm25'][0]:>10.3f} {row['platform'][1]:>10.2f} {row['bm25'][1]:>7.2f}"
        )
    for name in SETS:
        if by_set.get(name):
            print_table(name, by_set[name])
    seen = [row for name in SETS if name != HELD_OUT for row in by_set.get(name, [])]
    if seen:
        print_table("original + dev (the queries one may read)", seen)


if __name__ == "__main__":
    main()
