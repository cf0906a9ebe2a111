"""Build the terminology (euphemism) benchmark from inline-marked texts.

Reads ``bench/data/terminology/marked.jsonl`` where each line carries a
``marked`` text with inline marks::

    [[E:words]]  euphemism            (kinder word hiding deprivation of liberty)
    [[P:words]]  plain_detention_term (names detention plainly)
    [[N:words]]  non_detention_use    (lexicon-like word used innocently)

and writes ``annotated-dev.jsonl`` / ``annotated-test.jsonl`` next to it, one
JSON object per line::

    {"id", "lang", "text", "spans": [{"start", "end", "category"}],
     "is_control", "source"}

``start``/``end`` are Python string indices (Unicode code points) into the
unmarked ``text``.  Stdlib only.  Fails loudly (non-zero exit) on any
malformed mark, duplicate id, bad split, or control/non-control mismatch.

Usage:  python bench/terminology_corpus.py [--data-dir DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data" / "terminology"

CATEGORIES: dict[str, str] = {
    "E": "euphemism",
    "P": "plain_detention_term",
    "N": "non_detention_use",
}
LANGS = frozenset({"es", "en", "fr", "pt", "ar"})
SPLITS = ("dev", "test")
REQUIRED_KEYS = ("id", "lang", "split", "is_control", "source", "marked")

MARK_RE = re.compile(r"\[\[([A-Z]):([^\[\]]+?)\]\]")


class MarkupError(ValueError):
    """Raised when a marked text cannot be converted unambiguously."""


def parse_marked(marked: str, record_id: str = "?") -> tuple[str, list[dict[str, Any]]]:
    """Strip inline marks; return (plain text, spans) with code-point offsets."""
    out: list[str] = []
    spans: list[dict[str, Any]] = []
    pos = 0  # position in ``marked``
    length = 0  # length of text emitted so far
    for m in MARK_RE.finditer(marked):
        before = marked[pos : m.start()]
        _check_no_stray(before, record_id)
        out.append(before)
        length += len(before)
        code, words = m.group(1), m.group(2)
        if code not in CATEGORIES:
            raise MarkupError(f"{record_id}: unknown mark code {code!r} in {m.group(0)!r}")
        if words != words.strip() or not words.strip():
            raise MarkupError(
                f"{record_id}: mark has leading/trailing space or is empty: {m.group(0)!r}"
            )
        out.append(words)
        spans.append({"start": length, "end": length + len(words), "category": CATEGORIES[code]})
        length += len(words)
        pos = m.end()
    tail = marked[pos:]
    _check_no_stray(tail, record_id)
    out.append(tail)
    text = "".join(out)
    # Verify every span against the marked words, in order.
    expected = [m.group(2) for m in MARK_RE.finditer(marked)]
    for span, words in zip(spans, expected, strict=True):
        if text[span["start"] : span["end"]] != words:
            raise MarkupError(f"{record_id}: span {span} does not match {words!r}")
    return text, spans


def _check_no_stray(chunk: str, record_id: str) -> None:
    for token in ("[[", "]]"):
        if token in chunk:
            raise MarkupError(
                f"{record_id}: unbalanced or malformed mark near {chunk[max(0, chunk.find(token) - 30) :][:80]!r}"
            )


def convert_record(rec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Validate one marked record; return (split, annotated record)."""
    missing = [k for k in REQUIRED_KEYS if k not in rec]
    rid = str(rec.get("id", "?"))
    if missing:
        raise MarkupError(f"{rid}: missing keys {missing}")
    if rec["lang"] not in LANGS:
        raise MarkupError(f"{rid}: unknown lang {rec['lang']!r}")
    if rec["split"] not in SPLITS:
        raise MarkupError(f"{rid}: split must be one of {SPLITS}, got {rec['split']!r}")
    if not isinstance(rec["is_control"], bool):
        raise MarkupError(f"{rid}: is_control must be a boolean")
    source = rec["source"]
    if not (source == "written" or str(source).startswith(("http://", "https://"))):
        raise MarkupError(f"{rid}: source must be a URL or 'written', got {source!r}")
    text, spans = parse_marked(rec["marked"], rid)
    cats = Counter(s["category"] for s in spans)
    if rec["is_control"]:
        if cats["euphemism"]:
            raise MarkupError(f"{rid}: control text carries a euphemism mark")
        if not cats["non_detention_use"]:
            raise MarkupError(f"{rid}: control text must carry at least one N mark")
    elif not cats["euphemism"]:
        raise MarkupError(f"{rid}: non-control text must carry at least one E mark")
    return rec["split"], {
        "id": rid,
        "lang": rec["lang"],
        "text": text,
        "spans": spans,
        "is_control": rec["is_control"],
        "source": source,
    }


