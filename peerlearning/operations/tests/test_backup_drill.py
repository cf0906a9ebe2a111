"""The backup drill: a populated site is backed up, restored into an empty database and an empty
media folder, and compared table by table and file by file. Runs on SQLite and on PostgreSQL
(pg_dump and pg_restore), as CI runs the suite on both."""

import hashlib
import io
import tarfile
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from peerlearning.exchanges import actions as exchange_actions
from peerlearning.exchanges.models import Contribution, survey_marker
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge.models import Resource
from peerlearning.operations import backup

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD = b"Caseworkers met every family weekly; 94% stayed in the programme."


@pytest.fixture
def target(tmp_path):
    """An empty database beside the test database, dropped afterwards."""
    database = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        database["NAME"] = str(tmp_path / "restored.sqlite3")
        yield database
        return
    name = f"restore_drill_{uuid.uuid4().hex[:12]}"
    admin = backup._postgres_connect({**database, "NAME": "postgres"})
    admin.autocommit = True
    admin.execute(f'CREATE DATABASE "{name}"')
    database["NAME"] = name
    try:
        yield database
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def site(network, settings, tmp_path):
    """The test network, with a survey answer, a sealed contribution and an uploaded file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    exchange = network.exchange
    exchange_actions.answer_survey(
        exchange, network.community_member, overall=5, usefulness=4, trust=5, comment="Useful."
    )
    resource = Resource.objects.create(
        slug="drill-report", title="Drill report", kind="report", language="en"
    )
    resource.file.save(f"{resource.uuid}.txt", ContentFile(UPLOAD))
    return network


def _rows(database: dict, sql: str, *params) -> list[tuple]:
    connected = backup._connect(database)
    try:
        cursor = connected.cursor()
        placeholder = "?" if connection.vendor == "sqlite" else "%s"
        cursor.execute(sql.replace("%s", placeholder), params)
        return cursor.fetchall()
    finally:
        connected.close()


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(site, target, tmp_path):
    archive = tmp_path / "backups" / "drill.tar"
    made = backup.backup(archive)
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: its owner only
    assert made.manifest.tables["exchanges_contribution"]["rows"] >= 1
    assert len(made.manifest.media) == 1

    media = FileSystemStorage(location=tmp_path / "restored-media")
    done = backup.restore(archive, database=target, storage=media)
    assert done.differences == []

    # Read independently of the restore's own check: every table, row for row, and each file.
    live = connection.cursor()
    source_tables = backup.table_digests(live, connection.vendor)
    restored = backup._connect(target)
    try:
        restored_tables = backup.table_digests(restored.cursor(), connection.vendor)
    finally:
        restored.close()
    assert restored_tables == source_tables
    assert source_tables["accounts_user"]["rows"] >= 3  # control: the tables are not empty
    [name] = made.manifest.media
    assert hashlib.sha256(media.open(name).read()).hexdigest() == hashlib.sha256(UPLOAD).hexdigest()

    # The sealed authorship still gives the author their own contribution, and no one else.
    contribution = Contribution.objects.get(pk=site.contribution.pk)
    assert _rows(
        target,
        "SELECT author_id FROM exchanges_sealedauthorship WHERE contribution_id = %s",
        contribution.pk,
    ) == [(site.community_member.pk,)]
    # The survey still knows who answered (they may not answer twice) under the same key.
    marker = survey_marker(site.exchange.pk, site.community_member.pk)
    assert _rows(
        target,
        "SELECT COUNT(*) FROM exchanges_surveysubmission WHERE exchange_id = %s AND marker = %s",
        site.exchange.pk,
        marker,
    ) == [(1,)]


def test_a_restore_under_another_secret_key_refuses_and_writes_nothing(
    site, target, tmp_path, settings
):
    archive = tmp_path / "drill.tar"
    backup.backup(archive)
    media = FileSystemStorage(location=tmp_path / "restored-media")
    settings.SECRET_KEY = "another-site-key-" + "x" * 40
    with pytest.raises(backup.BackupError, match="another SECRET_KEY"):
        backup.restore(archive, database=target, storage=media)
    assert not backup._has_tables(target)
    assert list(backup._stored_files(media)) == []


def test_a_restore_refuses_a_database_or_media_folder_that_is_not_empty(site, target, tmp_path):
    archive = tmp_path / "drill.tar"
    backup.backup(archive)
    media = FileSystemStorage(location=tmp_path / "restored-media")
    assert backup.restore(archive, database=target, storage=media).differences == []  # control
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(archive, database=target, storage=media)
    fresh = FileSystemStorage(location=tmp_path / "other-media")
    with pytest.raises(backup.BackupError, match="not empty"):
        backup.restore(archive, database=target, storage=fresh)  # the database still is full


def _copy_changing(archive: Path, copy: Path, change) -> None:
    """A copy of the archive with `change(name, data) -> data` applied to each member."""
    with tarfile.open(archive) as source, tarfile.open(copy, "w") as written:
        for member in source.getmembers():
            handle = source.extractfile(member)
            assert handle is not None
            data = change(member.name, handle.read())
            member.size = len(data)
            written.addfile(member, io.BytesIO(data))


def test_an_archive_changed_after_the_backup_is_refused_before_anything_is_written(
    site, target, tmp_path
):
    archive = tmp_path / "drill.tar"
    made = backup.backup(archive)
    [name] = made.manifest.media
    media = FileSystemStorage(location=tmp_path / "restored-media")
    changes = {
        "a file": lambda member, data: (
            data.replace(b"94%", b"49%") if member == f"media/{name}" else data
        ),
        "the manifest": lambda member, data: (
            data.replace(b'"rows": 1', b'"rows": 2') if member == "manifest.json" else data
        ),
        "the database": lambda member, data: (
            data + b"\0" if member.startswith("database.") else data
        ),
    }
    for what, change in changes.items():
        tampered = tmp_path / f"tampered-{len(what)}.tar"
        _copy_changing(archive, tampered, change)
        with pytest.raises(backup.BackupError, match="manifest"):
            backup.restore(tampered, database=target, storage=media)
        assert not backup._has_tables(target), what
        assert list(backup._stored_files(media)) == [], what
    # Control: the archive as it was made restores.
    assert backup.restore(archive, database=target, storage=media).differences == []


def test_no_session_is_in_the_archive(site, target, tmp_path, client):
    """A stolen archive must not open anyone's signed-in session (an administrator's)."""
    client.force_login(site.administrator)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_session")
        assert cursor.fetchone()[0] >= 1  # control: someone is signed in
    archive = tmp_path / "drill.tar"
    made = backup.backup(archive)
    assert made.manifest.tables["django_session"]["rows"] == 0
    backup.restore(archive, database=target, storage=FileSystemStorage(location=tmp_path / "m"))
    assert _rows(target, "SELECT COUNT(*) FROM django_session") == [(0,)]
    assert _rows(target, "SELECT COUNT(*) FROM accounts_user") != [(0,)]  # control


def test_the_commands_back_up_and_refuse_to_restore_over_the_site(site, tmp_path, settings):
    out_folder = tmp_path / "nightly"
    out_folder.mkdir()
    printed = StringIO()
    call_command("backup", str(out_folder), stdout=printed)
    [archive] = out_folder.glob("peerlearning-*.tar")
    assert f"{archive}:" in printed.getvalue() and "Keep SECRET_KEY" in printed.getvalue()
    assert backup.read_manifest(archive).media  # the uploaded file is in it
    # The site's own database is full: the command refuses rather than mix two states.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
    assert default_storage.exists(next(iter(backup.read_manifest(archive).media)))


def test_something_that_is_not_a_backup_is_refused_by_name(tmp_path):
    fake = tmp_path / "notes.tar"
    fake.write_bytes(b"not a tar at all")
    with pytest.raises(backup.BackupError, match="is not a backup"):
        backup.read_manifest(fake)


def test_a_row_changed_after_the_restore_is_named_by_its_table(site, target, tmp_path):
    archive = tmp_path / "drill.tar"
    made = backup.backup(archive)
    media = FileSystemStorage(location=tmp_path / "restored-media")
    assert backup.restore(archive, database=target, storage=media).differences == []  # control
    restored = backup._connect(target)
    try:
        restored.cursor().execute("UPDATE network_country SET m49_region = '999' WHERE code = 'TH'")
        restored.commit()
    finally:
        restored.close()
    rows = made.manifest.tables["network_country"]["rows"]
    assert backup.compare(made.manifest, target, media) == [
        f"table network_country: {rows} row(s) read back, {rows} saved, with other values"
    ]


def test_a_file_deleted_while_the_backup_copies_is_left_out_and_the_rest_restore(
    site, target, tmp_path, monkeypatch
):
    """Files are listed, then copied one by one: one deleted in between is left out, and every
    other file is still archived under its own name (a gap once shifted the next files onto
    the wrong names, and the restore refused the archive)."""
    for letter in "abc":
        default_storage.save(f"resources/{letter}-later.txt", ContentFile(letter.encode() * 10))
    gone = "resources/a-later.txt"
    real_open = default_storage.open

    def open_after_delete(name, mode="rb"):
        if name == gone:
            default_storage.delete(gone)
        return real_open(name, mode)

    monkeypatch.setattr(default_storage, "open", open_after_delete)
    archive = tmp_path / "backups" / "gap.tar"
    made = backup.backup(archive)
    monkeypatch.undo()
    assert gone not in made.manifest.media
    assert len(made.manifest.media) == 3  # the drill's upload, b and c

    media = FileSystemStorage(location=tmp_path / "restored-media")
    assert backup.restore(archive, database=target, storage=media).differences == []
    assert media.open("resources/b-later.txt").read() == b"b" * 10
    assert media.open("resources/c-later.txt").read() == b"c" * 10


def _lost_already() -> list[str]:
    """Files rows name that this test's media folder does not hold (the shared test world's
    resources were stored elsewhere): lost before any backup, like a site's lost files."""
    named = Resource.objects.exclude(file="").values_list("file", flat=True)
    return sorted(name for name in named if not default_storage.exists(name))


