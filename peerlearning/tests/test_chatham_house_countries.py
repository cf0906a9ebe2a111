"""Countries and progress keep the Chatham House promise: no profile, table, chart, export or
API answer says that a government took part in an exchange under the rule. The participants'
ministries each belong to a country; every countries route is crawled for those countries, as
every persona, for the participants' markers and for the exchange itself."""

import re

import pytest
from django.test import Client

from peerlearning.countries.models import Indicator
from peerlearning.countries.testing import build_countries
from peerlearning.network.models import Country, Organisation
from peerlearning.tests.test_chatham_house import room, routes_of, text_of  # noqa: F401

pytestmark = pytest.mark.django_db

CODES = ["MX", "EC", "TH", "GT", "CR", "ZA"]
THE_EXCHANGE = ("Exchange under the rule", "room-exchange")


def countries_routes() -> list[str]:
    return routes_of(
        lambda namespace, route: (
            namespace == "countries" or (namespace == "api" and "countries" in route)
        )
    )


def concrete(route: str, code: str, series_id: str) -> list[str]:
    route = route.lstrip("^").rstrip("$")
    route = route.replace("<str:code>", code).replace("{code}", code)
    route = route.replace("<slug:series_id>", series_id).replace("<int:position>", "1")
    paths = []
    for slug in Indicator.objects.values_list("slug", flat=True)[:2]:
        one = route.replace("<slug:slug>", slug).replace("{slug}", slug)
        for extension in ("csv", "json"):
            paths.append("/" + one.replace("<str:extension>", extension))
    return sorted(set(paths))


def give_countries(room) -> None:  # noqa: F811
    for index, code in enumerate(CODES):
        Organisation.objects.get(slug=f"ministry-{index}").countries.set(
            Country.objects.filter(code=code)
        )


def test_no_country_page_says_who_was_in_the_room(room):  # noqa: F811
    give_countries(room)
    world = build_countries()
    markers = set().union(*(person.markers for person in room["people"])) | set(THE_EXCHANGE)
    routes = countries_routes()
    assert len(routes) >= 12, routes
    checked = 0
    for persona, user in room["personas"].items():
        client = Client()
        if user is not None:
            client.force_login(user)
        for route in routes:
            for code in CODES[:3]:  # Mexico has data of every kind; two have none
                for path in concrete(route, code, world.series.external_id):
                    if re.search(r"\{\w+\}", path):
                        continue  # an API route with a parameter this crawl does not know
                    response = client.get(path)
                    text = text_of(response)
                    leaked = {marker for marker in markers if marker in text}
                    assert not leaked, f"{persona} GET {path} ({response.status_code}): {leaked}"
                    checked += 1
    assert checked > 300


def test_the_crawl_would_see_a_hosted_exchange(room):  # noqa: F811
    """Positive control: once ministry-0 hosts the exchange, Mexico's profile names it to
    those who may see the exchange, as the exchange page names its hosts."""
    give_countries(room)
    exchange = room["exchange"]
    exchange.host_governments.set([Organisation.objects.get(slug="ministry-0")])
    client = Client()
    client.force_login(room["personas"]["facilitator"])
    assert THE_EXCHANGE[0] in text_of(client.get("/countries/MX/"))
    # The other participants' countries still say nothing.
    assert THE_EXCHANGE[0] not in text_of(client.get("/countries/EC/"))
