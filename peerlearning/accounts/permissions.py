"""Who may reach which account pages. Roles are checked here and nowhere else."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

View = Callable[..., HttpResponse]


def _role_required(
    test: Callable[[Any], bool], reason: Callable[[], str]
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not test(request.user):
                raise PermissionDenied(reason())
            return view(request, *args, **kwargs)

        # Two factors are required by TwoFactorRequiredMiddleware, for every view at once.
        return login_required(wrapped)

    return decorator


facilitator_required = _role_required(
    lambda user: user.is_active and (user.is_facilitator or user.is_superuser),
    lambda: _("This page is for facilitators."),
)
administrator_required = _role_required(
    lambda user: user.is_active and user.is_superuser,
    lambda: _("This page is for administrators."),
)
