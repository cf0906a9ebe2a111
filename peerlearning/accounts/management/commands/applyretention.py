from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from peerlearning.accounts.retention import apply_retention
from peerlearning.knowledge.files import remove_orphan_files


class Command(BaseCommand):
    help = (
        "Remove closed accounts' remaining traces after CLOSED_ACCOUNT_RETENTION_DAYS and audit "
        "entries older than AUDIT_RETENTION_DAYS, in one transaction; then the stored files "
        "that no resource names, a day old or more. Run it daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        removed = apply_retention()
        if orphans := remove_orphan_files():
            removed["stored files no resource names"] = orphans
        self.stdout.write(
            f"Periods: closed accounts {settings.CLOSED_ACCOUNT_RETENTION_DAYS} days, "
            f"audit entries {settings.AUDIT_RETENTION_DAYS} days (0: kept for ever)"
        )
        for what, count in sorted(removed.items()):
            self.stdout.write(f"{what}: {count} removed")
        if not removed:
            self.stdout.write("Nothing to remove")
