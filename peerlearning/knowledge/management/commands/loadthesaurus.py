from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peerlearning.knowledge.thesaurus import THESAURUS_JSON, load


class Command(BaseCommand):
    help = "Load the multilingual thesaurus (concepts, labels, synonyms, broader concepts)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=THESAURUS_JSON)

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        self.stdout.write(f"{load(file)} concept(s) loaded.")
