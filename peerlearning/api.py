"""The JSON API under /api/v1/: one router per app, errors as {"error": "…"}, never a 500 for
bad input. Reads are open to whoever may see the data; writes need a token or a session."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser
from ninja.security import APIKeyCookie, HttpBearer

from peerlearning.accounts.actions import AccountError, api_token_for_secret
from peerlearning.accounts.models import User
from peerlearning.lib.pagination import MAX_PAGE
from peerlearning.lib.text import holds_null

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def token_user(request: HttpRequest, secret: str) -> User | None:
    """The owner of an active token (None when revoked, expired or unknown: 401); a read-only
    token may only read (403 otherwise)."""
    token = api_token_for_secret(secret)
    if token is None:
        return None
    if not token.can_write and request.method not in SAFE_METHODS:
        raise HttpError(403, _("This API token is read-only: it cannot change anything."))
    return token.user


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(request, token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser's session, with Django's CSRF check for writes."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if isinstance(user, User) and user.is_active else None


def acting_user(request: HttpRequest) -> User:
    """The signed-in person behind a write (the endpoint's auth has already required one)."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise HttpError(401, _("Sign in or send a valid API token."))
    return user


def viewer(request: HttpRequest) -> "User | AnonymousUser":
    """Who is asking, for reads: a token if one is sent (and it must be valid), else the session."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _space, secret = header.partition(" ")
        user = token_user(request, secret.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise HttpError(401, _("The API token is not valid."))
        return user
    return request.user


class ErrorDetailOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every refusal: the reason in the request's language; `details` for a 422 names each
    field that is not valid."""

    error: str
    details: list[ErrorDetailOut] | None = None


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
ERRORS = {
    400: "Refused, with the reason (a write changes nothing).",
    401: "The API token is not valid, or a write was sent without one.",
    403: "Not allowed: a read-only token that writes, or a role the person does not have.",
    404: "Not found, or not visible to whoever asks.",
    422: "A parameter or the body is not valid: `details` names each field.",
}


def error_response(status: int, description: str | None = None) -> dict[str, Any]:
    """An error answer as the OpenAPI document describes it (endpoints with their own refusals
    add them through `openapi_extra`)."""
    return {
        "description": description or ERRORS[status],
        "content": {"application/json": {"schema": ERROR_REF}},
    }


def document_errors(schema: OpenAPISchema) -> None:
    """Add to every operation the refusals the handlers below give it, so that a client (and
    the fuzzing suite) knows every status it can meet. Any request may carry a bad token (401),
    be refused a role (403) or send invalid parameters (422); what names an object in its path
    or writes may find none (404); a write, or a filter's value, may be refused with its reason
    (400)."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(error_schema.pop("$defs", {}))
    components["ErrorOut"] = error_schema
    for operations in schema["paths"].values():
        for method, operation in operations.items():
            statuses = [401, 403, 422]
            writes = method.upper() not in SAFE_METHODS
            places = {parameter.get("in") for parameter in operation.get("parameters", [])}
            if writes or "path" in places:
                statuses.append(404)
            if writes or "query" in places:
                statuses.append(400)
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses.setdefault(status, error_response(status))


class NullCharacter(ValueError):
    pass


class JsonParser(Parser):
    """JSON bodies, without NUL characters: PostgreSQL stores none (a 500 otherwise)."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if holds_null(data):
            raise NullCharacter
        return data


class PeerLearningAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = PeerLearningAPI(
    title="Peer Learning Platform API",
    version="1",
    urls_namespace="api",
    auth=None,
    docs_url="/docs",
    parser=JsonParser(),
)
WRITE_AUTH = [TokenAuth(), SessionAuth(csrf=True)]


def check_page(page: int) -> None:
    """A page number the lists can serve: 422 with the reason otherwise, never a 500."""
    if not 1 <= page <= MAX_PAGE:
        raise HttpError(422, _("“page” goes from 1 to %(max)s.") % {"max": MAX_PAGE})


def _error(request: HttpRequest, message: str, status: int, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"error": message, **extra}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, _("Not found."), 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, str(exc) or _("You are not allowed to do this."), 403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, _("Sign in or send a valid API token."), 401)


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", [])]
        # ("body", "data", "email") names the field "email"; ("query", "page") names "page".
        parts = location[2:] if location[:1] == ["body"] and len(location) > 2 else location[1:]
        details.append({"field": ".".join(parts), "message": error.get("msg")})
    return _error(request, _("The request is not valid."), 422, details=details)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    # A body ninja could not read: its own reason is in English only, and says no more.
    if isinstance(exc.__cause__, NullCharacter):
        message = _("The request holds a null character (\\u0000): remove it.")
    elif isinstance(exc.__cause__, ValueError) and message.startswith("Cannot parse"):
        message = _("The request body must be a JSON object.")
    return _error(request, message, exc.status_code)


@api.exception_handler(ValidationError)
def model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, " ".join(exc.messages), 400)


@api.exception_handler(AccountError)
def refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, str(exc), 400)


def register_routers() -> None:
    from peerlearning.countries.api import router as countries_router
    from peerlearning.exchanges.api import router as exchanges_router
    from peerlearning.knowledge.api import router as knowledge_router
    from peerlearning.monitoring.api import router as monitoring_router
    from peerlearning.network.api import router as network_router
    from peerlearning.support.api import router as support_router
    from peerlearning.terminology.api import router as terminology_router

    api.add_router("/", network_router)
    api.add_router("/", exchanges_router)
    api.add_router("/", knowledge_router)
    api.add_router("/", support_router)
    api.add_router("/countries", countries_router)
    api.add_router("/monitoring", monitoring_router)
    api.add_router("/terminology", terminology_router)


register_routers()
