from typing import Any

from django.db import models

from peerlearning.accounts.models import AuditEntry, User


def record(actor: User | None, action: str, target: models.Model | None = None, **details: Any):
    """Write one line of the audit log. Call it inside the action's transaction."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(getattr(target, "uuid", None) or getattr(target, "pk", "")) if target else "",
        details=details,
    )
