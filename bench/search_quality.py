"""Search quality: nDCG@10 and recall@10 of the platform's search next to a plain BM25 baseline.

    .venv/bin/python bench/search_quality.py [QUERIES.jsonl]

Builds a fresh database from the demo (thesaurus, practices, the update posts), then runs every
query of the file ({"query", "lang", "relevant": {id: grade}}) through both.
"""

import json
import math
import os
import re
import sys
from pathlib import Path

from common import ROOT, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("quality", sqlite_only=True)

import bm25s  # noqa: E402
from django.core.management import call_command  # noqa: E402

from peerlearning.knowledge import search  # noqa: E402
from peerlearning.knowledge.models import SearchDocument  # noqa: E402

K = 10


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


def main() -> None:
    queries_file = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "search_queries.jsonl"
    )
    call_command("migrate", verbosity=0)
    call_command("loaddemo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    documents = list(SearchDocument.objects.filter(audience="public").order_by("pk"))
    keys = [d.key for d in documents]
    retriever = bm25s.BM25()
    retriever.index([tokenize(f"{d.title} {d.body}") for d in documents], show_progress=False)
    queries = [json.loads(line) for line in queries_file.open(encoding="utf-8") if line.strip()]
    totals = {"platform": [0.0, 0.0], "bm25": [0.0, 0.0]}
    print(f"{len(documents)} documents, {len(queries)} queries\n")  # noqa: T201
    print(
        f"{'query':<46} {'lang':<5} {'nDCG platform':>13} {'nDCG BM25':>10} {'R platform':>10} {'R BM25':>7}"
    )  # noqa: T201
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
        for name, (n, r) in row.items():
            totals[name][0] += n
            totals[name][1] += r
        print(
            f"{item['query'][:46]:<46} {item['lang']:<5} {row['platform'][0]:>13.3f} {row['bm25'][0]:>10.3f} "  # noqa: T201
            f"{row['platform'][1]:>10.2f} {row['bm25'][1]:>7.2f}"
        )
    count = len(queries) or 1
    print(
        f"\n{'mean':<52} {totals['platform'][0] / count:>13.3f} {totals['bm25'][0] / count:>10.3f} "  # noqa: T201
        f"{totals['platform'][1] / count:>10.2f} {totals['bm25'][1] / count:>7.2f}"
    )


if __name__ == "__main__":
    main()
