"""bench/report.md from the last runs' figures in bench/out/ (load, pages, faults, backups).

    .venv/bin/python bench/report.py

Each section says which run it comes from and when; a run not made says so instead of a figure.
"""

import json
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def _read(name: str) -> object | None:
    path = OUT / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _when(name: str) -> str:
    stamp = (OUT / name).stat().st_mtime
    return datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _not_run(script: str, database: str, options: str = "") -> list[str]:
    postgres = " --postgres" if database == "postgresql" else ""
    return [f"No run on {database} yet: `bench/{script}{postgres}{options}`.", ""]


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    """A Markdown table: the first column left, the figures right."""
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def load_section(database: str, *, think: bool = False, large: bool = False) -> list[str]:
    name = f"load-{database}{'-think' if think else ''}{'-large' if large else ''}.json"
    run = _read(name)
    if not isinstance(run, dict):
        options = (" --think 2 --ramp 30" if think else "") + (" --large" if large else "")
        return _not_run("load.py", database, options)
    pauses = (
        f"each pausing {run['think_s']} s on average between two requests"
        if run.get("think_s")
        else "each asking again the moment an answer comes (the server saturated)"
    )
    if run.get("ramp_s"):
        pauses += f", arriving evenly over the first {run['ramp_s']} s"
    data = (
        "the demo and the benchmark's large data set (bench/generate.py)"
        if run.get("large")
        else "the demo"
    )
    lines = [
        f"{run['users']} concurrent users ({run['readers']} readers, {run['writers']} writers), "
        f"{pauses}, for "
        f"{run['seconds']} s on {database} over {data}, {_when(name)}: "
        f"**{run['requests_per_second']} requests/s**, "
        f"p50 {run['p50_ms']} ms, p95 {run['p95_ms']} ms, p99 {run['p99_ms']} ms, "
        f"**{run['errors']} error(s)** in {run['requests']} requests.",
        "",
    ]
    rows = [
        [f"`{route}`", f["requests"], f["p50_ms"], f["p95_ms"], f["p99_ms"], f["errors"]]
        for route, f in run["routes"].items()
    ]
    return lines + _table(["Route", "Requests", "p50 ms", "p95 ms", "p99 ms", "Errors"], rows)


PAGE_TARGET = 100  # requests per second, each main page alone (issue 20)


def pages_section(database: str) -> list[str]:
    name = f"pages-{database}.json"
    run = _read(name)
    if not isinstance(run, dict):
        return _not_run("pages.py", database)
    short = [
        page
        for page, figures in run["pages"].items()
        if figures["requests_per_second"] < PAGE_TARGET
    ]
    lines = [
        f"Each page alone on {database}, {run['connections']} connections for {run['seconds']} s "
        f"each (wrk), {_when(name)}: "
        + (
            f"**below {PAGE_TARGET}/s: {', '.join(short)}**."
            if short
            else f"every page at {PAGE_TARGET}/s or more."
        ),
        "",
    ]
    rows = [
        [f"{page} (`{f['path']}`)", f["requests_per_second"], f["p50_ms"], f["p99_ms"], f["errors"]]
        for page, f in run["pages"].items()
    ]
    return lines + _table(["Page", "Requests/s", "p50 ms", "p99 ms", "Errors"], rows)


def faults_section() -> list[str]:
    run = _read("faults.json")
    if not isinstance(run, dict):
        return ["No run yet: `bench/faults.py`.", ""]
    phases = run["by_phase"]
    return [
        f"PostgreSQL stopped (fast) under {run['readers']} readers and started again "
        f"{run['down_seconds']} s later, {_when('faults.json')}: {run['requests']} requests; "
        f"before {phases['before']}, while down {phases['down']}, after {phases['after']} "
        f"(status: count). **{run['unclean']} unclean response(s)** (anything but 200 or a 503 "
        "page in the reader's language with Retry-After). First page served "
        f"{run['first_page_after_restart_s']} s after the restart, by the same gunicorn workers.",
        "",
    ]


def backup_section() -> list[str]:
    runs = _read("backup.json")
    if not isinstance(runs, list):
        return ["No run yet: `bench/backup_drill.py`.", ""]
    lines = [
        f"The demo backed up and restored into an empty database, {_when('backup.json')}:",
        "",
        "| Database | Archive | Backup | Restore (with read-back) | Identical |",
        "|---|---:|---:|---:|---|",
    ]
    for run in runs:
        lines.append(
            f"| {run['database']} | {run['archive_bytes'] / 1e6:.1f} MB | {run['backup_s']} s | "
            f"{run['restore_s']} s | {'yes' if run['identical'] else 'NO'} |"
        )
    return [*lines, "", *(f"- {run['database']}: {run['restore']}" for run in runs), ""]


def two_servers_section() -> list[str]:
    lines = []
    for name, label in (
        ("two_servers.json", "CACHE=database (the default)"),
        ("two_servers-locmem.json", "control: CACHE=locmem, a cache per process"),
    ):
        run = _read(name)
        if not isinstance(run, dict):
            lines += [f"No run yet with {label}.", ""]
            continue
        race = run["race"]
        lines += [
            f"**{label}**, {_when(name)}:",
            "",
            f"- sessions (signed in through A, recognised by B): {_ok(run['session'])}",
            f"- sign-in throttle across both: {_ok(run['throttle'])} "
            f"({', '.join(run['throttle']['answers'])})",
            f"- two factors (password through A, code through B): {_ok(run['two_factor'])}",
            f"- upload through A, download through B: {_ok(run['upload'])}",
            f"- registration race: {_ok(race)}: {race['registered']} registered, "
            f"{race['waitlisted']} on the waiting list, responses {race['responses']}",
            "",
        ]
    return lines


def _ok(check: dict) -> str:
    return "as on one server" if check["ok"] else "**differs from one server**"


def main() -> None:
    lines = [
        "# Operations under stress: the last runs",
        "",
        "Generated by `bench/report.py` from `bench/out/` on this 2-core machine, where the load",
        "generator, gunicorn (3 workers x 2 threads) and the database share the two cores.",
        "",
        "## Load",
        "",
        "### As people use it, over the large data set: a pause between two pages",
        "",
        *load_section("postgresql", think=True, large=True),
        *load_section("sqlite", think=True, large=True),
        "### As people use it, over the demo alone",
        "",
        *load_section("postgresql", think=True),
        *load_section("sqlite", think=True),
        "### Saturated: no pause, over the demo alone",
        "",
        *load_section("postgresql"),
        *load_section("sqlite"),
        "## Each main page alone (`bench/pages.py`)",
        "",
        *pages_section("postgresql"),
        *pages_section("sqlite"),
        "## Faults",
        "",
        "### PostgreSQL restarted under load (`bench/faults.py`)",
        "",
        *faults_section(),
        "### The worker killed mid-batch, the disk full during an upload",
        "",
        "Automated tests, run by CI on SQLite and PostgreSQL:",
        "`peerlearning/operations/tests/test_worker_killed.py` and",
        "`peerlearning/operations/tests/test_disk_full.py`.",
        "",
        "## Two servers (`bench/two_servers.py`)",
        "",
        *two_servers_section(),
        "## Backups that restore (`bench/backup_drill.py`)",
        "",
        *backup_section(),
    ]
    (ROOT / "bench" / "report.md").write_text("\n".join(lines), encoding="utf-8")
    sys.stdout.write("bench/report.md written\n")


if __name__ == "__main__":
    main()
