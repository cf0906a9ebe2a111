"""How often a text may be checked (the page, its PDF report and the API alike): visitors by
their client address, signed-in members by their person, at a higher rate
(settings.ACCOUNT_RATE_LIMITS)."""

from allauth.core import ratelimit
from django.http import HttpRequest
from django.utils.translation import gettext as _

ANONYMOUS = "terminology_check"
MEMBER = "terminology_check_member"


def allowed(request: HttpRequest) -> bool:
    """Counts one check; False once the limit is reached (answer 429 with too_many())."""
    user = request.user
    if user.is_authenticated and user.is_active:
        return ratelimit.consume(request, action=MEMBER, user=user)
    return ratelimit.consume(request, action=ANONYMOUS)


def too_many() -> str:
    return _(
        "Too many texts have been checked from here in the last minute. "
        "Wait a minute and try again."
    )
