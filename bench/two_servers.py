"""Two application servers behind one PostgreSQL, one shared cache and one media folder behave
as one: sessions, sign-in throttling, two-factor sign-in, uploaded files, and the registration
race (50 people registering at once for 20 places, half through each server).

    .venv/bin/python bench/two_servers.py [--people 50] [--places 20]

Starts a throwaway PostgreSQL cluster (bench/pg.py), loads the demo, and serves it with two
gunicorn processes on two loopback ports (bench/served.py `served_by`), as docs/deploy.md §12
scales out: the same environment, CACHE=database, the same media folder (a shared mount or
object storage between machines). Writes bench/out/two_servers.json; exit status 1 if a check
fails.
"""

import argparse
import json
import os
import sys
import threading
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from people import PASSWORD, make_people  # noqa: E402
from pg import cluster  # noqa: E402
from served import ROOT, served_by  # noqa: E402
from webclient import Client  # noqa: E402

DEMO_PASSWORD = "peerlearning-demo"  # noqa: S105 - the demo's published password
EDITOR_TOTP = "PEERLEARNINGDEMOEDITORXY"  # the demo editor's published authenticator secret
EXCHANGE = "alternatives-in-transit-settings"
PLAN: dict[str, str] = {}


def prepare(people: int, places: int) -> None:
    from peerlearning.exchanges.models import Exchange, Status
    from peerlearning.network.models import Organisation

    exchange = Exchange.objects.get(slug=EXCHANGE)
    exchange.registrations.all().delete()
    Exchange.objects.filter(pk=exchange.pk).update(
        status=Status.OPEN,
        capacity=places,
        registration_opens_at=None,
        registration_closes_at=None,
    )
    organisation = Organisation.objects.get(acronym="IDC")
    make_people("race", people, exchange.community, organisation)
    PLAN["organisation"] = str(organisation.pk)


def _address(number: int) -> dict[str, str]:
    return {"X-Forwarded-For": f"10.1.{number // 250}.{number % 250 + 1}"}


def check_session(a: str, b: str) -> dict[str, object]:
    """Signed in through A, recognised by B."""
    client = Client(a, headers=_address(1))
    client.sign_in("member@example.org", DEMO_PASSWORD)
    client.base = b
    home = client.get("/home/")
    anonymous = Client(b, headers=_address(1)).get(
        "/home/"
    )  # control: B asks a stranger to sign in
    return {
        "ok": home.status == 200
        and "Demo Government Official" in home.body.decode()
        and anonymous.status == 302,
        "status_on_b": home.status,
        "stranger_on_b": anonymous.status,
    }


def check_throttle(a: str, b: str) -> dict[str, object]:
    """Wrong passwords from one address, alternately on A and B: from the sixth on, the form
    says "Too many failed login attempts" wherever it lands, as on one server (login_failed:
    5 in 5 minutes per address and per account)."""
    said = []
    for attempt in range(7):
        client = Client(a if attempt % 2 == 0 else b, headers=_address(2))
        client.get("/accounts/login/")
        response = client.post(
            "/accounts/login/", {"login": "member@example.org", "password": "wrong-password"}
        )
        body = response.body.decode(errors="replace")
        said.append("throttled" if "Too many failed login attempts" in body else "refused")
    return {"ok": said == ["refused"] * 5 + ["throttled"] * 2, "answers": said}


def check_two_factor(a: str, b: str) -> tuple[dict[str, object], Client]:
    """The password through A, the authenticator's code through B (a code is taken once:
    the same client then uploads)."""
    from peerlearning.testing import totp_code

    client = Client(a, headers=_address(3))
    client.get("/accounts/login/")
    first = client.post(
        "/accounts/login/", {"login": "editor@example.org", "password": DEMO_PASSWORD}
    )
    step = first.header("Location")
    client.base = b
    second = client.post(step, {"code": totp_code(EDITOR_TOTP)})
    home = client.get("/home/")
    return {
        "ok": first.status == 302 and "2fa" in step and second.status == 302 and home.status == 200,
        "password_step": first.status,
        "code_step": second.status,
        "home_on_b": home.status,
    }, client


def check_upload(a: str, b: str, client: Client) -> dict[str, object]:
    """A file uploaded through A by the signed-in editor is downloaded whole through B."""
    content = b"Case management kept 94% of families in the community programme.\n" * 50
    client.base = a
    client.get("/resources/new/")
    created = client.post(
        "/resources/new/",
        {"title": "Two servers upload", "kind": "report", "language": "en", "description": ""},
        files={"file": ("two-servers.txt", content, "text/plain")},
    )
    where = created.header("Location")
    client.base = b
    slug = "two-servers-upload"
    download = client.get(f"/resources/{slug}/file/")
    return {
        "ok": created.status == 302 and download.status == 200 and download.body == content,
        "upload_status": created.status,
        "redirect": where,
        "download_status_on_b": download.status,
        "bytes_equal": download.body == content,
    }


def check_race(a: str, b: str, people: int, places: int) -> dict[str, object]:
    """Everyone signs in, then all register at the same moment, half through each server."""
    clients = []
    for number in range(people):
        client = Client(a if number % 2 == 0 else b, headers=_address(100 + number))
        client.sign_in(f"race-{number:02}@example.org", PASSWORD)
        client.get(f"/exchanges/{EXCHANGE}/register/")
        clients.append(client)
    together = threading.Barrier(people)
    statuses: list[int] = []
    lock = threading.Lock()

    def register(client: Client) -> None:
        together.wait()
        response = client.post(
            f"/exchanges/{EXCHANGE}/register/",
            {"organisation": PLAN["organisation"], "accept_rule": "on"},
        )
        with lock:
            statuses.append(response.status)

    threads = [threading.Thread(target=register, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    from django.db import connections

    from peerlearning.exchanges.models import Registration, RegistrationStatus

    connections.close_all()
    mine = Registration.objects.filter(exchange__slug=EXCHANGE, person__email__startswith="race-")
    registered = mine.filter(status=RegistrationStatus.REGISTERED).count()
    waiting = mine.filter(status=RegistrationStatus.WAITLISTED).count()
    return {
        "ok": registered == places and waiting == people - places and set(statuses) == {302},
        "registered": registered,
        "waitlisted": waiting,
        "responses": {str(status): statuses.count(status) for status in sorted(set(statuses))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--places", type=int, default=20)
    parser.add_argument(
        "--cache",
        default="database",
        help="CACHE for the servers; `locmem` (one per process) shows what sharing prevents",
    )
    options = parser.parse_args()
    os.environ["CACHE"] = options.cache
    with ExitStack() as stack:
        database = stack.enter_context(cluster())
        a, b = stack.enter_context(
            served_by(
                2,
                prepare=lambda: prepare(options.people, options.places),
                database_url=database.url,
            )
        )
        results = {
            "servers": [a, b],
            "session": check_session(a, b),
            "throttle": check_throttle(a, b),
        }
        results["two_factor"], editor = check_two_factor(a, b)
        results |= {
            "upload": check_upload(a, b, editor),
            "race": check_race(a, b, options.people, options.places),
        }
    results["cache"] = options.cache
    suffix = "" if options.cache == "database" else f"-{options.cache}"
    out = ROOT / "bench" / "out" / f"two_servers{suffix}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1))  # noqa: T201
    checks = [value for value in results.values() if isinstance(value, dict)]
    sys.exit(0 if all(check["ok"] for check in checks) else 1)


if __name__ == "__main__":
    main()