def _deleted_when_copied(site, monkeypatch) -> str:
    """A stored resource, deleted (row, then file) when the backup comes to copy its file."""
    resource = Resource.objects.create(slug="deleted-meanwhile", title="Gone", kind="report")
    resource.file.save(f"{resource.uuid}.txt", ContentFile(b"deleted while backed up"))
    doomed = str(resource.file.name)
    real_open = default_storage.open

    def open_while_deleted(name, mode="rb"):
        if name == doomed and Resource.objects.filter(pk=resource.pk).exists():
            knowledge_actions.delete_resource(resource, by=site.facilitator)
        return real_open(name, mode)

    monkeypatch.setattr(default_storage, "open", open_while_deleted)
    return doomed


def test_a_resource_deleted_while_the_backup_copies_is_backed_up_again_without_it(
    site, target, tmp_path, monkeypatch
):
    """The database is copied first, then the files: a resource deleted in between leaves a row
    that names a file the archive does not hold. The backup sees it and is made again, and the
    archive restores as the site now is: without the resource, and no row naming a lost file."""
    lost = _lost_already()
    doomed = _deleted_when_copied(site, monkeypatch)
    archive = tmp_path / "backups" / "race.tar"
    made = backup.backup(archive)
    monkeypatch.undo()
    assert not default_storage.exists(doomed)
    assert doomed not in made.manifest.media
    assert made.missing_files == lost  # only those lost before, not the one deleted meanwhile

    media = FileSystemStorage(location=tmp_path / "restored-media")
    assert backup.restore(archive, database=target, storage=media).differences == []
    assert (
        _rows(target, "SELECT slug FROM knowledge_resource WHERE slug = %s", "deleted-meanwhile")
        == []
    )
    named = {
        name
        for (name,) in _rows(target, "SELECT file FROM knowledge_resource WHERE file <> %s", "")
    }
    assert doomed not in named
    # Control: the drill's own upload, named by its row, is restored with it.
    [upload] = made.manifest.media
    assert upload in named and media.exists(upload)


