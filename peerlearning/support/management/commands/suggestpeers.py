import time
from typing import Any

from django.core.management.base import BaseCommand

from peerlearning.support.suggestions import refresh


class Command(BaseCommand):
    help = (
        "Recompute the peer suggestions now (they are also recomputed in the background after "
        "each new request or offer). Dismissed and taken-up suggestions are kept."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        waiting = refresh()
        self.stdout.write(
            f"{waiting} suggestion(s) waiting, computed in {time.perf_counter() - started:.1f} s."
        )
