"""`manage.py worker`: django-tasks-db's `db_worker`, which first puts back in the queue what
its own previous run left unfinished.

A worker killed in the middle of a task (SIGKILL, a crash, the machine lost) leaves that task
marked as running for ever: the e-mail it was sending is never sent. Each worker therefore runs
under a stable id (by default the host's name; give each worker of a server its own, e.g.
systemd's `%H-%i`), and on starting, the tasks still marked as running under its id are its own
unfinished ones: no other process has that id, and this one has not started any yet. They go
back to the queue and run again. Only the task in flight at the kill can run twice (an e-mail
delivered whose success was not yet recorded); every other task of a batch runs once.

That holds only if no other live worker has the id: the worker holds a lock named after it for
its whole life (a PostgreSQL advisory lock, or a lock file beside the SQLite database) and
refuses to start while another holds it."""

import fcntl
import hashlib
import socket
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.db import connection, transaction
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult, TaskResultStatus


def requeue_unfinished(worker_id: str) -> int:
    """Put back in the queue the tasks left running under this worker's id."""
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        mine = [task.pk for task in running if task.worker_ids[-1:] == [worker_id]]
        return DBTaskResult.objects.filter(pk__in=mine).update(
            status=TaskResultStatus.READY, started_at=None
        )


def hold_the_id(worker_id: str) -> Any:
    """The lock that says a live worker has this id; None if another holds it. Kept open for
    the process's life (released by the system when it dies, however it dies)."""
    name = f"peerlearning-worker:{worker_id}"
    if connection.vendor == "postgresql":
        from peerlearning.operations.backup import _postgres_connect

        held = _postgres_connect(connection.settings_dict)
        held.autocommit = True
        row = held.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [name]).fetchone()
        if not (row and row[0]):
            held.close()
            return None
        return held
    folder = Path(connection.settings_dict["NAME"]).parent
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    handle = (folder / f".worker-{digest}.lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


class Command(db_worker.Command):
    help = (
        "Run the background worker (django-tasks-db's db_worker), after putting back in the "
        "queue the tasks its previous run under the same --worker-id left unfinished."
    )

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=socket.gethostname()[:64] or "worker")

    def handle(self, *args: Any, worker_id: str, **options: Any) -> None:
        self.held = hold_the_id(worker_id)
        if self.held is None:
            raise CommandError(
                f"Another worker is running under the id {worker_id}: give each worker its own "
                "--worker-id (systemd: --worker-id=%H-%i)."
            )
        if requeued := requeue_unfinished(worker_id):
            self.stdout.write(
                f"{requeued} task(s) left running by the previous run of worker {worker_id} "
                "put back in the queue."
            )
        super().handle(*args, worker_id=worker_id, **options)
