"""Updates written on the platform (issue 17, item 4): editors for any community they may see or
the whole network, a community's facilitators for their community only; drafts seen only by who
may edit them; publishing, unpublishing, editing and translating kept in the editorial history."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.knowledge.models import Concept, SearchDocument, Update, UpdateEvent
from peerlearning.network.models import Membership, Role
from peerlearning.network.testing import client_for
from peerlearning.testing import assert_queries_bounded, make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


@pytest.fixture
def asia_facilitator(network):
    """A facilitator of Asia Pacific only: no editor, no platform role."""
    person = make_user("asiafac@test.example", display_name="Aziz Asia", two_factor=True)
    Membership.objects.create(community=network.asia, person=person, role=Role.FACILITATOR)
    return person


def fields(**changes) -> dict:
    data = {
        "community": "asia-pacific",
        "kind": "news",
        "title": "Regional platform met in Kuala Lumpur",
        "body": "The platform met in October.\n\nIt agreed its next steps.",
        "language": "en",
        "region": "asia-pacific",
        "source": "",
        "published_on": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def made(title: str = "", **extra) -> Update:
    defaults = {"slug": title.lower().replace(" ", "-") or "u", "title": title or "U", "body": "B"}
    return Update.objects.create(**{**defaults, **extra})


# Who writes, and for which community ------------------------------------------------------


def test_it_lets_a_community_facilitator_write_a_draft_for_their_community(
    network, asia_facilitator
):
    client = client_for(asia_facilitator)
    form = client.get("/updates/new/")
    assert form.status_code == 200
    page = form.content.decode()
    assert "Asia Pacific platform" in page
    # Only the community they facilitate: not another, not a private one, not the network.
    assert "MENA network" not in page
    assert "Cross-regional platform" not in page
    assert "The whole network" not in page

    response = client.post("/updates/new/", fields())
    update = Update.objects.get(title="Regional platform met in Kuala Lumpur")
    assert response.status_code == 302
    assert response["Location"] == f"/updates/{update.slug}/"
    assert update.community == network.asia
    assert update.is_published is False
    assert update.published_on is None
    assert update.created_by == asia_facilitator
    assert list(update.events.values_list("action", flat=True)) == ["created"]
    assert AuditEntry.objects.filter(action="update.created", actor=asia_facilitator).exists()
    # A draft is in no one's search.
    assert not SearchDocument.objects.filter(kind="update", key=update.slug).exists()
    # Its writer sees it, with the editorial history.
    mine = client.get(f"/updates/{update.slug}/").content.decode()
    assert "Draft: not published." in mine
    assert "History" in mine
    assert "Aziz Asia" in mine


def test_a_draft_is_seen_only_by_who_may_edit_it(network, asia_facilitator):
    draft = made("Asia draft", community=network.asia, is_published=False)
    for person in [None, network.outsider, network.community_member, network.other_facilitator]:
        assert client_for(person).get("/updates/asia-draft/").status_code in (302, 404)
        assert "Asia draft" not in client_for(person).get("/updates/").content.decode()
    # Positive controls: the community's facilitator, an editor, an administrator.
    for person in [asia_facilitator, network.facilitator, network.administrator]:
        assert client_for(person).get(f"/updates/{draft.slug}/").status_code == 200
    # Even those who may edit it find it among the drafts, not on the public list.
    assert "Asia draft" not in client_for(asia_facilitator).get("/updates/").content.decode()
    assert "Asia draft" in client_for(asia_facilitator).get("/updates/drafts/").content.decode()


def test_a_facilitator_cannot_write_for_another_community_by_a_forged_choice(
    network, asia_facilitator
):
    client = client_for(asia_facilitator)
    for forged in ["mena", "cross-regional", "no-such-community", ""]:
        response = client.post("/updates/new/", fields(community=forged, title="Forged"))
        assert response.status_code == 400
        page = response.content.decode()
        assert "Cross-regional platform" not in page
        assert "MENA network" not in page
    assert not Update.objects.filter(title="Forged").exists()
    assert "You may write updates only for the communities you facilitate." in (
        client.post("/updates/new/", fields(community="mena")).content.decode()
    )
    # Positive control: the same post for their own community is saved.
    assert client.post("/updates/new/", fields(title="Forged")).status_code == 302


def test_the_address_chooses_the_community_only_if_the_person_may_write_for_it(
    network, asia_facilitator
):
    client = client_for(asia_facilitator)
    preselected = client.get("/updates/new/?community=asia-pacific").content.decode()
    assert '<option value="asia-pacific" selected>' in preselected
    assert '<option value="global" selected>' in preselected  # Asia has no region given
    network.asia.regions = ["asia-pacific"]
    network.asia.save(update_fields=["regions"])
    preselected = client.get("/updates/new/?community=asia-pacific").content.decode()
    assert '<option value="asia-pacific" selected>Asia Pacific</option>' in preselected
    refused = client.get("/updates/new/?community=mena")
    assert refused.status_code == 403
    assert "only for the communities you facilitate" in refused.content.decode()
    # A private community they are not in: not even its existence.
    assert client.get("/updates/new/?community=cross-regional").status_code == 404
    assert client_for(network.facilitator).get(
        "/updates/new/?community=cross-regional"
    ).status_code == (200)


def test_a_member_and_a_platform_facilitator_without_the_editor_role_may_not_write(network):
    staff = make_user(
        "staff@test.example", display_name="Sam Staff", two_factor=True, is_facilitator=True
    )
    for person in [network.community_member, network.member, network.outsider, staff]:
        client = client_for(person)
        response = client.get("/updates/new/")
        assert response.status_code == 403
        assert "Updates are written by the editors" in response.content.decode()
        assert client.post("/updates/new/", fields(title="Not allowed")).status_code == 403
        assert client.get("/updates/drafts/").status_code == 403
    assert not Update.objects.filter(title="Not allowed").exists()
    assert Client().get("/updates/new/").status_code == 302  # signed out: to sign in


def test_an_editor_writes_for_the_network_or_a_community_they_may_see(network):
    editor = make_user(
        "ed@test.example", display_name="Eda Editor", two_factor=True, is_editor=True
    )
    client = client_for(editor)
    page = client.get("/updates/new/").content.decode()
    assert "The whole network" in page
    assert "MENA network" in page
    assert "Asia Pacific platform" in page
    assert "Cross-regional platform" not in page  # private, and they are not in it
    assert client.post("/updates/new/", fields(community="cross-regional")).status_code == 400
    assert client.post("/updates/new/", fields(community="", title="For all")).status_code == 302
    assert Update.objects.get(title="For all").community is None
    # An editor who is in the private community may write for it.
    member_page = client_for(network.facilitator).get("/updates/new/").content.decode()
    assert "Cross-regional platform" in member_page


# Statements and their signatories -----------------------------------------------------------


def test_a_statement_needs_a_signatory(network, asia_facilitator):
    client = client_for(asia_facilitator)
    response = client.post("/updates/new/", fields(kind="statement", title="Unsigned"))
    assert response.status_code == 400
    assert "A statement needs at least one organisation that signed it." in (
        response.content.decode()
    )
    assert not Update.objects.filter(title="Unsigned").exists()
    # News is not signed.
    response = client.post(
        "/updates/new/", fields(title="Signed news", signatories=["host-international"])
    )
    assert response.status_code == 400
    assert "Only a statement is signed" in response.content.decode()
    assert not Update.objects.filter(title="Signed news").exists()


def test_a_statement_shows_who_signed_it_its_countries_and_topics(network, asia_facilitator):
    Concept.objects.create(slug="case-management", labels={"en": "case management"})
    client = client_for(asia_facilitator)
    response = client.post(
        "/updates/new/",
        fields(
            kind="statement",
            title="Joint statement on screening",
            signatories=["host-international", "ministry-of-interior-th"],
            countries=["TH", "MY"],
            concepts=["case-management"],
        ),
    )
    assert response.status_code == 302
    update = Update.objects.get(title="Joint statement on screening")
    client.post(f"/updates/{update.slug}/publish/", {"decision": "publish"})
    page = Client().get(f"/updates/{update.slug}/").content.decode()
    assert '<span class="badge">Statement</span>' in page
    assert "Signed by" in page
    assert f'href="{network.ngo.get_absolute_url()}"' in page
    assert f'href="{network.ministry.get_absolute_url()}"' in page
    assert "Thailand" in page and "Malaysia" in page
    assert "case management" in page
    # A reader sees no editorial history nor who wrote it.
    assert "History" not in page
    assert "Aziz Asia" not in page
    # The list's kind filter.
    made("Plain news")
    statements = Client().get("/updates/?kind=statement").content.decode()
    assert "Joint statement on screening" in statements
    assert "Plain news" not in statements
    assert "Plain news" in Client().get("/updates/?kind=news").content.decode()
    assert "Plain news" in Client().get("/updates/?kind=poem").content.decode()


# Publishing ---------------------------------------------------------------------------------


def test_publishing_dates_the_update_shows_it_to_all_and_unpublishing_takes_it_back(
    network, asia_facilitator
):
    client = client_for(asia_facilitator)
    client.post("/updates/new/", fields())
    update = Update.objects.get(title="Regional platform met in Kuala Lumpur")
    assert client.get(f"/updates/{update.slug}/publish/").status_code == 405

    response = client.post(f"/updates/{update.slug}/publish/", {"decision": "publish"})
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.is_published
    assert update.published_on == timezone.localdate()
    assert "Regional platform met in Kuala Lumpur" in Client().get("/updates/").content.decode()
    document = SearchDocument.objects.get(kind="update", key=update.slug)
    assert document.audience == "public"
    # Twice: refused with the reason, nothing written.
    again = client.post(f"/updates/{update.slug}/publish/", {"decision": "publish"}, follow=True)
    assert "This update is published already." in again.content.decode()

    client.post(f"/updates/{update.slug}/publish/", {"decision": "unpublish"})
    update.refresh_from_db()
    assert not update.is_published
    assert "Regional platform" not in Client().get("/updates/").content.decode()
    assert Client().get(f"/updates/{update.slug}/").status_code == 302  # to sign in, as any
    assert client_for(network.community_member).get(f"/updates/{update.slug}/").status_code == 404
    assert not SearchDocument.objects.filter(kind="update", key=update.slug).exists()
    assert list(update.events.values_list("action", flat=True)) == [
        "created",
        "published",
        "unpublished",
    ]
    assert AuditEntry.objects.filter(action="update.unpublished").exists()


def test_a_given_date_of_publication_is_kept(network, asia_facilitator):
    client = client_for(asia_facilitator)
    client.post("/updates/new/", fields(published_on="2023-04-04"))
    update = Update.objects.get(title="Regional platform met in Kuala Lumpur")
    client.post(f"/updates/{update.slug}/publish/", {"decision": "publish"})
    update.refresh_from_db()
    assert update.published_on == datetime.date(2023, 4, 4)


def test_a_private_communitys_update_stays_with_its_members(network):
    published = made("Quiet news", community=network.private)
    draft = made("Quiet draft", community=network.private, is_published=False)
    for person in [None, network.outsider, network.member, network.other_facilitator]:
        client = client_for(person)
        assert client.get(f"/updates/{published.slug}/").status_code in (302, 404)
        assert client.get(f"/updates/{draft.slug}/").status_code in (302, 404)
        assert "Quiet" not in client.get("/updates/").content.decode()
    # Its member reads what is published, not the draft; its facilitator both.
    member = client_for(network.community_member)
    assert member.get(f"/updates/{published.slug}/").status_code == 200
    assert member.get(f"/updates/{draft.slug}/").status_code == 404
    assert client_for(network.facilitator).get(f"/updates/{draft.slug}/").status_code == 200


# Editing ------------------------------------------------------------------------------------


def test_a_facilitator_edits_their_communitys_update_and_not_anothers(network, asia_facilitator):
    asia = made("Asia news", community=network.asia)
    mena = made("Mena news", community=network.mena)
    mena_draft = made("Mena draft", community=network.mena, is_published=False)
    client = client_for(asia_facilitator)

    form = client.get(f"/updates/{asia.slug}/edit/")
    assert form.status_code == 200
    response = client.post(f"/updates/{asia.slug}/edit/", fields(title="Asia news, corrected"))
    assert response.status_code == 302
    asia.refresh_from_db()
    assert asia.title == "Asia news, corrected"
    assert asia.slug == "asia-news"  # the address stays
    assert asia.events.filter(action=UpdateEvent.Action.EDITED).exists()

    # Another community's update: 403 for a published one they may read, 404 for a draft.
    assert client.get(f"/updates/{mena.slug}/edit/").status_code == 403
    assert client.post(f"/updates/{mena.slug}/edit/", fields(title="Taken")).status_code == 403
    assert client.post(f"/updates/{mena.slug}/publish/", {"decision": "unpublish"}).status_code == (
        403
    )
    assert client.get(f"/updates/{mena_draft.slug}/edit/").status_code == 404
    mena.refresh_from_db()
    assert (mena.title, mena.is_published) == ("Mena news", True)
    # Nor move their own update to another community.
    moved = client.post(f"/updates/{asia.slug}/edit/", fields(community="mena"))
    assert moved.status_code == 400
    asia.refresh_from_db()
    assert asia.community == network.asia
    # Positive control: MENA's facilitator edits MENA's update.
    other = client_for(network.other_facilitator)
    assert other.post(
        f"/updates/{mena.slug}/edit/", fields(community="mena", title="Mena news, again")
    ).status_code == (302)


def test_a_reader_sees_no_editing_and_the_editor_sees_the_history(network, asia_facilitator):
    update = made("Asia news", community=network.asia)
    reader = client_for(network.community_member).get(f"/updates/{update.slug}/").content.decode()
    assert "/edit/" not in reader
    assert "Editorial work" not in reader
    editor = client_for(network.facilitator).get(f"/updates/{update.slug}/").content.decode()
    assert f"/updates/{update.slug}/edit/" in editor
    assert "Unpublish" in editor


def test_the_communitys_facilitator_translates_its_update(network, asia_facilitator):
    update = made("Asia news", community=network.asia)
    data = {"language": "fr", "title": "Nouvelles", "text": "Texte."}
    assert client_for(network.other_facilitator).post(
        f"/updates/{update.slug}/translate/", data
    ).status_code == (403)
    assert client_for(asia_facilitator).post(
        f"/updates/{update.slug}/translate/", data
    ).status_code == (302)
    update.refresh_from_db()
    assert update.translations["fr"]["title"] == "Nouvelles"
    assert update.events.get(action="translated").comment == "fr"


# Links to writing ---------------------------------------------------------------------------


def test_the_list_and_the_community_page_offer_writing_to_who_may(network, asia_facilitator):
    writer = client_for(asia_facilitator)
    assert "Write an update" in writer.get("/updates/").content.decode()
    assert "Write an update for this community" in (
        writer.get("/communities/asia-pacific/").content.decode()
    )
    assert "Write an update for this community" not in (
        writer.get("/communities/mena/").content.decode()
    )
    reader = client_for(network.community_member)
    assert "Write an update" not in reader.get("/updates/").content.decode()
    assert "Write an update" not in reader.get("/communities/asia-pacific/").content.decode()


def test_the_drafts_page_lists_only_what_the_viewer_may_edit(network, asia_facilitator):
    made("Asia draft", community=network.asia, is_published=False)
    made("Mena draft", community=network.mena, is_published=False)
    made("Quiet draft", community=network.private, is_published=False)
    made("Network draft", is_published=False)
    made("Asia news", community=network.asia)
    page = client_for(asia_facilitator).get("/updates/drafts/").content.decode()
    assert "Asia draft" in page
    for other in ["Mena draft", "Quiet draft", "Network draft", "Asia news"]:
        assert other not in page
    editor = client_for(network.facilitator).get("/updates/drafts/").content.decode()
    for title in ["Asia draft", "Mena draft", "Quiet draft", "Network draft"]:
        assert title in editor


def test_an_update_titled_like_a_page_gets_an_address_of_its_own(network, asia_facilitator):
    client_for(asia_facilitator).post("/updates/new/", fields(title="Drafts"))
    update = Update.objects.get(title="Drafts")
    assert update.slug not in ("drafts", "new")
    assert client_for(asia_facilitator).get(f"/updates/{update.slug}/").status_code == 200


# Bounded queries ----------------------------------------------------------------------------


def test_the_drafts_page_and_the_list_take_a_bounded_number_of_queries(
    network, asia_facilitator, django_assert_max_num_queries
):
    def grow(count: int) -> None:
        start = Update.objects.count()
        for number in range(start, start + count):
            made(f"Draft {number}", community=network.asia, is_published=False)
            made(
                f"News {number}",
                community=network.asia,
                kind="statement",
                published_on=datetime.date(2023, 1, 1),
            )

    client = client_for(asia_facilitator)
    assert_queries_bounded(client, "/updates/drafts/", grow)
    assert_queries_bounded(client, "/updates/?kind=statement", grow)
    with django_assert_max_num_queries(20):
        client.get("/updates/drafts/")
    with django_assert_max_num_queries(20):
        client.get("/updates/")


# The demo -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=False)
def test_the_demo_has_a_signed_statement_and_a_facilitators_draft(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.DEBUG = True
    call_command("loaddemo", add_to_existing=True, stdout=StringIO())  # the module's world too
    statement = Update.objects.get(title__startswith="Human Lives Are At Risk")
    assert statement.kind == "statement"
    assert [o.acronym for o in statement.signatories.all()] == ["IDC"]
    assert [c.code for c in statement.countries.all()] == ["MX"]
    assert statement.concepts.filter(slug="deaths-in-detention").exists()
    page = Client().get(f"/updates/{statement.slug}/").content.decode()
    assert "Signed by" in page and "International Detention Coalition" in page

    draft = Update.objects.get(is_published=False)
    facilitator = draft.created_by
    assert facilitator is not None and facilitator.email == "facilitator@example.org"
    assert draft.community is not None
    assert draft.community.slug == "asia-pacific-regional-peer-learning-platform"
    assert list(draft.events.values_list("action", flat=True)) == ["created"]
    words = "learning from a regional champion of alternatives for children"
    assert words in draft.title
    assert words not in Client().get("/updates/").content.decode()
    assert words in client_for(facilitator).get("/updates/drafts/").content.decode()
