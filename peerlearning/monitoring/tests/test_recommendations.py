"""The recommendations tracker's public pages: the list by country, body, theme and status with
its counts, and a recommendation's page with its history and what cites it; what a viewer may
not see of the incidents, visit findings, exchanges and support requests that cite it is not
shown."""

import datetime

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import Concept
from peerlearning.monitoring.models import (
    Body,
    Implementation,
    Recommendation,
    StatusChange,
    VisitFinding,
)
from peerlearning.monitoring.testing import MONITOR_NAME, REPORT_MARKER
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user, page_text

pytestmark = pytest.mark.django_db

LIST = "/monitoring/recommendations/"


def read(response) -> str:
    assert response.status_code == 200, response.status_code
    return page_text(response.content)


def recommend(body: Body, country: str = "MX", **fields) -> Recommendation:
    fields.setdefault("authority", "Ministry of the Interior")
    fields.setdefault("text", "Release every child held in detention.")
    fields.setdefault("date", datetime.date(2024, 1, 10))
    fields.setdefault("source_title", "A report")
    fields.setdefault("source_url", "https://example.org/report")
    return Recommendation.objects.create(
        body=body, country=Country.objects.get(code=country), **fields
    )


@pytest.fixture
def tracker(monitoring_world):
    """Beside the world's recommendation (IDC to Mexico, partly implemented): a UN body's to
    Mexico, implemented and on children; an NHRI's to Guatemala, not started; and the same
    recommendation as IDC's, made later by the NHRI."""
    w = monitoring_world
    w.children = Concept.objects.create(slug="children", labels={"en": "children"})
    w.un = Body.objects.create(
        slug="cmw", name="Committee on Migrant Workers", kind="un-treaty-body"
    )
    w.nhri = Body.objects.create(slug="pdh", name="Procuraduría de Derechos Humanos", kind="nhri")
    w.implemented = recommend(
        w.un, text="Adopt alternatives to detention in law.", status=Implementation.IMPLEMENTED
    )
    w.implemented.concepts.add(w.children)
    w.to_guatemala = recommend(w.nhri, "GT", text="Close the holding rooms at the border.")
    w.repeat = recommend(
        w.nhri,
        text="End detention of children (repeated).",
        date=datetime.date(2024, 3, 1),
        same_as=w.recommendation,
        status=Implementation.PARTLY,
    )
    return w


def test_it_lists_recommendations_with_their_counts_for_anyone(tracker):
    text = read(client_for(None).get(LIST))
    for shown in (
        "End the use of immigration detention for children.",
        "Adopt alternatives to detention in law.",
        "Close the holding rooms at the border.",
        "National Migration Institute",
        "Committee on Migrant Workers",
        "Guatemala",
        "Partly implemented",
    ):
        assert shown in text
    # Every recommendation counts, the repeat too; each status has its count.
    assert "4 recommendations, 1 implemented" in text
    assert "Partly implemented: 2" in text and "Not started: 1" in text
    assert "Implemented: 1" in text


@pytest.mark.parametrize(
    ("query", "summary", "shown", "hidden"),
    [
        ("country=GT", "1 recommendation, 0 implemented", "holding rooms", "alternatives"),
        ("body=cmw", "1 recommendation, 1 implemented", "alternatives", "holding rooms"),
        ("theme=children", "1 recommendation, 1 implemented", "alternatives", "holding rooms"),
        ("status=not-started", "1 recommendation, 0 implemented", "holding rooms", "alternatives"),
        (
            "country=MX&status=implemented",
            "1 recommendation, 1 implemented",
            "alternatives",
            "the use of",
        ),
        ("country=MX", "3 recommendations, 1 implemented", "alternatives", "holding rooms"),
    ],
)
def test_it_filters_by_country_body_theme_and_status(tracker, query, summary, shown, hidden):
    text = read(client_for(None).get(f"{LIST}?{query}"))
    assert summary in text
    assert shown in text
    assert hidden not in text


def test_a_filter_that_is_no_choice_is_ignored(tracker):
    text = read(client_for(None).get(f"{LIST}?status=bogus&country=ZZ"))
    assert "4 recommendations, 1 implemented" in text


