from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from peerlearning.access import MembersOnly, is_public_address, lacks_required_two_factor
from peerlearning.accounts.models import User

# What an account that must have two factors may still reach before it has them: setting them
# up (with the re-authentication allauth may ask for first), signing out, the language switch,
# the health check and the browser's reports of violations of the Content-Security-Policy
# (the set-up pages have the policy too). Static files are served before any view (WhiteNoise).
SET_UP_VIEWS = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "healthz",
        "csp_report",
    }
)
TOTP_SET_UP = "/accounts/2fa/totp/activate/"
# Where to go once two factors are set up: kept in the session by the redirect to the set-up.
AFTER_SET_UP = "two_factor_next"


def api_caller(request: HttpRequest) -> "User | AnonymousUser":
    """Who an API call acts as: the personal token it sends, else the browser's session. An
    invalid token is left to the API to refuse (401)."""
    from peerlearning.accounts.actions import user_for_api_token

    scheme, _space, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and secret.strip():
        return user_for_api_token(secret.strip()) or AnonymousUser()
    return request.user


class TwoFactorRequiredMiddleware:
    """One rule for every page, the admin and every API call, by session or by token: an
    account whose role needs two factors (`access.needs_two_factor`) and has none may do nothing
    but set them up. Pages redirect to the set-up; the API answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None:
            return None
        if (
            match.view_name == "mfa_index"
            and AFTER_SET_UP in request.session
            and not lacks_required_two_factor(request.user)
        ):
            # Set up (allauth lands here, or on the recovery codes, which link on): back to
            # the page that was asked for.
            return redirect(request.session.pop(AFTER_SET_UP))
        if request.session.get(AFTER_SET_UP) == request.get_full_path():
            del request.session[AFTER_SET_UP]  # come back by another way
        if match.view_name in SET_UP_VIEWS:
            return None
        is_api = match.namespace == "api"
        # The session is checked on every call: a write whose token is unknown, revoked or
        # expired falls back to the session (SessionAuth), so the token alone cannot decide.
        lacking = lacks_required_two_factor(request.user) or (
            is_api and lacks_required_two_factor(api_caller(request))
        )
        if not lacking:
            return None
        message = _(
            "Your role needs two-factor sign-in: set up an authenticator app before you continue."
        )
        if is_api:
            return JsonResponse({"error": message}, status=403)
        messages.warning(request, message)
        asked_for = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(
            asked_for, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            request.session[AFTER_SET_UP] = asked_for
        return redirect(f"{TOTP_SET_UP}?{urlencode({'next': request.get_full_path()})}")


class SignInFirstMiddleware:
    """How a page refuses (issue 13). A signed-out visitor who meets "not found" or "not
    allowed" at an address that is not public (`access.is_public_address`, the one list) is
    asked to sign in and brought back to it (`next`), whether the object exists or not, so
    nothing is revealed. A signed-in outsider refused a members-only page of a community they
    may know about (`access.MembersOnly`) is offered to ask to join it, not a bare refusal."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Http404 | PermissionDenied):
            return None
        if is_public_address(request.resolver_match):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if isinstance(exception, MembersOnly):
            return members_only(request, exception)
        return None


def members_only(request: HttpRequest, refusal: MembersOnly) -> HttpResponse:
    from peerlearning.network.forms import JoinCommunityForm
    from peerlearning.network.models import CommunityJoinRequest

    community = refusal.community
    pending_request = CommunityJoinRequest.objects.filter(
        community=community, person_id=request.user.pk, status=CommunityJoinRequest.Status.PENDING
    ).exists()
    context = {
        "community": community,
        "join_form": JoinCommunityForm(),
        "pending_request": pending_request,
    }
    return render(request, "network/members_only.html", context, status=403)
