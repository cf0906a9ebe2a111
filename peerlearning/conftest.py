import pytest
from django.test import Client

from peerlearning.accounts.models import User
from peerlearning.testing import make_user


@pytest.fixture(autouse=True)
def _fast_hashing_and_english(settings):
    # Argon2 is the production hasher (tested on its own); tests hash quickly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def administrator(db) -> User:
    return make_user("admin@test.example", two_factor=True, display_name="Ada Admin",
                     is_staff=True, is_superuser=True)


@pytest.fixture
def facilitator(db) -> User:
    return make_user("facilitator@test.example", two_factor=True, display_name="Fay Facilitator",
                     is_facilitator=True)


@pytest.fixture
def member(db) -> User:
    return make_user("member@test.example", display_name="Mona Member", country="TH")


@pytest.fixture
def outsider(db) -> User:
    return make_user("outsider@test.example", display_name="Otto Outsider")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(administrator) -> Client:  # noqa: PT004 - overrides pytest-django's
    return signed_in(administrator)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return signed_in(facilitator)


@pytest.fixture
def member_client(member) -> Client:
    return signed_in(member)
