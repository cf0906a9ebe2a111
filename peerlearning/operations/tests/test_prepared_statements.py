"""On PostgreSQL a connection plans a query once and reuses the plan (DATABASE_PREPARED_STATEMENTS):
the support page's visibility subqueries were planned again on every request before."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F

from peerlearning.support.models import SupportRequest

pytestmark = pytest.mark.django_db

PREPARED = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s"


def _prepared(marker: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(PREPARED, [f"%{marker}%"])
        return cursor.fetchone()[0]


def test_a_query_run_twice_is_prepared_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's; SQLite plans in process")
    # A query text no other test runs (its column's alias), so only these runs prepare it.
    query = SupportRequest.objects.filter(title="a title").values(prepared_marker=F("title"))
    list(query.all())  # a copy each time: a query set keeps its rows once read
    assert _prepared("prepared_marker") == 0  # once: planned, not kept
    list(query.all())
    list(query.all())
    assert _prepared("prepared_marker") == 1  # again: prepared, then reused
    # Its parameters travel apart from it: the text holds a placeholder, not the title.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%prepared_marker%"],
        )
        (statement,) = cursor.fetchone()
    assert "$1" in statement
    assert "a title" not in statement


@pytest.mark.parametrize(("value", "expected"), [("", True), ("false", False)])
def test_prepared_statements_follow_their_setting(value, expected):
    environment = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "peerlearning.settings",
    }
    environment.pop("DATABASE_PREPARED_STATEMENTS", None)
    if value:
        environment["DATABASE_PREPARED_STATEMENTS"] = value
    options = subprocess.run(  # noqa: S603 - this interpreter, this project's settings
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(sorted(settings.DATABASES['default'].get('OPTIONS', {}).items()))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    ).stdout
    assert ("('server_side_binding', True)" in options) is expected
    assert ("('prepare_threshold', 2)" in options) is expected
