from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peerlearning import demo


class Command(BaseCommand):
    help = (
        "Load the demo content and accounts (peerlearning/demo/). "
        "Safe to run again: it adds only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even where DEBUG is off (`make run` passes it: it serves the "
            "demo the way production serves).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        demo.load(self.stdout.write)
