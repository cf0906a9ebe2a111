"""Recording and correcting an incident: editors and the country's monitoring team; each
refusal says why, keeps what was typed and saves nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from peerlearning.monitoring import actions
from peerlearning.monitoring.models import Incident, Place
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db

NEW = "/monitoring/incidents/new/"
NEW_MX = "/monitoring/incidents/new/?country=MX"


def fields(world, **changes) -> dict:
    return {
        "title": "Qvx beating in Siglo XXI",
        "kinds": ["abuse", "injury"],
        "date": "2026-08-14",
        "place": world.place.slug,
        "place_description": "",
        "summary": "Guards beat two men who asked for a lawyer.",
        "language": "en",
        "people_affected": "2",
        "dead": "0",
        "injured": "2",
        "nationalities": "Honduras: 1\nsv\nVenezuela: 1\nNIC",
        "sources": "Press report | Part 2 | https://example.org/beating | 2026-08-15\n"
        "NHRI statement | https://example.org/nhri | 2026-08-20",
        "verification": "corroborated",
        **changes,
    }


def recorded():
    return Incident.objects.filter(title="Qvx beating in Siglo XXI")


@pytest.mark.parametrize("who", ["monitor", "editor"])
def test_it_records_an_incident(monitoring_world, who):
    client = client_for(getattr(monitoring_world, who))
    response = client.post(NEW_MX, fields(monitoring_world))
    incident = recorded().get()
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/incidents/{incident.uuid}/"
    assert incident.country_id == "MX"
    assert incident.place == monitoring_world.place
    assert incident.kinds == ["injury", "abuse"]  # in the order of the list of kinds
    assert (incident.people_affected, incident.dead, incident.injured) == (2, 0, 2)
    assert incident.nationalities == [
        {"country": "HN", "count": 1},
        {"country": "SV", "count": None},
        {"country": "VE", "count": 1},
        {"country": "NI", "count": None},
    ]
    assert incident.sources[0]["title"] == "Press report | Part 2"
    assert incident.sources[1] == {
        "title": "NHRI statement",
        "url": "https://example.org/nhri",
        "date": "2026-08-20",
    }
    assert incident.recorded_by == getattr(monitoring_world, who)
    assert not incident.is_published  # an editor publishes it, on its own step
    text = page_text(client.get(response["Location"]).content)
    assert "Not published" in text
    assert "Honduras: 1" in text
    assert "El Salvador" in text


def test_it_records_a_free_description_and_recommendations_it_shows_unmet(monitoring_world):
    client = client_for(monitoring_world.monitor)
    form = client.get(NEW_MX).content.decode()
    assert str(monitoring_world.recommendation.uuid) in form
    assert "Estación Migratoria Siglo XXI (immigration detention centre)" in form
    assert 'type="checkbox" name="kinds"' in form
    response = client.post(
        NEW_MX,
        fields(
            monitoring_world,
            place="",
            place_description="A bus used to move people between stations",
            unmet_recommendations=[str(monitoring_world.recommendation.uuid)],
            nationalities="",
        ),
    )
    assert response.status_code == 302
    incident = recorded().get()
    assert incident.place is None
    assert incident.place_description == "A bus used to move people between stations"
    assert list(incident.unmet_recommendations.all()) == [monitoring_world.recommendation]
    assert incident.nationalities == []


def test_a_monitor_of_one_country_goes_straight_to_its_form(monitoring_world):
    response = client_for(monitoring_world.monitor).get(NEW)
    assert response.status_code == 200
    assert "Mexico" in page_text(response.content)
    assert b'name="title"' in response.content


def test_an_editor_chooses_the_country_first_without_javascript(monitoring_world):
    response = client_for(monitoring_world.editor).get(NEW)
    assert response.status_code == 200
    assert b'<form method="get"' in response.content
    assert b'<option value="GT">' in response.content
    form = client_for(monitoring_world.editor).get("/monitoring/incidents/new/?country=GT")
    assert b'name="title"' in form.content
    assert b"mx-siglo-xxi" not in form.content  # only Guatemala's places


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"injured": "3"}, "More people injured (3) than affected (2)"),
        ({"dead": "5"}, "More people dead (5) than affected (2)"),
        ({"date": "2099-01-01"}, "The date is in the future"),
        ({"sources": ""}, "Give at least one source"),
        ({"sources": "Just a title"}, "Line 1: write “title | address | YYYY-MM-DD”."),
        ({"sources": "A | javascript:alert(1) | 2026-08-15"}, "starting with https://"),
        ({"sources": "A | https://example.org | 2099-01-01"}, "the source’s date is in the future"),
        ({"nationalities": "Atlantis: 3"}, "“Atlantis” is not a country code or name."),
        ({"nationalities": "GT: 2\nHN: 1"}, "The nationalities count 3 people, more than the 2"),
        ({"nationalities": "GT: many"}, "Line 1: give the count as a whole number"),
        ({"kinds": []}, "Say what happened"),
        ({"place": "", "place_description": ""}, "describe where it happened"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_kept(monitoring_world, changes, reason):
    response = client_for(monitoring_world.monitor).post(
        NEW_MX, fields(monitoring_world, **changes)
    )
    assert response.status_code == 400
    assert reason in page_text(response.content)
    assert "Guards beat two men who asked for a lawyer." in response.content.decode()  # kept
    assert not recorded().exists()


def test_a_place_of_another_country_is_refused(monitoring_world):
    Place.objects.create(
        slug="gt-albergue",
        country=monitoring_world.guatemala,
        official_name="Albergue Casa del Migrante",
        official_type="albergue",
        plain_type="holding facility",
    )
    editor = client_for(monitoring_world.editor)
    response = editor.post(NEW_MX, fields(monitoring_world, place="gt-albergue"))
    assert response.status_code == 400
    assert "This place is in Guatemala, not in Mexico" in page_text(response.content)
    assert not recorded().exists()
    response = editor.post(NEW_MX, fields(monitoring_world, place="no-such-place"))
    assert response.status_code == 400
    assert "Choose one of the places listed." in page_text(response.content)
    assert not recorded().exists()


def test_another_countrys_team_cannot_record_there(monitoring_world):
    gt = client_for(monitoring_world.other_monitor)
    assert gt.get(NEW_MX).status_code == 403
    assert gt.post(NEW_MX, fields(monitoring_world)).status_code == 403
    assert not recorded().exists()
    # The positive control: in its own country it can.
    assert gt.get("/monitoring/incidents/new/?country=GT").status_code == 200


def test_a_member_and_a_visitor_cannot_record(monitoring_world):
    member = client_for(make_user("member@test.example"))
    assert member.get(NEW).status_code == 403
    assert member.post(NEW_MX, fields(monitoring_world)).status_code == 403
    visitor = client_for(None).post(NEW_MX, fields(monitoring_world))
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")
    assert not recorded().exists()


def test_the_pages_answer_405_to_other_methods(monitoring_world):
    editor = client_for(monitoring_world.editor)
    assert editor.put(NEW_MX).status_code == 405
    draft = monitoring_world.draft
    assert editor.delete(f"/monitoring/incidents/{draft.uuid}/edit/").status_code == 405


def edit(incident) -> str:
    return f"/monitoring/incidents/{incident.uuid}/edit/"


def test_the_team_corrects_its_draft(monitoring_world):
    monitor = client_for(monitoring_world.monitor)
    form = monitor.get(edit(monitoring_world.draft))
    assert form.status_code == 200
    assert "A report | https://example.org/r | 2026-09-02" in form.content.decode()
    response = monitor.post(
        edit(monitoring_world.draft),
        fields(
            monitoring_world,
            title="Qvx draft incident, corrected",
            place="",
            place_description="The holding room of Terminal 1",
        ),
    )
    assert response.status_code == 302
    draft = Incident.objects.get(pk=monitoring_world.draft.pk)
    assert draft.title == "Qvx draft incident, corrected"
    assert draft.place_description == "The holding room of Terminal 1"
    assert draft.place is None
    assert not draft.is_published
    assert draft.country_id == "MX"


def test_bad_input_on_an_edit_saves_nothing(monitoring_world):
    monitor = client_for(monitoring_world.monitor)
    response = monitor.post(
        edit(monitoring_world.draft),
        fields(monitoring_world, title="Qvx changed", injured="9", people_affected="2"),
    )
    assert response.status_code == 400
    assert "Qvx changed" in response.content.decode()
    assert Incident.objects.get(pk=monitoring_world.draft.pk).title == "Qvx draft incident"


def test_a_published_incident_is_corrected_by_an_editor_not_the_team(monitoring_world):
    """Else the team could change what the public reads without an editor's review."""
    fire = monitoring_world.fire
    monitor = client_for(monitoring_world.monitor)
    assert monitor.get(edit(fire)).status_code == 403
    response = monitor.post(edit(fire), fields(monitoring_world, title="Qvx rewritten"))
    assert response.status_code == 403
    assert "corrected by an editor" in page_text(response.content)
    assert Incident.objects.get(pk=fire.pk).title == "Fire in an immigration station"
    editor = client_for(monitoring_world.editor)
    response = editor.post(edit(fire), fields(monitoring_world, title="Fire in Siglo XXI"))
    assert response.status_code == 302
    fire.refresh_from_db()
    assert fire.title == "Fire in Siglo XXI"
    assert fire.is_published