def test_the_status_counts_keep_the_other_filters(tracker):
    page = client_for(None).get(f"{LIST}?country=MX").content.decode()
    assert 'href="?country=MX&amp;status=implemented"' in page
    assert "Not started: 0" in page_text(page)  # Guatemala's is not counted


def test_the_same_recommendation_made_again_is_grouped_under_the_first(tracker):
    text = read(client_for(None).get(LIST))
    assert "also made by: Procuraduría de Derechos Humanos" in text
    # One row for the group: the repeat is not a row of its own.
    assert "End detention of children (repeated)." not in text
    # Chosen by the body that repeated it, the repeat is its row, naming the first.
    text = read(client_for(None).get(f"{LIST}?body=pdh"))
    assert "End detention of children (repeated)." in text
    assert "first made by: International Detention Coalition" in text


def test_the_list_is_paginated(tracker):
    for number in range(30):
        recommend(tracker.un, text=f"Recommendation number {number}.")
    first = read(client_for(None).get(LIST))
    assert "34 recommendations" in first and "Page 1 of 2" in first
    second = read(client_for(None).get(f"{LIST}?page=2"))
    assert "Page 2 of 2" in second


def test_the_list_queries_are_bounded(tracker):
    def grow(count: int) -> None:
        for number in range(count):
            first = recommend(tracker.un, text=f"Grown {number}.", status=Implementation.PARTLY)
            first.concepts.add(tracker.children)
            recommend(tracker.nhri, text=f"Grown again {number}.", same_as=first)

    assert_queries_bounded(client_for(None), LIST, grow)
    assert_queries_bounded(client_for(tracker.editor), f"{LIST}?theme=children&country=MX", grow)


def test_the_pages_only_answer_reading(tracker):
    detail = tracker.recommendation.get_absolute_url()
    assert client_for(tracker.editor).post(LIST).status_code == 405
    assert client_for(tracker.editor).post(detail).status_code == 405
    # Positive control: the same addresses read.
    assert client_for(tracker.editor).get(detail).status_code == 200


def test_an_unknown_recommendation_is_not_found(tracker):
    missing = "/monitoring/recommendations/00000000-0000-4000-8000-000000000000/"
    assert client_for(None).get(missing).status_code == 404
    assert client_for(tracker.editor).get(missing).status_code == 404


def test_the_page_shows_the_recommendation_and_its_history_newest_first(tracker):
    w = tracker
    w.recommendation.concepts.add(w.children)
    StatusChange.objects.create(
        recommendation=w.recommendation,
        status=Implementation.REGRESSED,
        date=datetime.date(2025, 2, 1),
        source_title="Press report",
        source_url="https://example.org/press",
        note="Children held again in 2025.",
        recorded_by=w.monitor,
    )
    # Recorded last but dated first: it goes to the end of the history.
    StatusChange.objects.create(
        recommendation=w.recommendation,
        status=Implementation.IN_PROGRESS,
        date=datetime.date(2023, 4, 20),
        source_title="A decree",
        source_url="https://example.org/decree",
    )
    text = read(client_for(None).get(w.recommendation.get_absolute_url()))
    for shown in (
        "End the use of immigration detention for children.",
        "International Detention Coalition",
        "National Migration Institute",
        "Mexico",
        "April 4, 2023",
        "IDC statement",
        "children",
        "Also made by Procuraduría de Derechos Humanos",
    ):
        assert shown in text
    assert text.index("Press report") < text.index("A law") < text.index("A decree")
    assert "Children held again in 2025." in text
    page = client_for(None).get(w.recommendation.get_absolute_url()).content.decode()
    assert 'href="/countries/MX/"' in page
    assert 'href="https://example.org/statement"' in page
    # The repeat names the first one.
    text = read(client_for(None).get(w.repeat.get_absolute_url()))
    assert "First made by International Detention Coalition" in text


