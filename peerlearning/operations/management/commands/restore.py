from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning.operations import backup


def _behind(saved: dict[str, str]) -> list[str]:
    """The apps whose last migration in the backup is not this code's last."""
    from django.db.migrations.loader import MigrationLoader

    latest = dict(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())
    return sorted(app for app, name in latest.items() if saved.get(app) != name)


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into the site's database, which must be empty, "
        "and its media folder, which must hold no file; then read both back and compare every "
        "table and file with the archive's manifest. Stop the site and the worker first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        try:
            done = backup.restore(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        if done.differences:
            raise CommandError(
                "Restored, but what was read back differs from the backup:\n"
                + "\n".join(done.differences)
            )
        self.stdout.write(
            f"Restored {archive}: {len(done.manifest.tables)} table(s), {done.rows} row(s) and "
            f"{len(done.manifest.media)} file(s), each read back identical to the backup."
        )
        behind = _behind(done.manifest.migrations)
        if behind:
            self.stdout.write(
                "The backup's schema is older than this version's (" + ", ".join(behind) + "): "
                "run `manage.py migrate` before starting the site."
            )
