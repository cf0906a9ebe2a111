"""The demo as `make run` serves it, for the benchmarks: gunicorn on loopback, on a copy of the demo.

    with served(prepare=...) as base_url: ...

Copies the demo database (var/peerlearning.sqlite3 if `make run` made it, else a fresh one with
the demo loaded) into a temporary folder, collects the static files there (hashed, pre-compressed),
starts gunicorn (3 workers × 2 threads, as `make run`) on a free loopback port, waits until it
answers, and stops it and removes the folder at the end. Nothing here talks to another host.
"""

import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_DB = ROOT / "var" / "peerlearning.sqlite3"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(folder: Path, port: int, database_url: str = "") -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "peerlearning.settings",
        "DATABASE_URL": database_url or f"sqlite:///{folder / 'peerlearning.sqlite3'}",
        "VAR_DIR": str(folder),
        "STATIC_ROOT": str(folder / "static"),
        "STATIC_MANIFEST": "true",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "LOG_LEVEL": "WARNING",
        # As behind the proxy of docs/deploy.md: throttles count the client's address, which the
        # load generator gives each simulated person in X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": "1",
    }


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _has_demo(path: Path) -> bool:
    """Whether `make run` left a demo there (not an empty file some other command made)."""
    if not path.exists():
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as probe:
            return bool(probe.execute("SELECT count(*) FROM accounts_user").fetchone()[0])
    except sqlite3.Error:
        return False


def _copy_demo(target: Path, env: dict[str, str]) -> None:
    if _has_demo(DEMO_DB) and env["DATABASE_URL"].startswith("sqlite"):
        source = sqlite3.connect(DEMO_DB)
        copy = sqlite3.connect(target)
        source.backup(copy)  # consistent even while `make run` serves from it
        copy.close()
        source.close()
        _manage(env, "migrate", "--no-input")
    else:
        _manage(env, "migrate", "--no-input")
        _manage(env, "loaddemo", "--force")


@contextmanager
def served(
    prepare: Callable[[], None] | None = None,
    *,
    workers: int = 3,
    threads: int = 2,
    database_url: str = "",
) -> Iterator[str]:
    """Serve a copy of the demo (on SQLite, or the demo loaded into the empty PostgreSQL
    database of `database_url`); `prepare` runs in this process with Django set up on it,
    before the server starts."""
    with served_by(
        1, prepare, workers=workers, threads=threads, database_url=database_url
    ) as bases:
        yield bases[0]


def _start(
    env: dict[str, str], port: int, workers: int, threads: int, log: Path
) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - the project's own gunicorn, loopback only
        [
            str(BIN / "gunicorn"),
            "peerlearning.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--graceful-timeout=5",
            "--no-control-socket",  # else it writes ~/.gunicorn/gunicorn.ctl
        ],
        env={**env, "SITE_URL": f"http://127.0.0.1:{port}"},
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "w"),  # noqa: SIM115 - closed with the process
    )


def _wait_for(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + log.read_text()) from None
            time.sleep(0.2)


@contextmanager
def served_by(
    count: int,
    prepare: Callable[[], None] | None = None,
    *,
    workers: int = 3,
    threads: int = 2,
    database_url: str = "",
) -> Iterator[list[str]]:
    """`count` application servers (gunicorn, each on its own port) on one database, one
    shared cache (the database's) and one media folder, as docs/deploy.md §12 scales out."""
    folder = Path(tempfile.mkdtemp(prefix="peerlearning-bench-"))
    ports = [_free_port() for _ in range(count)]
    env = _environment(folder, ports[0], database_url)
    servers: list[subprocess.Popen] = []
    try:
        _copy_demo(folder / "peerlearning.sqlite3", env)
        _manage(env, "collectstatic", "--no-input")
        if prepare:
            os.environ.update({k: env[k] for k in ("DATABASE_URL", "VAR_DIR", "SECRET_KEY")})
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlearning.settings")
            sys.path.insert(0, str(ROOT))
            import django
            from django.db import connections

            django.setup()
            prepare()
            connections.close_all()
        bases = []
        for number, port in enumerate(ports):
            log = folder / f"gunicorn-{number}.log"
            servers.append(_start(env, port, workers, threads, log))
            bases.append(f"http://127.0.0.1:{port}")
            _wait_for(bases[-1], servers[-1], log)
        yield bases
    finally:
        for server in servers:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(folder, ignore_errors=True)
