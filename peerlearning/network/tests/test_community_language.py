"""A community is written in a language of its own (chosen when it is created, changed when it
is edited): readers of another language are told so, and it is translated into the others.
A sub-group in the list names the community it belongs to, for whoever may see that one."""

import pytest

from peerlearning.accounts.models import AuditEntry
from peerlearning.network.models import Community, CommunityVisibility, Level, Membership, Role
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

NAME = "شبكة المشرق للتعلم"
PURPOSE = "تتعلم الحكومات من بعضها البعض."
NOTE = "Not yet available in your language: this is the original, in"
LISTED = {"visibility": CommunityVisibility.LISTED}
STAYS = {"parent": "asia-pacific"}  # the platform facilitator's edit form moves it otherwise


def new_community(network, **fields) -> dict:
    return {
        "name": NAME,
        "purpose": PURPOSE,
        "language": "ar",
        "level": Level.REGIONAL,
        "visibility": CommunityVisibility.LISTED,
        "facilitators": [str(network.facilitator.uuid)],
        **fields,
    }


def create_in_arabic(network) -> Community:
    response = client_for(network.facilitator).post("/communities/new/", new_community(network))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Community.objects.get(name=NAME)


# Its language ----------------------------------------------------------------------------------


def test_the_new_community_form_offers_the_interface_language(network):
    client = client_for(network.facilitator)
    english = client.get("/communities/new/").content.decode()
    assert "Language of the name and purpose" in english
    assert '<option value="en" selected>' in english
    spanish = client.get("/communities/new/", headers={"accept-language": "es"})
    assert '<option value="es" selected>' in spanish.content.decode()
    subgroup = client.get("/communities/asia-pacific/subgroups/new/").content.decode()
    assert "Language of the name and purpose" in subgroup
    assert '<option value="en" selected>' in subgroup


def test_a_community_written_in_arabic_reads_in_arabic_without_a_note(network):
    community = create_in_arabic(network)
    assert community.language == "ar"
    address = community.get_absolute_url()
    arabic = client_for(network.member).get(f"{address}?lang=ar").content.decode()
    assert f'<h1 dir="auto" lang="ar">{NAME}</h1>' in arabic
    assert PURPOSE in arabic
    assert NOTE not in arabic

    # In French, the note names Arabic (not English) as the original's language.
    french = client_for(network.member).get(f"{address}?lang=fr").content.decode()
    assert NAME in french
    assert f"{NOTE} Arabic." in french
    assert f"{NOTE} English." not in french

    # The list says the same.
    listed = client_for(network.member).get("/communities/?lang=fr").content.decode()
    assert f'lang="ar">{NAME}</a>' in listed
    assert f"{NOTE} Arabic." in listed
    assert "Asia Pacific platform" in listed  # positive control: an English one, in English
    assert f"{NOTE} English." in listed


def test_it_is_translated_into_english_and_never_into_its_own_language(network):
    community = create_in_arabic(network)
    client = client_for(network.facilitator)
    address = f"{community.get_absolute_url()}translate/"
    page = client.get(address).content.decode()
    assert "The original, in Arabic" in page
    assert 'href="?lang=en" lang="en"' in page
    assert 'href="?lang=ar"' not in page

    own = client.post(address, {"language": "ar", "name": "اسم آخر", "purpose": "نص آخر."})
    assert own.status_code == 400
    assert "It is written in Arabic: choose another language" in own.content.decode()
    assert "اسم آخر" in own.content.decode()  # what was typed is kept
    community.refresh_from_db()
    assert community.translations == {}
    assert not AuditEntry.objects.filter(action="community.translated").exists()

    english = {"language": "en", "name": "Mashreq learning network", "purpose": "Learn."}
    response = client.post(address, english)
    assert response.status_code == 302 and response["Location"].endswith("?lang=en")
    community.refresh_from_db()
    assert community.translations == {"en": {"name": english["name"], "purpose": "Learn."}}
    page = client_for(network.member).get(community.get_absolute_url()).content.decode()
    assert '<h1 dir="auto" lang="en">Mashreq learning network</h1>' in page
    assert NOTE not in page


