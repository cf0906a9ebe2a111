import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peerlearning.knowledge.models import Practice
from peerlearning.knowledge.practices_io import export_practices


class Command(BaseCommand):
    help = "Export the published practices as JSON lines, in the format importpractices reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="A file to write (default: standard output)."
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        practices = (
            Practice.objects.filter(status="published")
            .order_by("external_id")
            .prefetch_related("countries")
        )
        lines = (line + "\n" for line in export_practices(practices))
        if output:
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
        else:
            sys.stdout.writelines(lines)
