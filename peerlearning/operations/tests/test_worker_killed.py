"""The background worker killed (SIGKILL) in the middle of a batch of e-mails: after it comes
back, every e-mail of the batch is sent, and none twice, except the one in flight at the kill
when the mail server had already taken it. A real worker process, a real SMTP conversation
(a small server on loopback that holds its answer at a chosen message), a real kill."""

import json
import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from peerlearning.accounts.models import JoinRequest

pytestmark = pytest.mark.django_db(transaction=True)

BATCH = 6
HELD = 3  # the mail server holds its answer at the third message


class MailServer(socketserver.ThreadingTCPServer):
    """SMTP enough for Django's SMTP backend. `hold_at` ("MAIL" or "DATA") and `hold_message`
    say where to stop answering: before the message is taken, or after taking it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, hold_at: str) -> None:
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.hold_at, self.hold_message = hold_at, HELD
        self.delivered: list[str] = []
        self.started = 0  # messages begun (MAIL FROM)
        self.holding = threading.Event()
        self.lock = threading.Lock()


class SMTPHandler(socketserver.StreamRequestHandler):
    server: MailServer

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def hold(self) -> None:
        self.server.holding.set()
        time.sleep(3600)  # until the worker is killed (the thread is a daemon)

    def handle(self) -> None:
        self.reply("220 drill ESMTP")
        recipients: list[str] = []
        number = 0
        while line := self.rfile.readline().decode(errors="replace").strip():
            verb = line.split(" ", 1)[0].split(":", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 drill")
            elif verb == "MAIL":
                with self.server.lock:
                    self.server.started += 1
                    number = self.server.started
                if self.server.hold_at == "MAIL" and number == self.server.hold_message:
                    self.hold()
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(line.split("<", 1)[1].split(">", 1)[0])
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go on")
                while self.rfile.readline() not in (b".\r\n", b".\n", b""):
                    pass
                with self.server.lock:
                    self.server.delivered.extend(recipients)
                if self.server.hold_at == "DATA" and number == self.server.hold_message:
                    self.hold()
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


def _database_for_workers(tmp_path: Path) -> dict[str, str]:
    """The environment that gives a worker process this test's database: PostgreSQL's test
    database itself; for SQLite (in memory here), a file copy of it."""
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        user = database["USER"] or ""
        password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
        at = f"{user}{password}@" if user else ""
        host = f"{database['HOST'] or 'localhost'}:{database['PORT'] or 5432}"
        return {"DATABASE_URL": f"postgres://{at}{host}/{database['NAME']}"}
    copy = sqlite3.connect(tmp_path / "peerlearning.sqlite3")
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.close()
    return {"VAR_DIR": str(tmp_path)}


def _tasks(environment: dict[str, str], tmp_path: Path) -> list[tuple[str, str]]:
    """(status, recipient) of each queued e-mail, read where the worker reads them."""
    if "VAR_DIR" in environment:
        reader = sqlite3.connect(tmp_path / "peerlearning.sqlite3")
        table = DBTaskResult._meta.db_table
        rows = reader.execute(
            f"SELECT status, args_kwargs FROM {table} ORDER BY enqueued_at"  # noqa: S608
        ).fetchall()
        reader.close()
    else:
        rows = list(
            DBTaskResult.objects.order_by("enqueued_at").values_list("status", "args_kwargs")
        )
    return [
        (status, (json.loads(args) if isinstance(args, str) else args)["kwargs"]["address"])
        for status, args in rows
    ]


def _worker(environment: dict[str, str], port: int, *arguments: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **environment,
        "DJANGO_SETTINGS_MODULE": "peerlearning.settings",
        "TASKS_BACKEND": "database",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "3600",
        "DEBUG": "false",
        "SECRET_KEY": django_settings.SECRET_KEY,
    }
    manage = Path(django_settings.BASE_DIR) / "manage.py"
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, str(manage), *arguments],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def batch(settings):
    """BATCH e-mails queued in the database, one task each, as the actions queue them."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    from peerlearning.lib.mail import send_templated

    addresses = [f"person-{number}@example.org" for number in range(1, BATCH + 1)]
    for address in addresses:
        join_request = JoinRequest.objects.create(
            name="Amal", email=address, reason="To learn.", decline_reason="Not yet."
        )
        send_templated.enqueue(
            "accounts/email/join_request_declined",
            {"join_request": {"model": "accounts.joinrequest", "pk": join_request.pk}},
            address=address,
            language="en",
        )
    return addresses