def load_marked(path: Path) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise MarkupError(f"{path}:{lineno}: invalid JSON: {exc}") from exc
    return records


def build(data_dir: Path, write: bool = True) -> dict[str, list[dict[str, Any]]]:
    records = load_marked(data_dir / "marked.jsonl")
    seen: set[str] = set()
    by_split: dict[str, list[dict[str, Any]]] = {s: [] for s in SPLITS}
    for rec in records:
        split, ann = convert_record(rec)
        if ann["id"] in seen:
            raise MarkupError(f"duplicate id {ann['id']!r}")
        seen.add(ann["id"])
        by_split[split].append(ann)
    if write:
        for split, items in by_split.items():
            with (data_dir / f"annotated-{split}.jsonl").open("w", encoding="utf-8") as fh:
                for item in items:
                    fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    return by_split


def report(by_split: dict[str, list[dict[str, Any]]]) -> str:
    lines: list[str] = []
    allrecs = [r for items in by_split.values() for r in items]
    n = len(allrecs)
    lines.append(f"texts: {n}")
    langs = Counter(r["lang"] for r in allrecs)
    lines.append(
        "per language: "
        + ", ".join(f"{k}={v} ({100 * v / n:.0f}%)" for k, v in sorted(langs.items()))
    )
    for split, items in by_split.items():
        sl = Counter(r["lang"] for r in items)
        ctrl = sum(r["is_control"] for r in items)
        lines.append(
            f"{split}: {len(items)} texts ({ctrl} controls); "
            + ", ".join(f"{k}={v}" for k, v in sorted(sl.items()))
        )
    ctrl = sum(r["is_control"] for r in allrecs)
    lines.append(f"controls: {ctrl} ({100 * ctrl / n:.0f}%)")
    real = sum(r["source"] != "written" for r in allrecs)
    lines.append(f"real quotes with URL: {real} ({100 * real / n:.0f}%), written: {n - real}")
    for split, items in by_split.items():
        c = Counter(s["category"] for r in items for s in r["spans"])
        lines.append(
            f"spans {split}: " + ", ".join(f"{cat}={c[cat]}" for cat in CATEGORIES.values())
        )
    c = Counter((r["lang"], s["category"]) for r in allrecs for s in r["spans"])
    for lang in sorted(langs):
        lines.append(
            f"spans {lang}: " + ", ".join(f"{cat}={c[(lang, cat)]}" for cat in CATEGORIES.values())
        )
    tot = Counter(s["category"] for r in allrecs for s in r["spans"])
    lines.append("spans total: " + ", ".join(f"{cat}={tot[cat]}" for cat in CATEGORIES.values()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", type=Path, default=DATA_DIR)
    ap.add_argument("--check", action="store_true", help="validate only, do not write files")
    args = ap.parse_args(argv)
    try:
        by_split = build(args.data_dir, write=not args.check)
    except MarkupError as exc:
        print(f"ERROR: {exc}", file=sys.stderr)
        return 1
    print(report(by_split))
    return 0


if __name__ == "__main__":
    sys.exit(main())
