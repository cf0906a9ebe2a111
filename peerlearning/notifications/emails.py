"""What every notification e-mail checks at sending time, in the sending task: the reader may
still see the item (else nothing is sent), and no other e-mail has told them of it already."""

from typing import Any

from django.utils import timezone

from peerlearning import access
from peerlearning.notifications.models import Notification


def notification_mail_context(context: dict[str, Any]) -> dict[str, Any] | None:
    """A builder of `lib.mail`: cancels the e-mail unless the recipient may see the item now
    and the notification was not e-mailed yet (then marks it e-mailed, before sending: a
    worker killed in between loses this one e-mail rather than sending it twice)."""
    notification: Notification = context["notification"]
    recipient = context["recipient"]
    visible = access.notifications_visible_to(
        Notification.objects.filter(pk=notification.pk), recipient
    ).select_related(*Notification.ITEMS)
    found = visible.first()
    if found is None:
        return None
    claimed = Notification.objects.filter(pk=found.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return None
    return {"notification": found, "item": found.item}
