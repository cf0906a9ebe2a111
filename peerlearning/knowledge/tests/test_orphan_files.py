"""A file stored for a resource whose row was rolled back afterwards (the change around it
failed) is removed by the daily `applyretention` once it is a day old; files that resources
name, and younger ones, stay."""

import os
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from peerlearning.accounts import audit
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.files import remove_orphan_files
from peerlearning.knowledge.models import Practice, Resource
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


def stored() -> set[str]:
    folder = Path(settings.MEDIA_ROOT) / "resources"
    return {path.name for path in folder.iterdir()} if folder.exists() else set()


@pytest.fixture
def practice():
    return Practice.objects.create(
        external_id="th-orphans",
        title="Orphans",
        summary="S",
        sources=[{"url": "https://example.org", "title": "R"}],
        created_by=make_user("author@test.example"),
    )


def attach(practice: Practice, title: str) -> Resource:
    assert practice.created_by is not None
    return knowledge_actions.attach_to_practice(
        practice,
        by=practice.created_by,
        title=title,
        kind="report",
        upload=SimpleUploadedFile("guide.txt", b"Report each week.", "text/plain"),
    )


def test_a_file_left_by_a_rolled_back_attachment_goes_after_a_day(practice, monkeypatch):
    kept = attach(practice, "Kept")
    assert stored() == {Path(str(kept.file.name)).name}

    real_record = audit.record

    def failing(by, action, *args, **kwargs):
        if action == "practice.attached":
            raise RuntimeError("the audit log is unavailable")
        return real_record(by, action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", failing)
    with pytest.raises(RuntimeError):
        attach(practice, "Rolled back")
    monkeypatch.undo()
    # The row is gone with the transaction; its file is still stored.
    assert list(Resource.objects.values_list("title", flat=True)) == ["Kept"]
    assert len(stored()) == 2
    (Path(settings.MEDIA_ROOT) / "elsewhere.txt").write_text("not a resource's")

    # Younger than a day: it may belong to a change not yet committed.
    assert remove_orphan_files() == 0
    assert len(stored()) == 2

    assert remove_orphan_files(now=timezone.now() + timedelta(days=2)) == 1
    assert stored() == {Path(str(kept.file.name)).name}
    assert Resource.objects.get().file.read() == b"Report each week."
    assert (Path(settings.MEDIA_ROOT) / "elsewhere.txt").exists()


def test_applyretention_removes_them_and_says_how_many(practice):
    attach(practice, "Kept")
    orphan = Path(settings.MEDIA_ROOT) / "resources" / "0b5d1c2e-orphan"
    orphan.write_bytes(b"left behind")
    old = (timezone.now() - timedelta(days=3)).timestamp()
    os.utime(orphan, (old, old))
    out = StringIO()
    call_command("applyretention", stdout=out)
    assert "stored files no resource names: 1 removed" in out.getvalue()
    assert not orphan.exists() and len(stored()) == 1


def test_without_any_resource_file_it_removes_nothing():
    assert remove_orphan_files(now=timezone.now() + timedelta(days=2)) == 0
