"""The incidents list and an incident's page: published incidents for everyone, drafts for the
editors and the country's monitoring team; the people affected for that team alone, every
reading audited."""

import datetime

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.monitoring.models import Incident, Place
from peerlearning.monitoring.testing import PERSON_MARKER
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user, page_text

pytestmark = pytest.mark.django_db

LIST = "/monitoring/incidents/"


def read(response) -> str:
    assert response.status_code == 200, response.status_code
    return page_text(response.content)


def page(world) -> str:
    return f"/monitoring/incidents/{world.fire.uuid}/"


def draft_page(world) -> str:
    return f"/monitoring/incidents/{world.draft.uuid}/"


@pytest.fixture
def personas(monitoring_world, administrator):
    member = make_user("member@test.example", display_name="Mona Member")
    return {
        "visitor": None,
        "member": member,
        "editor": monitoring_world.editor,
        "administrator": administrator,
        "GT monitor": monitoring_world.other_monitor,
    }


def test_it_lists_published_incidents_for_a_visitor(monitoring_world):
    text = read(client_for(None).get(LIST))
    assert "Fire in an immigration station" in text
    # Each row: date, kinds, country, the place by its official name and what it plainly is,
    # the dead and injured, the verification.
    for shown in (
        "March 27, 2023",
        "Fire · Death",
        "Mexico",
        "Estación Migratoria Siglo XXI",
        "(immigration detention centre)",
        "40",
        "27",
        "Officially confirmed",
    ):
        assert shown in text, shown
    assert "Qvx draft incident" not in text
    assert "Not published" not in text


@pytest.mark.parametrize("who", ["editor", "monitor"])
def test_it_shows_drafts_marked_to_editors_and_the_countrys_team(monitoring_world, who):
    text = read(client_for(getattr(monitoring_world, who)).get(LIST))
    assert "Qvx draft incident" in text
    assert "A holding room at the airport" in text  # a free description of the place
    assert "Not published" in text
    assert "Fire in an immigration station" in text


def test_it_hides_drafts_from_a_member_and_another_countrys_team(monitoring_world, personas):
    for who in ("visitor", "member", "GT monitor"):
        text = read(client_for(personas[who]).get(LIST))
        assert "Qvx draft incident" not in text, who
        assert "Fire in an immigration station" in text, who


def test_it_filters_by_country_kind_and_year_without_javascript(monitoring_world):
    guatemala = Country.objects.get(code="GT")
    Incident.objects.create(
        kinds=["hunger-strike"],
        title="Hunger strike in Guatemala City",
        summary="People held for weeks refused food.",
        date=datetime.date(2024, 5, 2),
        country=guatemala,
        place_description="A shelter in Guatemala City",
        sources=[{"title": "Press", "url": "https://example.org/gt", "date": "2024-05-03"}],
        published_at=monitoring_world.fire.published_at,
    )
    visitor = client_for(None)
    both = read(visitor.get(LIST))
    assert "Hunger strike in Guatemala City" in both
    assert "Fire in an immigration station" in both
    by_country = read(visitor.get(LIST, {"country": "GT"}))
    assert "Hunger strike in Guatemala City" in by_country
    assert "Fire in an immigration station" not in by_country
    by_kind = read(visitor.get(LIST, {"kind": "death"}))
    assert "Fire in an immigration station" in by_kind  # its second kind
    assert "Hunger strike in Guatemala City" not in by_kind
    by_year = read(visitor.get(LIST, {"year": "2024"}))
    assert "Hunger strike in Guatemala City" in by_year
    assert "Fire in an immigration station" not in by_year
    assert "No incident matches." in read(visitor.get(LIST, {"country": "MX", "year": "2024"}))
    # A filter that makes no sense is ignored, never an error page.
    assert "Fire in an immigration station" in read(visitor.get(LIST, {"year": "soon"}))


def test_it_offers_only_countries_with_incidents_one_may_see(monitoring_world):
    response = client_for(None).get(LIST)
    assert b'<option value="MX">' in response.content
    assert b'<option value="GT">' not in response.content


def test_it_pages_the_list_keeping_the_filters(monitoring_world):
    published = monitoring_world.fire.published_at
    Incident.objects.bulk_create(
        Incident(
            kinds=["abuse"],
            title=f"Beating number {number}",
            summary="A beating.",
            date=datetime.date(2022, 1, 1) + datetime.timedelta(days=number),
            country=monitoring_world.mexico,
            place_description="A holding cell",
            sources=[{"title": "Press", "url": "https://example.org/b", "date": "2022-12-31"}],
            published_at=published,
        )
        for number in range(30)
    )
    visitor = client_for(None)
    first = visitor.get(LIST, {"kind": "abuse"})
    assert "Page 1 of 2" in read(first)
    assert b"?kind=abuse&amp;page=2" in first.content
    second = read(visitor.get(LIST, {"kind": "abuse", "page": "2"}))
    assert "Beating number 0" in second  # the oldest, last
    assert "Fire in an immigration station" not in second


