from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning.knowledge.practices_io import ImportRejected, import_practices


class Command(BaseCommand):
    help = "Import practices from a JSON lines file (format: peerlearning/demo/data/README.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            with file.open(encoding="utf-8") as handle:
                created, updated = import_practices(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text") from None
        except ImportRejected as rejected:
            for problem in rejected.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Nothing imported: {len(rejected.errors)} problem(s) in {file}."
            ) from None
        self.stdout.write(f"{created} practice(s) created, {updated} updated.")
