from typing import Any

from peerlearning.exchanges.actions import send_reminders
from peerlearning.lib.rounds import RoundsCommand


class Command(RoundsCommand):
    help = "E-mail participants of exchanges that start within a day (once each)."

    def round(self, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
