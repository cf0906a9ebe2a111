"""Concurrent readers and writers against the demo as `make run` serves it (gunicorn, SQLite
or, with --postgres, a throwaway PostgreSQL cluster).

    .venv/bin/python bench/load.py [--seconds 15] [--requests 4000] [--readers 8] [--writers 7]
                                   [--postgres] [--think 0] [--ramp 0] [--large]

Serves a copy of the demo (bench/served.py: gunicorn 3 workers × 2 threads on loopback), opens
one exchange for registration, and adds one account per writer. Then, at once, the writers sign
in, register for the exchange (all together, like the seven simultaneous registrations that
failed with "database is locked") and post contributions, while the readers load pages and run
searches with varied words. Stops after --seconds or --requests, whichever comes first, then
stops the server. Reports requests per second, p50/p95/p99 and errors per page: any 5xx, any
other unexpected status, any failed connection. The target is 0 errors and p99 under 1 s.
With --think S, each person pauses between two requests, S seconds on average (evenly between
half and one and a half times S), as a person reads a page before the next click; without it,
every person asks again the moment an answer comes, which measures the server saturated. With
--ramp R, the people arrive evenly over the first R seconds (the writers before the readers),
as a site's visitors do, rather than all in the first instant.
With --large, the demo is served with the benchmark's large data set added (bench/generate.py:
10,000 organisations, 50,000 people, 2,000 communities, 10,000 exchanges, 500,000
contributions), made before the server starts.
Writes bench/out/load-<database>.json, with -think and -large added to the name for those
options (bench/report.py puts each in bench/report.md).
"""

import argparse
import json
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from people import PASSWORD, make_people  # noqa: E402
from pg import cluster  # noqa: E402
from served import ROOT, served  # noqa: E402
from webclient import Client, Response  # noqa: E402

OPEN_EXCHANGE = "alternatives-in-transit-settings"
PLAN: dict[str, object] = {}


def prepare(writers: int, readers: int, large: bool = False) -> None:
    from django.urls import reverse

    if large:
        from bench.generate import EXCHANGE_SIZES, SIZES, generate, generate_exchanges

        started = time.monotonic()
        made = {**generate(**SIZES), **generate_exchanges(**EXCHANGE_SIZES)}
        print(f"large data set made in {time.monotonic() - started:.0f} s: {made}")  # noqa: T201

    from peerlearning.exchanges.models import Exchange, Report, Status
    from peerlearning.knowledge.models import EditorialStatus, Practice
    from peerlearning.network.models import Organisation

    exchange = Exchange.objects.get(slug=OPEN_EXCHANGE)
    Exchange.objects.filter(pk=exchange.pk).update(
        status=Status.OPEN, capacity=None, registration_opens_at=None, registration_closes_at=None
    )
    organisation = Organisation.objects.get(acronym="IDC")
    make_people("load", writers, exchange.community, organisation)
    # Each signed-in reader an account of its own (the sign-in throttle counts per account).
    make_people("reader", readers, exchange.community)
    practices = list(Practice.objects.filter(status=EditorialStatus.PUBLISHED).order_by("pk"))
    report = Report.objects.filter(published_at__isnull=False).select_related("exchange").first()
    assert report is not None  # noqa: S101 - the demo has published reports
    public = ["/", practices[0].get_absolute_url(), practices[-1].get_absolute_url(), "/updates/"]
    PLAN.update(
        {
            "organisation": str(organisation.pk),
            "public": public,
            "members": [
                *public,
                report.exchange.get_absolute_url(),
                reverse("exchanges:report", args=[report.exchange.slug]),
                "/directory/people/",
                "/support/",  # the support list a member reads (a request's page is its people's)
            ],
        }
    )


