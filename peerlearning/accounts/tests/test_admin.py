import pytest
from django.test import Client

from peerlearning.accounts.models import AuditEntry
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db


def test_an_administrator_with_two_factors_reaches_the_admin(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/accounts/auditentry/").status_code == 200


def test_an_administrator_without_two_factors_must_set_it_up(db):
    user = make_user("root@test.example", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_a_member_is_refused_where_an_administrator_is_let_in(member_client, admin_client):
    assert member_client.get("/admin/").status_code == 403
    assert admin_client.get("/admin/").status_code == 200


def test_a_facilitator_is_refused_where_an_administrator_is_let_in(
    facilitator_client, admin_client
):
    assert facilitator_client.get("/admin/").status_code == 403
    assert admin_client.get("/admin/").status_code == 200


def test_anonymous_goes_to_the_one_sign_in_page(db):
    response = Client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")


def test_the_audit_log_can_be_read_but_not_added_to(admin_client):
    before = AuditEntry.objects.count()
    assert admin_client.get("/admin/accounts/auditentry/").status_code == 200
    assert admin_client.get("/admin/accounts/auditentry/add/").status_code == 403
    response = admin_client.post("/admin/accounts/auditentry/add/", {"action": "forged"})
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before
    assert not AuditEntry.objects.filter(action="forged").exists()