def test_it_lists_with_bounded_queries(monitoring_world):
    place = monitoring_world.place
    published = monitoring_world.fire.published_at
    made = [0]

    def grow(count: int) -> None:
        for _number in range(count):
            made[0] += 1
            other = Place.objects.create(
                slug=f"place-{made[0]}",
                country=monitoring_world.mexico,
                official_name=f"Estancia {made[0]}",
                official_type="estancia provisional",
                plain_type="holding facility",
            )
            Incident.objects.create(
                kinds=["injury"],
                title=f"Injury {made[0]}",
                summary="An injury.",
                date=datetime.date(2025, 1, 1),
                country=monitoring_world.mexico,
                place=other if made[0] % 2 else place,
                dead=0,
                injured=1,
                sources=[{"title": "Press", "url": "https://example.org/i", "date": "2025-01-02"}],
                published_at=published,
            )

    assert_queries_bounded(client_for(None), LIST, grow)
    assert_queries_bounded(client_for(monitoring_world.editor), LIST + "?kind=injury", grow)
    assert_queries_bounded(client_for(monitoring_world.monitor), LIST + "?country=MX", grow)


def test_the_page_shows_the_incident_with_its_sources_and_nationalities(monitoring_world):
    fire = monitoring_world.fire
    fire.nationalities = [{"country": "GT", "count": None}, {"country": "HN", "count": 13}]
    fire.save(update_fields=["nationalities"])
    fire.unmet_recommendations.add(monitoring_world.recommendation)
    response = client_for(None).get(page(monitoring_world))
    text = read(response)
    for shown in (
        "Fire in an immigration station",
        "A fire killed people held in a cell.",
        "Estación Migratoria Siglo XXI",
        "immigration detention centre",
        "68",
        "Officially confirmed",
        "A source",
        "(2023-03-28)",
        "Guatemala",
        "Honduras: 13",
        "End the use of immigration detention for children.",
    ):
        assert shown in text, shown
    assert "Guatemala:" not in text  # no count where the source gives none
    assert b'href="https://example.org/fire"' in response.content
    recommendation = f"/monitoring/recommendations/{monitoring_world.recommendation.uuid}/"
    assert f'href="{recommendation}"'.encode() in response.content


def test_the_page_names_nationalities_in_the_readers_language(monitoring_world):
    reader = client_for(None)
    reader.cookies["django_language"] = "es"
    text = read(reader.get(page(monitoring_world)))
    assert "Guatemala" in text
    assert "México" in text


def test_a_draft_is_hidden_from_visitors_and_members(monitoring_world, personas):
    for who in ("member", "GT monitor"):
        assert client_for(personas[who]).get(draft_page(monitoring_world)).status_code == 404, who
    # A signed-out visitor meets a draft as a missing incident.
    assert client_for(None).get(draft_page(monitoring_world)).status_code == 404
    missing = "/monitoring/incidents/00000000-0000-0000-0000-000000000001/"
    assert client_for(None).get(missing).status_code == 404
    # The positive controls: the editor and the country's team read it.
    for who in (monitoring_world.editor, monitoring_world.monitor):
        text = read(client_for(who).get(draft_page(monitoring_world)))
        assert "Qvx draft incident" in text
        assert "Not published" in text


def test_the_pages_answer_405_to_a_post(monitoring_world):
    editor = client_for(monitoring_world.editor)
    assert editor.post(page(monitoring_world)).status_code == 405
    assert editor.post(LIST).status_code == 405


def test_the_countrys_team_reads_the_people_affected_and_each_reading_is_audited(
    monitoring_world,
):
    monitor = client_for(monitoring_world.monitor)
    text = read(monitor.get(page(monitoring_world)))
    assert PERSON_MARKER in text
    assert "Named by the press." in text
    assert "Add a person named by a public source" in text
    entries = AuditEntry.objects.filter(action="incident.people_read")
    assert [(e.actor, e.object_id) for e in entries.all()] == [
        (monitoring_world.monitor, str(monitoring_world.fire.uuid))
    ]
    read(monitor.get(page(monitoring_world)))
    assert entries.all().count() == 2


def test_nobody_else_sees_the_people_affected(monitoring_world, personas):
    """Not a visitor, a member, an editor, an administrator or another country's team: on the
    incident's page or the list; and their reading writes no audit line."""
    for who, user in personas.items():
        client = client_for(user)
        for url in (page(monitoring_world), LIST, LIST + "?country=MX"):
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            assert PERSON_MARKER.encode() not in response.content, (who, url)
            assert b"Add a person named by a public source" not in response.content, (who, url)
        # The incident itself is there: the page was not empty for another reason.
        assert "Fire in an immigration station" in read(client.get(page(monitoring_world)))
    assert not AuditEntry.objects.filter(action="incident.people_read").exists()
    # The positive control: the Mexican team sees the name in the same place.
    assert PERSON_MARKER in read(client_for(monitoring_world.monitor).get(page(monitoring_world)))
