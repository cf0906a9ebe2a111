"""A member keeps a check they choose to save; it is theirs alone."""

import pytest
from django.test import Client

from peerlearning.terminology.models import SavedCheck
from peerlearning.terminology.tests.check_world import SPANISH, load_lexicon
from peerlearning.testing import make_user, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    load_lexicon()
    return make_user("owner@test.example")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save(client: Client, title: str = "Draft migration law") -> SavedCheck:
    response = client.post(
        "/terminology/checks/save/",
        {"text": SPANISH, "lang": "es", "title": title, "file_name": "ley.pdf"},
    )
    assert response.status_code == 302
    saved = SavedCheck.objects.get()
    assert response["Location"] == f"/terminology/checks/{saved.public_id}/"
    return saved


def test_it_saves_a_check_and_shows_it_to_its_owner(owner):
    client = signed_in(owner)
    saved = save(client)
    assert saved.owner == owner and saved.language == "es" and saved.file_name == "ley.pdf"
    assert len(saved.spans) == 3
    page = client.get(f"/terminology/checks/{saved.public_id}/")
    assert page.status_code == 200
    text = page_text(page.content)
    assert "Draft migration law" in text
    assert "2 euphemisms for detention" in text
    assert '<mark class="flag flag-euphemism">estación migratoria</mark>' in page.content.decode()
    listing = page_text(client.get("/terminology/checks/").content)
    assert "Draft migration law" in listing and "3 findings" in listing


def test_it_names_an_untitled_check_by_its_file(owner):
    client = signed_in(owner)
    client.post("/terminology/checks/save/", {"text": SPANISH, "file_name": "ley.pdf"})
    assert SavedCheck.objects.get().title == "ley.pdf"


def test_it_refuses_to_save_an_empty_text(owner):
    response = signed_in(owner).post("/terminology/checks/save/", {"text": " ", "title": "x"})
    assert response.status_code == 400
    assert "There is no text to check." in page_text(response.content)
    assert SavedCheck.objects.count() == 0


def test_it_shows_a_saved_check_to_nobody_else(owner):
    saved = save(signed_in(owner))
    other = signed_in(make_user("other@test.example"))
    for path in ["", "report/"]:
        assert other.get(f"/terminology/checks/{saved.public_id}/{path}").status_code == 404
    assert "Draft migration law" not in page_text(other.get("/terminology/checks/").content)
    anonymous = Client().get(f"/terminology/checks/{saved.public_id}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Client().get("/terminology/checks/").status_code == 302
    anonymous_save = Client().post("/terminology/checks/save/", {"text": SPANISH})
    assert anonymous_save.status_code == 302 and SavedCheck.objects.count() == 1


def test_it_deletes_a_check_for_its_owner_only(owner):
    client = signed_in(owner)
    saved = save(client)
    confirm = client.get(f"/terminology/checks/{saved.public_id}/delete/")
    assert confirm.status_code == 200
    assert "Delete the saved check “Draft migration law”?" in page_text(confirm.content)
    other = signed_in(make_user("other@test.example"))
    assert other.post(f"/terminology/checks/{saved.public_id}/delete/").status_code == 404
    assert SavedCheck.objects.count() == 1
    response = client.post(f"/terminology/checks/{saved.public_id}/delete/")
    assert response.status_code == 302 and response["Location"] == "/terminology/checks/"
    assert SavedCheck.objects.count() == 0
    assert client.get(f"/terminology/checks/{saved.public_id}/").status_code == 404


def test_it_lists_and_shows_with_a_bounded_number_of_queries(owner, django_assert_max_num_queries):
    client = signed_in(owner)
    save(client, title="Check 0")
    with django_assert_max_num_queries(8):
        assert client.get("/terminology/checks/").status_code == 200
    for n in range(20):
        client.post("/terminology/checks/save/", {"text": SPANISH, "title": f"More {n}"})
    with django_assert_max_num_queries(8):
        listing = client.get("/terminology/checks/")
    assert "More 19" in page_text(listing.content)
    saved = SavedCheck.objects.latest("created_at")
    with django_assert_max_num_queries(8):
        assert client.get(f"/terminology/checks/{saved.public_id}/").status_code == 200


def test_it_links_my_saved_checks_for_signed_in_people(owner):
    assert 'href="/terminology/checks/"' in signed_in(owner).get("/").content.decode()
    assert 'href="/terminology/checks/"' not in Client().get("/").content.decode()
