from typing import Any
from urllib.parse import quote

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from peerlearning import access
from peerlearning.accounts import actions
from peerlearning.accounts.models import User

RESET_TEMPLATE = "account/email/password_reset_key"
EMAIL_CONFIRMATIONS = {
    "account/email/email_confirmation",
    "account/email/email_confirmation_signup",
}


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations and approved requests only.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Never put a rendered message or a key in the task queue (it is stored, and shown in
        the admin). A password-reset or confirmation link is made again by the sending task
        from the person's id; every other allauth e-mail (notices with the requester's address
        and browser, one-time codes kept in the session, which no task can make again) is
        sent at once, after commit, without the queue."""
        user = context.get("user")
        if template_prefix == RESET_TEMPLATE and user is not None:
            user_id = user.pk
            transaction.on_commit(
                lambda: send_account_link.enqueue(template_prefix, user_id=user_id, address=email)
            )
            return
        if template_prefix in EMAIL_CONFIRMATIONS and "key" in context and user is not None:
            address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
            if address is not None:
                user_id, address_id = user.pk, address.pk
                transaction.on_commit(
                    lambda: send_account_link.enqueue(
                        template_prefix, user_id=user_id, address=email, email_address_id=address_id
                    )
                )
                return
        message = self.render_mail(template_prefix, email, context)
        transaction.on_commit(message.send)

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        """Signing in, on any device, brings back the language the person last chose."""
        response = super().post_login(request, user, **kwargs)
        language = getattr(user, "interface_language", "")
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        # allauth's one path for a password change, reset or first set: the project's action
        # (which revokes API tokens) runs instead of allauth's plain save.
        assert isinstance(user, User)  # noqa: S101 - AUTH_USER_MODEL
        actions.set_password(user, password)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@task()
def send_account_link(
    template_prefix: str, *, user_id: int, address: str, email_address_id: int | None = None
) -> None:
    """Make the password-reset or confirmation link now, with allauth's own generators, and
    send it in the person's language. Stores nothing: the result is None."""

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    context: dict[str, Any] = {"user": user}
    if template_prefix == RESET_TEMPLATE:
        temp_key = app_settings.PASSWORD_RESET_TOKEN_GENERATOR().make_token(user)
        uid = user_pk_to_url_str(user)
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        ).replace("UID-KEY", quote(f"{uid}-{temp_key}"))
        context.update({"password_reset_url": _absolute(path), "uid": uid, "key": temp_key})
    elif template_prefix in EMAIL_CONFIRMATIONS:
        email_address = EmailAddress.objects.filter(
            pk=email_address_id, user=user, verified=False
        ).first()
        if email_address is None:
            return
        key = EmailConfirmationHMAC(email_address).key
        context.update(
            {"key": key, "activate_url": _absolute(reverse("account_confirm_email", args=[key]))}
        )
    else:
        return
    with translation.override(user.preferred_language):
        message = get_adapter().render_mail(template_prefix, address, context)
    message.send()


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
        if authenticator.type != Authenticator.Type.TOTP or not access.needs_two_factor(user):
            return True
        others = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exclude(
            pk=authenticator.pk
        )
        return others.exists()
