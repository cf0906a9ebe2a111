"""Secret calendar addresses: a person's feed is reached by a token, revocable at any time."""

import secrets

from django.db import transaction
from django.utils import timezone

from peerlearning.accounts import audit
from peerlearning.accounts.models import User, hash_token
from peerlearning.exchanges.models import CalendarToken


@transaction.atomic
def new_calendar_token(user: User) -> str:
    """A new secret address; any previous one stops working."""
    revoke_calendar_tokens(user)
    token = secrets.token_urlsafe(24)
    CalendarToken.objects.create(user=user, token_hash=hash_token(token))
    audit.record(user, "calendar.address_created", user)
    return token


def revoke_calendar_tokens(user: User) -> None:
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def has_calendar_token(user: User) -> bool:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def calendar_user(token: str) -> User | None:
    found = (
        CalendarToken.objects.filter(
            token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return found.user if found else None
