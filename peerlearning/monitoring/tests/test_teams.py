"""Monitoring teams: administrators give and take the role per country, audited; nobody else
can, not even a monitor for themselves; the role needs two factors before anything."""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.conftest import make_administrator
from peerlearning.monitoring.models import MonitoringTeamMember
from peerlearning.monitoring.testing import MONITOR_NAME, REPORT_MARKER
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user, page_text

TEAMS = "/monitoring/teams/"
GRANT = "/monitoring/teams/grant/"


@pytest.fixture
def admin(db):
    return make_administrator()


@pytest.fixture
def member(db):
    return make_user("plain-member@test.example", display_name="Pat Plain")


def remove_url(person, code: str) -> str:
    return f"/monitoring/teams/{person.uuid}/{code}/remove/"


def seats(person) -> set[str]:
    return set(MonitoringTeamMember.objects.filter(person=person).values_list("country", flat=True))


def test_an_administrator_sees_the_teams_by_country(monitoring_world, admin, member):
    response = client_for(admin).get(TEAMS)
    assert response.status_code == 200
    text = page_text(response.content)
    teams = text[text.index("Teams by country") :]
    assert teams.index("Guatemala") < teams.index("Gia GT") < teams.index("Mexico")
    assert teams.index("Mexico") < teams.index(MONITOR_NAME)
    assert "Pat Plain" not in teams
    body = response.content.decode()
    # The person picker (people found as one types) and the country choice.
    assert 'data-picker="/' in body and 'name="person"' in body
    assert '<select name="country"' in body


def test_nobody_else_sees_the_teams(monitoring_world, member):
    for persona in (member, monitoring_world.monitor, monitoring_world.editor):
        assert client_for(persona).get(TEAMS).status_code == 403
    response = client_for(None).get(TEAMS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_administrator_gives_the_role_for_a_country(monitoring_world, admin, member):
    response = client_for(admin).post(GRANT, {"person": member.uuid, "country": "GT"})
    assert response.status_code == 302
    assert seats(member) == {"GT"}
    entry = AuditEntry.objects.get(action="monitoring.granted")
    assert entry.actor == admin
    assert entry.object_id == str(member.uuid)
    assert entry.details == {"country": "GT"}
    # Given again: nothing changes, nothing more in the log.
    assert (
        client_for(admin).post(GRANT, {"person": member.uuid, "country": "GT"}).status_code == 302
    )
    assert AuditEntry.objects.filter(action="monitoring.granted").count() == 1


def test_the_role_can_be_given_by_e_mail_address(monitoring_world, admin, member):
    response = client_for(admin).post(
        GRANT, {"email": "PLAIN-member@test.example", "country": "MX"}
    )
    assert response.status_code == 302
    assert seats(member) == {"MX"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"country": "MX"}, "Choose a member, or give an e-mail address."),
        ({"email": "nobody@test.example", "country": "MX"}, "No account has this address"),
        ({"email": "plain-member@test.example"}, "This field is required."),
        ({"email": "plain-member@test.example", "country": "XX"}, "Select a valid choice."),
    ],
)
def test_a_wrong_grant_is_refused(monitoring_world, admin, member, data, message):
    response = client_for(admin).post(GRANT, data)
    assert response.status_code == 400
    assert message in page_text(response.content)
    assert seats(member) == set()
    assert not AuditEntry.objects.filter(action="monitoring.granted").exists()


def test_a_monitor_cannot_give_the_role_to_themselves_or_anyone(monitoring_world, member):
    monitor = monitoring_world.monitor
    for persona, data in (
        (monitor, {"person": monitor.uuid, "country": "GT"}),
        (monitor, {"person": member.uuid, "country": "MX"}),
        (member, {"person": member.uuid, "country": "MX"}),
        (monitoring_world.editor, {"person": monitoring_world.editor.uuid, "country": "MX"}),
    ):
        assert client_for(persona).post(GRANT, data).status_code == 403
    assert seats(monitor) == {"MX"}
    assert seats(member) == set()
    assert seats(monitoring_world.editor) == set()
    assert not AuditEntry.objects.filter(action="monitoring.granted").exists()


