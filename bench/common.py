"""How every benchmark script starts: a database folder of its own under bench/out/, then Django.

SQLite by default (a fresh file each run); PostgreSQL when DATABASE_URL is set, unless the script
measures something that must run on SQLite alone (`sqlite_only`).
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(name: str = "", *, sqlite_only: bool = False) -> Path:
    sys.path.insert(0, str(ROOT))
    out = ROOT / "bench" / "out" / name if name else ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    if sqlite_only:
        os.environ.pop("DATABASE_URL", None)
        os.environ["VAR_DIR"] = str(out)
    if not os.environ.get("DATABASE_URL"):
        (out / "peerlearning.sqlite3").unlink(missing_ok=True)
    os.environ.setdefault("VAR_DIR", str(out))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerlearning.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"

    import django

    django.setup()
    return out


def _noting(queries: list[str]):  # noqa: ANN202
    """A wrapper that notes every SQL statement the connection runs (the debug log can miss
    them)."""

    def wrapper(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def measure_pages(
    pages: list[tuple[str, str]], repeat: int, language: dict[str, str] | None = None
) -> float:
    """Request each page `repeat` times in-process and print its SQL queries, server time (p50,
    p95, max) and weight (gzip as sent, and uncompressed); return the worst p95 in ms. A page's
    language is `language[label]` (English otherwise), set as the reader's cookie."""
    import gzip
    import statistics
    import time

    from django.db import connection
    from django.test import Client

    client = Client()
    header = f"{'page':<30} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
    print(f"\n{header} {'KB sent':>8} {'KB html':>8}")  # noqa: T201
    worst = 0.0
    for label, url in pages:
        client.cookies["django_language"] = (language or {}).get(label, "en")
        queries: list[str] = []
        with connection.execute_wrapper(_noting(queries)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        body = response.content
        timings = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        worst = max(worst, p95)
        print(  # noqa: T201
            f"{label:<30} {len(queries):>7} {statistics.median(timings):>8.1f} "
            f"{p95:>8.1f} {timings[-1]:>8.1f} {len(gzip.compress(body, 6)) / 1024:>8.1f} "
            f"{len(body) / 1024:>8.1f}"
        )
    print(f"\nworst p95: {worst:.1f} ms (target: under 150 ms)")  # noqa: T201
    return worst
