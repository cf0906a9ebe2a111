"""Benchmark of the weekly digest: built and queued for 100,000 people (issue 18: under ten
minutes on this machine), then the time to send one.

    .venv/bin/python bench/digests.py                 # SQLite, in bench/out/digests/
    DATABASE_URL=postgres://… .venv/bin/python bench/digests.py

A fresh database holds PEOPLE people with NOTIFICATIONS notifications not e-mailed yet, from
last week, of the kinds members hear of weekly by default; the database task backend stores the
queued sending tasks, as in production. Sending is measured on a sample (a worker's pace).
"""

import datetime as dt
import os
import time

os.environ["TASKS_BACKEND"] = "database"

from common import setup  # noqa: E402, I001 - bench/ is the script's folder

OUT = setup("digests")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from peerlearning.accounts.models import User  # noqa: E402
from peerlearning.knowledge.models import Practice, Update  # noqa: E402
from peerlearning.notifications.digests import build_digests, period_before, send_digest  # noqa: E402
from peerlearning.notifications.models import Digest, Frequency, Kind, Notification  # noqa: E402

PEOPLE = int(os.environ.get("BENCH_PEOPLE", "100000"))
NOTIFICATIONS = int(os.environ.get("BENCH_NOTIFICATIONS", "1000000"))
SENT_SAMPLE = 200
CHUNK = 10_000


def generate(now: dt.datetime) -> None:
    practices = Practice.objects.bulk_create(
        Practice(
            external_id=f"bench-{n}",
            title=f"Practice {n}",
            summary=".",
            status="published",
            sources=[],
        )
        for n in range(50)
    )
    updates = Update.objects.bulk_create(
        Update(slug=f"bench-{n}", title=f"Update {n}", body=".", published_on=now.date())
        for n in range(50)
    )
    for start in range(0, PEOPLE, CHUNK):
        User.objects.bulk_create(
            User(email=f"reader{n}@bench.example", display_name=f"Reader {n}")
            for n in range(start, min(start + CHUNK, PEOPLE))
        )
    people = list(User.objects.order_by("pk").values_list("pk", flat=True))
    created_at = period_before(Frequency.WEEKLY, now).cutoff - dt.timedelta(days=2)
    each = NOTIFICATIONS // len(people)
    batch: list[Notification] = []
    for index, pk in enumerate(people):
        for n in range(each):
            item = (index + n) % 100
            batch.append(
                Notification(
                    user_id=pk,
                    kind=Kind.NEW_PRACTICE if item < 50 else Kind.NEW_UPDATE,
                    key=f"bench:{n}",
                    created_at=created_at,
                    **(
                        {"practice": practices[item]}
                        if item < 50
                        else {"update": updates[item - 50]}
                    ),
                )
            )
        if len(batch) >= CHUNK:
            Notification.objects.bulk_create(batch)
            batch = []
    Notification.objects.bulk_create(batch)


def main() -> None:
    call_command("migrate", verbosity=0)
    now = timezone.now()
    started = time.perf_counter()
    generate(now)
    print(
        f"{connection.vendor}: {User.objects.count():,} people, "
        f"{Notification.objects.count():,} notifications "
        f"(generated in {time.perf_counter() - started:.0f} s)"
    )
    started = time.perf_counter()
    made = build_digests(Frequency.WEEKLY, now)
    built = time.perf_counter() - started
    queued = DBTaskResult.objects.count()
    print(f"weekly digests built and queued: {made:,} digests, {queued:,} tasks in {built:.0f} s")
    started = time.perf_counter()
    again = build_digests(Frequency.WEEKLY, now)
    print(f"built again: {again} new, in {time.perf_counter() - started:.0f} s")
    sample = list(Digest.objects.order_by("pk").values_list("pk", flat=True)[:SENT_SAMPLE])
    started = time.perf_counter()
    for pk in sample:
        send_digest(pk)
    each = (time.perf_counter() - started) / len(sample) * 1000
    print(
        f"sending (e-mail backend {os.environ.get('EMAIL_BACKEND', 'default')}): {each:.0f} ms a digest"
    )


if __name__ == "__main__":
    main()