def test_one_backup_alone_would_name_the_deleted_file(site, tmp_path, monkeypatch):
    """Control for the test above: a single backup's rows name the file the deletion took away,
    and it says so, which is what makes the backup run again."""
    doomed = _deleted_when_copied(site, monkeypatch)
    once = backup._backup_once(tmp_path / "once.tar", alias="default", storage=default_storage)
    assert doomed in once.missing_files
    assert doomed not in once.manifest.media


def test_a_file_lost_before_the_backup_is_named_and_the_rest_is_kept(site, tmp_path):
    """A row naming a file that was gone before the backup began: the same in two backups in a
    row, so the archive is kept as the site is, and the command names the lost file."""
    Resource.objects.create(
        slug="lost-file", title="Lost", kind="report", file="resources/never-there.txt"
    )
    lost = _lost_already()
    assert "resources/never-there.txt" in lost
    printed, warned = StringIO(), StringIO()
    call_command("backup", str(tmp_path / "lost.tar"), stdout=printed, stderr=warned)
    assert "Keep SECRET_KEY" in printed.getvalue()
    assert f"{len(lost)} file(s) named by the database" in warned.getvalue()
    assert all(name in warned.getvalue() for name in lost)
    assert backup.read_manifest(tmp_path / "lost.tar").media  # the drill's upload is kept


def test_files_that_keep_disappearing_stop_the_backup(site, tmp_path, monkeypatch):
    """A different file gone at each attempt: no archive is kept that names files it lacks."""
    made: list[int] = []
    real = backup._backup_once

    def each_time_another(*args, **kwargs):
        outcome = real(*args, **kwargs)
        made.append(1)
        outcome.missing_files = [*outcome.missing_files, f"resources/gone-{len(made)}"]
        return outcome

    monkeypatch.setattr(backup, "_backup_once", each_time_another)
    archive = tmp_path / "backups" / "never.tar"
    with pytest.raises(backup.BackupError, match="disappearing"):
        backup.backup(archive)
    assert len(made) == backup.ATTEMPTS
    # No archive is left that a restore or the nightly rotation would take for a backup.
    assert not archive.exists()
    assert list(archive.parent.iterdir()) == []  # nor any work folder beside it
