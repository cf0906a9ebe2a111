"""How often a text may be checked (the page, its PDF report and the API alike): visitors by
their client address, signed-in members by their person, at a higher rate
(settings.ACCOUNT_RATE_LIMITS)."""

from allauth.core.internal import ratelimit
from django.http import HttpRequest
from django.utils.translation import gettext as _

ANONYMOUS = "terminology_check"
MEMBER = "terminology_check_member"


def allowed(request: HttpRequest) -> bool:
    """Counts one check; False once the limit is reached (answer 429 with too_many())."""
    user = request.user
    # allauth's own entry point never counts a GET: the internal one is told to (a saved
    # check's PDF is a GET). The rates are read from ACCOUNT_RATE_LIMITS all the same.
    if user.is_authenticated and user.is_active:
        usage = ratelimit.consume(
            request, app="allauth.account", action=MEMBER, user=user, limit_get=True
        )
    else:
        usage = ratelimit.consume(request, app="allauth.account", action=ANONYMOUS, limit_get=True)
    return usage is not None


def too_many() -> str:
    return _(
        "Too many texts have been checked from here in the last minute. "
        "Wait a minute and try again."
    )