def test_who_recorded_a_step_is_for_the_editors_and_the_countrys_team(tracker):
    w = tracker
    StatusChange.objects.create(
        recommendation=w.recommendation,
        status=Implementation.IN_PROGRESS,
        date=datetime.date(2024, 2, 1),
        source_title="A decree",
        source_url="https://example.org/decree",
        recorded_by=w.monitor,
    )
    url = w.recommendation.get_absolute_url()
    member = make_user("member@test.example")
    for viewer in (None, member, w.other_monitor):
        text = read(client_for(viewer).get(url))
        assert "A decree" in text
        assert MONITOR_NAME not in text
        assert "Record a step" not in text
    for viewer in (w.editor, w.monitor):
        text = read(client_for(viewer).get(url))
        assert f"Recorded by {MONITOR_NAME}" in text
        assert "Record a step" in text


def test_incidents_citing_it_are_shown_as_the_incidents_rules_allow(tracker):
    w = tracker
    w.fire.unmet_recommendations.add(w.recommendation)
    w.draft.unmet_recommendations.add(w.recommendation)
    url = w.recommendation.get_absolute_url()
    for viewer in (None, make_user("member@test.example"), w.other_monitor):
        text = read(client_for(viewer).get(url))
        assert "Fire in an immigration station" in text
        assert "Qvx draft incident" not in text
    # Those who may see the draft incident (its country's team, editors) see it, marked.
    for viewer in (w.monitor, w.editor):
        text = read(client_for(viewer).get(url))
        assert "Qvx draft incident" in text and "Not yet published" in text


def test_visit_findings_citing_it_are_shown_only_to_who_may_read_the_report(tracker):
    w = tracker
    finding = VisitFinding.objects.get(visit=w.unpublished)
    finding.unmet_recommendation = w.recommendation
    finding.save()
    url = w.recommendation.get_absolute_url()
    member = make_user("member@test.example")
    for viewer in (None, member, w.other_monitor, w.editor):
        text = read(client_for(viewer).get(url))
        assert REPORT_MARKER not in text
        assert "Monitoring visits" not in text
        assert "Siglo XXI" not in text
    assert not AuditEntry.objects.filter(action="visit.report_read").exists()
    # The country's team reads it; the read of an unpublished report is audited.
    text = read(client_for(w.monitor).get(url))
    assert "Occupancy against capacity — Not met" in text
    assert REPORT_MARKER in text
    assert MONITOR_NAME not in text  # the team's names are not shown here
    entry = AuditEntry.objects.get(action="visit.report_read")
    assert entry.actor == w.monitor and entry.object_id == str(w.unpublished.uuid)


def test_exchanges_and_requests_helping_it_are_shown_to_who_may_see_them(tracker, world, network):
    w = tracker
    community_exchange = Exchange.objects.get(slug="asia-exchange")
    network_exchange = Exchange.objects.get(slug="asia-open")
    w.recommendation.exchanges.add(community_exchange, network_exchange)
    w.recommendation.support_requests.add(world.request, world.private)
    url = w.recommendation.get_absolute_url()
    text = read(client_for(None).get(url))
    for hidden in (
        community_exchange.title,
        network_exchange.title,
        world.request.title,
        world.private.title,
    ):
        assert hidden not in text
    text = read(client_for(network.member).get(url))
    assert network_exchange.title in text and world.request.title in text
    assert community_exchange.title not in text and world.private.title not in text
    # The community's member, who made the private request, sees all four.
    text = read(client_for(network.community_member).get(url))
    for shown in (
        community_exchange.title,
        network_exchange.title,
        world.request.title,
        world.private.title,
    ):
        assert shown in text


def test_a_theme_of_a_recommendation_is_not_deleted_from_the_thesaurus(monitoring_world):
    """A concept a recommendation is tagged with is in use: the thesaurus keeps it."""
    from peerlearning.knowledge.models import Concept
    from peerlearning.knowledge.thesaurus import uses

    concept = Concept.objects.create(slug="children-q", labels={"en": "children q"})
    assert uses(concept) == []
    monitoring_world.recommendation.concepts.add(concept)
    assert uses(concept) == ["1 recommendation has it among its themes."]
