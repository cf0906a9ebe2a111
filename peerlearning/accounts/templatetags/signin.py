"""The "Sign in" link: `{% load signin %}` then `{% sign_in_url %}`."""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

register = template.Library()

# Pages from which signing in should not come back to them: the public home (a person then
# lands on their own home, LOGIN_REDIRECT_URL) and the sign-in pages themselves.
NOT_COME_BACK_TO = frozenset({"home"})


@register.simple_tag(takes_context=True)
def sign_in_url(context: dict[str, Any]) -> str:
    """The sign-in page, with `next` = the page being read, so that signing in brings the
    person back to it. Never for the sign-in (or any account) page itself, never an address
    on another site."""
    url = reverse("account_login")
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if request is None or match is None or match.view_name in NOT_COME_BACK_TO:
        return url
    view = getattr(match.func, "view_class", match.func)
    if (getattr(view, "__module__", "") or "").startswith("allauth."):
        return url
    path = request.get_full_path()
    safe = path.startswith("/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return f"{url}?{urlencode({'next': path})}" if safe else url
