import json
import logging
import sys
import zoneinfo
from datetime import timedelta

from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from peerlearning import access
from peerlearning.knowledge.models import Update
from peerlearning.lib import csp_reports
from peerlearning.support.models import Match

# How far ahead the home looks for follow-up actions falling due.
FOLLOW_UPS_AHEAD = timedelta(days=14)
# Each list of the home shows its first items, and how many there are in all.
HOME_LIST = 10


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    updates = access.updates_visible_to(Update.objects.all(), request.user)[:4]
    return render(request, "home.html", {"updates": updates})


@login_required
@require_safe
def my_home(request: HttpRequest) -> HttpResponse:
    """A person's home after signing in: what waits for them, then their communities and their
    coming exchanges. Every list is the access package's."""
    user = request.user
    now = timezone.now()
    today = timezone.localdate()
    waiting = {
        "invitations": access.invitations_waiting(user, now),
        "matches": access.matches_awaiting(Match.objects.all(), user)
        .select_related("request", "offer__organisation", "offer__expert")
        .order_by("proposed_at", "pk"),
        "join_requests": access.join_requests_to_decide(user),
        "platform_requests": access.platform_requests_to_decide(user),
        "follow_ups": access.follow_ups_due(user, today + FOLLOW_UPS_AHEAD),
        "practices": access.practices_to_review(user),
        "organisation_proposals": access.organisation_proposals_to_decide(user).select_related(
            "proposed_by"
        ),
        "reports": access.reports_to_write(user),
        "reviews": access.contributions_to_review(user),
    }
    lists = {name: list(items[: HOME_LIST + 1]) for name, items in waiting.items()}
    memberships = list(access.memberships_of(user))
    own_practices = list(access.own_practices(user)[: HOME_LIST + 1])
    name = getattr(user, "time_zone", "")
    try:
        viewer_zone = zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        viewer_zone = None
    return render(
        request,
        "home/my_home.html",
        {
            "waiting": {name: items[:HOME_LIST] for name, items in lists.items()},
            "more": {name: len(items) > HOME_LIST for name, items in lists.items()},
            "nothing_waits": not any(lists.values()),
            "own_requests": list(access.own_join_requests(user)),
            "memberships": memberships,
            "facilitating_roles": access.FACILITATING_ROLES,
            "own_practices": own_practices[:HOME_LIST],
            "more_own_practices": len(own_practices) > HOME_LIST,
            "exchanges": list(access.coming_exchanges_of(user, now)[:HOME_LIST]),
            "today": today,
            "viewer_zone": viewer_zone,
        },
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


csp_log = logging.getLogger("peerlearning.csp")


@csrf_exempt  # a browser posts it on its own, with no form and no token
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """A browser's report of a Content-Security-Policy violation: one line in the log
    "peerlearning.csp" a violation, answered 204. Anyone's browser sends them, signed in or not:
    throttled by client address, at most 16 KB (413 beyond), 400 for what is no report."""
    if not ratelimit.consume(request, app="allauth.account", action="csp_report"):
        return HttpResponse("Too many reports.\n", status=429, content_type="text/plain")
    content_type = (request.content_type or "").lower()
    if content_type not in csp_reports.CONTENT_TYPES:
        return HttpResponse("Not a report.\n", status=415, content_type="text/plain")
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return HttpResponse("Not a report.\n", status=400, content_type="text/plain")
    if length > csp_reports.MAX_BYTES:
        return HttpResponse("Too large.\n", status=413, content_type="text/plain")
    body = request.read(csp_reports.MAX_BYTES + 1)
    if len(body) > csp_reports.MAX_BYTES:
        return HttpResponse("Too large.\n", status=413, content_type="text/plain")
    try:
        violations = csp_reports.parse(body, content_type)
    except csp_reports.MalformedReport:
        return HttpResponse("Not a report.\n", status=400, content_type="text/plain")
    for violation in violations:
        csp_log.warning("csp-violation %s", json.dumps(violation, sort_keys=True))
    return HttpResponse(status=204)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, translated; falls back to the bare template if rendering fails. When the
    database could not be reached (restarting, failing over, saturated), a 503 instead."""
    if database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page must never fail
        return HttpResponse(loader.get_template("500.html").render(), status=500)


# PostgreSQL's codes for a server that cannot be reached or is going away: connection
# exceptions (class 08), shutting down or restarting (57P01-57P03), too many connections (53300).
UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03", "53300")
# What the drivers say when there is no SQLSTATE: no connection made, or the file locked.
UNREACHABLE_WORDS = (
    "could not connect",
    "connection refused",
    "connection failed",
    "server closed the connection",
    "terminating connection",
    "the database system is",
    "connection is closed",
    "connection already closed",
    "database is locked",
    "unable to open database file",
)


def database_unreachable(error: BaseException | None) -> bool:
    """The database could not be reached, not a query gone wrong: a missing table (a deploy
    without `migrate`), a deadlock or a timeout stay 500s, recorded as errors."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__ or error
    state = getattr(cause, "sqlstate", None) or ""
    if state:
        return state.startswith(UNREACHABLE_STATES)
    text = str(cause).lower()
    return any(words in text for words in UNREACHABLE_WORDS)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After, in the language the request asks for (its cookie or its browser:
    the person's own setting is in the database), rendered without touching the database. The
    next request connects again (CONN_HEALTH_CHECKS): no server needs restarting."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        if request.path.startswith("/api/"):
            body = json.dumps(
                {"detail": _("The platform is briefly unavailable. Try again in a minute.")}
            )
            response = HttpResponse(body, status=503, content_type="application/json")
        else:
            response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _operator() -> dict[str, str]:
    """Who runs this instance, as the deployment names it (docs/deploy.md, OPERATOR_*)."""
    return {
        "name": settings.OPERATOR_NAME,
        "email": settings.OPERATOR_EMAIL,
        "address": settings.OPERATOR_ADDRESS,
        "url": settings.OPERATOR_URL,
    }


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.html", {"operator": _operator()})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy.html", {"operator": _operator()})


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "contact.html", {"operator": _operator()})
