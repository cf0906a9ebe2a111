"""Writes that touch accounts. Views, commands and tasks all go through these."""

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerlearning import access
from peerlearning.accounts import audit
from peerlearning.accounts.models import (
    ApiToken,
    Invitation,
    JoinRequest,
    User,
    hash_token,
)
from peerlearning.lib.mail import send_templated_email


class AccountError(Exception):
    """A request that cannot be carried out; the message is translated and shown to the user."""


def invitation_url(token: str) -> str:
    return f"{settings.SITE_URL}/accounts/invitations/{token}/"


@transaction.atomic
def invite(
    email: str,
    *,
    invited_by: User | None,
    as_facilitator: bool = False,
    message: str = "",
    language: str = "en",
) -> Invitation | None:
    """Invite someone by e-mail. A pending invitation to the same address is replaced.

    Whoever invites is never told whether the address has an account: if it has, its holder
    is told by e-mail that they have one (and how to sign in), the invitation is listed as any
    other but no link is ever made for it, and None is returned — the caller answers as for
    any invitation."""
    email = email.strip().lower()
    if as_facilitator and not (invited_by is None or access.is_administrator(invited_by)):
        raise AccountError(_("Only an administrator can invite a facilitator."))
    holder = User.objects.filter(email__iexact=email).first()
    now = timezone.now()
    replaced = Invitation.objects.pending().filter(email__iexact=email)
    if holder is not None:
        # A holder's invitations to a community stay: they accept those signed in.
        replaced = replaced.filter(community_seats__isnull=True)
    replaced.update(revoked_at=now)
    invitation = create_invitation(
        email,
        invited_by=invited_by,
        as_facilitator=as_facilitator,
        message=message,
        language=language,
    )
    if holder is not None:
        # The invitation stays in the list of those sent, as any other would (its absence
        # would tell the inviter the address has an account), but its link is never made nor
        # sent: it can only expire or be withdrawn.
        audit.record(invited_by, "invitation.existing_account", holder)
        if holder.is_active:
            send_templated_email(
                "accounts/email/invitation_existing_account",
                holder,
                {"login_url": f"{settings.SITE_URL}/accounts/login/"},
            )
        return None
    send_invitation_email(invitation)
    return invitation


def create_invitation(
    email: str,
    *,
    invited_by: User | None,
    as_facilitator: bool = False,
    message: str = "",
    language: str = "en",
    address_typed: bool = True,
) -> Invitation:
    """The invitation row alone (callers send its e-mail). `address_typed` is False for a member
    chosen by the name they show: the sender is then never shown the address."""
    invitation = Invitation.objects.create(
        email=email,
        address_typed=address_typed,
        # Replaced by the sending task, which makes the token the e-mail carries: no token
        # ever sits in the task queue.
        token_hash=hash_token(Invitation.new_token()),
        invited_by=invited_by,
        as_facilitator=as_facilitator,
        message=message,
        language=language,
        expires_at=Invitation.default_expiry(),
    )
    audit.record(invited_by, "invitation.sent", invitation, email=email)
    return invitation


def account_for_invitation(invitation: Invitation) -> User | None:
    """The active account the invited address already belongs to (a community invitation to
    an existing member): they accept it signed in, and no account is made."""
    return User.objects.filter(email__iexact=invitation.email, is_active=True).first()


def _pending_invitation(token: str) -> Invitation:
    """The pending invitation behind a link, locked for the accepting transaction."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if invitation is None or invitation.status != Invitation.Status.PENDING:
        raise AccountError(_("This invitation link is not valid any more."))
    return invitation


def _accepted(invitation: Invitation, user: User) -> None:
    """Mark the invitation used by `user` and give them the community seats it held."""
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(user, "invitation.accepted", invitation)
    from peerlearning.network.actions import join_from_invitation

    join_from_invitation(invitation, user)


@transaction.atomic
def accept_invitation_as(token: str, user: User) -> Invitation:
    """An existing member accepts an invitation to their address: its seats become theirs."""
    invitation = _pending_invitation(token)
    if invitation.email.lower() != user.email.lower():
        raise AccountError(_("This invitation is for another address."))
    _accepted(invitation, user)
    return invitation


def send_invitation_email(invitation: Invitation) -> None:
    """Queue the invitation e-mail; sending it again makes a new link and cancels the old."""
    send_templated_email(
        "accounts/email/invitation",
        invitation.email,
        {"invitation": invitation},
        language=invitation.language,
        builder="peerlearning.accounts.actions.invitation_mail_context",
    )


def invitation_mail_context(context: dict[str, Any]) -> dict[str, Any] | None:
    """Run by the sending task: make the link's token and keep only its hash."""
    invitation: Invitation = context["invitation"]
    token = Invitation.new_token()
    updated = (
        Invitation.objects.pending().filter(pk=invitation.pk).update(token_hash=hash_token(token))
    )
    if not updated:
        return None  # accepted, withdrawn or expired since it was queued
    inviter = invitation.invited_by
    return {"url": invitation_url(token), "inviter": inviter.public_name if inviter else ""}


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.filter(token_hash=hash_token(token)).first()


