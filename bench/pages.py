"""Each main page alone under load: requests per second, latency and errors, with wrk.

    .venv/bin/python bench/pages.py [--postgres] [--connections 50] [--seconds 10]

Serves the demo as `make run` does (bench/served.py: gunicorn 3 workers x 2 threads, loopback
only; with --postgres on a throwaway PostgreSQL cluster of bench/pg.py), then drives each page
in turn with wrk (Debian package `wrk`) for --seconds with --connections open connections. The
public pages are read as a visitor; the directory and support, which need an account, as the
demo member. On this 2-core machine wrk, gunicorn and the database share the cores. Writes
bench/out/pages-<database>.json; the target is 100 requests/s for each page and no error.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pg import cluster  # noqa: E402
from served import ROOT, served  # noqa: E402
from webclient import Client  # noqa: E402

PLAN: dict[str, str] = {}
SIGNED_IN = {"directory", "support"}


def prepare() -> None:
    from django.contrib.auth.models import AnonymousUser

    from peerlearning import access
    from peerlearning.exchanges.models import Exchange
    from peerlearning.knowledge.models import Practice
    from peerlearning.network.models import Community

    visitor = AnonymousUser()
    exchange = (
        access.exchanges_visible_to(Exchange.objects.all(), visitor).order_by("-starts_at").first()
    )
    practice = access.practices_visible_to(Practice.objects.all(), visitor).order_by("pk").first()
    community = (
        access.communities_visible_to(Community.objects.all(), visitor).order_by("pk").first()
    )
    assert exchange and practice and community  # noqa: S101 - the demo has them
    PLAN.update(
        {
            "home": "/",
            "exchanges": "/exchanges/",
            "an exchange": exchange.get_absolute_url(),
            "practices": "/practices/",
            "a practice": practice.get_absolute_url(),
            "search": "/search/?q=community+case+management",
            "communities": "/communities/",
            "a community": community.get_absolute_url(),
            "directory": "/directory/people/",
            "support": "/support/",
        }
    )


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def drive(url: str, cookie: str, connections: int, seconds: int) -> dict[str, object]:
    command = [
        "wrk",
        "--latency",
        f"--connections={connections}",
        "--threads=2",
        f"--duration={seconds}s",
        "--timeout=10s",
        "--header=Accept-Encoding: br, gzip",
    ]
    if cookie:
        command.append(f"--header=Cookie: {cookie}")
    out = subprocess.run(  # noqa: S603 - wrk against our own loopback server
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"wrk's latency distribution not understood:\n{out}")
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": round(_milliseconds(latency["50"]), 1),
        "p99_ms": round(_milliseconds(latency["99"]), 1),
        "errors": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--only", nargs="*", help="names of pages to drive (default: all)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (make run: 3)")
    parser.add_argument("--threads", type=int, default=2, help="threads a worker (make run: 2)")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    results: dict[str, object] = {}
    with ExitStack() as stack:
        database_url = stack.enter_context(cluster()).url if options.postgres else ""
        base = stack.enter_context(
            served(
                prepare=prepare,
                database_url=database_url,
                workers=options.workers,
                threads=options.threads,
            )
        )
        member = Client(base)
        member.sign_in("member@example.org", "peerlearning-demo")
        cookie = f"sessionid={member.cookies['sessionid']}"
        for name, path in PLAN.items():
            if options.only and name not in options.only:
                continue
            check = (member if name in SIGNED_IN else Client(base)).get(path)
            if check.status != 200:
                raise RuntimeError(f"{name} ({path}) answers {check.status}, not 200")
            figures = drive(
                base + path,
                cookie if name in SIGNED_IN else "",
                options.connections,
                options.seconds,
            )
            results[name] = {"path": path, **figures}
            print(
                f"{name:<14} {figures['requests_per_second']:>7.1f}/s  p50 {figures['p50_ms']:>7} ms  p99 {figures['p99_ms']:>7} ms  errors {figures['errors']}"
            )  # noqa: T201, E501
    database = "postgresql" if options.postgres else "sqlite"
    # Another gunicorn than make run's, or some pages only, is an experiment: kept beside, not
    # in the report.
    experiment = (
        ""
        if (options.workers, options.threads) == (3, 2) and not options.only
        else (f"-{options.workers}x{options.threads}" + ("-some" if options.only else ""))
    )
    out = ROOT / "bench" / "out" / f"pages-{database}{experiment}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "database": database,
                "connections": options.connections,
                "gunicorn": f"{options.workers} workers x {options.threads} threads",
                "seconds": options.seconds,
                "pages": results,
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
