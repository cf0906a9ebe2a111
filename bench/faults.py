"""PostgreSQL restarted under load: requests fail as clean, translated 503s while it is away,
and the same gunicorn workers serve again once it is back, without being restarted.

    .venv/bin/python bench/faults.py [--seconds 30] [--readers 8] [--down 5] [--at 8]

Starts a throwaway PostgreSQL cluster (bench/pg.py), loads the demo into it, serves it with
gunicorn (bench/served.py, loopback only), and runs --readers readers, each with a language of
its own (en, es, fr, ar), over the public pages and searches for --seconds. At --at seconds the
cluster is stopped (fast: open connections are cut), and started again --down seconds later.
Reports each status by phase (before, down, after), any response other than 200 or a 503 in
the reader's language, and how long after the restart the first page was served again.
Writes bench/out/faults.json. Exit status 1 if anything was unclean.
"""

import argparse
import json
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import cluster  # noqa: E402
from served import ROOT, served  # noqa: E402
from webclient import Client  # noqa: E402

TITLE_503 = {  # the 503 page's title in each language (templates/503.html)
    "en": "The platform is briefly unavailable",
    "es": "La plataforma no está disponible por un momento",
    "fr": "La plateforme est momentanément indisponible",
    "ar": "المنصة غير متاحة لبرهة",
}
PAGES = ["/", "/practices/", "/exchanges/", "/communities/", "/updates/", "/search/?q=detention"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--down", type=float, default=5)
    parser.add_argument("--at", type=float, default=8)
    options = parser.parse_args()
    events: list[tuple[float, str, int, bool]] = []  # (time, language, status, clean)
    lock = threading.Lock()
    phases: dict[str, float] = {}

    with cluster() as database, served(database_url=database.url) as base:
        started = time.monotonic()
        deadline = started + options.seconds

        def reader(number: int) -> None:
            language = list(TITLE_503)[number % 4]
            chance = random.Random(number)  # noqa: S311 - picks pages, not secrets
            client = Client(base, cookies={"django_language": language})
            while time.monotonic() < deadline:
                path = chance.choice(PAGES)
                try:
                    response = client.get(path)
                except OSError:
                    status, clean = 0, False  # the server itself did not answer
                else:
                    status = response.status
                    clean = status == 200 or (
                        status == 503
                        and TITLE_503[language] in response.body.decode(errors="replace")
                        and response.header("Retry-After") == "30"
                    )
                with lock:
                    events.append((time.monotonic() - started, language, status, clean))

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(options.readers)]
        for thread in threads:
            thread.start()
        time.sleep(options.at)
        phases["stopped"] = time.monotonic() - started
        database.stop("fast")
        time.sleep(options.down)
        database.start()
        phases["started"] = time.monotonic() - started
        for thread in threads:
            thread.join()

    def phase(at: float) -> str:
        if at < phases["stopped"]:
            return "before"
        return "down" if at < phases["started"] else "after"

    by_phase = {name: Counter() for name in ("before", "down", "after")}
    for at, _language, status, _clean in events:
        by_phase[phase(at)][str(status)] += 1
    unclean = [
        (round(at, 2), language, status) for at, language, status, clean in events if not clean
    ]
    served_again = [
        at for at, _l, status, _c in events if at >= phases["started"] and status == 200
    ]
    result = {
        "database": "postgresql",
        "readers": options.readers,
        "seconds": options.seconds,
        "down_seconds": round(phases["started"] - phases["stopped"], 2),
        "requests": len(events),
        "by_phase": {name: dict(counts) for name, counts in by_phase.items()},
        "unclean": len(unclean),
        "unclean_examples": unclean[:10],
        "first_page_after_restart_s": round(min(served_again) - phases["started"], 3)
        if served_again
        else None,
        "gunicorn_restarted": False,
    }
    out = ROOT / "bench" / "out" / "faults.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))  # noqa: T201
    sys.exit(1 if unclean or not served_again else 0)


if __name__ == "__main__":
    main()
