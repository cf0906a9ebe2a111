from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from peerlearning.accounts import actions
from peerlearning.accounts.models import User
from peerlearning.lib.mail import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations and approved requests only.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_email(str(message.subject), str(message.body), list(message.to), str(html))

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        # allauth's one path for a password change, reset or first set: the project's action
        # (which revokes API tokens) runs instead of allauth's plain save.
        assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL
        actions.set_password(user, password)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role needs two-factor sign-in: set up another authenticator app before you "
            "remove this one, or ask an administrator to take the role away first."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """The last authenticator app of an account whose role needs two factors stays:
        recovery codes alone are not a second factor (as in `has_two_factor`)."""
        user = authenticator.user
        if authenticator.type != Authenticator.Type.TOTP or not user.needs_two_factor:
            return True
        others = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exclude(
            pk=authenticator.pk
        )
        return others.exists()
