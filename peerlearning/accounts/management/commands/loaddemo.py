import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning import demo
from peerlearning.accounts.models import User
from peerlearning.demo import accounts as demo_accounts


class Command(BaseCommand):
    help = "Load the demo content and accounts. Safe to run again: it adds only what is missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load the demo even where DEBUG is off (`make run` passes it: it serves the "
            "demo the way production serves); also PEERLEARNING_DEMO=1.",
        )
        parser.add_argument(
            "--add-to-existing",
            action="store_true",
            help="Load even though the database holds accounts other than the demo's.",
        )

    def handle(
        self, *args: Any, force: bool = False, add_to_existing: bool = False, **options: Any
    ) -> None:
        # The demo's accounts have a published password and two-factor secrets: loaded into a
        # production database they would be open doors.
        if not (settings.DEBUG or force or os.environ.get("PEERLEARNING_DEMO") == "1"):
            raise CommandError(
                "Refusing to load the demo with DEBUG off: its accounts have a published "
                "password. Pass --force (or set PEERLEARNING_DEMO=1) on a demo or staging site."
            )
        demo_emails = [persona.email for persona in demo_accounts.PERSONAS]
        others = User.objects.exclude(email__in=demo_emails).count()
        if others and not add_to_existing:
            raise CommandError(
                f"Refusing to load the demo: the database holds {others} account(s) that are "
                "not the demo's (a real site?). Pass --add-to-existing if this is intended."
            )
        demo.load(self.stdout.write)
