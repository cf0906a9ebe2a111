import json

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from peerlearning.accounts.models import AuditEntry, Invitation, User
from peerlearning.network.testing import client_for
from peerlearning.testing import PASSWORD, make_user, page_text

pytestmark = pytest.mark.django_db

PROFILE = {
    "display_name": "Mona Member",
    "pseudonym": "",
    "languages": ["en", "th"],
    "country": "TH",
    "expertise": "case management, child protection, Case Management",
    "visibility": "network",
}


def test_it_shows_the_profile_form(member_client):
    response = member_client.get("/profile/")
    assert response.status_code == 200
    assert "member@test.example" in response.content.decode()


def test_it_saves_the_profile_and_audits_it(member_client, member):
    response = member_client.post("/profile/", PROFILE)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.languages == ["en", "th"]
    assert member.expertise == ["case management", "child protection"]
    assert AuditEntry.objects.filter(action="profile.updated", actor=member).exists()


def test_a_pseudonym_replaces_the_name_everywhere_it_is_shown(member_client, member):
    member_client.post("/profile/", {**PROFILE, "pseudonym": "Amal"})
    response = member_client.get("/")
    body = response.content.decode()
    assert "Welcome back, Amal." in page_text(body)
    assert "Mona Member" not in body


def test_an_invalid_profile_keeps_what_was_typed(member_client, member):
    response = member_client.post(
        "/profile/",
        {**PROFILE, "country": "XX", "pseudonym": "Kept pseudonym", "visibility": "nobody"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body
    assert 'value="Kept pseudonym"' in body
    member.refresh_from_db()
    assert member.pseudonym == ""


def test_anonymous_is_sent_to_sign_in(db):
    for url in ["/profile/", "/profile/export/", "/profile/close/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_a_person_downloads_all_their_data(member_client, member):
    member_client.post("/profile/", PROFILE)
    response = member_client.get("/profile/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "member@test.example"
    assert data["profile"]["languages"] == ["en", "th"]
    assert data["email_addresses"][0]["email"] == "member@test.example"
    assert {"action": "profile.updated"}.items() <= data["activity"][0].items()


def test_the_export_holds_no_one_elses_data_and_no_secrets(facilitator_client, facilitator, member):
    response = facilitator_client.get("/profile/export/")
    text = response.content.decode()
    assert member.email not in text
    assert "secret" not in text
    assert json.loads(text)["two_factor_methods"][0]["type"] == "totp"


def test_closing_an_account_needs_the_password(member_client, member):
    response = member_client.post("/profile/close/", {"password": "wrong"})
    assert response.status_code == 200
    assert "not your password" in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def sign_in_attempt(email: str):
    return Client().post("/accounts/login/", {"login": email, "password": PASSWORD})


def test_closing_an_account_erases_the_person(facilitator_client, facilitator):
    # Before: the account works, has its second factor, and its password passes sign-in
    # (on to the second-factor step).
    assert facilitator_client.get("/profile/").status_code == 200
    assert Authenticator.objects.filter(user=facilitator).exists()
    before = sign_in_attempt("facilitator@test.example")
    assert before.status_code == 302
    assert before["Location"].startswith("/accounts/2fa/authenticate/")
    response = facilitator_client.post("/profile/close/", {"password": PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(pk=facilitator.pk)
    assert not user.is_active
    assert user.display_name == ""
    assert "facilitator" not in user.email
    assert not user.has_usable_password()
    assert not Authenticator.objects.filter(user=user).exists()
    assert facilitator_client.get("/profile/").status_code == 302
    login = sign_in_attempt("facilitator@test.example")
    assert login.status_code == 200  # the form again, not the second-factor step
    assert "_auth_user_id" not in login.client.session


def test_the_address_of_a_closed_account_can_be_invited_again(facilitator_client, administrator):
    facilitator_client.post("/profile/close/", {"password": PASSWORD})
    response = client_for(administrator).post(
        "/manage/invitations/", {"email": "facilitator@test.example", "language": "en"}
    )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="facilitator@test.example").exists()
    make_user("facilitator@test.example")  # and the address can hold an account again
    assert User.objects.filter(email="facilitator@test.example", is_active=True).count() == 1
