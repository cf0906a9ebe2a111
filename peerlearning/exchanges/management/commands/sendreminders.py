import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peerlearning.exchanges.actions import send_reminders


class Command(BaseCommand):
    help = "E-mail participants of exchanges that start within a day (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; stop on SIGTERM.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between rounds.")

    def handle(self, *args: Any, loop: bool, interval: int, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            sent = send_reminders()
            self.stdout.write(f"{sent} reminder(s) sent")
            if not loop:
                return
            for _second in range(interval):
                if stopping:
                    return
                time.sleep(1)
            if stopping:
                return
