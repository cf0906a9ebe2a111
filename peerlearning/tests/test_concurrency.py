"""The embedded default under a threaded server: shared objects and SQLite writes."""

import sys
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import snowballstemmer
from django.db import connections, transaction

from peerlearning.knowledge import text
from peerlearning.testing import empty_database

WORDS = [
    f"{word}{suffix}"
    for word in ["detention", "alternatives", "communities", "governments", "organisations"]
    for suffix in ["", "s", "ing", "ed", "ness", "ly"]
]


def run_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(number: int) -> None:
        try:
            work(number)
        except BaseException as error:  # noqa: BLE001 - every failure of a thread is reported
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def frequent_thread_switches() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


def test_threads_stemming_at_once_get_the_same_stems_as_one_thread(frequent_thread_switches):
    expected = {word: snowballstemmer.stemmer("english").stemWord(word) for word in WORDS}
    uncached_stem = text.stem.__wrapped__  # the lru_cache would hide the stemmer after one call
    wrong: list[str] = []

    def work(_number: int) -> None:
        for _ in range(150):
            for word in WORDS:
                if uncached_stem(word, "en") != expected[word]:
                    wrong.append(word)

    errors = run_threads(4, work)
    assert errors == [] and wrong == []
    # The control: a single thread gets them right too, and the stems are real stems.
    assert [uncached_stem(word, "en") for word in WORDS] == [expected[w] for w in WORDS]
    assert expected["communities"] == "communiti"


@pytest.fixture
def file_database(django_db_blocker) -> Iterator[str]:
    """A SQLite database on a file of its own (not the test database), configured like the
    default one, OPTIONS included."""
    if connections.settings["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    with django_db_blocker.unblock(), empty_database("concurrency") as connection:
        yield connection.alias


def test_simultaneous_read_then_write_transactions_wait_for_each_other(file_database):
    with connections[file_database].cursor() as cursor:
        cursor.execute("CREATE TABLE registration (number integer)")
    all_started = threading.Barrier(4)

    def register(number: int) -> None:
        try:
            all_started.wait()
            with (
                transaction.atomic(using=file_database),
                connections[file_database].cursor() as cursor,
            ):
                cursor.execute("SELECT count(*) FROM registration")
                time.sleep(0.05)  # the others read meanwhile, then all write
                cursor.execute("INSERT INTO registration VALUES (%s)", [number])
        finally:
            connections[file_database].close()

    errors = run_threads(4, register)
    assert errors == []
    with connections[file_database].cursor() as cursor:
        cursor.execute("SELECT number FROM registration ORDER BY number")
        assert [row[0] for row in cursor.fetchall()] == [0, 1, 2, 3]
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
