"""Terminology checker quality: precision and recall of its euphemism spans on annotated text,
next to a baseline that flags every form of the lexicon wherever it appears.

    .venv/bin/python bench/terminology_quality.py FILE.jsonl [--lexicon LEXICON.json] [--errors]

FILE holds JSON lines {"id", "lang", "text", "spans": [{"start", "end", "category"}],
"is_control"}, categories "euphemism", "plain_detention_term" and "non_detention_use" (a word of
the lexicon in an innocent sense). A predicted span counts when it overlaps a gold span of the
same category. Prints, for the platform's check and for the baseline: euphemism precision and
recall, plain-term recall, the share of control texts with any euphemism flagged, and how many
innocent uses were flagged; by language too. --errors lists the check's misses and false alarms.

The lexicon is loaded into a fresh SQLite database and checked through the platform's own path
(checking.current_lexicon()); by default the shipped lexicon, peerlearning/terminology/data/.
"""

import argparse
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from common import setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("terminology_quality", sqlite_only=True)

from django.core.management import call_command  # noqa: E402

from peerlearning.terminology import checking, engine, lexicon_io  # noqa: E402

EUPHEMISM, PLAIN, INNOCENT = engine.EUPHEMISM, engine.PLAIN, "non_detention_use"


@dataclass
class Tally:
    predicted_euphemisms: int = 0
    correct_euphemisms: int = 0  # predicted, overlapping a gold euphemism
    gold_euphemisms: int = 0
    found_euphemisms: int = 0  # gold, overlapped by a predicted euphemism
    gold_plain: int = 0
    found_plain: int = 0
    innocent: int = 0
    innocent_flagged: int = 0
    controls: int = 0
    controls_flagged: int = 0
    texts: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)

    @property
    def precision(self) -> float:
        return (
            self.correct_euphemisms / self.predicted_euphemisms
            if self.predicted_euphemisms
            else 1.0
        )

    @property
    def recall(self) -> float:
        return self.found_euphemisms / self.gold_euphemisms if self.gold_euphemisms else 1.0

    @property
    def plain_recall(self) -> float:
        return self.found_plain / self.gold_plain if self.gold_plain else 1.0

    @property
    def control_share(self) -> float:
        return self.controls_flagged / self.controls if self.controls else 0.0


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def context(text: str, start: int, end: int) -> str:
    return (
        text[max(0, start - 50) : start] + "[" + text[start:end] + "]" + text[end : end + 50]
    ).replace("\n", " ")


def score(record: dict, spans: list[engine.Span]) -> Tally:
    tally = Tally(texts=1)
    text = record["text"]
    gold: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for span in record["spans"]:
        gold[span["category"]].append((span["start"], span["end"]))
    predicted = defaultdict(list)
    for span in spans:
        predicted[span.category].append((span.start, span.end))
    for place in predicted[EUPHEMISM]:
        tally.predicted_euphemisms += 1
        if any(overlaps(place, g) for g in gold[EUPHEMISM]):
            tally.correct_euphemisms += 1
        else:
            tally.errors.append(f"false alarm {record['id']}: {context(text, *place)}")
    for place in gold[EUPHEMISM]:
        tally.gold_euphemisms += 1
        if any(overlaps(place, p) for p in predicted[EUPHEMISM]):
            tally.found_euphemisms += 1
        else:
            tally.errors.append(f"missed      {record['id']}: {context(text, *place)}")
    for place in gold[PLAIN]:
        tally.gold_plain += 1
        if any(overlaps(place, p) for p in predicted[PLAIN]):
            tally.found_plain += 1
        else:
            tally.errors.append(f"plain miss  {record['id']}: {context(text, *place)}")
    for place in gold[INNOCENT]:
        tally.innocent += 1
        if any(overlaps(place, p) for p in predicted[EUPHEMISM]):
            tally.innocent_flagged += 1
    if record.get("is_control"):
        tally.controls += 1
        tally.controls_flagged += bool(predicted[EUPHEMISM])
    return tally


def baseline(lexicon: engine.Lexicon) -> engine.Lexicon:
    """Every form of every term, wherever it appears: no context, no rule."""
    entries = [
        engine.Entry(e.key, e.language, e.term, e.forms, e.category, e.plain, e.explanation, False)
        for e in lexicon.entries
    ]
    return engine.Lexicon(entries, [])


def row(name: str, t: Tally) -> str:
    return (
        f"{name:<22} {t.texts:>5} {t.precision:>9.3f} {t.recall:>7.3f}"
        f" {t.correct_euphemisms:>4}/{t.predicted_euphemisms:<4} {t.found_euphemisms:>4}/{t.gold_euphemisms:<4}"
        f" {t.plain_recall:>7.3f} {t.control_share:>9.3f} ({t.controls_flagged}/{t.controls})"
        f" {t.innocent_flagged:>4}/{t.innocent}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--lexicon", type=Path, default=lexicon_io.DEFAULT_FILE)
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    lexicon_io.load_file(args.lexicon)
    platform = checking.current_lexicon()
    systems = {"check": platform, "baseline": baseline(platform)}
    records = [
        json.loads(line) for line in args.file.read_text("utf-8").splitlines() if line.strip()
    ]

    header = (
        f"{'':<22} {'texts':>5} {'precision':>9} {'recall':>7} {'right/flagged':>9}"
        f" {'found/gold':>9} {'plain-R':>7} {'controls flagged':>16} {'innocent flagged':>8}"
    )
    print(
        f"{args.file.name}: {len(records)} texts, lexicon {args.lexicon.name} "
        f"({len(platform.entries)} terms, {len(platform.rules)} rules)"
    )
    print("Euphemisms: precision, recall; plain-R: recall of plain detention terms.")
    print(header)
    for name, lexicon in systems.items():
        overall = Tally(texts=0)
        by_language: dict[str, Tally] = defaultdict(lambda: Tally(texts=0))
        errors: list[str] = []
        for record in records:
            tally = score(record, lexicon.check(record["text"], record["lang"]))
            overall.add(tally)
            by_language[record["lang"]].add(tally)
            errors += tally.errors
        print(row(name, overall))
        for language in sorted(by_language):
            print(row(f"  {name} · {language}", by_language[language]))
        if args.errors and name == "check":
            check_errors = errors
    if args.errors:
        print()
        print("\n".join(check_errors))


if __name__ == "__main__":
    main()
