"""Time `manage.py importstatistics` on a generated file of 5,000 points (a fresh SQLite or
$DATABASE_URL), then the same file again (every series updated, its points replaced), and the
demo file. Target (issue 14): the whole statistics file in under 5 s.

.venv/bin/python bench/countries_import.py
"""

import json
import os
import time
from io import StringIO

from common import setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("countries-import")

from django.core.management import call_command  # noqa: E402

from peerlearning.demo import STATISTICS_JSONL  # noqa: E402

SERIES = int(os.environ.get("BENCH_SERIES", "125"))
POINTS = int(os.environ.get("BENCH_POINTS_PER_SERIES", "40"))
COUNTRIES = ["MX", "TH", "US", "GB", "AU", "JP", "MY", "ID", "PL", "ES"]
PERIODS = ["{year}", "{year}-06", "FY{year}", "YE {year}-09", "{year}-01/{year}-10", "since {year}"]


def write_file() -> str:
    path = OUT / "statistics-bench.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for s in range(SERIES):
            code = COUNTRIES[s % len(COUNTRIES)]
            points = [
                {
                    "period": PERIODS[p % len(PERIODS)].format(year=1990 + p % 35),
                    "value": p * 1000 + s if p % 3 else round(p * 1.25 + s, 2),
                    "source_url": f"https://example.org/{s}/{p}",
                    **({"approximate": True} if p % 7 == 0 else {}),
                    **({"note": f"note {p}"} if p % 2 else {}),
                }
                for p in range(POINTS)
            ]
            record = {
                "id": f"{code.lower()}-bench-series-{s}",
                "country_iso2": code,
                "indicator": f"Synthetic count {s}",
                "unit": "persons",
                "series": points,
                "sources": [{"url": f"https://example.org/{s}", "title": "Synthetic source"}],
            }
            handle.write(json.dumps(record) + "\n")
    return str(path)


def timed(label: str, path: str) -> None:
    out = StringIO()
    started = time.perf_counter()
    call_command("importstatistics", path, stdout=out)
    elapsed = time.perf_counter() - started
    print(f"{label}: {out.getvalue().strip()} in {elapsed:.2f} s (target: under 5 s)")  # noqa: T201


def main() -> None:
    call_command("migrate", verbosity=0)
    path = write_file()
    print(f"{SERIES} series x {POINTS} points = {SERIES * POINTS} points")  # noqa: T201
    timed("first import", path)
    timed("same file again (updates, points replaced)", path)
    timed("the demo file (20 series, 68 points)", str(STATISTICS_JSONL))
    started = time.perf_counter()
    call_command("exportstatistics", str(OUT / "exported.jsonl"))
    print(f"export of everything: {time.perf_counter() - started:.2f} s")  # noqa: T201


if __name__ == "__main__":
    main()
