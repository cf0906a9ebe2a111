"""When the database cannot be reached (PostgreSQL restarting, a failover, SQLite locked past its
timeout), people get a translated 503 page that says to try again, not a 500; API clients get a
JSON reason; and the next request is served again without restarting anything. The failure is
the driver's own error class raised where queries run (Django's execute wrapper); the real
restart under load is bench/faults.py."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from peerlearning.testing import page_text

pytestmark = pytest.mark.django_db


def _unreachable(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


def _client(language: str = "en") -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    return client


def test_a_page_says_in_arabic_that_the_platform_is_briefly_unavailable_then_recovers(member):
    client = _client("ar")
    client.force_login(member)
    with connection.execute_wrapper(_unreachable):
        response = client.get("/practices/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    text = page_text(response.content)
    assert 'dir="rtl"' in response.content.decode()
    assert "المنصة غير متاحة لبرهة" in text  # "The platform is briefly unavailable"
    assert "Traceback" not in text and "OperationalError" not in text
    # The database is back: the same request is served, nothing was restarted.
    assert client.get("/practices/").status_code == 200


def test_a_form_sent_while_the_database_is_away_is_answered_with_the_503_page(member):
    client = _client()
    client.force_login(member)
    with connection.execute_wrapper(_unreachable):
        response = client.post("/support/requests/new/", {"title": "Legal aid in Tunis"})
    assert response.status_code == 503
    assert "your browser still has what you typed" in page_text(response.content)


def test_the_api_answers_503_with_a_json_reason():
    client = _client("fr")
    with connection.execute_wrapper(_unreachable):
        response = client.get("/api/v1/practices")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("La plateforme")
    assert client.get("/api/v1/practices").status_code == 200  # control: served again


def _a_bug(execute, sql, params, many, context):
    raise ValueError("a bug")


def test_another_error_is_still_a_500():
    """Control: only an unreachable database is a 503; a bug stays a 500 (and is recorded)."""
    client = _client()
    with connection.execute_wrapper(_a_bug):
        response = client.get("/practices/")
    assert response.status_code == 500
    assert "Something went wrong" in page_text(response.content)


def _no_such_table(execute, sql, params, many, context):
    raise OperationalError("no such table: knowledge_practice")


def test_a_missing_table_is_a_500_not_a_wait_that_never_ends():
    """A deploy that skipped `migrate` is a fault to fix, not a database briefly away: it must
    not say "try again in a minute" for ever."""
    with connection.execute_wrapper(_no_such_table):
        response = _client().get("/practices/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_the_real_drivers_words_for_an_unreachable_database_are_recognised():
    import sqlite3

    from peerlearning.views import database_unreachable

    def wrapped(cause: Exception) -> OperationalError:
        error = OperationalError(str(cause))
        error.__cause__ = cause
        return error

    assert database_unreachable(wrapped(sqlite3.OperationalError("database is locked")))
    assert not database_unreachable(wrapped(sqlite3.OperationalError("no such column: x")))
    import psycopg

    shutting_down = psycopg.errors.AdminShutdown("terminating connection")
    assert database_unreachable(wrapped(shutting_down))  # 57P01
    assert not database_unreachable(wrapped(psycopg.errors.DeadlockDetected("deadlock")))
