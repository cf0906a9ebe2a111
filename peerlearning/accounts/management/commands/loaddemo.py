import os
import time
from pathlib import Path
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from peerlearning.accounts import demo as accounts_demo
from peerlearning.accounts.models import User
from peerlearning.exchanges import demo as exchanges_demo
from peerlearning.knowledge import demo as knowledge_demo
from peerlearning.knowledge import resources_demo
from peerlearning.knowledge.practices_io import import_practices
from peerlearning.knowledge.search import reindex_all
from peerlearning.knowledge.thesaurus import THESAURUS_JSON
from peerlearning.knowledge.thesaurus import load as load_thesaurus
from peerlearning.network import demo as network_demo
from peerlearning.support import demo as support_demo


class Command(BaseCommand):
    help = "Load the demo content and accounts. Safe to run again: it adds only what is missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--shared",
            type=Path,
            default=settings.BASE_DIR.parent / "shared",
            help="The folder holding seed/ and data/ (default: ../shared).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (a staging copy); also PEERLEARNING_DEMO=1.",
        )
        parser.add_argument(
            "--add-to-existing",
            action="store_true",
            help="Load even though the database holds accounts other than the demo's.",
        )

    def handle(
        self,
        *args: Any,
        shared: Path,
        force: bool = False,
        add_to_existing: bool = False,
        **options: Any,
    ) -> None:
        # The demo's accounts have a published password and two-factor secrets: loaded into a
        # production database they would be open doors.
        if not (settings.DEBUG or force or os.environ.get("PEERLEARNING_DEMO") == "1"):
            raise CommandError(
                "Refusing to load the demo with DEBUG off: its accounts have a published "
                "password. Pass --force (or set PEERLEARNING_DEMO=1) on a demo or staging site."
            )
        demo_emails = [persona.email for persona in accounts_demo.PERSONAS]
        others = User.objects.exclude(email__in=demo_emails).count()
        if others and not add_to_existing:
            raise CommandError(
                f"Refusing to load the demo: the database holds {others} account(s) that are "
                "not the demo's (a real site?). Pass --add-to-existing if this is intended."
            )
        if not (shared / "seed").is_dir():
            raise CommandError(f"No seed folder at {shared / 'seed'}; pass --shared.")
        personas = accounts_demo.load()
        network = network_demo.load()
        updates = knowledge_demo.load(shared)
        exchanges = exchanges_demo.load()
        if THESAURUS_JSON.exists():
            self.stdout.write(f"Thesaurus: {load_thesaurus()} concept(s).")
        practices_file = shared / "data" / "practices.jsonl"
        if practices_file.exists():
            with practices_file.open(encoding="utf-8") as handle:
                created, _updated = import_practices(handle, update_existing=False)
            self.stdout.write(f"Practices: {created} added from {practices_file.name}.")
        self.stdout.write(f"Resources: {resources_demo.load()} added.")
        self.stdout.write(f"Search: {reindex_all()} document(s) indexed.")
        self.stdout.write(f"Support: {support_demo.load()} request(s) added.")
        self.stdout.write(
            f"Demo content: {network} organisation(s) and communities, "
            f"{exchanges} exchange(s), {updates} update post(s) added."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {accounts_demo.DEMO_PASSWORD}):")
        for persona, _created in personas:
            self.stdout.write(f"  {persona.email:<26} {persona.role}")
            if persona.totp_secret:
                code = format_hotp_value(hotp_value(persona.totp_secret, int(time.time()) // 30))
                self.stdout.write(
                    f"  {'':<26} two-factor secret {persona.totp_secret} "
                    f"(add it to an authenticator app; code now: {code})"
                )
