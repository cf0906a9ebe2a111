from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from peerlearning.accounts.models import has_two_factor


class TwoFactorRequiredMiddleware:
    """Facilitators and administrators reach no facilitator or admin page without two factors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or not user.needs_two_factor:
            return None
        match = request.resolver_match
        protected = getattr(view_func, "requires_two_factor", False) or (
            match is not None and match.namespace == "admin"
        )
        if not protected or has_two_factor(user):
            return None
        messages.warning(
            request,
            _("Set up two-factor sign-in with an authenticator app before you continue."),
        )
        return redirect(f"/accounts/2fa/totp/activate/?{urlencode({'next': request.path})}")
