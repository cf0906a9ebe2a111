from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from peerlearning.operations import backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database, every uploaded file and a manifest of them "
        "(rows and digests of each table, SHA-256 of each file). Safe while the site runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination",
            nargs="?",
            type=Path,
            help="The archive to write, or a folder to write it in (default: VAR_DIR/backups).",
        )

    def handle(self, *args: Any, destination: Path | None, **options: Any) -> None:
        destination = destination or settings.VAR_DIR / "backups"
        if destination.is_dir() or not destination.suffix:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            destination = destination / f"peerlearning-{stamp}.tar"
        try:
            done = backup.backup(destination)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{done.path}: {len(done.manifest.tables)} table(s), {done.rows} row(s), "
            f"{len(done.manifest.media)} file(s), {done.path.stat().st_size} bytes. "
            "Keep SECRET_KEY with the backups, apart from them: a restore needs it."
        )
        if done.missing_files:
            self.stderr.write(
                f"{len(done.missing_files)} file(s) named by the database were not in the media "
                "folder, in two backups one after the other; their rows restore without them: "
                + ", ".join(done.missing_files)
            )
