"""What an insider review of monitoring found, kept found: a place with visits does not move to
another country (its reports would pass to that country's team); the admin changes no place,
body or recommendation and never shows an authenticator's secret; an administrator cannot set a
monitor's password, nor seat an account they made; odd input is a 400, never a 500."""

import pytest
from allauth.mfa.models import Authenticator

from peerlearning.accounts.models import AuditEntry
from peerlearning.monitoring.models import MonitoringTeamMember, Place, Visit
from peerlearning.monitoring.testing import REPORT_MARKER
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


def test_a_place_with_visits_does_not_move_to_another_country(monitoring_world):
    editor = client_for(monitoring_world.editor)
    page = editor.get("/monitoring/places/mx-siglo-xxi/edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"country": "GT", "sources": "INM https://example.org/siglo-xxi"})
    response = editor.post("/monitoring/places/mx-siglo-xxi/edit/", data)
    assert response.status_code == 400
    assert "cannot move to another country" in response.content.decode()
    assert Place.objects.get(slug="mx-siglo-xxi").country_id == "MX"
    gt = client_for(monitoring_world.other_monitor)
    assert gt.get(monitoring_world.unpublished.get_absolute_url()).status_code == 404
    # Positive control: a place without visits moves (a mistaken country corrected).
    Visit.objects.filter(place__slug="mx-siglo-xxi").delete()
    assert editor.post("/monitoring/places/mx-siglo-xxi/edit/", data).status_code == 302
    assert Place.objects.get(slug="mx-siglo-xxi").country_id == "GT"


def test_the_admin_changes_no_place_and_shows_no_secret(monitoring_world, administrator):
    admin = client_for(administrator)
    place = monitoring_world.place
    assert admin.get(f"/admin/monitoring/place/{place.pk}/change/").status_code == 200
    response = admin.post(f"/admin/monitoring/place/{place.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Visit.objects.filter(place=place).count() == 2
    authenticator = Authenticator.objects.filter(user=monitoring_world.monitor).first()
    assert authenticator is not None
    # Second factors are not in the admin: no secret shown, none changed or deleted there.
    page = admin.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/")
    assert page.status_code == 404
    assert admin.get("/admin/accounts/user/").status_code == 200  # positive control


def test_an_administrator_cannot_take_over_a_monitor(monitoring_world, administrator):
    admin = client_for(administrator)
    monitor = monitoring_world.monitor
    password = {"password1": "A-new-one-9876!", "password2": "A-new-one-9876!"}
    url = f"/admin/accounts/user/{monitor.pk}/password/"
    assert admin.post(url, password).status_code == 403
    monitor.refresh_from_db()
    assert not monitor.check_password(password["password1"])
    # Nor make a stand-in account and seat it: another administrator must.
    response = admin.post(
        "/admin/accounts/user/add/",
        {"email": "stand-in@test.example", "display_name": "S", **password},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="account.created_by_administrator").exists()
    response = admin.post(
        "/monitoring/teams/grant/", {"email": "stand-in@test.example", "country": "MX"}
    )
    assert response.status_code == 400
    assert not MonitoringTeamMember.objects.filter(person__email="stand-in@test.example").exists()
    other = make_user("admin-three@test.example", is_superuser=True, is_staff=True, two_factor=True)
    response = client_for(other).post(
        "/monitoring/teams/grant/", {"email": "stand-in@test.example", "country": "MX"}
    )
    assert response.status_code == 302  # positive control: another administrator may
    # A password set by an administrator for someone without a seat is allowed, and audited.
    member = make_user("member-pw@test.example")
    assert admin.post(f"/admin/accounts/user/{member.pk}/password/", password).status_code == 302
    assert AuditEntry.objects.filter(action="account.password_set_by_administrator").exists()


@pytest.mark.parametrize(
    "path",
    [
        "/monitoring/incidents.csv?year=%C2%B2",
        "/api/v1/monitoring/incidents?year=%C2%B2",
        "/monitoring/places/?country=%00",
        "/api/v1/monitoring/places?country=M%00",
        "/monitoring/recommendations.json?body=a%00",
        "/api/v1/monitoring/places/a%00b",
        "/countries/compare/?country=M%00",
    ],
)
def test_odd_input_is_a_clear_refusal(client, monitoring_world, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    assert REPORT_MARKER not in response.content.decode()


def test_a_huge_count_is_refused_with_its_reason(monitoring_world):
    monitor = client_for(monitoring_world.monitor)
    page = monitor.get(monitoring_world.draft.get_absolute_url() + "edit/")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["kinds"] = ["abuse"]
    data["unmet_recommendations"] = []
    data["dead"] = "3000000000"
    response = monitor.post(monitoring_world.draft.get_absolute_url() + "edit/", data)
    assert response.status_code == 400
    assert "less than or equal to 10000000" in response.content.decode()
    data["dead"] = "3"
    response = monitor.post(monitoring_world.draft.get_absolute_url() + "edit/", data)
    assert response.status_code == 302  # positive control: the same form, a sane count
