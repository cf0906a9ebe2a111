"""Time the import of 10,000 practices in the exchange format (a fresh SQLite or $DATABASE_URL).

.venv/bin/python bench/import_practices.py
"""

import json
import os
import time

from common import setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup()

from django.core.management import call_command  # noqa: E402

from peerlearning.knowledge.practices_io import import_practices  # noqa: E402

COUNT = int(os.environ.get("BENCH_PRACTICES", "10000"))
COUNTRIES = ["MX", "TH", "CA", "US", "BE", "JO", "GH", "ID", "MY", "NZ"]


def lines():
    for i in range(COUNT):
        code = COUNTRIES[i % len(COUNTRIES)]
        yield json.dumps(
            {
                "id": f"{code.lower()}-bench-practice-{i}",
                "title": f"Synthetic practice {i}",
                "country_iso2": code,
                "region": "Americas",
                "years": "2019-",
                "target_groups": ["families with children", "asylum seekers"],
                "summary": "A synthetic practice for the benchmark: community case management.",
                "source": [{"url": f"https://example.org/{i}", "title": "Synthetic source"}],
                "type": "programme",
            }
        )


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("loadthesaurus", verbosity=0)  # tagging and indexing run with the real thesaurus
    for label in ("first import", "same file again (updates)"):
        started = time.perf_counter()
        created, updated = import_practices(lines())
        print(
            f"{label}: {created} created, {updated} updated in "  # noqa: T201
            f"{time.perf_counter() - started:.1f} s (target: under 60 s)"
        )


if __name__ == "__main__":
    main()
