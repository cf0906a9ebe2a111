import pytest
from django.core.cache import cache
from django.test import Client

from peerlearning.accounts.models import User
from peerlearning.testing import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def sign_in(client: Client, email: str, password: str = PASSWORD, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def test_a_member_signs_in_with_email_and_password(member):
    client = Client()
    response = sign_in(client, "MEMBER@test.example")
    assert response.status_code == 302
    assert client.get("/profile/").status_code == 200


def test_a_wrong_password_says_so_and_keeps_the_address(member):
    response = sign_in(Client(), member.email, "wrong")
    assert response.status_code == 200
    body = response.content.decode()
    assert "not correct" in body
    assert f'value="{member.email}"' in body


def test_repeated_failures_are_throttled_with_a_clear_message(member):
    client = Client()
    for _ in range(5):
        sign_in(client, member.email, "wrong")
    response = sign_in(client, member.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_throttle_message_is_translated(member):
    client = Client()
    for _ in range(6):
        response = sign_in(client, member.email, "wrong", HTTP_ACCEPT_LANGUAGE="fr")
    assert "Trop de tentatives" in response.content.decode()


def test_a_facilitator_must_give_a_one_time_code(facilitator):
    client = Client()
    response = sign_in(client, facilitator.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/manage/invitations/").status_code == 200


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = make_user("argon@test.example")
    assert User.objects.get(pk=user.pk).password.startswith("argon2")


def test_open_sign_up_is_closed(db):
    response = Client().post(
        "/accounts/signup/",
        {
            "email": "x@example.net",
            "password1": "a-long-passphrase",
            "password2": "a-long-passphrase",
        },
    )
    assert "Membership is by invitation" in response.content.decode()
    assert not User.objects.filter(email="x@example.net").exists()


def test_password_reset_sends_an_email(member, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert mailoutbox[0].to == [member.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_sign_out_needs_a_post(member_client):
    # A GET (a link, a prefetch) only shows the confirmation: the person stays signed in.
    member_client.get("/accounts/logout/")
    assert member_client.get("/profile/").status_code == 200
    assert member_client.post("/accounts/logout/").status_code == 302
    assert member_client.get("/profile/").status_code == 302
