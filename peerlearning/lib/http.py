from django.http import HttpRequest

from peerlearning.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request type of views behind login_required (for the type checker)."""

    user: User