def search_words() -> list[str]:
    words: set[str] = set()
    with (ROOT / "peerlearning" / "demo" / "data" / "practices.jsonl").open(encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            words.update(w.strip(".,;:()'\"").lower() for w in record["summary"].split())
    return sorted(w for w in words if len(w) > 3 and w.isalpha())


class Recorder:
    def __init__(self, budget: int, seconds: float) -> None:
        self.timings: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()
        self.budget = budget
        self.deadline = time.monotonic() + seconds
        self.started = time.monotonic()

    def more(self) -> bool:
        with self.lock:
            return self.budget > 0 and time.monotonic() < self.deadline

    def call(self, page: str, expected: int, do: "callable[[], Response]") -> Response | None:  # type: ignore[valid-type]
        with self.lock:
            self.budget -= 1
        start = time.monotonic()
        try:
            response = do()
        except Exception as error:  # noqa: BLE001 - a failed connection is an error of that page
            with self.lock:
                self.errors[page].append(repr(error))
                self.timings[page].append(time.monotonic() - start)
            return None
        elapsed = time.monotonic() - start
        with self.lock:
            self.timings[page].append(elapsed)
            if response.status != expected:
                self.errors[page].append(str(response.status))
        return response


def _from(person: int) -> dict[str, str]:
    """Each simulated person's own address, as the proxy passes it on."""
    return {"X-Forwarded-For": f"10.0.{person // 250}.{person % 250 + 1}"}


@dataclass(frozen=True)
class Pace:
    """How people come and go: --think and --ramp (both 0: everyone at once, no pause)."""

    think: float
    ramp: float
    people: int

    def arrive(self, person: int) -> None:
        """Wait for this person's turn to arrive (the writers are persons 0 to writers - 1)."""
        if self.ramp:
            time.sleep(self.ramp * person / self.people)

    def pause(self, chance: random.Random) -> None:
        """A person's pause before the next request."""
        if self.think:
            time.sleep(chance.uniform(0.5, 1.5) * self.think)


def reader(
    base: str, recorder: Recorder, words: list[str], seed: int, pace: Pace, writers: int
) -> None:
    chance = random.Random(seed)  # noqa: S311 - picks pages, not secrets
    pace.arrive(writers + seed)
    client = Client(base, accept_encoding="br, gzip", headers=_from(seed))
    reads: list[str] = PLAN["public"]  # type: ignore[assignment]
    if seed % 2:  # half the readers are signed in as the demo member, half are not
        pace.pause(chance)  # people arrive one after another, not all in the same instant
        recorder.call(
            "sign-in (POST)",
            302,
            lambda: client.post(
                "/accounts/login/", {"login": f"reader-{seed:02}@example.org", "password": PASSWORD}
            ),
        )
        reads = PLAN["members"]  # type: ignore[assignment]
    while recorder.more():
        pace.pause(chance)
        if chance.random() < 0.4:
            query = "+".join(chance.sample(words, chance.randint(1, 3)))
            recorder.call("search", 200, lambda q=query: client.get(f"/search/?q={q}"))
        else:
            path = chance.choice(reads)
            recorder.call(path, 200, lambda p=path: client.get(p))


def writer(
    base: str, recorder: Recorder, number: int, together: threading.Barrier, pace: Pace
) -> None:
    pace.arrive(number)
    client = Client(base, headers=_from(200 + number))
    email = f"load-{number:02}@example.org"
    exchange = f"/exchanges/{OPEN_EXCHANGE}/"
    client.get("/accounts/login/")
    recorder.call(
        "sign-in (POST)",
        302,
        lambda: client.post("/accounts/login/", {"login": email, "password": PASSWORD}),
    )
    together.wait()  # every writer registers at the same moment
    recorder.call(
        "registration (POST)",
        302,
        lambda: client.post(
            exchange + "register/",
            {"organisation": str(PLAN["organisation"]), "accept_rule": "on"},
        ),
    )
    count = 0
    chance = random.Random(1000 + number)  # noqa: S311 - pauses, not secrets
    while recorder.more():
        pace.pause(chance)
        count += 1
        recorder.call(
            "contribution (POST)",
            302,
            lambda n=count: client.post(
                exchange + "contributions/",
                {"kind": "idea", "text": f"Idea {n} from writer {number} under load."},
            ),
        )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--writers", type=int, default=7)
    parser.add_argument(
        "--postgres", action="store_true", help="on a throwaway PostgreSQL cluster (bench/pg.py)"
    )
    parser.add_argument(
        "--think", type=float, default=0, help="mean pause between a person's requests (s)"
    )
    parser.add_argument(
        "--ramp", type=float, default=0, help="the people arrive evenly over these seconds"
    )
    parser.add_argument(
        "--large", action="store_true", help="the benchmark's large data set added to the demo"
    )
    options = parser.parse_args()
    pace = Pace(options.think, options.ramp, options.readers + options.writers)
    words = search_words()
    with ExitStack() as stack:
        database_url = stack.enter_context(cluster()).url if options.postgres else ""
        base = stack.enter_context(
            served(
                prepare=lambda: prepare(options.writers, options.readers, options.large),
                database_url=database_url,
            )
        )
        recorder = Recorder(options.requests, options.seconds)
        together = threading.Barrier(options.writers)
        threads = [
            threading.Thread(target=reader, args=(base, recorder, words, n, pace, options.writers))
            for n in range(options.readers)
        ] + [
            threading.Thread(target=writer, args=(base, recorder, n, together, pace))
            for n in range(options.writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - recorder.started
    total = sum(len(t) for t in recorder.timings.values())
    errors = sum(len(e) for e in recorder.errors.values())
    print(  # noqa: T201
        f"{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s, {errors} error(s); "
        f"{options.readers} readers, {options.writers} writers, pauses of {options.think} s on "
        f"average, arriving over {options.ramp} s, gunicorn 3 workers × 2 threads\n"
    )
    print(f"{'page':<58} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}")  # noqa: T201
    routes = {}
    for page, timings in sorted(recorder.timings.items()):
        routes[page] = {
            "requests": len(timings),
            "p50_ms": round(statistics.median(timings) * 1000),
            "p95_ms": round(percentile(timings, 0.95) * 1000),
            "p99_ms": round(percentile(timings, 0.99) * 1000),
            "errors": len(recorder.errors[page]),
            "error_examples": sorted(set(recorder.errors[page]))[:3],
        }
        print(  # noqa: T201
            f"{page[:58]:<58} {len(timings):>8} {routes[page]['p50_ms']:>7} "
            f"{routes[page]['p95_ms']:>7} {routes[page]['p99_ms']:>7} {len(recorder.errors[page]):>6}"
        )
        for error in routes[page]["error_examples"]:
            print(f"    {error}")  # noqa: T201
    every = [t for timings in recorder.timings.values() for t in timings]
    database = "postgresql" if options.postgres else "sqlite"
    variant = ("-think" if options.think else "") + ("-large" if options.large else "")
    out = ROOT / "bench" / "out" / f"load-{database}{variant}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "database": database,
        "users": options.readers + options.writers,
        "readers": options.readers,
        "writers": options.writers,
        "think_s": options.think,
        "ramp_s": options.ramp,
        "large": options.large,
        "seconds": round(elapsed, 1),
        "requests": total,
        "requests_per_second": round(total / elapsed, 1),
        "p50_ms": round(statistics.median(every) * 1000),
        "p95_ms": round(percentile(every, 0.95) * 1000),
        "p99_ms": round(percentile(every, 0.99) * 1000),
        "errors": errors,
        "routes": routes,
    }
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
