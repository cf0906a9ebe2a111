import datetime as dt
from typing import Any

from django.core.management.base import CommandParser

from peerlearning.lib.rounds import RoundsCommand
from peerlearning.notifications import digests


class Command(RoundsCommand):
    help = (
        "Build the daily and weekly digests of the periods that ended and queue their sending; "
        "send again the digests whose sending was lost (a worker stopped, a task lost)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--lease",
            type=int,
            default=int(digests.LEASE.total_seconds()),
            help=(
                "Seconds after which a digest claimed but not sent is taken for lost and sent "
                "again (0 when no other worker can be sending)."
            ),
        )

    def round(self, **options: Any) -> None:
        lease: int = options["lease"]
        for frequency in digests.DIGEST_FREQUENCIES:
            if self.stopping:
                return
            made = digests.build_digests(frequency)
            self.stdout.write(f"{made} {frequency} digest(s) built")
        sent = 0
        for digest_id in digests.digests_to_rescue(dt.timedelta(seconds=lease)):
            if self.stopping:
                return
            sent += digests.send_digest(digest_id, lease=dt.timedelta(seconds=lease))
        self.stdout.write(f"{sent} digest(s) sent again")
