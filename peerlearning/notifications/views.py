"""A person's notifications: the list, newest first, marking them read, and opening one.

Every notification is loaded through the access package (`notifications_visible_to`,
`get_notification_for_user`): someone else's, or one about an item the person may no longer see,
is not found, and nothing is changed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from peerlearning import access
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.notifications import actions, describe
from peerlearning.notifications.unread import unread_count, visible_notifications

PAGE_SIZE = 50
LIST = "/notifications/"


@login_required
@require_safe
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    notifications = visible_notifications(request).select_related(*describe.RELATED)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = page_of(request, notifications.order_by("-created_at", "-pk"), PAGE_SIZE)
    rows = [(notification, describe.describe(notification)) for notification in page]
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "rows": rows,
            "query": filters_query(request),
            "unread_only": unread_only,
            "has_unread": unread_count(request, fresh=True) > 0,
        },
    )


def _back_to_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The page of the list the form was sent from (with its filter), or the list."""
    back = request.POST.get("next", "")
    if back.startswith(LIST) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    notification = access.get_notification_for_user(request.user, str(uuid))
    actions.mark_read(request.user, [notification])
    messages.success(request, _("The notification is marked as read."))
    return _back_to_list(request)


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions.mark_all_read(request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return _back_to_list(request)


@login_required
@require_POST
def notification_open(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    """Go to what the notification is about, marking it read on the way."""
    notification = access.get_notification_for_user(request.user, str(uuid))
    actions.mark_read(request.user, [notification])
    return redirect(describe.describe(notification).url)
