"""Digests: one e-mail a day or a week gathering what a person chose to hear of that often.

Building (`build_digests`, from the `senddigests` command) makes one `Digest` row a person and a
period that ended — the previous UTC day, or the previous ISO week — for whoever has
notifications not e-mailed yet, from before the period's end, of kinds they want at that
frequency; the row's uniqueness makes building again a no-op. Each new digest is sent by a
task (`send_digest_task`). Sending (`send_digest`) claims the digest with a conditional update,
reads again what the person may see now (an item made private since is left out; with nothing
left, nothing is sent), writes one e-mail in their language and marks what it told of as
e-mailed. A worker killed after sending and before marking leaves a claim that expires after
`LEASE`: the one digest in flight may then be sent twice, never any other.
"""

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone, translation
from django.utils.formats import date_format

from peerlearning import access
from peerlearning.accounts.models import User
from peerlearning.lib.mail import recipient_zone, send_message
from peerlearning.lib.translations import platform_language
from peerlearning.notifications.describe import RELATED, describe
from peerlearning.notifications.emails import unsubscribe_context
from peerlearning.notifications.models import DIRECT_KINDS, Digest, Frequency, Notification
from peerlearning.notifications.preferences import choices_of, frequencies

# How long a claim holds: a worker still sending after this long is taken for dead.
LEASE = dt.timedelta(minutes=15)
# How long a digest may wait in the task queue before it is taken for lost.
QUEUED_AT_MOST = dt.timedelta(days=1)
CHUNK = 5000
# The most notifications one digest tells of; the others wait for the next one.
ITEMS_AT_MOST = 200
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


@dataclass(frozen=True)
class Period:
    name: str  # "2026-11-30" or "2026-W48"
    start: dt.date
    cutoff: dt.datetime  # the end of the period, 00:00 UTC


def period_before(frequency: str, now: dt.datetime) -> Period:
    """The last period of this frequency that has ended at `now`: yesterday (UTC), or last
    ISO week (Monday to Sunday, UTC)."""
    today = now.astimezone(dt.UTC).date()
    if frequency == Frequency.DAILY:
        start = today - dt.timedelta(days=1)
        return Period(start.isoformat(), start, dt.datetime.combine(today, dt.time(), dt.UTC))
    if frequency == Frequency.WEEKLY:
        monday = today - dt.timedelta(days=today.weekday())
        start = monday - dt.timedelta(days=7)
        year, week, _day = start.isocalendar()
        return Period(f"{year}-W{week:02d}", start, dt.datetime.combine(monday, dt.time(), dt.UTC))
    raise ValueError(f"No digest is sent {frequency}")


# Building --------------------------------------------------------------------------------------


def _people_to_tell(frequency: str, cutoff: dt.datetime, leave_out: set[int]) -> set[int]:
    """Who has notifications not e-mailed yet, from before the cutoff, of a kind they want at
    this frequency: one query for the notifications, two for each kind and 5,000 people."""
    people_by_kind: dict[str, list[int]] = defaultdict(list)
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True, created_at__lt=cutoff, user__is_active=True
        )
        .values_list("kind", "user_id")
        .distinct()
    )
    for kind, user_id in pending.iterator(chunk_size=CHUNK):
        if user_id not in leave_out:
            people_by_kind[kind].append(user_id)
    people: set[int] = set()
    for kind, user_ids in people_by_kind.items():
        wanted = frequencies(user_ids, kind)
        people.update(pk for pk, chosen in wanted.items() if chosen == frequency)
    return people


def build_digests(frequency: str, now: dt.datetime | None = None) -> int:
    """Make the digests of the last ended period of this frequency and queue their sending
    (once each chunk is committed). Again for the same period: nothing new. Returns how many
    were made."""
    period = period_before(frequency, now or timezone.now())
    existing = set(
        Digest.objects.filter(frequency=frequency, period=period.name).values_list(
            "user_id", flat=True
        )
    )
    people = sorted(_people_to_tell(frequency, period.cutoff, existing))
    made = 0
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        with transaction.atomic():
            Digest.objects.bulk_create(
                [
                    Digest(
                        user_id=pk, frequency=frequency, period=period.name, cutoff=period.cutoff
                    )
                    for pk in chunk
                ],
                ignore_conflicts=True,  # another builder made some meanwhile
            )
            digest_ids = list(
                Digest.objects.filter(
                    frequency=frequency,
                    period=period.name,
                    user_id__in=chunk,
                    claimed_at__isnull=True,
                    sent_at__isnull=True,
                ).values_list("pk", flat=True)
            )
            transaction.on_commit(functools.partial(_queue, digest_ids))
        made += len(digest_ids)
    return made


