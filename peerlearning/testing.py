"""Shared test helpers: the cast of personas and SQL query counting."""

import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from unittest import mock

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from whitenoise.middleware import WhiteNoiseMiddleware

from peerlearning.accounts.models import User

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"
PASSWORD = "correct horse battery staple"  # noqa: S105


def make_user(email: str, *, two_factor: bool = False, **fields: Any) -> User:
    fields.setdefault("display_name", email.split("@")[0].title())
    user = User.objects.create_user(email, PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if two_factor:
        TOTP.activate(user, TOTP_SECRET)
    return user


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    """The code an authenticator app shows now. Near the end of its 30-second window the code
    would expire before a busy test machine submits it (the platform allows no drift): wait
    for the next window instead, as a person would."""
    import time

    left = 30 - time.time() % 30
    if offset == 0 and left < 4:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def signed_in_client(user: User) -> Client:
    """A test client signed in as `user`, as `Client.force_login` leaves it: the session's
    row in the real session store holds the same three keys, and the client holds its cookie.

    Written at once, in two queries: `force_login` runs the whole sign-in (a new key, then a
    cycled one, the session read back, `last_login` updated), about ten queries that took a
    sixth of the access matrix's time. A test of signing in itself goes through the sign-in
    page or `force_login`, not this."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    client = Client()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@contextmanager
def empty_database(alias: str = "upgrade") -> Iterator[Any]:
    """A second database beside the test database, empty, on the same server, reached through
    its own connection under `alias`: for a test of a migration, which migrates it from nothing
    to the state before, writes rows as they stood then, and migrates it on. The test database
    is left as it is (unapplying its later migrations and applying them again took a test
    half a minute). The migrations it runs must write through `schema_editor.connection.alias`.
    A test that needs no test database opens this one under `django_db_blocker.unblock()`.
    """
    import copy
    import os
    import tempfile
    from pathlib import Path

    from django.db import DEFAULT_DB_ALIAS, connections

    base = connections[DEFAULT_DB_ALIAS]
    settings_dict = copy.deepcopy(base.settings_dict)
    with tempfile.TemporaryDirectory() as folder:
        if base.vendor == "sqlite":
            settings_dict["NAME"] = str(Path(folder) / f"{alias}.sqlite3")
        else:
            # Its own name in each process: two workers may make one at the same time, before
            # either has made its test database (whose name tells the workers apart).
            settings_dict["NAME"] = f"{base.settings_dict['NAME']}_{alias}_{os.getpid()}"
            name = base.ops.quote_name(settings_dict["NAME"])
            with base._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name}")
                cursor.execute(f"CREATE DATABASE {name}")
        connections.settings[alias] = settings_dict
        try:
            yield connections[alias]
        finally:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]
            if base.vendor != "sqlite":
                with base._nodb_cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {name}")


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def count_queries(client: Client, url: str) -> int:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)


def assert_queries_bounded(client: Client, url: str, grow: Callable[[int], object]) -> int:
    """The page's query count must not change when the data behind it grows tenfold. Each is
    counted as on a running server: after a first request, which reads again what a process
    keeps until it changes (the thesaurus's labels, the lexicon). A process also asks the
    shared cache whether the thesaurus changed elsewhere, once every `search.CHECK_EVERY`
    seconds whatever the data: not while counting, where it fell on a request or not with the
    machine's speed."""
    from peerlearning.knowledge import search

    grow(3)
    count_queries(client, url)
    with mock.patch.object(search, "CHECK_EVERY", math.inf):
        small = count_queries(client, url)
    grow(30)
    count_queries(client, url)
    with mock.patch.object(search, "CHECK_EVERY", math.inf):
        large = count_queries(client, url)
    assert large > 0, f"{url}: no query captured; the count would prove nothing"
    assert small == large, f"{url}: {small} queries with little data, {large} with more"
    return large


class ScannedOnceWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise as configured, scanning the static folders once per test session.

    Every test `Client` builds the middleware chain again, and WhiteNoise walks and stats every
    static file of every app each time (about 50 ms, half the time of a simple request). The
    scan's result depends only on the settings in its key and on files tests never change."""

    _scans: ClassVar[dict[tuple[object, ...], dict[str, Any]]] = {}

    def add_files_from_finders(self) -> None:
        key = (
            self.static_prefix,
            self.max_age,
            self.autorefresh,
            tuple(
                repr(getattr(settings, name, None))
                for name in dir(settings)
                if name.startswith(("WHITENOISE_", "STATIC", "STORAGES"))
            ),
            tuple(settings.INSTALLED_APPS),
        )
        if key not in self._scans:
            before = dict(self.files)
            super().add_files_from_finders()
            self._scans[key] = {
                url: file for url, file in self.files.items() if before.get(url) is not file
            }
        self.files.update(self._scans[key])


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def built_once(request: Any, build: Callable[[], Any], **settings_for_build: Any) -> Iterator[Any]:
    """For a module- or class-scoped fixture: data built once, inside a transaction that is
    rolled back when the scope ends. Each test then runs in its own savepoint inside it
    (pytest-django's `db`), so what one test changes is undone before the next. Tests with
    `transaction=True` commit and flush: they cannot share such data."""
    from django.db import transaction
    from django.test import override_settings

    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    atomic = transaction.atomic()
    with blocker.unblock():
        atomic.__enter__()
    try:
        with (
            blocker.unblock(),
            override_settings(
                PASSWORD_HASHERS=FAST_HASHERS, LANGUAGE_CODE="en", **settings_for_build
            ),
        ):
            built = build()
        yield built
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def post_json(client: Client, path: str, body: Any) -> Any:
    """A JSON body posted as the API expects it."""
    return client.post(path, data=json.dumps(body), content_type="application/json")


def page_text(page: str | bytes) -> str:
    """What a person reads on a page: the text without its tags, entities read, spaces folded."""
    import html
    import re

    if isinstance(page, bytes):
        page = page.decode()
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", page)).split())