def _kill_while_held(server: MailServer, environment, command: str) -> subprocess.Popen:
    worker = _worker(
        environment,
        server.server_address[1],
        command,
        "--worker-id=drill-1",
        "--interval=0.1",
        "--no-startup-delay",
    )
    assert server.holding.wait(60), worker.stdout.read() if worker.stdout else ""
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    return worker


def _run_again(environment, port: int, command: str = "worker") -> str:
    again = _worker(environment, port, command, "--worker-id=drill-1", "--batch", "--interval=0")
    output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output
    return output


@pytest.mark.parametrize(
    ("hold_at", "twice"),
    [("MAIL", []), ("DATA", [f"person-{HELD}@example.org"])],
    ids=["killed-before-the-server-took-it", "killed-after-the-server-took-it"],
)
def test_a_worker_killed_mid_batch_sends_every_email_after_it_comes_back(
    batch, tmp_path, hold_at, twice
):
    environment = _database_for_workers(tmp_path)
    server = MailServer(hold_at)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _kill_while_held(server, environment, "worker")
        statuses = Counter(status for status, _ in _tasks(environment, tmp_path))
        assert statuses[TaskResultStatus.RUNNING] == 1  # the kill came in the middle of one
        server.hold_message = 0  # the server answers from now on
        output = _run_again(environment, server.server_address[1])
        assert "1 task(s) left running by the previous run of worker drill-1" in output
    finally:
        server.shutdown()
        server.server_close()
    sent = Counter(server.delivered)
    assert set(sent) == set(batch)  # every e-mail of the batch
    assert sorted(address for address, times in sent.items() if times > 1) == twice
    assert max(sent.values()) <= 2
    assert {status for status, _ in _tasks(environment, tmp_path)} == {TaskResultStatus.SUCCESSFUL}


def test_without_putting_the_unfinished_task_back_its_email_would_be_lost(batch, tmp_path):
    """Control: django-tasks-db's own worker, started again, leaves the killed task running and
    its e-mail unsent; the test above would see that."""
    environment = _database_for_workers(tmp_path)
    server = MailServer("MAIL")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        _kill_while_held(server, environment, "db_worker")
        server.hold_message = 0
        _run_again(environment, server.server_address[1], "db_worker")
    finally:
        server.shutdown()
        server.server_close()
    assert f"person-{HELD}@example.org" not in server.delivered
    assert len(set(server.delivered)) == BATCH - 1
    assert [status for status, _ in _tasks(environment, tmp_path)].count(
        TaskResultStatus.RUNNING
    ) == 1


def test_a_second_worker_under_a_live_workers_id_refuses_to_start(tmp_path):
    """It would take the first one's running task for its own unfinished one and send it
    again; a worker under another id starts (the control)."""
    environment = _database_for_workers(tmp_path)
    first = _worker(environment, 1, "worker", "--worker-id=drill-1", "--interval=0.2")
    try:
        assert first.stdout is not None
        started = ""
        while "Starting worker" not in started:  # it holds its id from before this line
            line = first.stdout.readline()
            assert line, started  # it ended before starting
            started += line
        second = _worker(environment, 1, "worker", "--worker-id=drill-1", "--batch")
        output, _ = second.communicate(timeout=60)
        assert second.returncode != 0
        assert "Another worker is running under the id drill-1" in output
        assert first.poll() is None  # the first one goes on
        other = _worker(environment, 1, "worker", "--worker-id=drill-2", "--batch")
        assert other.wait(60) == 0
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
