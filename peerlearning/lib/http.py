from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from peerlearning.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind login_required (for the type checker)."""

    user: User


# Paths whose pages carry a secret in the address or are about an account, even to a visitor
# who is not signed in (invitation and password-reset links, personal calendar feeds,
# unsubscribe links).
CONFIDENTIAL_PREFIXES = (
    "/accounts/",
    "/calendar/",
    "/profile/",
    "/manage/",
    "/admin/",
    "/api/",
    "/unsubscribe/",
)


class PrivateResponsesMiddleware:
    """No shared or browser cache keeps what is not public: every response to a signed-in
    person (or to an API token), every page under a confidential path, and every refusal or
    redirect get `Cache-Control: no-store, private`. Public pages seen anonymously stay
    cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or "Authorization" in request.headers
            or request.path.startswith(CONFIDENTIAL_PREFIXES)
            or response.status_code != 200
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response


class RefuseNullCharactersMiddleware:
    """An address or a query holding a NUL character (%00) is refused with 400 before any view
    reads it: no page takes one, and PostgreSQL refuses it in a query (a 500 otherwise). The API
    answers as its other refusals of a parameter: JSON, 422. The reason is in the visitor's
    language (this runs before LocaleMiddleware has chosen it)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            with translation.override(translation.get_language_from_request(request)):
                reason = _("This address holds a character no page takes.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": reason}, status=422)
            return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class ReportingEndpointsMiddleware:
    """The endpoint the Content-Security-Policy's `report-to` names, for the Reporting API:
    `Reporting-Endpoints: csp="/csp-report/"` on every response that carries a policy (a
    relative address: the browser resolves it against the page's)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" in response or "Content-Security-Policy-Report-Only" in (
            response
        ):
            response.headers.setdefault(
                "Reporting-Endpoints",
                f'{settings.CSP_REPORT_ENDPOINT}="{settings.CSP_REPORT_PATH}"',
            )
        return response
