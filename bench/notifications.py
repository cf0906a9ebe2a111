"""Notifications at scale: 100,000 people and 1,000,000 notifications.

    .venv/bin/python bench/notifications.py            # SQLite under bench/out/notifications/
    DATABASE_URL=postgres://… .venv/bin/python bench/notifications.py

Builds the data with bulk_create (people, communities, exchanges, practices, updates, published
reports; notifications spread over people by a Zipf law, so that a few read thousands and most a
handful; some items made private or unpublished since), then:
- times the notification list (`/notifications/`) and a page with the header's unread count for
  a sample of people, light and heavy (target: p95 under 100 ms), and counts their SQL queries
  (the same whatever the person's number of notifications);
- times a weekly digest for everyone with something pending: `build_digests` creating the
  digests and queueing one sending task each in the database task queue (target: under 10
  minutes), then sends a sample of them and times that.
Sizes: BENCH_PEOPLE, BENCH_NOTIFICATIONS.
"""

import os
import random
import statistics
import time
from datetime import timedelta

os.environ["TASKS_BACKEND"] = "database"  # queued, as in production: not sent while building
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from common import _noting, setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("notifications")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.exchanges.models import Exchange, Report  # noqa: E402
from peerlearning.knowledge.models import Practice, Update  # noqa: E402
from peerlearning.network.models import Community, Level  # noqa: E402
from peerlearning.notifications import digests  # noqa: E402
from peerlearning.notifications.models import Digest, Frequency, Kind, Notification  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
NOTIFICATIONS = int(os.environ.get("BENCH_NOTIFICATIONS", "1000000"))
COMMUNITIES = 200
EXCHANGES = 2000
PRACTICES = 3000
UPDATES = 2000
SAMPLES = 40
NOW = timezone.now()


