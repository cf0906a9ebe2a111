"""The header's unread count: `{% load notifications %}{% unread_notifications as unread %}`."""

from dataclasses import dataclass

from django import template

from peerlearning.notifications.unread import SHOWN_UP_TO, unread_count

register = template.Library()


@dataclass(frozen=True)
class Unread:
    count: int

    @property
    def more(self) -> bool:
        """More than the header shows: it says "99+"."""
        return self.count > SHOWN_UP_TO

    @property
    def limit(self) -> int:
        return SHOWN_UP_TO

    @property
    def shown(self) -> str:
        return f"{SHOWN_UP_TO}+" if self.more else str(self.count)

    def __bool__(self) -> bool:
        return self.count > 0


@register.simple_tag(takes_context=True)
def unread_notifications(context: template.Context) -> Unread:
    request = context.get("request")
    return Unread(unread_count(request) if request is not None else 0)
