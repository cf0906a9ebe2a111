"""Periodic jobs as management commands: one round, or with `--loop` a round every `--interval`
seconds, stopping cleanly on SIGTERM (or Ctrl-C) between rounds, and between the steps of a
round that looks at `self.stopping`."""

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class RoundsCommand(BaseCommand):
    interval = 300  # the default seconds between rounds
    stopping = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running; stop on SIGTERM.")
        parser.add_argument(
            "--interval", type=int, default=self.interval, help="Seconds between rounds."
        )

    def round(self, **options: Any) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, loop: bool, interval: int, **options: Any) -> None:
        self.stopping = False
        if not loop:
            self.round(**options)
            return

        def stop(signum: int, frame: Any) -> None:
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while True:
            self.round(**options)
            for _second in range(interval):
                if self.stopping:
                    return
                time.sleep(1)
            if self.stopping:
                return
