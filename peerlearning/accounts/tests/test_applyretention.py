"""`manage.py applyretention`: closed accounts' remaining traces, then old audit entries, go
after their periods; active accounts and what was written for others stay."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from peerlearning.accounts import retention
from peerlearning.accounts.actions import close_account
from peerlearning.accounts.models import AuditEntry, User
from peerlearning.accounts.retention import DELETED, DETACHED, KEPT
from peerlearning.accounts.tests.rows import count_for, give_rows
from peerlearning.exchanges.models import Contribution
from peerlearning.knowledge.models import Practice
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

PERIOD = 90


def run() -> str:
    out = StringIO()
    call_command("applyretention", stdout=out)
    return out.getvalue()


def closed_days_ago(email: str, days: int) -> User:
    """A closed account with a row in every table that points to a person: closing removed
    some, and any left (or made since) is what retention must deal with."""
    person = make_user(email)
    close_account(person)
    User.objects.filter(pk=person.pk).update(closed_at=timezone.now() - timedelta(days=days))
    give_rows(person)
    return person


@pytest.fixture
def periods(settings):
    settings.CLOSED_ACCOUNT_RETENTION_DAYS = PERIOD
    settings.AUDIT_RETENTION_DAYS = 0


def test_it_removes_a_closed_accounts_traces_after_the_period_and_nothing_else(network, periods):
    due = closed_days_ago("due@test.example", PERIOD + 1)
    recent = closed_days_ago("recent@test.example", PERIOD - 1)
    active = make_user("active@test.example", two_factor=True)
    give_rows(active)
    due_before = count_for(due)
    recent_before, active_before = count_for(recent), count_for(active)
    contributions = set(Contribution.objects.values_list("pk", flat=True))
    practices = Practice.objects.count()
    assert all(due_before.values()), "a field without a row would prove nothing"

    printed = run()

    after = count_for(due)
    for label in DELETED | DETACHED:
        assert after[label] == 0, label
    for label in KEPT:
        assert after[label] == due_before[label], label
    assert "exchanges.SealedAuthorship.author: 1 removed" in printed
    # One day short of the period, or still open: untouched.
    assert count_for(recent) == recent_before
    assert count_for(active) == active_before
    # What was written stays, no longer pointing to anyone.
    assert set(Contribution.objects.values_list("pk", flat=True)) == contributions
    assert Practice.objects.count() == practices
    assert User.objects.filter(pk=due.pk, is_active=False).exists()


def test_running_it_again_removes_nothing_more(network, periods):
    closed_days_ago("due@test.example", PERIOD + 1)
    first = run()
    assert "removed" in first
    assert run().endswith("Nothing to remove\n")


def test_it_removes_audit_entries_older_than_the_audit_period(db, settings):
    settings.AUDIT_RETENTION_DAYS = 30
    person = make_user("actor@test.example")
    now = timezone.now()
    old = AuditEntry.objects.create(actor=person, action="old", created_at=now - timedelta(31))
    kept = AuditEntry.objects.create(actor=person, action="kept", created_at=now - timedelta(29))
    old_log = LogEntry.objects.create(
        user=person, object_repr="old", action_flag=ADDITION, action_time=now - timedelta(31)
    )
    kept_log = LogEntry.objects.create(
        user=person, object_repr="kept", action_flag=ADDITION, action_time=now - timedelta(29)
    )
    printed = run()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()
    assert not LogEntry.objects.filter(pk=old_log.pk).exists()
    assert LogEntry.objects.filter(pk=kept_log.pk).exists()
    assert "accounts.AuditEntry (older than the audit period): 1 removed" in printed


def test_a_period_of_zero_keeps_for_ever(network, settings):
    settings.CLOSED_ACCOUNT_RETENTION_DAYS = 0
    settings.AUDIT_RETENTION_DAYS = 0
    person = closed_days_ago("long-ago@test.example", 3650)
    AuditEntry.objects.create(action="ancient", created_at=timezone.now() - timedelta(3650))
    before = count_for(person)
    assert run().endswith("Nothing to remove\n")
    assert count_for(person) == before
    assert AuditEntry.objects.filter(action="ancient").exists()


def test_a_run_that_fails_removes_nothing(network, periods, monkeypatch):
    person = closed_days_ago("due@test.example", PERIOD + 1)
    before = count_for(person)
    # The last field walked has no decision any more: the fields before it were cleared when
    # the run stops, and must come back.
    labels = [retention.field_label(m, f.name) for m, f in retention.fields_pointing_to_people()]
    last = next(label for label in reversed(labels) if label not in KEPT)
    monkeypatch.setattr(retention, "DELETED", DELETED - {last})
    monkeypatch.setattr(retention, "DETACHED", DETACHED - {last})
    with pytest.raises(ImproperlyConfigured, match=last):
        run()
    assert count_for(person) == before
    monkeypatch.undo()
    run()
    assert count_for(person) != before  # the same run, decided, removes


def test_after_retention_reading_the_author_says_nobody_can_be_named_and_is_recorded(
    network, periods
):
    """The author closed their account long ago: the sealed row is gone. The administrator's
    audited reading is still recorded and says so, where it failed with an error before."""
    from peerlearning.network.testing import client_for

    contribution = network.contribution
    url = f"/exchanges/{contribution.exchange.slug}/contributions/{contribution.uuid}/author/"
    reason = {"reason": "A complaint of abuse was received about this."}
    admin = client_for(network.administrator)
    named = admin.post(url, reason).content.decode()
    assert network.community_member.public_name in named  # control: named before
    close_account(network.community_member)
    User.objects.filter(pk=network.community_member.pk).update(
        closed_at=timezone.now() - timedelta(days=PERIOD + 1)
    )
    run()
    response = admin.post(url, reason)
    assert response.status_code == 200
    assert "Nobody can be named" in response.content.decode()
    assert AuditEntry.objects.filter(action="contribution.author_read").count() == 2
