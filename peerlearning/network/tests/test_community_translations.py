"""A community's name and purpose translated by editors and its facilitators, and read in the
reader's language on its page and in the list (issue 17, item 7)."""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.network.models import Community, Level
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

ASIA = "/communities/asia-pacific/"
ARABIC = {"language": "ar", "name": "منصة آسيا والمحيط الهادئ", "purpose": "نتعلم معا."}


def translate_to_arabic(network) -> None:
    response = client_for(network.facilitator).post(f"{ASIA}translate/", ARABIC)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"{ASIA}?lang=ar"


def test_a_facilitator_translates_the_community_and_it_reads_in_arabic(network):
    translate_to_arabic(network)
    network.asia.refresh_from_db()
    assert network.asia.translations == {
        "ar": {"name": ARABIC["name"], "purpose": ARABIC["purpose"]}
    }
    assert AuditEntry.objects.filter(action="community.translated").exists()

    page = client_for(network.community_member).get(f"{ASIA}?lang=ar").content.decode()
    assert f'<h1 dir="auto" lang="ar">{ARABIC["name"]}</h1>' in page
    assert ARABIC["purpose"] in page
    assert "Not yet available in your language" not in page

    french = client_for(network.community_member).get(f"{ASIA}?lang=fr").content.decode()
    assert "Asia Pacific platform" in french and ARABIC["name"] not in french
    assert "Not yet available in your language: this is the original, in English." in french
    assert 'href="?lang=ar" lang="ar"' in french


def test_the_list_shows_the_readers_language_where_there_is_one(network):
    translate_to_arabic(network)
    client = client_for(network.member)
    arabic = client.get("/communities/?lang=ar").content.decode()
    assert ARABIC["name"] in arabic
    assert "MENA network" in arabic  # untranslated ones as written, saying so
    assert "Not yet available in your language" in arabic
    english = client.get("/communities/").content.decode()
    assert "Asia Pacific platform" in english and ARABIC["name"] not in english
    assert "Not yet available in your language" not in english


def test_english_is_the_communitys_own_language_and_is_refused(network):
    response = client_for(network.facilitator).post(
        f"{ASIA}translate/", {**ARABIC, "language": "en"}
    )
    assert response.status_code == 400
    assert "choose another language" in response.content.decode()
    assert ARABIC["name"] in response.content.decode()  # what was typed is kept
    unknown = client_for(network.facilitator).post(
        f"{ASIA}translate/", {**ARABIC, "language": "de"}
    )
    assert unknown.status_code == 400
    network.asia.refresh_from_db()
    assert network.asia.translations == {}
    assert not AuditEntry.objects.filter(action="community.translated").exists()


def test_a_name_without_its_purpose_is_refused(network):
    response = client_for(network.facilitator).post(
        f"{ASIA}translate/", {"language": "es", "name": "Plataforma", "purpose": ""}
    )
    assert response.status_code == 400
    network.asia.refresh_from_db()
    assert network.asia.translations == {}


def test_editing_prefills_and_an_empty_name_removes_the_translation(network):
    translate_to_arabic(network)
    client = client_for(network.facilitator)
    page = client.get(f"{ASIA}translate/?lang=ar").content.decode()
    assert ARABIC["name"] in page and ARABIC["purpose"] in page
    assert "Leave it empty to remove the translation" in page
    response = client.post(f"{ASIA}translate/", {"language": "ar", "name": "", "purpose": ""})
    assert response.status_code == 302
    network.asia.refresh_from_db()
    assert network.asia.translations == {}


def test_who_may_not_translate_is_refused(network):
    for person in (network.other_facilitator, network.community_member, network.member):
        client = client_for(person)
        assert client.get(f"{ASIA}translate/").status_code == 403
        assert client.post(f"{ASIA}translate/", ARABIC).status_code == 403
    assert f"{ASIA}translate/" not in (
        client_for(network.community_member).get(ASIA).content.decode()
    )
    assert f"{ASIA}translate/" in client_for(network.facilitator).get(ASIA).content.decode()
    network.asia.refresh_from_db()
    assert network.asia.translations == {}


def test_a_private_community_is_not_found_for_who_may_not_see_it(network):
    for person in (network.outsider, network.other_facilitator, network.member):
        response = client_for(person).get("/communities/cross-regional/translate/")
        assert response.status_code == 404
        assert "Cross-regional" not in response.content.decode()
    # Its member sees it exists but may not translate it; its facilitator does.
    assert (
        client_for(network.community_member)
        .get("/communities/cross-regional/translate/")
        .status_code
        == 403
    )
    assert (
        client_for(network.facilitator).get("/communities/cross-regional/translate/").status_code
        == 200
    )


def test_the_list_in_a_language_asks_a_bounded_number_of_queries(
    network, django_assert_max_num_queries
):
    for number in range(20):
        Community.objects.create(
            slug=f"community-{number}",
            name=f"Community {number}",
            purpose="Learn.",
            level=Level.NATIONAL,
            translations={"es": {"name": f"Comunidad {number}", "purpose": "Aprender."}},
        )
    client = client_for(network.member)
    client.get("/communities/?lang=es")
    with django_assert_max_num_queries(15):
        page = client.get("/communities/?lang=es").content.decode()
    assert "Comunidad 19" in page
