"""Digests: built once a period, sent once, in the recipient's language, of what they may see
when it is sent; a worker killed mid-run sends nobody a second digest but the one in flight."""

import datetime as dt
import email
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from peerlearning.accounts.models import User
from peerlearning.knowledge.models import Practice
from peerlearning.network.testing import network  # noqa: F401
from peerlearning.notifications import actions
from peerlearning.notifications.describe import describe
from peerlearning.notifications.digests import (
    build_digests,
    digests_to_rescue,
    period_before,
    send_digest,
)
from peerlearning.notifications.models import (
    Digest,
    EmailChoice,
    Frequency,
    Kind,
    Notification,
    UnsubscribeLink,
)


def tomorrow() -> dt.datetime:
    """Yesterday, seen from then, is today (read when the test runs: a suite that crosses
    midnight UTC does not move the day under a test)."""
    return timezone.now() + dt.timedelta(days=1)


def next_week() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=8)


def _choose(person, frequency, *kinds):
    for kind in kinds:
        EmailChoice.objects.update_or_create(
            user=person, kind=kind, defaults={"frequency": frequency}
        )


def _practice(external_id="new-practice", title="Reporting instead of holding"):
    return Practice.objects.create(
        external_id=external_id, title=title, summary="Weekly.", status="published", sources=[]
    )


def _digests_to(person):
    return [m for m in mail.outbox if m.to == [person.email]]


