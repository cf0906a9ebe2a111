"""How many of a person's notifications wait unread, for the header of every page: counted
through the same rule as the list (a notification about an item made private since is not
counted), once per request, and only up to what the header shows ("99+")."""

from django.http import HttpRequest

from peerlearning import access
from peerlearning.notifications.models import Notification

SHOWN_UP_TO = 99


def unread_count(request: HttpRequest) -> int:
    """The unread notifications the person may see, counted up to `SHOWN_UP_TO + 1`: one query
    for a signed-in person, however many they have; none for a visitor."""
    counted = getattr(request, "_unread_notifications", None)
    if counted is None:
        user = getattr(request, "user", None)
        counted = 0
        if user is not None and access.is_member(user):
            unread = access.notifications_visible_to(
                Notification.objects.filter(read_at__isnull=True), user
            )
            counted = unread[: SHOWN_UP_TO + 1].count()
        request._unread_notifications = counted  # type: ignore[attr-defined]
    return counted