def test_the_action_refuses_its_own_language_whatever_the_form(network):
    from peerlearning.network import actions

    community = create_in_arabic(network)
    with pytest.raises(actions.NetworkError, match="the language it was written in"):
        actions.translate_community(
            community, by=network.facilitator, language="ar", name="x", purpose="y"
        )
    # An English community (the demo's, written in English) still refuses English.
    with pytest.raises(actions.NetworkError):
        actions.translate_community(
            network.asia, by=network.facilitator, language="en", name="x", purpose="y"
        )
    actions.translate_community(
        network.asia, by=network.facilitator, language="ar", name="آسيا", purpose="نتعلم."
    )
    network.asia.refresh_from_db()
    assert network.asia.language == "en" and set(network.asia.translations) == {"ar"}


def test_a_sub_group_takes_its_language_and_the_edit_form_changes_it(network):
    client = client_for(network.facilitator)
    response = client.post(
        "/communities/asia-pacific/subgroups/new/",
        {"name": "Groupe francophone", "purpose": "Apprendre.", "language": "fr", **LISTED},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Community.objects.get(name="Groupe francophone")
    assert group.language == "fr"

    edit = client.get(f"{group.get_absolute_url()}edit/").content.decode()
    assert '<option value="fr" selected>' in edit
    response = client.post(
        f"{group.get_absolute_url()}edit/",
        {"name": "Groupe francophone", "purpose": "Apprendre.", "language": "es", **STAYS},
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.language == "es"
    entry = AuditEntry.objects.filter(action="community.updated").latest("pk")
    assert "language" in entry.details["fields"]
    # A form posted without it (a script) keeps the language it had.
    client.post(
        f"{group.get_absolute_url()}edit/", {"name": "Groupe", "purpose": "Apprendre.", **STAYS}
    )
    group.refresh_from_db()
    assert group.name == "Groupe" and group.language == "es"


def test_an_unknown_language_is_refused_and_nothing_is_created(network):
    response = client_for(network.facilitator).post(
        "/communities/new/", new_community(network, language="xx")
    )
    assert response.status_code == 400
    assert NAME in response.content.decode()  # what was typed is kept
    assert not Community.objects.filter(name=NAME).exists()


# Sub-groups in the list -------------------------------------------------------------------------


def card_of(page: str, name: str) -> str:
    """The list's card holding `name`."""
    start = page.index(name)
    return page[page.rindex('<li class="card">', 0, start) : page.index("</li>", start)]


def test_a_sub_group_card_names_its_parent(network):
    Community.objects.create(
        slug="asia-children",
        name="Children in Asia",
        purpose="A working group.",
        level=Level.REGIONAL,
        parent=network.asia,
    )
    page = client_for(network.outsider).get("/communities/").content.decode()
    card = card_of(page, "Children in Asia")
    assert 'Sub-group of <a href="/communities/asia-pacific/"' in card
    assert "Asia Pacific platform" in card
    # A community of its own says nothing of the kind.
    assert "Sub-group of" not in card_of(page, "MENA network")


def test_a_private_parent_is_never_named_to_an_outsider(network):
    Community.objects.create(
        slug="open-circle",
        name="Open circle",
        purpose="Anyone may read about it.",
        level=Level.CROSS_REGIONAL,
        parent=network.private,
    )
    for person in (None, network.outsider, network.member, network.other_facilitator):
        page = client_for(person).get("/communities/").content.decode()
        card = card_of(page, "Open circle")
        assert "Sub-group of" not in card
        assert "Cross-regional platform" not in page
        assert "/communities/cross-regional/" not in page
    # Positive control: a member of the private community sees which one it belongs to.
    page = client_for(network.community_member).get("/communities/").content.decode()
    card = card_of(page, "Open circle")
    assert 'Sub-group of <a href="/communities/cross-regional/"' in card
    assert "Cross-regional platform" in card


def test_the_parent_is_named_in_the_readers_language(network):
    network.asia.translations = {"es": {"name": "Plataforma Asia Pacífico", "purpose": "Aprender."}}
    network.asia.save(update_fields=["translations"])
    Community.objects.create(
        slug="asia-children",
        name="Children in Asia",
        purpose="A working group.",
        level=Level.REGIONAL,
        parent=network.asia,
    )
    page = client_for(network.member).get("/communities/?lang=es").content.decode()
    card = card_of(page, "Children in Asia")
    assert 'href="/communities/asia-pacific/?lang=es" dir="auto" lang="es">' in card
    assert "Plataforma Asia Pacífico" in card


def test_the_list_of_sub_groups_asks_a_bounded_number_of_queries(
    network, django_assert_max_num_queries
):
    client = client_for(network.community_member)
    client.get("/communities/")
    for number in range(20):
        parent = Community.objects.create(
            slug=f"parent-{number}",
            name=f"Parent {number}",
            purpose="Learn.",
            level=Level.NATIONAL,
            language="fr",
            visibility=CommunityVisibility.PRIVATE if number % 2 else CommunityVisibility.LISTED,
        )
        if number % 4 == 1:
            Membership.objects.create(
                community=parent, person=network.community_member, role=Role.MEMBER
            )
        Community.objects.create(
            slug=f"child-{number}",
            name=f"Child {number:02}",
            purpose="Learn.",
            level=Level.NATIONAL,
            parent=parent,
        )
    with django_assert_max_num_queries(15):
        page = client.get("/communities/").content.decode()
    # Listed parents and the private ones the member belongs to are named; the others not.
    assert "Sub-group of" in card_of(page, "Child 00")
    assert "Parent 1<" in card_of(page, "Child 01")
    assert "Sub-group of" not in card_of(page, "Child 03")
    assert "Parent 3" not in page


def test_a_sub_groups_language_is_the_one_chosen_not_its_parents_nor_the_interfaces(network):
    response = client_for(network.facilitator).post(
        "/communities/asia-pacific/subgroups/new/",
        {"name": "مجموعة عربية", "purpose": "نتعلم.", "language": "ar", **LISTED},
        headers={"accept-language": "es"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Community.objects.get(name="مجموعة عربية")
    assert (group.language, network.asia.language) == ("ar", "en")


def test_a_community_in_chinese_is_listed_and_named_chinese(network):
    """ "zh-hans" has no base Django names ("zh"): the note still names the language."""
    Community.objects.create(
        slug="zh-group", name="中文组", purpose="学习。", level=Level.NATIONAL, language="zh-hans"
    )
    listed = client_for(network.member).get("/communities/")
    assert listed.status_code == 200
    assert f"{NOTE} Simplified Chinese." in card_of(listed.content.decode(), "中文组")
    page = client_for(network.member).get("/communities/zh-group/")
    assert page.status_code == 200 and 'lang="zh-hans">中文组</h1>' in page.content.decode()
    translate = client_for(network.facilitator).get("/communities/zh-group/translate/")
    assert translate.status_code == 200
    assert "The original, in Simplified Chinese" in translate.content.decode()


def test_the_api_gives_the_language_of_the_name_and_purpose(network):
    create_in_arabic(network)
    one = client_for(network.member).get("/api/v1/communities/community").json()
    assert (one["name"], one["language"]) == (NAME, "ar")
    listed = client_for(network.member).get("/api/v1/communities").json()
    assert {item["slug"]: item["language"] for item in listed["items"]}["asia-pacific"] == "en"
    document = client_for(None).get("/api/v1/openapi.json").json()
    assert "language" in document["components"]["schemas"]["CommunityOut"]["properties"]
