"""How many of a person's notifications wait unread, for the header of every page: counted
through the same rule as the list (a notification about an item made private since is not
counted), once per request, and only up to what the header shows ("99+")."""

from django.db.models import QuerySet
from django.http import HttpRequest

from peerlearning import access
from peerlearning.notifications.models import Notification

SHOWN_UP_TO = 99


def visible_notifications(request: HttpRequest) -> QuerySet[Notification]:
    """The person's notifications they may see, as a lazy query built once per request (its
    construction, not its reading, is the costly part): the list and the header's count are
    clones of it, each read afresh."""
    built = getattr(request, "_visible_notifications", None)
    if built is None:
        built = access.notifications_visible_to(Notification.objects.all(), request.user)
        request._visible_notifications = built  # type: ignore[attr-defined]
    return built.all()


def unread_count(request: HttpRequest) -> int:
    """The unread notifications the person may see, counted up to `SHOWN_UP_TO + 1`: for a
    signed-in person, one query when nothing waits unread (most pages of most people: the
    visibility rule, costly to build, is not built), two when something does; none for a
    visitor."""
    counted = getattr(request, "_unread_notifications", None)
    if counted is None:
        user = getattr(request, "user", None)
        counted = 0
        if (
            user is not None
            and access.is_member(user)
            and Notification.objects.filter(user=user, read_at__isnull=True).exists()
        ):
            unread = visible_notifications(request).filter(read_at__isnull=True)
            counted = unread[: SHOWN_UP_TO + 1].count()
        request._unread_notifications = counted  # type: ignore[attr-defined]
    return counted
