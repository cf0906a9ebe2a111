import datetime as dt
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from peerlearning.notifications import digests


class Command(BaseCommand):
    help = (
        "Build the daily and weekly digests of the periods that ended and queue their sending; "
        "send again the digests whose sending was lost (a worker stopped, a task lost)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; stop on SIGTERM.")
        parser.add_argument("--interval", type=int, default=300, help="Seconds between rounds.")
        parser.add_argument(
            "--lease",
            type=int,
            default=int(digests.LEASE.total_seconds()),
            help=(
                "Seconds after which a digest claimed but not sent is taken for lost and sent "
                "again (0 when no other worker can be sending)."
            ),
        )

    def handle(self, *args: Any, loop: bool, interval: int, lease: int, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            for frequency in digests.DIGEST_FREQUENCIES:
                if stopping:
                    return
                made = digests.build_digests(frequency)
                self.stdout.write(f"{made} {frequency} digest(s) built")
            sent = 0
            for digest_id in digests.digests_to_rescue(dt.timedelta(seconds=lease)):
                if stopping:
                    return
                sent += digests.send_digest(digest_id, lease=dt.timedelta(seconds=lease))
            self.stdout.write(f"{sent} digest(s) sent again")
            if not loop:
                return
            for _second in range(interval):
                if stopping:
                    return
                time.sleep(1)
            if stopping:
                return
