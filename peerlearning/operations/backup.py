"""Backups that restore.

One archive (a .tar) holds the database, every uploaded file and a manifest. The manifest
names, for each table, its number of rows and a digest of them, and for each file its SHA-256,
all read from the very state the database copy holds. A restore goes into an empty database
only, then reads everything back and compares it with the manifest: a restore that does not
give back what was saved says so and fails.

- SQLite: the online backup API copies the database while the site runs.
- PostgreSQL: `pg_dump` (custom format) reads a snapshot exported by a read-only transaction,
  and the digests are read in that same transaction, so they describe what the dump holds.
  `pg_restore` writes it back in one transaction.

The site's SECRET_KEY is not in the archive: the survey's markers are keyed hashes made with it
(`exchanges.models.survey_marker`), which a copy of the database alone must not be able to turn
back into names. The key is kept beside the backups, apart (docs/deploy.md). The manifest holds
a keyed check of it, and a restore under another key refuses: there, every person who answered
a survey could answer again, and nobody could tell which answers were theirs.
"""

import hashlib
import hmac
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections, models
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA = "media"
KEY_CHECK_MESSAGE = b"peerlearning backup: the key the survey markers are made with"
SIGNING_SALT = b"peerlearning backup: manifest signature"
CHUNK = 1 << 20
# Tables whose rows are never saved: signed-in sessions (a stolen archive would otherwise open
# them, an administrator's included) and the cache (throttle counts, nothing to keep).
WITHOUT_ROWS = ("django_session", "cache")
TEMPORARY_UPLOAD = ".upload-"  # lib/storage.py writes uploads under this prefix first


class BackupError(Exception):
    """What stops a backup or a restore, in words for the operator."""


@dataclass
class Manifest:
    format: int
    created_at: str
    vendor: str
    key_check: str
    migrations: dict[str, str]
    tables: dict[str, dict[str, Any]]  # name → {"rows": n, "digest": hex}
    media: dict[str, str]  # storage name → SHA-256
    dump: str  # SHA-256 of the database member

    @classmethod
    def read(cls, data: bytes) -> "Manifest":
        try:
            fields = json.loads(data)
            return cls(**{name: fields[name] for name in cls.__dataclass_fields__})
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(f"The archive's manifest cannot be read: {error}") from None


@dataclass
class Outcome:
    """What a backup or a restore did."""

    path: Path
    manifest: Manifest
    differences: list[str] = field(default_factory=list)
    # Files the database names that the media folder did not hold, in two backups one after
    # the other: lost before the backup began, not deleted while it ran (see `backup`).
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(table["rows"] for table in self.manifest.tables.values())


def key_check(secret_key: str) -> str:
    """A keyed hash that tells whether two sites share a SECRET_KEY without revealing it."""
    return hmac.new(secret_key.encode(), KEY_CHECK_MESSAGE, hashlib.sha256).hexdigest()


def signature(manifest_bytes: bytes, secret_key: str) -> str:
    """The manifest signed with a key drawn from SECRET_KEY: an archive changed by whoever can
    write where backups are kept (rows planted, a file swapped) is refused before restoring."""
    key = hmac.new(secret_key.encode(), SIGNING_SALT, hashlib.sha256).digest()
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


# Reading a database ---------------------------------------------------------------------------