def test_it_names_the_period_that_ended():
    now = dt.datetime(2026, 12, 2, 10, 30, tzinfo=dt.UTC)  # a Wednesday
    daily = period_before(Frequency.DAILY, now)
    assert (daily.name, daily.cutoff) == ("2026-12-01", dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    weekly = period_before(Frequency.WEEKLY, now)
    assert (weekly.name, weekly.cutoff) == ("2026-W48", dt.datetime(2026, 11, 30, tzinfo=dt.UTC))
    # Just after midnight UTC the day that ended is the one before; in a zone ahead of UTC too.
    late = dt.datetime(2026, 1, 1, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    assert period_before(Frequency.DAILY, late).name == "2025-12-30"
    assert period_before(Frequency.WEEKLY, late).name == "2025-W52"


@pytest.mark.parametrize(("persona", "language"), [("public", "es"), ("member", "ar")])
def test_it_groups_everything_in_one_email_in_the_recipients_language(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
    persona,
    language,
):
    person = getattr(network, persona)
    assert person.preferred_language == language
    _choose(person, Frequency.DAILY, Kind.EXCHANGE_INVITATION, Kind.NEW_PRACTICE)
    practices = [_practice(f"p{n}", f"Practice number {n}") for n in range(2)]
    actions.notify(Kind.EXCHANGE_INVITATION, network.open_exchange, [person])
    for practice in practices:
        actions.notify(Kind.NEW_PRACTICE, practice, [person])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert build_digests(Frequency.DAILY, now=tomorrow()) == 1
    [message] = _digests_to(person)
    period = period_before(Frequency.DAILY, tomorrow())
    with translation.override(language):
        # The period's day in the recipient's language (Django's own month names).
        assert date_format(period.start, "DATE_FORMAT") in message.subject
        # The fixed text as the catalogue gives it (the English words until it is translated).
        for text in ("What concerns you", "What you follow"):
            assert gettext(text) in message.body
        headlines = [describe(n).headline for n in Notification.objects.filter(user=person)]
    with translation.override("en"):
        assert date_format(period.start, "DATE_FORMAT") not in message.subject
    assert len(headlines) == 3 and all(headline in message.body for headline in headlines)
    # What concerns the person comes first, then what they follow; every link is absolute.
    body = message.body
    with translation.override(language):
        assert body.index(gettext("What concerns you")) < body.index("Practice number 0")
    assert f"{settings.SITE_URL}/exchanges/asia-open/" in body
    assert f"{settings.SITE_URL}{practices[1].get_absolute_url()}" in body
    assert message.extra_headers["Content-Language"] == language
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL}/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The link stops all notification e-mails; only its hash is kept.
    link = UnsubscribeLink.objects.get(user=person)
    assert link.kind == "" and link.token_hash not in message.body
    assert not Notification.objects.filter(user=person, emailed_at__isnull=True).exists()
    digest = Digest.objects.get(user=person)
    assert (digest.items, digest.sent_at is not None) == (3, True)


def test_it_leaves_out_what_the_recipient_may_no_longer_see_when_it_is_sent(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    reader, other = network.community_member, network.public
    for person in (reader, other):
        _choose(person, Frequency.DAILY, Kind.NEW_PRACTICE)
    kept, hidden = _practice("kept", "The practice still published"), _practice("hidden", "Gone")
    actions.notify(Kind.NEW_PRACTICE, kept, [reader])
    actions.notify(Kind.NEW_PRACTICE, hidden, [reader, other])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert build_digests(Frequency.DAILY, now=tomorrow()) == 2
    # Between the event (and the building) and the sending, one practice goes back to draft.
    hidden.status = "draft"
    hidden.save()
    for callback in queued:
        callback()

    [message] = mail.outbox
    assert message.to == [reader.email]
    assert "The practice still published" in message.body  # the positive control
    assert "Gone" not in message.body
    # Nothing left for the other person: no e-mail, the digest done, the notification kept
    # (shown again, and e-mailed, if the practice is published again).
    assert Digest.objects.get(user=other).sent_at is not None
    assert Digest.objects.get(user=other).items == 0
    assert Notification.objects.filter(user=other, emailed_at__isnull=True).count() == 1
    assert Notification.objects.filter(user=reader, practice=hidden, emailed_at=None).exists()


def test_it_builds_once_and_sends_once(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.community_member
    _choose(person, Frequency.DAILY, Kind.NEW_PRACTICE)
    actions.notify(Kind.NEW_PRACTICE, _practice(), [person])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert build_digests(Frequency.DAILY, now=tomorrow()) == 1
        assert build_digests(Frequency.DAILY, now=tomorrow()) == 0
    digest = Digest.objects.get()
    assert send_digest(digest.pk) is False  # sent already
    assert send_digest(digest.pk, lease=dt.timedelta(0)) is False
    assert len(mail.outbox) == 1
    # The next day's digest tells of nothing new: none is made.
    with django_capture_on_commit_callbacks(execute=True):
        later = tomorrow() + dt.timedelta(days=1)
        assert build_digests(Frequency.DAILY, now=later) == 0
    assert Digest.objects.count() == 1 and len(mail.outbox) == 1


def test_it_takes_over_only_a_claim_older_than_the_lease(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person = network.community_member
    _choose(person, Frequency.DAILY, Kind.NEW_PRACTICE)
    actions.notify(Kind.NEW_PRACTICE, _practice(), [person])
    with django_capture_on_commit_callbacks(execute=False):
        build_digests(Frequency.DAILY, now=tomorrow())
    digest = Digest.objects.get()
    mail.outbox.clear()
    # A worker claimed it a minute ago and may still be sending: nobody else sends it.
    Digest.objects.update(claimed_at=timezone.now() - dt.timedelta(minutes=1))
    assert digests_to_rescue() == []
    assert send_digest(digest.pk) is False and mail.outbox == []
    # Claimed an hour ago and not sent: that worker stopped; the digest goes out, once.
    Digest.objects.update(claimed_at=timezone.now() - dt.timedelta(hours=1))
    assert digests_to_rescue() == [digest.pk]
    assert send_digest(digest.pk) is True
    assert send_digest(digest.pk, lease=dt.timedelta(0)) is False
    assert len(mail.outbox) == 1 and digests_to_rescue(dt.timedelta(0)) == []


def test_it_leaves_queued_digests_to_the_workers_for_a_day(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
    settings,
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    person = network.community_member
    _choose(person, Frequency.DAILY, Kind.NEW_PRACTICE)
    actions.notify(Kind.NEW_PRACTICE, _practice(), [person])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        build_digests(Frequency.DAILY, now=tomorrow())
    assert mail.outbox == []  # queued, for a worker
    digest = Digest.objects.get()
    Digest.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert digests_to_rescue() == []
    # A day in the queue: the task was lost (or no worker runs); the command sends it.
    Digest.objects.update(created_at=timezone.now() - dt.timedelta(days=1, minutes=1))
    assert digests_to_rescue() == [digest.pk]


def test_it_follows_each_persons_frequency(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    people = {
        Frequency.IMMEDIATELY: network.community_member,
        Frequency.DAILY: network.public,
        Frequency.WEEKLY: network.member,
        Frequency.NEVER: network.pseudonymous,
    }
    for frequency, person in people.items():
        _choose(person, frequency, Kind.NEW_PRACTICE)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify(Kind.NEW_PRACTICE, _practice(), people.values())
    assert [m.to for m in mail.outbox] == [[people[Frequency.IMMEDIATELY].email]]
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        build_digests(Frequency.DAILY, now=tomorrow())
    assert [m.to for m in mail.outbox] == [[people[Frequency.DAILY].email]]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        build_digests(Frequency.WEEKLY, now=next_week())
        build_digests(Frequency.DAILY, now=next_week())
    assert [m.to for m in mail.outbox] == [[people[Frequency.WEEKLY].email]]
    # Never: no e-mail, the notification still on the platform.
    never = people[Frequency.NEVER]
    assert not Digest.objects.filter(user=never).exists()
    assert Notification.objects.filter(user=never).exists()


def test_it_builds_without_a_query_a_person(
    network,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    practice = _practice()
    counts = []
    for many in (3, 30):
        people = User.objects.bulk_create(
            [User(email=f"reader-{many}-{n}@test.example") for n in range(many)]
        )
        EmailChoice.objects.bulk_create(
            [EmailChoice(user=p, kind=Kind.NEW_PRACTICE, frequency="daily") for p in people]
        )
        actions.notify(Kind.NEW_PRACTICE, practice, people)
        Digest.objects.all().delete()
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False) as queued,
        ):
            made = build_digests(Frequency.DAILY, now=tomorrow())
        counts.append(len(queries))
        assert made == Digest.objects.count() >= many and len(queued) == 1
    assert counts[0] == counts[1] > 0


# A worker killed mid-run -----------------------------------------------------------------------

# Enough that the worker is still sending when it has sent a few; few enough to stay quick.
READERS = 40


def _messages(folder: Path) -> list[email.message.Message]:
    found = []
    for path in sorted(folder.glob("*.log")) if folder.exists() else []:
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk))
    return found


def _senddigests(environment: dict[str, str], *arguments: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - a fixed command, this interpreter
        [sys.executable, "manage.py", "senddigests", *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.django_db(transaction=True)
def test_it_sends_nobody_a_second_digest_after_a_worker_is_killed(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("The worker runs on a copy of the SQLite test database")
    practice = _practice()
    readers = User.objects.bulk_create(
        [User(email=f"reader{n}@test.example") for n in range(READERS)]
    )
    EmailChoice.objects.bulk_create(
        [EmailChoice(user=p, kind=Kind.NEW_PRACTICE, frequency="daily") for p in readers]
    )
    two_days_ago = timezone.now() - dt.timedelta(days=2)
    Notification.objects.bulk_create(
        [
            Notification(
                user=p,
                kind=Kind.NEW_PRACTICE,
                key=f"k{p.pk}",
                practice=practice,
                created_at=two_days_ago,
            )
            for p in readers
        ]
    )
    # The worker's database: a file copy of this one, as it stands now.
    connection.ensure_connection()
    database = tmp_path / "peerlearning.sqlite3"
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    outbox = tmp_path / "mail"
    environment = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_URL_FILE"}},
        "DJANGO_SETTINGS_MODULE": "peerlearning.settings",
        "VAR_DIR": str(tmp_path),
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
    }

    worker = _senddigests(environment)
    deadline = time.monotonic() + 20
    while len(_messages(outbox)) < 5 and worker.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    before = len(_messages(outbox))
    assert 0 < before < READERS, "the worker must be killed while sending"

    again = _senddigests(environment, "--lease", "0")  # no other worker: any claim is free
    _out, errors = again.communicate(timeout=60)
    assert again.returncode == 0, errors.decode()
    received = Counter(message["To"] for message in _messages(outbox))
    assert set(received) == {p.email for p in readers}
    assert sum(count - 1 for count in received.values()) <= 1, received.most_common(2)
    with sqlite3.connect(database) as copy:
        (unsent,) = copy.execute("SELECT count(*) FROM notifications_digest WHERE sent_at IS NULL")
        assert unsent == (0,)