def test_an_administrator_takes_the_role_away(monitoring_world, admin):
    monitor = monitoring_world.monitor
    visit_url = f"/monitoring/visits/{monitoring_world.unpublished.uuid}/"
    assert client_for(monitor).get(visit_url).status_code == 200
    response = client_for(admin).post(remove_url(monitor, "MX"))
    assert response.status_code == 302
    assert seats(monitor) == set()
    entry = AuditEntry.objects.get(action="monitoring.removed")
    assert entry.actor == admin and entry.details == {"country": "MX"}
    # The former monitor no longer finds the unpublished report.
    response = client_for(monitor).get(visit_url)
    assert response.status_code == 404
    assert REPORT_MARKER not in response.content.decode()


def test_nobody_else_takes_the_role_away(monitoring_world, member):
    other = monitoring_world.other_monitor
    for persona in (monitoring_world.monitor, other, member, monitoring_world.editor):
        assert client_for(persona).post(remove_url(other, "GT")).status_code == 403
    assert seats(other) == {"GT"}
    assert not AuditEntry.objects.filter(action="monitoring.removed").exists()


def test_removing_a_seat_that_does_not_exist_is_not_found(monitoring_world, admin):
    client = client_for(admin)
    assert client.post(remove_url(monitoring_world.monitor, "GT")).status_code == 404
    assert client.post(remove_url(monitoring_world.monitor, "mx")).status_code == 302
    assert seats(monitoring_world.monitor) == set()


def test_it_refuses_other_methods(monitoring_world, admin):
    client = client_for(admin)
    assert client.post(TEAMS).status_code == 405
    assert client.get(GRANT).status_code == 405
    assert client.get(remove_url(monitoring_world.monitor, "MX")).status_code == 405
    assert seats(monitoring_world.monitor) == {"MX"}


def test_a_person_given_the_role_must_set_up_two_factors_first(monitoring_world, admin, member):
    client = client_for(member)
    assert client.get("/monitoring/places/").status_code == 200
    assert client.get("/monitoring/places/mx-siglo-xxi/").status_code == 200
    assert (
        client_for(admin).post(GRANT, {"person": member.uuid, "country": "MX"}).status_code == 302
    )
    for url in (
        "/monitoring/places/",
        "/monitoring/places/mx-siglo-xxi/visits/new/",
        f"/monitoring/visits/{monitoring_world.unpublished.uuid}/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/2fa/totp/activate/"), url
    assert not AuditEntry.objects.filter(action="visit.report_read", actor=member).exists()
    # Positive control: a monitor with two factors goes straight in.
    assert client_for(monitoring_world.monitor).get("/monitoring/places/").status_code == 200


def test_an_administrator_cannot_give_themselves_a_seat(monitoring_world, administrator):
    """A seat reads the names of people affected: an administrator may not open that to
    themselves; another administrator may give it."""
    from peerlearning.monitoring.models import MonitoringTeamMember
    from peerlearning.network.testing import client_for
    from peerlearning.testing import make_user

    response = client_for(administrator).post(
        "/monitoring/teams/grant/", {"email": administrator.email, "country": "MX"}
    )
    assert response.status_code == 400
    assert "Another administrator must give you a seat" in response.content.decode()
    assert not MonitoringTeamMember.objects.filter(person=administrator).exists()
    other = make_user("admin-two@test.example", is_superuser=True, is_staff=True, two_factor=True)
    response = client_for(other).post(
        "/monitoring/teams/grant/", {"email": administrator.email, "country": "MX"}
    )
    assert response.status_code == 302
    assert MonitoringTeamMember.objects.filter(person=administrator, country="MX").exists()