def _vendor(database: dict[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {engine}.")


def _tables(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return sorted(row[0] for row in cursor.fetchall())


def _rows_as_text(cursor: Any, vendor: str, table: str) -> None:
    """Select each row as text written by the database itself (SQLite's quote(), PostgreSQL's
    row literal): the same whatever the driver converts values into."""
    if vendor == "sqlite":
        cursor.execute(f'PRAGMA table_info("{table}")')
        columns = ", ".join(f'quote("{row[1]}")' for row in cursor.fetchall())
        cursor.execute(f'SELECT {columns} FROM "{table}"')  # noqa: S608 - names the catalogue gave
    else:
        cursor.execute(f'SELECT "{table}"::text FROM "{table}"')  # noqa: S608


def table_digests(cursor: Any, vendor: str) -> dict[str, dict[str, Any]]:
    """Each table's number of rows and a digest of its rows in any order (the sum of the rows'
    SHA-256, modulo 2^256): the same rows give the same digest however they are stored."""
    found = {}
    for table in _tables(cursor, vendor):
        total, rows = 0, 0
        if table in WITHOUT_ROWS:
            found[table] = {"rows": 0, "digest": f"{0:064x}"}
            continue
        _rows_as_text(cursor, vendor, table)
        while batch := cursor.fetchmany(2000):
            for row in batch:
                text = "\x1f".join("\x00" if value is None else str(value) for value in row)
                total = (total + int.from_bytes(hashlib.sha256(text.encode()).digest())) % (
                    1 << 256
                )
                rows += 1
        found[table] = {"rows": rows, "digest": f"{total % (1 << 256):064x}"}
    return found


# Connection options of DATABASE_URL that pg_dump, pg_restore and psycopg must keep (TLS above
# all), with the environment variable libpq reads each from.
POSTGRES_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
}


def _postgres_options(database: dict[str, Any]) -> dict[str, str]:
    given = database.get("OPTIONS") or {}
    return {name: str(given[name]) for name in POSTGRES_OPTIONS if given.get(name)}


def _postgres_environment(database: dict[str, Any]) -> dict[str, str]:
    import os

    environment = dict(os.environ)
    for name, value in _postgres_options(database).items():
        environment[POSTGRES_OPTIONS[name]] = value
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _postgres_connect(database: dict[str, Any]) -> Any:
    import psycopg

    try:
        return psycopg.connect(
            dbname=database["NAME"],
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            **_postgres_options(database),  # type: ignore[arg-type]
        )
    except psycopg.OperationalError as error:
        raise BackupError(f"PostgreSQL database {database['NAME']}: {error}") from None


def _run(command: list[str], environment: dict[str, str]) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client of the server's "
            "version (Debian: postgresql-client)."
        )
    done = subprocess.run(  # noqa: S603 - our own arguments, no shell
        [tool, *command[1:]], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def _migrations(cursor: Any) -> dict[str, str]:
    table = MigrationRecorder.Migration._meta.db_table
    cursor.execute(f'SELECT app, name FROM "{table}" ORDER BY id')  # noqa: S608
    return dict(cursor.fetchall())


# Media ----------------------------------------------------------------------------------------


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every file field of every model."""
    return [
        (model._meta.db_table, column.column)
        for model in apps.get_models()
        for column in model._meta.concrete_fields
        if isinstance(column, models.FileField) and column.column
    ]


def _named_files(cursor: Any) -> set[str]:
    """The stored files the database names, as the copy holds it."""
    named: set[str] = set()
    for table, column in _file_columns():
        cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')  # noqa: S608 - our own names
        named.update(row[0] for row in cursor.fetchall())
    return named


def _stored_files(storage: Storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        if name.startswith(TEMPORARY_UPLOAD):
            continue  # an upload being written: not a file yet
        yield str(PurePosixPath(folder, name)) if folder else name
    for sub in sorted(folders):
        yield from _stored_files(storage, str(PurePosixPath(folder, sub)) if folder else sub)


def _sha256(handle: Any) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def media_digests(storage: Storage) -> dict[str, str]:
    found = {}
    for name in _stored_files(storage):
        with storage.open(name, "rb") as handle:
            found[name] = _sha256(handle)
    return found


# Backup ---------------------------------------------------------------------------------------


ATTEMPTS = 3


def backup(
    destination: Path, *, alias: str = "default", storage: Storage = default_storage
) -> Outcome:
    """Write the archive to `destination` (a file; written beside it, then moved in place,
    readable by its owner only).

    The database is copied first, then the files one by one, while the site runs. A file
    deleted in between (a resource deleted or given a new file) would restore as a row that
    names no file: when files the copy names are not among those copied, the backup is made
    again, up to `ATTEMPTS` times. The same files missing twice in a row were lost before the
    backup began: the archive is kept as the site is, and `missing_files` names them."""
    missing: list[str] | None = None
    for _attempt in range(ATTEMPTS):
        made = _backup_once(destination, alias=alias, storage=storage)
        if not made.missing_files or made.missing_files == missing:
            return made
        missing = made.missing_files
    # The last attempt's archive names files it does not hold: not left where a restore or the
    # nightly rotation would take it for a backup.
    made.path.unlink(missing_ok=True)
    raise BackupError(
        "Files kept disappearing while the backup copied them ("
        + ", ".join(made.missing_files)
        + "): the archive would name files it does not hold. Run the backup again when "
        "fewer resources are being changed."
    )


def _backup_once(destination: Path, *, alias: str, storage: Storage) -> Outcome:
    database = connections[alias].settings_dict
    vendor = _vendor(database)
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        folder = Path(work)
        if vendor == "sqlite":
            dump = folder / SQLITE_MEMBER
            source = connections[alias]
            source.ensure_connection()
            copy = sqlite3.connect(dump)
            try:
                source.connection.backup(copy)
                for table in WITHOUT_ROWS:
                    copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 - our own names
                copy.commit()
                copy.execute("VACUUM")  # no page keeps what was deleted
                cursor = copy.cursor()
                tables, migrations = table_digests(cursor, vendor), _migrations(cursor)
                named = _named_files(cursor)
            finally:
                copy.close()
        else:
            dump = folder / POSTGRES_MEMBER
            with _postgres_connect(database) as snapshot:
                cursor = snapshot.cursor()
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot_id,) = cursor.fetchone()
                _run(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--snapshot={snapshot_id}",
                        *(f"--exclude-table-data={table}" for table in WITHOUT_ROWS),
                        f"--file={dump}",
                    ],
                    _postgres_environment(database),
                )
                tables, migrations = table_digests(cursor, vendor), _migrations(cursor)
                named = _named_files(cursor)
                snapshot.rollback()
        # Each file is copied once, and hashed as copied: the manifest describes the very bytes
        # the archive holds, even if the file changes meanwhile.
        # A file deleted since it was listed is left out; each copy keeps the number it was
        # written under, so that a gap does not shift the next files onto other names.
        media: dict[str, str] = {}
        copied_as: dict[str, Path] = {}
        copies = folder / "media"
        copies.mkdir()
        for number, name in enumerate(_stored_files(storage)):
            try:
                source_file = storage.open(name, "rb")
            except FileNotFoundError:
                continue
            copy_path = copies / str(number)
            with source_file, copy_path.open("wb") as copied:
                digest = hashlib.sha256()
                while chunk := source_file.read(CHUNK):
                    digest.update(chunk)
                    copied.write(chunk)
            media[name] = digest.hexdigest()
            copied_as[name] = copy_path
        with dump.open("rb") as handle:
            dump_digest = _sha256(handle)
        manifest = Manifest(
            format=FORMAT,
            created_at=timezone.now().isoformat(),
            vendor=vendor,
            key_check=key_check(settings.SECRET_KEY),
            migrations=migrations,
            tables=tables,
            media=media,
            dump=dump_digest,
        )
        manifest_bytes = json.dumps(manifest.__dict__, indent=1).encode()
        partial = folder / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, manifest_bytes)
            _add_bytes(archive, SIGNATURE, signature(manifest_bytes, settings.SECRET_KEY).encode())
            archive.add(dump, arcname=dump.name)
            for name in media:
                archive.add(copied_as[name], arcname=str(PurePosixPath(MEDIA, name)))
        partial.chmod(0o600)
        partial.replace(destination)
    return Outcome(destination, manifest, missing_files=sorted(named - set(media)))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


# Restore --------------------------------------------------------------------------------------


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    handle = archive.extractfile(name)
    if handle is None:
        raise KeyError(name)
    return handle.read()


def read_manifest(path: Path) -> Manifest:
    try:
        with tarfile.open(path, "r") as archive:
            return Manifest.read(_member(archive, MANIFEST))
    except (OSError, tarfile.TarError, KeyError) as error:
        raise BackupError(f"{path} is not a backup of this platform: {error}") from None


def _verified_manifest(path: Path) -> Manifest:
    """The manifest, once its key check and signature hold under this site's SECRET_KEY."""
    manifest = read_manifest(path)
    if not hmac.compare_digest(manifest.key_check, key_check(settings.SECRET_KEY)):
        raise BackupError(
            "This backup was made under another SECRET_KEY. Set SECRET_KEY (or SECRET_KEY_FILE) "
            "to the key kept with the backups, then restore: under another key every survey "
            "answer would lose who may not answer twice."
        )
    with tarfile.open(path, "r") as archive:
        try:
            written, signed = _member(archive, MANIFEST), _member(archive, SIGNATURE).decode()
        except (KeyError, UnicodeDecodeError):
            raise BackupError("The archive's manifest is not signed: it is refused.") from None
    if not hmac.compare_digest(signed, signature(written, settings.SECRET_KEY)):
        raise BackupError("The archive's manifest was changed after the backup: it is refused.")
    return manifest


def _media_members(archive: tarfile.TarFile, manifest: Manifest) -> dict[str, tarfile.TarInfo]:
    """Every file of the archive's media folder, checked before anything is written: a plain
    file, under a plain relative name, listed in the (signed) manifest with these very bytes,
    and each listed file there."""
    found: dict[str, tarfile.TarInfo] = {}
    for info in archive.getmembers():
        name = PurePosixPath(info.name)
        if name.parts[:1] != (MEDIA,):
            continue
        stored = str(name.relative_to(MEDIA))
        if (
            not info.isfile()
            or name.is_absolute()
            or ".." in name.parts
            or stored not in manifest.media
        ):
            raise BackupError(f"The archive holds {info.name}, which its manifest does not list.")
        found[stored] = info
    missing = sorted(set(manifest.media) - set(found))
    if missing:
        raise BackupError(f"The archive lacks file(s) its manifest lists: {', '.join(missing[:5])}")
    for stored, info in found.items():
        handle = archive.extractfile(info)
        if handle is None or not hmac.compare_digest(_sha256(handle), manifest.media[stored]):
            raise BackupError(f"The archive's file {stored} is not the one its manifest signed.")
    return found


def restore(
    path: Path, *, database: dict[str, Any] | None = None, storage: Storage = default_storage
) -> Outcome:
    """Restore the archive into `database` (the site's by default), which must be empty, and
    the files into `storage`, which must hold none; then read both back and compare them with
    the manifest. Refused, before anything is written, under another SECRET_KEY, for an archive
    changed since it was made, or for a database or media folder that is not empty."""
    manifest = _verified_manifest(path)
    database = database or connections["default"].settings_dict
    vendor = _vendor(database)
    if manifest.format != FORMAT:
        raise BackupError(
            f"This archive has format {manifest.format}; this version reads {FORMAT}."
        )
    if manifest.vendor != vendor:
        raise BackupError(
            f"This archive holds a {manifest.vendor} database; restore it onto {manifest.vendor}."
        )
    if _has_tables(database):
        raise BackupError(
            f"The database {database['NAME']} is not empty. Restore into a new, empty database "
            "(PostgreSQL: createdb; SQLite: a path with no file), then point the site at it."
        )
    if next(_stored_files(storage), None) is not None:
        raise BackupError("The media folder is not empty: restore into an empty one.")
    with (
        tempfile.TemporaryDirectory(prefix="peerlearning-restore-") as work,
        tarfile.open(path, "r") as archive,
    ):
        files = _media_members(archive, manifest)
        member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
        try:
            archive.extract(member, work, filter="data")
        except KeyError:
            raise BackupError(f"The archive has no {member}.") from None
        dump = Path(work) / member
        with dump.open("rb") as handle:
            if not hmac.compare_digest(_sha256(handle), manifest.dump):
                raise BackupError(f"The archive's {member} is not the one its manifest signed.")
        connections.close_all()  # the site's own connection, when restoring into its database
        if vendor == "sqlite":
            source, target = sqlite3.connect(dump), sqlite3.connect(database["NAME"])
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        else:
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={database['NAME']}",
                    str(dump),
                ],
                _postgres_environment(database),
            )
        for stored_name, info in files.items():
            member_file = archive.extractfile(info)
            assert member_file is not None  # noqa: S101 - a plain file, checked above
            saved = storage.save(stored_name, File(member_file, name=stored_name))
            if saved != stored_name:
                raise BackupError(f"The file {stored_name} was stored as {saved}.")
    return Outcome(path, manifest, differences=compare(manifest, database, storage))