def build() -> dict[str, list[int]]:
    rng = random.Random(18)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(
                    email=f"person{i}@bench.example",
                    display_name=f"Person {i}",
                    password="!",  # noqa: S106 - an unusable password
                    languages=[rng.choice(["en", "es", "fr", "ar"])],
                )
                for i in range(PEOPLE)
            ],
            batch_size=5000,
        )
        communities = Community.objects.bulk_create(
            [
                Community(
                    slug=f"c{i}", name=f"Community {i}", purpose="Learn.", level=Level.REGIONAL
                )
                for i in range(COMMUNITIES)
            ]
        )
        exchanges = Exchange.objects.bulk_create(
            [
                Exchange(
                    slug=f"e{i}",
                    community=communities[i % COMMUNITIES],
                    title=f"Exchange {i}",
                    format="webinar",
                    status="reported" if i % 3 == 0 else "open",
                    visibility="community" if i % 10 == 0 else "network",
                    starts_at=NOW - timedelta(days=i % 60),
                )
                for i in range(EXCHANGES)
            ],
            batch_size=2000,
        )
        reports = Report.objects.bulk_create(
            [
                Report(exchange=exchange, body="Learnings.", published_at=NOW)
                for exchange in exchanges[::3]
            ]
        )
        practices = Practice.objects.bulk_create(
            [
                Practice(
                    external_id=f"p{i}",
                    title=f"Practice {i}",
                    summary="A practice.",
                    sources=[],
                    status="draft" if i % 50 == 0 else "published",  # unpublished since
                )
                for i in range(PRACTICES)
            ],
            batch_size=2000,
        )
        updates = Update.objects.bulk_create(
            [
                Update(slug=f"u{i}", title=f"Update {i}", body="News.", published_on=NOW.date())
                for i in range(UPDATES)
            ],
            batch_size=2000,
        )
    items = {
        Kind.NEW_EXCHANGE: ("exchange_id", [e.pk for e in exchanges]),
        Kind.NEW_PRACTICE: ("practice_id", [p.pk for p in practices]),
        Kind.NEW_UPDATE: ("update_id", [u.pk for u in updates]),
        Kind.REPORT_PUBLISHED: ("report_id", [r.pk for r in reports]),
    }
    kinds = list(items)
    # Who gets how many: a Zipf law over people (a few facilitators read thousands).
    weights = [1 / (rank + 1) for rank in range(PEOPLE)]
    total = sum(weights)
    counts = [max(1, round(NOTIFICATIONS * w / total)) for w in weights]
    user_ids = [u.pk for u in users]
    rng.shuffle(user_ids)
    made = 0
    batch: list[Notification] = []
    start = time.perf_counter()
    for user_id, count in zip(user_ids, counts, strict=True):
        for n in range(count):
            kind = kinds[(user_id + n) % len(kinds)]
            field, pool = items[kind]
            item_id = pool[(user_id * 7 + n) % len(pool)]
            age = timedelta(minutes=(user_id * 13 + n * 97) % (60 * 24 * 13))
            batch.append(
                Notification(
                    user_id=user_id,
                    kind=kind,
                    key=f"{kind}:{n}:{item_id}",
                    created_at=NOW - age,
                    read_at=NOW if n % 3 else None,
                    # Older than a week: e-mailed already; the last week's are pending.
                    emailed_at=NOW if age > timedelta(days=7) else None,
                    **{field: item_id},
                )
            )
            made += 1
            if made >= NOTIFICATIONS:
                break
        if len(batch) >= 20000:
            Notification.objects.bulk_create(batch, batch_size=5000)
            batch.clear()
        if made >= NOTIFICATIONS:
            break
    Notification.objects.bulk_create(batch, batch_size=5000)
    print(  # noqa: T201
        f"{PEOPLE:,} people, {Notification.objects.count():,} notifications "
        f"({time.perf_counter() - start:.0f} s to insert)"
    )
    heavy = user_ids[:5]
    light = user_ids[-SAMPLES:]
    middle = user_ids[PEOPLE // 100 : PEOPLE // 100 + 10]
    return {"heavy": heavy, "middle": middle, "light": light}


def time_pages(sample: dict[str, list[int]]) -> float:
    client = Client()
    header = f"{'people':<8} {'page':<22} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    print(f"\n{header}")  # noqa: T201
    worst = 0.0
    for label, ids in sample.items():
        for url in ("/notifications/", "/notifications/?unread=1", "/about/"):
            timings, queries_seen = [], set()
            for user_id in ids:
                client.force_login(User.objects.get(pk=user_id))
                queries: list[str] = []
                with connection.execute_wrapper(_noting(queries)):
                    response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)  # noqa: S101
                queries_seen.add(len(queries))
                for _ in range(3):
                    begin = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - begin) * 1000)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            worst = max(worst, p95)
            print(  # noqa: T201
                f"{label:<8} {url:<22} {'/'.join(map(str, sorted(queries_seen))):>7} "
                f"{statistics.median(timings):>8.1f} {p95:>8.1f} {timings[-1]:>8.1f}"
            )
    print(f"\nworst p95: {worst:.1f} ms (target: under 100 ms)")  # noqa: T201
    return worst


def time_digest() -> None:
    # Everyone's followed kinds weekly (the members' default); a Monday after the week.
    monday = (NOW + timedelta(days=7 - NOW.weekday())).replace(
        hour=0, minute=5, second=0, microsecond=0
    )
    pending = Notification.objects.filter(emailed_at__isnull=True).values("user").distinct()
    print(f"\n{pending.count():,} people with something pending")  # noqa: T201
    start = time.perf_counter()
    built = digests.build_digests(Frequency.WEEKLY, now=monday)
    took = time.perf_counter() - start
    queued = DBTaskResult.objects.count()
    print(  # noqa: T201
        f"weekly digest: {Digest.objects.count():,} digests built and {queued:,} sending tasks "
        f"queued in {took:.0f} s (target: under 600 s); build_digests returned {built!r}"
    )
    again = time.perf_counter()
    digests.build_digests(Frequency.WEEKLY, now=monday)
    print(  # noqa: T201
        f"built again: {Digest.objects.count():,} digests (no new one) in "
        f"{time.perf_counter() - again:.0f} s"
    )
    sample = list(Digest.objects.order_by("?")[:200])
    start = time.perf_counter()
    for digest in sample:
        digests.send_digest(digest.pk)
    each = (time.perf_counter() - start) / len(sample) * 1000
    print(  # noqa: T201
        f"sending: {each:.1f} ms a digest (rendered in the recipient's language, visibility "
        f"checked at sending), i.e. {each * 100000 / 1000 / 60:.0f} min for 100,000 on one worker"
    )


def main() -> None:
    call_command("migrate", verbosity=0)
    sample = build()
    time_pages(sample)
    time_digest()


if __name__ == "__main__":
    main()
