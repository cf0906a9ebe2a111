"""`manage.py loadlexicon [--file PATH]`: the terminology lexicon (terms and context rules) from
its JSON file, all or nothing; every error is printed with its place, and the command fails."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning.terminology import lexicon_io


class Command(BaseCommand):
    help = (
        "Load the terminology lexicon (terms with their forms, context rules with their "
        "examples) from its JSON file: all of it, or nothing when any entry is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=lexicon_io.DEFAULT_FILE,
            help="The lexicon's JSON file (default: the one shipped with the platform).",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            loaded = lexicon_io.load_file(file)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror or error}") from error
        except ValueError as error:  # not JSON (json.JSONDecodeError is a ValueError)
            raise CommandError(f"{file}: not a JSON document ({error})") from error
        except lexicon_io.LexiconInvalid as error:
            for problem in error.errors:
                self.stderr.write(f"{file}: {problem}")
            raise CommandError(
                f"{len(error.errors)} error(s): nothing was loaded from {file}."
            ) from error
        self.stdout.write(
            f"Lexicon: {loaded.created} created, {loaded.changed} changed, "
            f"{loaded.unchanged} unchanged (terms and rules) from {file}."
        )