def _connect(database: dict[str, Any]) -> Any:
    if _vendor(database) == "sqlite":
        return sqlite3.connect(database["NAME"])
    return _postgres_connect(database)


def _has_tables(database: dict[str, Any]) -> bool:
    connection = _connect(database)
    try:
        return bool(_tables(connection.cursor(), _vendor(database)))
    finally:
        connection.close()


def compare(manifest: Manifest, database: dict[str, Any], storage: Storage) -> list[str]:
    """What differs between the manifest and the database and files as they are now."""
    connection = _connect(database)
    try:
        tables = table_digests(connection.cursor(), _vendor(database))
    finally:
        connection.close()
    differences = []
    for name in sorted(set(manifest.tables) | set(tables)):
        saved, found = manifest.tables.get(name), tables.get(name)
        if saved is None:
            differences.append(f"table {name}: not in the backup")
        elif found is None:
            differences.append(f"table {name}: missing")
        elif saved != found:
            differences.append(
                f"table {name}: {found['rows']} row(s) read back, {saved['rows']} saved"
                + (", with other values" if saved["rows"] == found["rows"] else "")
            )
    files = media_digests(storage)
    for name in sorted(set(manifest.media) | set(files)):
        if manifest.media.get(name) != files.get(name):
            if name not in files:
                differences.append(f"file {name}: missing")
            elif name not in manifest.media:
                differences.append(f"file {name}: not in the backup")
            else:
                differences.append(f"file {name}: other content")
    return differences
