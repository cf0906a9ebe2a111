from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning.countries.models import StatisticSeries
from peerlearning.countries.statistics_io import export_statistics


class Command(BaseCommand):
    help = "Export every statistics series as JSON lines, in the format importstatistics reads."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, nargs="?", help="A file to write (default: standard output)."
        )

    def handle(self, *args: Any, file: Path | None, **options: Any) -> None:
        series = StatisticSeries.objects.order_by("country", "external_id").prefetch_related(
            "points"
        )
        lines = (line + "\n" for line in export_statistics(series))
        if file is None or str(file) == "-":
            for line in lines:
                self.stdout.write(line, ending="")
            return
        try:
            with file.open("w", encoding="utf-8") as handle:
                handle.writelines(lines)
        except OSError as error:
            raise CommandError(f"Cannot write {file}: {error.strerror}") from None
