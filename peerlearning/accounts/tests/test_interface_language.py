"""The interface language a person chooses is kept on their account: their other devices and
their e-mails follow it (issue 13, item 6)."""

from typing import Any

import pytest
from django.test import Client

from peerlearning.accounts.models import User
from peerlearning.conftest import signed_in
from peerlearning.testing import PASSWORD, TOTP_SECRET, make_user, totp_code

pytestmark = pytest.mark.django_db


def choose(client: Client, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": "/"})


def sign_in(email: str) -> tuple[Client, Any]:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})
    return client, response


def test_the_language_switch_keeps_the_choice_on_the_signed_in_account(member):
    client = signed_in(member)
    response = choose(client, "ar")
    assert response.status_code == 302 and response.cookies["django_language"].value == "ar"
    member.refresh_from_db()
    assert member.interface_language == "ar" and member.preferred_language == "ar"
    assert 'lang="ar" dir="rtl"' in client.get("/").content.decode()


def test_a_language_the_platform_does_not_offer_is_not_kept(member):
    choose(signed_in(member), "fr")
    choose(signed_in(member), "xx")
    member.refresh_from_db()
    assert member.interface_language == "fr"


def test_a_signed_out_visitor_changes_the_language_of_the_pages_and_of_no_account(member):
    response = choose(Client(), "es")
    assert response.cookies["django_language"].value == "es"
    assert not User.objects.exclude(interface_language="").exists()


def test_signing_in_on_another_device_brings_back_the_chosen_language(member):
    choose(signed_in(member), "ar")
    client, response = sign_in(member.email)
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "ar"
    assert 'lang="ar"' in client.get(response["Location"]).content.decode()
    # Someone who never chose keeps the language of the device they sign in on.
    other = make_user("other@test.example", display_name="Other")
    _client, response = sign_in(other.email)
    assert response.status_code == 302 and "django_language" not in response.cookies


def test_after_the_second_factor_too_the_chosen_language_comes_back():
    person = make_user(
        "facilitator2@test.example", two_factor=True, is_facilitator=True, interface_language="fr"
    )
    client, response = sign_in(person.email)
    assert "django_language" not in response.cookies  # not signed in yet: the code is asked
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"


def test_e_mails_to_a_person_use_the_language_they_chose(
    member, mailoutbox, django_capture_on_commit_callbacks
):
    member.languages = ["en"]
    member.save()
    choose(signed_in(member), "es")
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": member.email})
    spanish = mailoutbox[-1]
    # The same e-mail to someone who chose nothing is in the first language they work in.
    other = make_user("english@test.example", display_name="English", languages=["en"])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/accounts/password/reset/", {"email": other.email})
    english = mailoutbox[-1]
    assert spanish.to == [member.email] and english.to == [other.email]
    assert spanish.subject != english.subject
    assert "contraseña" in (spanish.subject + spanish.body).lower()


def test_closing_an_account_erases_the_chosen_language(member):
    choose(signed_in(member), "ar")
    client = signed_in(member)
    client.post("/profile/close/", {"confirm": "on", "password": PASSWORD})
    member.refresh_from_db()
    assert member.interface_language == ""


def test_the_export_holds_the_chosen_language(member):
    choose(signed_in(member), "fr")
    exported = signed_in(member).get("/profile/export/")
    assert b'"interface_language": "fr"' in exported.content
