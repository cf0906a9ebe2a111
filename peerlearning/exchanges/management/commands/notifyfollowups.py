import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peerlearning.exchanges.actions import tell_follow_ups_due


class Command(BaseCommand):
    help = (
        "Tell the people of each organisation of its follow-up actions due within a week or "
        "overdue (once each)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; stop on SIGTERM.")
        parser.add_argument("--interval", type=int, default=3600, help="Seconds between rounds.")

    def handle(self, *args: Any, loop: bool, interval: int, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            due = tell_follow_ups_due()
            self.stdout.write(f"{due} follow-up action(s) due")
            if not loop:
                return
            for _second in range(interval):
                if stopping:
                    return
                time.sleep(1)
            if stopping:
                return
