"""People affected by an incident, named by a public source: recorded by the country's
monitoring team and shown to it alone (not to editors, not to administrators), every reading
and every addition audited."""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.monitoring.models import AffectedPerson
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db

PERSON = {
    "name": "Qvx Second Person",
    "details": "Aged 24, from Guatemala, according to the newspaper.",
    "source_title": "El Diario, 29 March 2023",
    "source_url": "https://example.org/diario",
}


def new(incident) -> str:
    return f"/monitoring/incidents/{incident.uuid}/people/new/"


def added():
    return AffectedPerson.objects.filter(name=PERSON["name"])


def test_the_countrys_team_adds_a_person_named_by_a_source(monitoring_world):
    monitor = client_for(monitoring_world.monitor)
    assert monitor.get(new(monitoring_world.fire)).status_code == 200
    response = monitor.post(new(monitoring_world.fire), PERSON)
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/incidents/{monitoring_world.fire.uuid}/#people"
    person = added().get()
    assert person.incident == monitoring_world.fire
    assert person.recorded_by == monitoring_world.monitor
    entry = AuditEntry.objects.get(action="incident.person_recorded")
    assert (entry.actor, entry.object_id) == (
        monitoring_world.monitor,
        str(monitoring_world.fire.uuid),
    )
    assert PERSON["name"] not in str(entry.details)  # the log keeps no name
    text = page_text(monitor.get(response["Location"]).content)
    assert "Qvx Second Person" in text
    assert "El Diario, 29 March 2023" in text
    # Also on a draft of the country.
    assert monitor.post(new(monitoring_world.draft), PERSON).status_code == 302


@pytest.mark.parametrize("missing", ["name", "source_title", "source_url"])
def test_a_person_needs_a_name_and_a_public_source(monitoring_world, missing):
    response = client_for(monitoring_world.monitor).post(
        new(monitoring_world.fire), {**PERSON, missing: ""}
    )
    assert response.status_code == 400
    assert "This field is required." in page_text(response.content)
    assert PERSON["details"] in response.content.decode()  # kept
    assert not AffectedPerson.objects.filter(details=PERSON["details"]).exists()


def test_a_source_that_is_not_a_web_address_is_refused(monitoring_world):
    response = client_for(monitoring_world.monitor).post(
        new(monitoring_world.fire), {**PERSON, "source_url": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    assert not added().exists()


def test_nobody_but_the_countrys_team_adds_a_person(monitoring_world, administrator):
    """Editors and administrators see the incident but not its people: 403."""
    for user in (
        monitoring_world.editor,
        administrator,
        monitoring_world.other_monitor,
        make_user("member@test.example"),
    ):
        client = client_for(user)
        assert client.get(new(monitoring_world.fire)).status_code == 403
        assert client.post(new(monitoring_world.fire), PERSON).status_code == 403
    assert not added().exists()
    assert not AuditEntry.objects.filter(action="incident.person_recorded").exists()


def test_whoever_may_not_know_of_the_draft_finds_nothing(monitoring_world):
    for user in (make_user("member@test.example"), monitoring_world.other_monitor):
        assert client_for(user).post(new(monitoring_world.draft), PERSON).status_code == 404
    visitor = client_for(None).get(new(monitoring_world.fire))
    assert visitor.status_code == 302
    assert visitor["Location"].startswith("/accounts/login/")
    assert not added().exists()


def test_the_page_answers_405_to_other_methods(monitoring_world):
    assert client_for(monitoring_world.monitor).put(new(monitoring_world.fire)).status_code == 405
