"""What monitoring keeps restricted stays so, on every surface (issue 15, "Reliability and
security"). Markers are planted in an unpublished visit's report and findings, in the name of a
monitoring team member, in the name of a person affected by an incident, and in the title of an
incident not yet published. Every monitoring and countries route, their API and downloads, and
the pages that gather or search (home, search, updates) are crawled as every persona; each
marker may appear only where the rules let that persona read it."""

import re

import pytest
from django.test import Client

from peerlearning.monitoring.testing import (
    MONITOR_NAME,
    PERSON_MARKER,
    REPORT_MARKER,
    build_monitoring,
)
from peerlearning.testing import make_user
from peerlearning.tests.test_chatham_house import routes_of, text_of

pytestmark = pytest.mark.django_db

DRAFT = "Qvx draft incident"
EXTRA = [
    "/",
    "/home/",
    "/search/?q=Qvx",
    "/search/?q=Siglo",
    "/updates/",
    "/exchanges/",
    "/api/v1/search?q=Qvx",
    "/countries/",
]


def monitoring_routes() -> list[str]:
    return routes_of(
        lambda namespace, route: (
            namespace in ("monitoring", "countries")
            or (namespace == "api" and ("monitoring" in route or "countries" in route))
        )
    )


def concrete(route: str, world) -> list[str]:
    route = route.lstrip("^").rstrip("$")
    if "<slug:series_id>" in route or "<int:position>" in route:
        return []
    route = route.replace("<str:code>", "MX").replace("{code}", "MX")
    route = route.replace("<uuid:person>", str(world.monitor.uuid))
    slugs = [world.place.slug] if "monitoring" in route else ["child-detention-prohibited"]
    paths = []
    for slug in slugs:
        one = route.replace("<slug:slug>", slug).replace("{slug}", slug)
        for extension in ("csv", "json"):
            two = one.replace("<str:extension>", extension)
            if "<uuid:uuid>" in two or "{uuid}" in two:
                for value in world.uuids:
                    paths.append("/" + two.replace("<uuid:uuid>", value).replace("{uuid}", value))
            else:
                paths.append("/" + two)
    return sorted({path for path in paths if not re.search(r"[<{]", path)})


def allowed(persona: str, path: str) -> set[str]:
    """What the rules let this persona read on this path."""
    visit_page = "/visits/" in path
    incident_page = "/monitoring/incidents/" in path and not path.endswith(".csv")
    download = path.endswith((".csv", ".json"))
    allowed: set[str] = set()
    if persona == "mx_monitor":
        allowed.add(MONITOR_NAME)  # one's own name, on one's own pages
        if visit_page:
            allowed.add(REPORT_MARKER)
        if incident_page:
            allowed.add(PERSON_MARKER)
    if persona == "administrator" and (visit_page or path.startswith("/monitoring/teams/")):
        allowed |= {MONITOR_NAME, REPORT_MARKER} if visit_page else {MONITOR_NAME}
    on_countries = path.startswith("/countries/") or "/api/v1/countries" in path
    if persona in ("editor", "administrator", "mx_monitor") and not download and not on_countries:
        allowed.add(DRAFT)  # a draft is for editors and the country's team, on its own pages
    return allowed


def test_no_restricted_marker_leaks_from_any_surface(administrator):
    world = build_monitoring()
    world.uuids = [
        str(world.unpublished.uuid),
        str(world.published.uuid),
        str(world.fire.uuid),
        str(world.draft.uuid),
        str(world.recommendation.uuid),
    ]
    personas = {
        "anonymous": None,
        "member": make_user("crawl-member@test.example"),
        "editor": world.editor,
        "administrator": administrator,
        "gt_monitor": world.other_monitor,
        "mx_monitor": world.monitor,
    }
    markers = {REPORT_MARKER, MONITOR_NAME, PERSON_MARKER, DRAFT}
    paths = sorted(
        {p for route in monitoring_routes() for p in concrete(route, world)} | set(EXTRA)
    )
    assert len(paths) >= 60, paths
    checked, seen = 0, set()
    for persona, user in personas.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for path in paths:
            response = client.get(path)
            text = text_of(response)
            present = {marker for marker in markers if marker in text}
            leaked = present - allowed(persona, path)
            assert not leaked, f"{persona} GET {path} ({response.status_code}) shows {leaked}"
            seen |= {(persona, marker) for marker in present}
            checked += 1
    assert checked > 400
    # Positive controls: the crawl does reach each marker where it belongs.
    assert ("mx_monitor", REPORT_MARKER) in seen
    assert ("mx_monitor", PERSON_MARKER) in seen
    assert ("administrator", REPORT_MARKER) in seen
    assert ("editor", DRAFT) in seen
