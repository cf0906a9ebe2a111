"""How many of a person's notifications wait unread, for the header of every page: counted
through the same rule as the list (a notification about an item made private since is not
counted), once per request, and only up to what the header shows ("99+").

Building that rule costs more than the rest of a page (some 20 ms of Python on a directory
page), so the count is kept in the shared cache under what a cheap look at the person's unread
rows gives (how many, the newest): a new notification or one read makes a new key at once, and
the count is counted again. What the cheap look cannot see, an item made private or a
membership ended since, is counted again after `CACHED_SECONDS` at most, and at once on the
notifications page, which always counts afresh.
"""

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest

from peerlearning import access
from peerlearning.notifications.models import Notification

SHOWN_UP_TO = 99
CACHED_SECONDS = 60


def visible_notifications(request: HttpRequest) -> QuerySet[Notification]:
    """The person's notifications they may see, as a lazy query built once per request (its
    construction, not its reading, is the costly part): the list and the header's count are
    clones of it, each read afresh."""
    built = getattr(request, "_visible_notifications", None)
    if built is None:
        built = access.notifications_visible_to(Notification.objects.all(), request.user)
        request._visible_notifications = built  # type: ignore[attr-defined]
    return built.all()


def unread_count(request: HttpRequest, *, fresh: bool = False) -> int:
    """The unread notifications the person may see, counted up to `SHOWN_UP_TO + 1`: for a
    signed-in person, one query when nothing waits unread (most pages of most people: the
    visibility rule, costly to build, is not built), and when something does, the cached count
    or, once a minute, after a change or with `fresh`, the count through the rule; none for a
    visitor."""
    counted = getattr(request, "_unread_notifications", None)
    if counted is None:
        user = getattr(request, "user", None)
        counted = 0
        if user is not None and access.is_member(user):
            # The unread rows (no more than the header shows), the newest first.
            rows = list(
                Notification.objects.filter(user=user, read_at__isnull=True)
                .order_by("-pk")
                .values_list("pk", flat=True)[: SHOWN_UP_TO + 1]
            )
            if rows:
                key = f"notifications:unread:{user.pk}:{len(rows)}:{rows[0]}"
                cached = None if fresh else cache.get(key)
                if cached is None:
                    unread = visible_notifications(request).filter(read_at__isnull=True)
                    cached = unread[: SHOWN_UP_TO + 1].count()
                    cache.set(key, cached, CACHED_SECONDS)
                counted = cached
        request._unread_notifications = counted  # type: ignore[attr-defined]
    return counted
