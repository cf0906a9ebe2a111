from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning.countries.statistics_io import ImportRejected, import_statistics


class Command(BaseCommand):
    help = (
        "Import statistics series from a JSON lines file (format: peerlearning/demo/data/"
        "README.md): all or nothing, every problem listed by line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            # utf-8-sig: a file saved by a spreadsheet or Notepad may start with a BOM.
            with file.open(encoding="utf-8-sig") as handle:
                created, updated = import_statistics(handle)
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
        self.stdout.write(f"{created} series created, {updated} updated.")
