"""E-mail of notifications: how often, and the one-click way out from an e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.notifications import actions
from peerlearning.notifications.forms import EmailChoicesForm
from peerlearning.notifications.models import Frequency, Kind
from peerlearning.notifications.preferences import choices_of


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST" and "stop_all" in request.POST:
        actions.set_email_choices(request.user, dict.fromkeys(Kind.values, Frequency.NEVER))
        messages.success(request, _("You will receive no more notification e-mails."))
        return redirect("notifications:preferences")
    form = EmailChoicesForm(request.POST or None, current=choices_of(request.user))
    if request.method == "POST" and form.is_valid():
        changed = form.changed_choices()
        if changed:
            actions.set_email_choices(request.user, changed)
        messages.success(request, _("Your e-mail choices have been saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


# Mail clients post the one-click unsubscribe (RFC 8058) without a CSRF token: the link's
# secret token is the credential, and it can change only its owner's choices.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    link = actions.find_unsubscribe_link(token)
    if link is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    if link.used_at is not None:
        return render(request, "notifications/unsubscribe_used.html", status=410)
    kind = Kind(link.kind).label if link.kind else None
    if request.method == "POST":
        if not actions.unsubscribe(link):  # used meanwhile, by another request
            return render(request, "notifications/unsubscribe_used.html", status=410)
        return render(request, "notifications/unsubscribe_done.html", {"kind": kind})
    # Showing the page changes nothing: link checkers and previews fetch it.
    return render(request, "notifications/unsubscribe.html", {"kind": kind})
