"""The Chatham House promise in the Atom feeds (issue 18, DESIGN.md §4).

The `network` fixture's "asia-exchange" is held under the rule, for its community only: Chandra
Member took part (registered with a delegation of their ministry, and said something); Amal (the
pseudonym of Real Name Behind) is a member of the community. Every feed — enumerated from the URL
patterns, so a new feed is crawled too — is read as every persona, before and after the report
is published and the exchange made public: none names a participant, and none carries what was
said (a quote of it in the report reads as the facilitators redacted it).
"""

import pytest
from django.test import Client

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import Exchange, Report
from peerlearning.knowledge.models import Concept
from peerlearning.network.testing import client_for
from peerlearning.notifications import actions as notifications
from peerlearning.notifications.feeds import new_feed_token
from peerlearning.notifications.models import Kind
from peerlearning.tests.test_chatham_house import routes_of

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

SAID = "We screen every child on arrival."  # the contribution, by Chandra Member
REDACTED = "A delegation screens children on arrival."
TITLE = "Asia exchange on screening"


def markers(network) -> set[str]:
    people = (network.community_member, network.pseudonymous)
    return {"Chandra Member", "Real Name Behind", "Amal"} | {person.email for person in people}


def feed_routes() -> list[str]:
    return routes_of(
        lambda namespace, route: namespace == "notifications" and route.endswith(".atom")
    )


def concrete(route: str, token: str) -> str:
    path = "/" + route
    path = path.replace("communities/<slug:slug>", "communities/asia-pacific")
    path = path.replace("topics/<slug:slug>", "topics/screening")
    return path.replace("<str:token>", token)


def crawl(network, token: str) -> dict[str, str]:
    """Every feed as every persona, in English and in Spanish: what each read (all alike)."""
    personas = {
        "anonymous": None,
        "outsider": network.outsider,
        "participant": network.community_member,
        "pseudonymous member": network.pseudonymous,
        "facilitator": network.facilitator,
        "administrator": network.administrator,
    }
    every_marker = markers(network)
    routes = feed_routes()
    assert len(routes) >= 7, routes  # the crawl covers the feeds
    read: dict[str, str] = {}
    for persona, user in personas.items():
        client = client_for(user)
        for route in routes:
            for query in ("", "?lang=es"):
                path = concrete(route, token) + query
                response = client.get(path)
                assert response.status_code == 200, f"{persona} GET {path}"
                text = response.content.decode()
                leaked = {marker for marker in every_marker if marker in text}
                assert not leaked, f"{persona} GET {path} shows {leaked}"
                assert SAID not in text, f"{persona} GET {path} shows what was said"
                read.setdefault(path, text)
    return read


def test_it_names_nobody_in_a_feed_before_or_after_the_report_is_out(
    network, django_capture_on_commit_callbacks
):
    exchange, facilitator = network.exchange, network.facilitator
    Concept.objects.create(slug="screening", labels={"en": "Screening"})
    participant = network.community_member
    token = new_feed_token(participant)
    notifications.notify(Kind.REGISTRATION_CONFIRMED, exchange, [participant])
    personal = f"/feeds/{token}.atom"

    # Held, the report a draft, the exchange for its community only: in no public feed.
    before = crawl(network, token)
    for path in ("/feeds/exchanges.atom", "/feeds/reports.atom"):
        assert TITLE not in before[path]
    assert "asia-exchange" not in before["/communities/asia-pacific/feed.atom"]
    # The participant's own feed tells them of their own registration, naming nobody.
    assert f"Your registration for “{TITLE}” is confirmed." in before[personal]

    # The report quotes what was said; the facilitators redact it; the report goes out and the
    # exchange is made public.
    with django_capture_on_commit_callbacks(execute=True):
        actions.save_report(
            exchange, by=facilitator, summary=f"One delegation: “{SAID}”", body="Learnings."
        )
        actions.moderate_contribution(
            network.contribution,
            by=facilitator,
            moderation="redacted",
            redacted_text=REDACTED,
            reason="It could tell the delegation.",
        )
        actions.publish_report(exchange, by=facilitator)
        actions.update_exchange(
            Exchange.objects.get(pk=exchange.pk), by=facilitator, visibility="public"
        )
        notifications.notify(
            Kind.REPORT_PUBLISHED, Report.objects.get(exchange=exchange), [participant]
        )

    after = crawl(network, token)
    assert f"Report: {TITLE}" in after["/feeds/reports.atom"]
    assert REDACTED in after["/feeds/reports.atom"]  # the summary is carried, as redacted
    assert TITLE in after["/feeds/exchanges.atom"]
    community = after["/communities/asia-pacific/feed.atom"]
    assert f"Report: {TITLE}" in community and "/exchanges/asia-exchange/report/" in community
    assert f"The report of “{TITLE}” is published." in after[personal]


def test_the_markers_really_reach_a_page_for_whoever_may_see_them(network):
    """The crawl would prove nothing if the markers reached no page at all."""
    page = client_for(network.facilitator).get("/exchanges/asia-exchange/participants/")
    assert "Chandra Member" in page.content.decode()
    assert (
        SAID
        in client_for(network.facilitator)
        .get("/exchanges/asia-exchange/contributions/")
        .content.decode()
    )
    assert Client().get("/feeds/reports.atom").status_code == 200
