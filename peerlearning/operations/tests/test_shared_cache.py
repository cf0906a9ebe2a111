"""One cache for every process: the default is the database's table `cache` (made by
`migrate`), so the sign-in throttle counts every gunicorn worker's and every server's failures
together. (Two real servers are checked by bench/two_servers.py; the tests otherwise use a cache
in memory, see conftest.py.)"""

import copy
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

from peerlearning import settings as project_settings
from peerlearning.accounts.tests.test_sign_in import sign_in

pytestmark = pytest.mark.django_db

# As settings.py makes it (not as the tests run it), copied: the test must not change it.
DATABASE_CACHE = copy.deepcopy(project_settings.CACHES)


def _configured_cache(**environment: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CACHE"} | environment
    code = "import peerlearning.settings as s; print(s.CACHES['default']['BACKEND'])"
    done = subprocess.run(  # noqa: S603 - our own settings module
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_the_default_cache_is_the_shared_database_table():
    assert _configured_cache() == "django.core.cache.backends.db.DatabaseCache"
    # Control: the in-memory cache is there on purpose only.
    assert _configured_cache(CACHE="locmem").endswith("LocMemCache")


def test_failures_on_two_clients_count_together_in_the_database_cache(member, settings):
    """Two clients, as if on two servers: the sixth wrong password is refused however the
    attempts were spread, because the count lives in the database."""
    settings.CACHES = DATABASE_CACHE
    from django.core.cache import cache

    cache.clear()
    first, second = Client(), Client()
    for attempt in range(5):
        response = sign_in(first if attempt % 2 else second, member.email, "wrong")
        assert "Too many failed login attempts" not in response.content.decode()  # control
    response = sign_in(first, member.email, "wrong")
    assert "Too many failed login attempts" in response.content.decode()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM cache")
        assert cursor.fetchone()[0] >= 1  # counted in the shared table


def test_a_throttle_outlives_many_other_entries(member, settings):
    """Entries made by others (new addresses failing to sign in, say) must not cull the count
    of this account's failures: Django's default of 300 entries would."""
    settings.CACHES = DATABASE_CACHE
    from django.core.cache import cache

    cache.clear()
    client = Client()
    for _ in range(5):
        sign_in(client, member.email, "wrong")
    cache.set_many({f"someone-else-{number}": 1 for number in range(400)})
    response = sign_in(client, member.email, "wrong")
    assert "Too many failed login attempts" in response.content.decode()