@transaction.atomic
def revoke_invitation(invitation: Invitation, *, by: User) -> None:
    updated = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise AccountError(_("This invitation has already been used or withdrawn."))
    audit.record(by, "invitation.revoked", invitation, email=invitation.email)


@transaction.atomic
def accept_invitation(
    token: str, *, display_name: str, password: str, language: str = "en"
) -> User:
    invitation = _pending_invitation(token)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise AccountError(_("%(email)s already has an account.") % {"email": invitation.email})
    user = User.objects.create_user(
        invitation.email,
        password,
        display_name=display_name,
        languages=[language],
        is_facilitator=invitation.as_facilitator,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    _accepted(invitation, user)
    return user


@transaction.atomic
def request_to_join(
    *, name: str, email: str, organisation: str, country: str, reason: str, language: str
) -> JoinRequest:
    join_request = JoinRequest.objects.create(
        name=name,
        email=email.strip().lower(),
        organisation=organisation,
        country=country,
        reason=reason,
        language=language,
    )
    audit.record(None, "join_request.received", join_request, email=join_request.email)
    # One e-mail to administrators in each window, however many requests arrive: it counts
    # those waiting when it is sent; the others wait on the page.
    window = settings.JOIN_REQUEST_NOTICE_MINUTES * 60
    if cache.add("join-requests:notice", True, timeout=window):
        for admin in User.objects.filter(is_superuser=True, is_active=True):
            send_templated_email(
                "accounts/email/join_request_received",
                admin,
                {"join_request": join_request, "url": f"{settings.SITE_URL}/manage/join-requests/"},
                builder="peerlearning.accounts.actions.join_request_mail_context",
            )
    return join_request


def join_request_mail_context(context: dict[str, Any]) -> dict[str, Any]:
    """Run by the sending task: how many requests wait, counted at sending."""
    return {"pending": JoinRequest.objects.filter(status=JoinRequest.Status.PENDING).count()}


def _decide(join_request: JoinRequest, status: str, by: User, reason: str = "") -> JoinRequest:
    updated = JoinRequest.objects.filter(
        pk=join_request.pk, status=JoinRequest.Status.PENDING
    ).update(status=status, decided_by=by, decided_at=timezone.now(), decline_reason=reason)
    if not updated:
        raise AccountError(_("This request has already been decided."))
    join_request.refresh_from_db()
    return join_request


@transaction.atomic
def approve_join_request(join_request: JoinRequest, *, by: User) -> Invitation | None:
    _decide(join_request, JoinRequest.Status.APPROVED, by)
    audit.record(by, "join_request.approved", join_request, email=join_request.email)
    return invite(join_request.email, invited_by=by, language=join_request.language)


@transaction.atomic
def decline_join_request(join_request: JoinRequest, *, by: User, reason: str) -> JoinRequest:
    if not reason.strip():
        raise AccountError(_("Give a reason: the person asking will receive it."))
    _decide(join_request, JoinRequest.Status.DECLINED, by, reason.strip())
    audit.record(by, "join_request.declined", join_request, email=join_request.email)
    send_templated_email(
        "accounts/email/join_request_declined",
        join_request.email,
        {"join_request": join_request},
        language=join_request.language,
    )
    return join_request


PROFILE_FIELDS = [
    "display_name",
    "pseudonym",
    "languages",
    "country",
    "expertise",
    "time_zone",
    "offers_expertise",
    "availability",
    "visibility",
]


@transaction.atomic
def update_profile(user: User, **changes: Any) -> User:
    changed = [
        name for name in PROFILE_FIELDS if name in changes and getattr(user, name) != changes[name]
    ]
    for name in changed:
        setattr(user, name, changes[name])
    if changed:
        user.save(update_fields=changed)
        audit.record(user, "profile.updated", user, fields=changed)
    return user


def set_interface_language(user: User, language: str) -> None:
    """Keep the language a person chose with the language switch: their pages on every device
    they sign in on, and their e-mails, use it. Only the platform's languages are kept."""
    if language not in dict(settings.LANGUAGES) or user.interface_language == language:
        return
    user.interface_language = language
    user.save(update_fields=["interface_language"])


def _leave_exchanges(user: User) -> None:
    """A place held in an exchange still to come goes to the waiting list; what the person
    said they need (interpretation, access) is forgotten for every exchange, past ones too."""
    from peerlearning.exchanges.actions import cancel_registration
    from peerlearning.exchanges.models import HELD_STATUSES, Registration, Status

    upcoming = (
        Registration.objects.filter(person=user)
        .active()
        .exclude(exchange__status__in=[*HELD_STATUSES, Status.CANCELLED])
    )
    for registration in upcoming:
        cancel_registration(registration, by=user)
    Registration.objects.filter(person=user).update(interpretation_needs="", access_needs="")


@transaction.atomic
def close_account(user: User) -> None:
    """Erase what identifies the person and stop the account; the audit trail keeps the id.
    The last administrator cannot leave: the platform would have nobody to give roles."""
    if access.is_administrator(user):
        administrators = User.objects.select_for_update().filter(is_superuser=True, is_active=True)
        if not administrators.exclude(pk=user.pk).exists():
            raise AccountError(
                _(
                    "You are the last administrator: give the role to someone else before "
                    "you close your account."
                )
            )
    audit.record(user, "account.closed", user)
    _leave_exchanges(user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.pending().filter(invited_by=user).update(revoked_at=timezone.now())
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.email = f"closed-{user.uuid}@invalid"
    user.display_name = ""
    user.pseudonym = ""
    user.languages = []
    user.interface_language = ""
    user.country = ""
    user.expertise = []
    user.offers_expertise = False
    user.availability = ""
    user.affiliations.all().delete()
    # Gone from every community (no longer counted, nor kept as a facilitator) and no longer
    # offering support as an expert.
    user.memberships.all().delete()
    user.support_offers.update(active=False)
    user.visibility = "hidden"
    user.is_active = False
    user.is_facilitator = False
    user.is_editor = False
    user.is_staff = False
    user.is_superuser = False
    user.closed_at = timezone.now()
    user.set_unusable_password()
    user.save()


@transaction.atomic
def create_api_token(
    user: User,
    *,
    name: str,
    scope: str = ApiToken.Scope.READ,
    valid_days: int = ApiToken.DEFAULT_VALID_DAYS,
) -> tuple[ApiToken, str]:
    """Return the token and its secret, which is shown once and never stored."""
    if not 1 <= valid_days <= ApiToken.MAX_VALID_DAYS:
        raise AccountError(
            _("A token is valid for %(max)s days at most.") % {"max": ApiToken.MAX_VALID_DAYS}
        )
    if scope not in ApiToken.Scope.values:
        raise AccountError(_("Choose what the token may do: read only, or read and write."))
    secret = ApiToken.new_token()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        expires_at=timezone.now() + timedelta(days=valid_days),
        token_hash=hash_token(secret),
    )
    audit.record(user, "api_token.created", token, name=name, scope=scope, valid_days=valid_days)
    return token, secret


@transaction.atomic
def revoke_api_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(token.user, "api_token.revoked", token)


@transaction.atomic
def revoke_api_tokens(user: User, *, reason: str) -> int:
    """Every token of the person stops working: their password or second factor changed, so a
    token made with the old credentials must not outlive them."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        audit.record(user, "api_token.revoked_all", user, reason=reason, count=revoked)
    return revoked


@transaction.atomic
def set_password(user: User, password: str, *, by: User | None = None) -> None:
    """A new password (changed, reset, set, or given by an administrator): the person's API
    tokens are revoked with the old one."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(by or user, "account.password_changed", user)
    revoke_api_tokens(user, reason="password")


def api_token_for_secret(secret: str) -> ApiToken | None:
    """The active (not revoked, not expired) token with this secret, if any."""
    token = (
        ApiToken.objects.active()
        .select_related("user")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or timezone.now() - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def user_for_api_token(secret: str) -> User | None:
    token = api_token_for_secret(secret)
    return token.user if token is not None else None


# Roles -----------------------------------------------------------------------------------------

ROLE_FIELDS: dict[str, tuple[str, ...]] = {
    "facilitator": ("is_facilitator",),
    "editor": ("is_editor",),
    "administrator": ("is_superuser", "is_staff"),
}


def has_role(person: User, role: str) -> bool:
    return all(getattr(person, name) for name in ROLE_FIELDS[role])


@transaction.atomic
def set_role(person: User, role: str, *, granted: bool, by: User) -> bool:
    """Give or take a platform role; returns whether anything changed. Every role above member
    needs two factors: a person given one can do nothing else until they have set them up."""
    # Both rows locked in one order, and the giver's status read again under the lock: two
    # administrators taking each other's role at once would otherwise leave none.
    locked = {
        user.pk: user
        for user in User.objects.select_for_update()
        .filter(pk__in=[by.pk, person.pk])
        .order_by("pk")
    }
    if by.pk not in locked or not access.is_administrator(locked[by.pk]):
        raise AccountError(_("Only an administrator can give or take roles."))
    if role not in ROLE_FIELDS:
        raise AccountError(_("Choose a role."))
    if not person.is_active:
        raise AccountError(_("This account is closed."))
    if role == "administrator" and not granted and person.pk == by.pk:
        raise AccountError(_("You cannot remove your own administrator status."))
    person = locked[person.pk]
    if has_role(person, role) == granted:
        return False
    fields = ROLE_FIELDS[role]
    for name in fields:
        setattr(person, name, granted)
    person.save(update_fields=list(fields))
    audit.record(by, "role.granted" if granted else "role.removed", person, role=role)
    return True