def test_who_may_not_edit(monitoring_world):
    member = client_for(make_user("member@test.example"))
    assert member.get(edit(monitoring_world.draft)).status_code == 404  # may not know of it
    assert member.get(edit(monitoring_world.fire)).status_code == 403
    gt = client_for(monitoring_world.other_monitor)
    assert gt.get(edit(monitoring_world.draft)).status_code == 404
    assert gt.post(edit(monitoring_world.fire), fields(monitoring_world)).status_code == 403
    assert Incident.objects.get(pk=monitoring_world.fire.pk).title == (
        "Fire in an immigration station"
    )
    assert client_for(monitoring_world.editor).get(edit(monitoring_world.draft)).status_code == 200


def test_the_date_today_is_accepted(monitoring_world):
    today = timezone.localdate().isoformat()
    response = client_for(monitoring_world.monitor).post(
        NEW_MX,
        fields(
            monitoring_world,
            date=today,
            sources=f"Press | https://example.org/today | {today}",
        ),
    )
    assert response.status_code == 302
    assert recorded().get().date == datetime.date.fromisoformat(today)


def test_the_action_refuses_what_the_form_refuses(monitoring_world):
    """The API and the demo record through the same action: it checks on its own."""
    good = {
        "kinds": ["death", "fire", "death"],
        "title": "Qvx beating in Siglo XXI",
        "summary": "Text.",
        "date": datetime.date(2026, 8, 14),
        "place": monitoring_world.place,
        "place_description": "",
        "people_affected": 3,
        "dead": 1,
        "injured": 2,
        "sources": [{"title": "A", "url": "https://example.org/a", "date": "2026-08-15"}],
        "verification": "reported",
    }
    with pytest.raises(ValidationError):
        actions.record_incident(
            by=monitoring_world.editor, country=monitoring_world.mexico, **{**good, "sources": []}
        )
    with pytest.raises(ValidationError):
        actions.record_incident(
            by=monitoring_world.editor, country=monitoring_world.guatemala, **good
        )  # a Mexican place
    with pytest.raises(PermissionDenied):
        actions.record_incident(
            by=monitoring_world.other_monitor, country=monitoring_world.mexico, **good
        )
    assert not recorded().exists()
    incident = actions.record_incident(
        by=monitoring_world.monitor, country=monitoring_world.mexico, **good
    )
    assert incident.kinds == ["death", "fire"]
    with pytest.raises(PermissionDenied):
        actions.publish_incident(incident, by=monitoring_world.monitor)
    assert actions.publish_incident(incident, by=monitoring_world.editor)