def _queue(digest_ids: Iterable[int]) -> None:
    from peerlearning.notifications.tasks import send_digest_task

    for pk in digest_ids:
        send_digest_task.enqueue(pk)


def digests_to_rescue(lease: dt.timedelta = LEASE, now: dt.datetime | None = None) -> list[int]:
    """Digests not sent whose sending was lost: claimed by a worker that stopped (a claim
    older than the lease), or never claimed although their task should have run: after the
    lease without a task queue (the builder stopped before sending them), after a day in a
    queue (workers working through a long queue keep their digests)."""
    now = now or timezone.now()
    from peerlearning.notifications.tasks import send_digest_task

    queued = not isinstance(send_digest_task.get_backend(), ImmediateBackend)
    lost_in_queue = now - (max(lease, QUEUED_AT_MOST) if queued else lease)
    return list(
        Digest.objects.filter(sent_at__isnull=True)
        .filter(
            Q(claimed_at__lte=now - lease)
            | Q(claimed_at__isnull=True, created_at__lte=lost_in_queue)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# Sending ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    headline: str
    url: str


def _claim(digest_id: int, lease: dt.timedelta) -> dt.datetime | None:
    now = timezone.now()
    claimed = (
        Digest.objects.filter(pk=digest_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - lease))
        .update(claimed_at=now)
    )
    return now if claimed else None


def pending_for(digest: Digest) -> list[Notification]:
    """What the digest tells of, read now: the person's notifications not e-mailed yet, from
    before its cutoff, of the kinds they want at its frequency, whose item they may see now."""
    user = digest.user
    kinds = [kind for kind, chosen in choices_of(user).items() if chosen == digest.frequency]
    if not kinds:
        return []
    notifications = Notification.objects.filter(
        user=user, emailed_at__isnull=True, created_at__lt=digest.cutoff, kind__in=kinds
    )
    return list(
        access.notifications_to_email(notifications, user)
        .select_related(*RELATED)
        .order_by("created_at", "pk")[:ITEMS_AT_MOST]
    )


def period_start(digest: Digest) -> dt.date:
    days = 7 if digest.frequency == Frequency.WEEKLY else 1
    return digest.cutoff.astimezone(dt.UTC).date() - dt.timedelta(days=days)


def send_digest(digest_id: int, *, lease: dt.timedelta = LEASE) -> bool:
    """Send one digest unless it was sent or another worker holds it; returns whether an
    e-mail went out."""
    if _claim(digest_id, lease) is None:
        return False
    digest = Digest.objects.select_related("user").get(pk=digest_id)
    user = digest.user
    notifications = pending_for(digest) if user.is_active else []
    if notifications:
        _write(digest, user, notifications)
    sent_at = timezone.now()
    with transaction.atomic():
        # Only what the digest told: a notification told again since (its `created_at` moved
        # past the cutoff) waits for the next e-mail.
        Notification.objects.filter(
            pk__in=[n.pk for n in notifications],
            emailed_at__isnull=True,
            created_at__lt=digest.cutoff,
        ).update(emailed_at=sent_at)
        Digest.objects.filter(pk=digest.pk).update(sent_at=sent_at, items=len(notifications))
    return bool(notifications)


def _write(digest: Digest, user: User, notifications: list[Notification]) -> None:
    """One e-mail in the person's language, times in their zone: what concerns them, then
    what they follow, each a headline and an absolute link."""
    language = platform_language(user.preferred_language)
    zone = recipient_zone(user) or timezone.get_default_timezone()
    with translation.override(language), timezone.override(zone):
        concerns: list[Entry] = []
        follows: list[Entry] = []
        for notification in notifications:
            description = describe(notification)
            entry = Entry(description.headline, f"{settings.SITE_URL}{description.url}")
            (concerns if notification.kind in DIRECT_KINDS else follows).append(entry)
        context: dict[str, Any] = {
            "recipient": user,
            "digest": digest,
            "weekly": digest.frequency == Frequency.WEEKLY,
            # The period's first day, in the recipient's language (a week by its Monday).
            "date": date_format(period_start(digest), "DATE_FORMAT"),
            "count": len(notifications),
            "concerns": concerns,
            "follows": follows,
            **unsubscribe_context(user, ""),
        }
        headers = {**context.pop("email_headers"), "Content-Language": language}
        send_message(
            "notifications/email/digest", user.email, context, language=language, headers=headers
        )
