"""What every notification e-mail checks at sending time, in the sending task: the reader may
still see the item (else nothing is sent), and no other e-mail has told them of it already.
Every one carries a single-use unsubscribe link, made here, in the task: its token is never in a
task's arguments (they are stored), only in the e-mail."""

import secrets
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from peerlearning import access
from peerlearning.accounts.models import User, hash_token
from peerlearning.notifications.describe import RELATED, describe
from peerlearning.notifications.models import Notification, UnsubscribeLink


def unsubscribe_context(user: User, kind: str) -> dict[str, Any]:
    """A new single-use link stopping the e-mails of one kind (all of them, kind empty), the
    address of the preferences page, and the headers mail clients offer a button for
    (List-Unsubscribe with one-click POST, RFC 8058)."""
    token = secrets.token_urlsafe(32)
    UnsubscribeLink.objects.create(user=user, kind=kind, token_hash=hash_token(token))
    url = f"{settings.SITE_URL}{reverse('notifications:unsubscribe', args=[token])}"
    return {
        "unsubscribe_url": url,
        "preferences_url": f"{settings.SITE_URL}{reverse('notifications:preferences')}",
        "email_headers": {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }


def notification_mail_context(context: dict[str, Any]) -> dict[str, Any] | None:
    """A builder of `lib.mail`: cancels the e-mail unless the recipient may see the item now
    and the notification was not e-mailed yet (then marks it e-mailed, before sending: a
    worker killed in between loses this one e-mail rather than sending it twice). Adds the
    item's absolute address (`url`, unless the app's own e-mail gave one) and the unsubscribe
    link for this kind."""
    notification: Notification = context["notification"]
    recipient = context["recipient"]
    visible = access.notifications_to_email(
        Notification.objects.filter(pk=notification.pk), recipient
    ).select_related(*RELATED)
    found = visible.first()
    if found is None:
        return None
    claimed = Notification.objects.filter(pk=found.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return None
    described = describe(found)
    built: dict[str, Any] = {
        "notification": found,
        "item": found.item,
        "headline": described.headline,
    }
    if not context.get("url"):
        built["url"] = f"{settings.SITE_URL}{described.url}"
    return {**built, **unsubscribe_context(recipient, found.kind)}
