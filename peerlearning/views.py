from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from peerlearning import access
from peerlearning.knowledge.models import Update


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    updates = access.updates_visible_to(Update.objects.all(), request.user)[:4]
    return render(request, "home.html", {"updates": updates})


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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, translated; falls back to the bare template if rendering fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:  # noqa: BLE001 - the error page must never fail
        return HttpResponse(loader.get_template("500.html").render(), status=500)


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
