"""Background work of notifications: tasks take ids, read the rows again and call the actions."""

from django.apps import apps
from django.tasks import task

from peerlearning.notifications import actions, digests
from peerlearning.notifications.models import Kind


@task()
def fan_out_task(kind: str, model: str, pk: int, by_id: int | None = None) -> int:
    """Tell the followers of an announced item (gone since: nobody)."""
    item = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if item is None:
        return 0
    return actions.fan_out(Kind(kind), item, by_id=by_id)


@task()
def send_digest_task(digest_id: int) -> bool:
    """Send one digest (again: a no-op once sent, or while another worker holds it)."""
    return digests.send_digest(digest_id)
