import time
from typing import Any

from django.core.management.base import BaseCommand

from peerlearning.support.matching import reread_all


class Command(BaseCommand):
    help = (
        "Read every support request and offer again (what their titles and descriptions name), "
        "for matching. The platform does it by itself after each change and after a thesaurus "
        "change; run it once after upgrading to a version that reads texts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = reread_all()
        self.stdout.write(
            f"{count} request(s) and offer(s) read in {time.perf_counter() - started:.1f} s."
        )
