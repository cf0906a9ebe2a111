from typing import Any

from peerlearning.exchanges.actions import tell_follow_ups_due
from peerlearning.lib.rounds import RoundsCommand


class Command(RoundsCommand):
    help = (
        "Tell the people of each organisation of its follow-up actions due within a week or "
        "overdue (once each)."
    )
    interval = 3600

    def round(self, **options: Any) -> None:
        due = tell_follow_ups_due()
        self.stdout.write(f"{due} follow-up action(s) due")
