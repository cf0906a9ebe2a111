"""Resources managed on the platform (issue 17, item 5): editors edit a resource, replace its
file, unpublish and publish it, delete it, and link it to the exchanges, practices, updates and
recommendations it belongs to; those pages show it, and its page shows what it belongs to, each
to whoever may see it."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge import search
from peerlearning.knowledge.models import Practice, Resource, SearchDocument, Update
from peerlearning.knowledge.tests.test_resources import pdf_bytes
from peerlearning.monitoring.models import Body, Recommendation
from peerlearning.network.models import Country
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

FIELDS = {
    "title": "Community placement report",
    "kind": "report",
    "language": "en",
    "description": "How children were placed with families.",
    "link": "",
    "consent_recorded": "",
}


def make_report(**fields) -> Resource:
    """A published report with a stored text file, indexed as the upload action does."""
    resource = Resource(slug="placement-report", **{**FIELDS, **fields})
    resource.content_type = "text/plain"
    resource.text = "Caseworkers met every family weekly."
    resource.size = 36
    resource.file_name = "report.txt"
    resource.file.save(str(resource.uuid), ContentFile(resource.text.encode()), save=False)
    resource.save()
    search.index([search.resource_entry(resource)])
    return resource


def hidden_exchange(network) -> Exchange:
    """An exchange for the MENA network's members only: the editor (a facilitator of
    asia-pacific and of the private community) may not see it."""
    return Exchange.objects.create(
        slug="mena-closed-door",
        community=network.mena,
        title="Closed door meeting on returns",
        format="workshop",
        mode="online",
        status="held",
        visibility="community",
        time_zone="Asia/Amman",
    )


def private_exchange(network) -> Exchange:
    """An exchange of the private community: its facilitator and members see it, no one else."""
    return Exchange.objects.create(
        slug="quiet-exchange",
        community=network.private,
        title="Quiet cross-regional exchange",
        format="webinar",
        mode="online",
        status="held",
        visibility="community",
        time_zone="UTC",
    )


def recommendation() -> Recommendation:
    body = Body.objects.create(slug="crc", name="Committee on the Rights of the Child", kind="un")
    return Recommendation.objects.create(
        body=body,
        country=Country.objects.get(code="TH"),
        authority="Government",
        text="End the immigration detention of children.",
        date=datetime.date(2022, 6, 1),
        source_title="Concluding observations",
        source_url="https://example.org/crc",
    )


def update() -> Update:
    return Update.objects.create(slug="a-statement", title="A joint statement", body="We ask.")


def public_hits(words: str) -> list[str]:
    return [hit.key for hit in search.search(words, audiences=["public"]).hits]


def editor_hits(words: str) -> list[str]:
    return [hit.key for hit in search.search(words, audiences=["public", "editors"]).hits]


def edit(client: Client, slug: str, **fields):
    return client.post(f"/resources/{slug}/edit/", {**FIELDS, **fields})


# Editing ---------------------------------------------------------------------------------------


def test_it_lets_an_editor_change_the_metadata_and_search_follows(
    network, django_capture_on_commit_callbacks
):
    resource = make_report()
    client = client_for(network.facilitator)
    form = client.get("/resources/placement-report/edit/")
    assert form.status_code == 200
    assert 'value="Community placement report"' in form.content.decode()  # what it is now

    with django_capture_on_commit_callbacks(execute=True):
        response = edit(
            client, resource.slug, title="Family placement in Thailand", kind="policy-brief"
        )
    assert response.status_code == 302
    assert response["Location"] == "/resources/placement-report/"
    resource.refresh_from_db()
    assert (resource.title, resource.kind) == ("Family placement in Thailand", "policy-brief")
    assert resource.updated_at > resource.created_at
    assert public_hits("family placement thailand") == ["placement-report"]
    page = Client().get("/resources/placement-report/").content.decode()
    assert "Family placement in Thailand" in page
    entry = AuditEntry.objects.get(action="resource.edited", object_id=str(resource.uuid))
    assert entry.actor == network.facilitator
    assert entry.details["changed"] == ["kind", "title"]


def test_it_asks_a_testimony_for_consent_when_edited(network):
    make_report()
    response = edit(
        client_for(network.facilitator), "placement-report", kind="testimony", title="Changed"
    )
    assert response.status_code == 400
    assert "A testimony needs the consent" in response.content.decode()
    assert Resource.objects.get(slug="placement-report").title == FIELDS["title"]


def test_it_keeps_a_link_only_resource_reachable(network):
    Resource.objects.create(slug="video", title="A video", kind="video", link="https://v.example")
    response = edit(client_for(network.facilitator), "video", title="A video", link="")
    assert response.status_code == 400
    assert "Give a file or a link." in response.content.decode()
    assert Resource.objects.get(slug="video").link == "https://v.example"
    # Positive control: another link is accepted.
    edit(client_for(network.facilitator), "video", title="A video", link="https://w.example")
    assert Resource.objects.get(slug="video").link == "https://w.example"


def test_it_replaces_the_file_extracting_its_text_and_deleting_the_old_one_after_commit(
    network, django_capture_on_commit_callbacks
):
    resource = make_report()
    storage = resource.file.storage
    old_name = resource.file.name or ""
    assert storage.exists(old_name)
    upload = SimpleUploadedFile("new.pdf", pdf_bytes("Guardians were appointed within a day."))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(network.facilitator).post(
            "/resources/placement-report/edit/", {**FIELDS, "file": upload}
        )
        assert response.status_code == 302
        assert storage.exists(old_name)  # kept until the change is committed
    for callback in callbacks:
        callback()

    resource.refresh_from_db()
    assert resource.content_type == "application/pdf"
    assert "appointed within a day" in resource.text
    assert resource.file_name == "new.pdf"
    assert resource.file.name != old_name
    assert not storage.exists(old_name)
    assert storage.exists(resource.file.name or "")
    download = Client().get("/resources/placement-report/file/")
    assert download.getvalue().startswith(b"%PDF-")
    assert public_hits("guardians appointed") == ["placement-report"]
    assert public_hits("caseworkers weekly") == []  # the old text is no longer found
    assert AuditEntry.objects.filter(
        action="resource.file_replaced", object_id=str(resource.uuid)
    ).exists()


def test_it_refuses_a_file_of_a_refused_type_and_changes_nothing(
    network, django_capture_on_commit_callbacks
):
    resource = make_report()
    old_name = resource.file.name or ""
    stored_before = set(resource.file.storage.listdir("resources")[1])
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(network.facilitator).post(
            "/resources/placement-report/edit/",
            {**FIELDS, "title": "A title typed with the bad file", "file": upload},
        )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Only PDF, Word (DOCX) and plain text files can be uploaded." in text
    assert "A title typed with the bad file" in text  # what was typed is kept on the form
    resource.refresh_from_db()
    assert resource.title == FIELDS["title"]
    assert (resource.file.name, resource.content_type) == (old_name, "text/plain")
    assert resource.file.storage.exists(old_name)
    assert set(resource.file.storage.listdir("resources")[1]) == stored_before  # nothing stored
    assert public_hits("caseworkers weekly") == ["placement-report"]
    assert not AuditEntry.objects.filter(action__startswith="resource.").exists()


# Who may manage resources ------------------------------------------------------------------------

MANAGING = [
    ("get", "/resources/placement-report/edit/", None),
    ("post", "/resources/placement-report/edit/", {**FIELDS, "title": "Taken over"}),
    ("post", "/resources/placement-report/publish/", {"publish": "0"}),
    ("get", "/resources/placement-report/delete/", None),
    ("post", "/resources/placement-report/delete/", {}),
    ("get", "/resources/placement-report/links/", None),
    ("post", "/resources/placement-report/links/", {"exchanges": ["asia-open"]}),
]


@pytest.mark.parametrize(
    "persona", ["member", "community_member", "other_facilitator", "pseudonymous"]
)
def test_it_refuses_every_management_page_to_who_is_not_an_editor(network, persona):
    resource = make_report()
    client = client_for(getattr(network, persona))
    for method, path, data in MANAGING:
        response = getattr(client, method)(path, data or {})
        assert response.status_code == 403, f"{method} {path}"
    resource.refresh_from_db()
    assert (resource.title, resource.status) == (FIELDS["title"], "published")
    assert resource.exchanges.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="resource.").exists()
    # Positive control: an editor reaches the same pages.
    editor = client_for(network.facilitator)
    assert editor.get("/resources/placement-report/edit/").status_code == 200
    assert editor.get("/resources/placement-report/links/").status_code == 200


def test_it_sends_a_signed_out_visitor_to_sign_in(network):
    make_report()
    for method, path, data in MANAGING:
        response = getattr(Client(), method)(path, data or {})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert Resource.objects.filter(slug="placement-report", title=FIELDS["title"]).exists()


def test_it_answers_404_for_a_resource_that_does_not_exist(network):
    editor = client_for(network.facilitator)
    for method, path, data in MANAGING:
        missing = path.replace("placement-report", "no-such-resource")
        assert getattr(editor, method)(missing, data or {}).status_code == 404


# Publishing ----------------------------------------------------------------------------------


def test_an_unpublished_resource_is_gone_at_once_for_everyone_but_the_editors(
    network, django_capture_on_commit_callbacks
):
    make_report()
    editor = client_for(network.facilitator)
    member = client_for(network.community_member)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post("/resources/placement-report/publish/", {"publish": "0"})
    assert response.status_code == 302
    assert Resource.objects.get(slug="placement-report").status == "draft"

    for visitor in (Client(), member):
        assert visitor.get("/resources/placement-report/").status_code == 404
        assert visitor.get("/resources/placement-report/file/").status_code == 404
        assert "Community placement report" not in visitor.get("/resources/").content.decode()
    assert public_hits("caseworkers weekly") == []
    # The editors still find it, marked as a draft.
    page = editor.get("/resources/placement-report/").content.decode()
    assert "Not published yet" in page
    assert "Community placement report" in editor.get("/resources/").content.decode()
    assert editor.get("/resources/placement-report/file/").status_code == 200
    assert editor_hits("caseworkers weekly") == ["placement-report"]

    with django_capture_on_commit_callbacks(execute=True):
        editor.post("/resources/placement-report/publish/", {"publish": "1"})
    assert Client().get("/resources/placement-report/").status_code == 200
    assert Client().get("/resources/placement-report/file/").status_code == 200
    assert public_hits("caseworkers weekly") == ["placement-report"]
    actions = AuditEntry.objects.filter(action__startswith="resource.").values_list(
        "action", flat=True
    )
    assert list(actions.order_by("pk")) == ["resource.unpublished", "resource.published"]


def test_a_testimony_whose_consent_was_withdrawn_cannot_be_published_again(network):
    editor = client_for(network.facilitator)
    response = editor.post("/resources/withdrawn/publish/", {"publish": "1"}, follow=True)
    assert "it cannot be published again" in response.content.decode()
    assert Client().get("/resources/withdrawn/").status_code == 404


# Deleting ------------------------------------------------------------------------------------


def test_it_deletes_the_record_its_file_and_its_search_document(
    network, django_capture_on_commit_callbacks
):
    resource = make_report()
    resource.exchanges.add(network.open_exchange)
    stored = resource.file.name or ""
    storage = resource.file.storage
    editor = client_for(network.facilitator)
    confirm = editor.get("/resources/placement-report/delete/").content.decode()
    assert "Open regional meeting" in confirm  # what it is linked to
    assert "something you may not see" not in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post("/resources/placement-report/delete/")
    assert response.status_code == 302
    assert not Resource.objects.filter(slug="placement-report").exists()
    assert not SearchDocument.objects.filter(kind="resource", key="placement-report").exists()
    assert not storage.exists(stored)
    assert Exchange.objects.filter(slug="asia-open").exists()  # the exchange stays
    entry = AuditEntry.objects.get(action="resource.deleted")
    assert entry.details["slug"] == "placement-report"
    assert entry.details["links"]["exchanges"] == 1
    assert editor.get("/resources/placement-report/").status_code == 404


def test_the_confirm_page_never_names_what_the_editor_may_not_see(network):
    resource = make_report()
    resource.exchanges.add(hidden_exchange(network))  # linked by an administrator
    confirm = client_for(network.facilitator).get("/resources/placement-report/delete/")
    text = confirm.content.decode()
    assert "Closed door meeting on returns" not in text
    assert "It is also linked to something you may not see" in text
    # Positive control: the administrator, who may see it, reads its title.
    admin = client_for(network.administrator).get("/resources/placement-report/delete/")
    assert "Closed door meeting on returns" in admin.content.decode()


# Linking -------------------------------------------------------------------------------------


def test_an_editor_links_a_resource_and_their_pages_show_it(network):
    resource = make_report()
    advice = recommendation()
    news = update()
    practice = Practice.objects.get(external_id="th-community-case-management")
    editor = client_for(network.facilitator)
    response = editor.post(
        "/resources/placement-report/links/",
        {
            "exchanges": ["asia-open"],
            "practices": [practice.external_id],
            "updates": [news.slug],
            "recommendations": [str(advice.uuid)],
        },
    )
    assert response.status_code == 302
    assert list(resource.exchanges.all()) == [network.open_exchange]
    member = client_for(network.member)
    for path in (
        "/exchanges/asia-open/",
        f"/practices/{practice.external_id}/",
        f"/updates/{news.slug}/",
        f"/monitoring/recommendations/{advice.uuid}/",
    ):
        page = member.get(path).content.decode()
        assert 'id="linked-resources-title"' in page, path
        assert "Community placement report" in page, path
    page = member.get("/resources/placement-report/").content.decode()
    assert "Belongs to" in page
    for name in ("Open regional meeting", practice.title, news.title, "Committee on the Rights"):
        assert name in page
    entry = AuditEntry.objects.get(action="resource.linked")
    assert "exchange:asia-open" in entry.details["added"]


def test_a_draft_resource_is_shown_on_the_exchange_page_to_editors_only(network):
    resource = make_report(status="draft")
    resource.exchanges.add(network.open_exchange)
    assert "Community placement report" not in (
        client_for(network.member).get("/exchanges/asia-open/").content.decode()
    )
    page = client_for(network.facilitator).get("/exchanges/asia-open/").content.decode()
    assert "Community placement report" in page


def test_the_link_page_offers_only_what_the_editor_may_see(network):
    make_report()
    hidden_exchange(network)
    private_exchange(network)
    page = client_for(network.facilitator).get("/resources/placement-report/links/")
    text = page.content.decode()
    assert "Closed door meeting on returns" not in text
    assert "mena-closed-door" not in text
    assert "Quiet cross-regional exchange" in text  # they facilitate the private community
    assert "Open regional meeting" in text
    assert "A draft" in text  # drafts of practices are the editors' to see


def test_a_forged_id_of_something_the_editor_may_not_see_is_refused(network):
    resource = make_report()
    hidden = hidden_exchange(network)
    response = client_for(network.facilitator).post(
        "/resources/placement-report/links/", {"exchanges": ["asia-open", hidden.slug]}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose only from the list" in text
    assert "Closed door meeting on returns" not in text
    assert resource.exchanges.count() == 0
    assert not AuditEntry.objects.filter(action="resource.linked").exists()
    # Positive control: the administrator, who may see it, links it.
    response = client_for(network.administrator).post(
        "/resources/placement-report/links/", {"exchanges": [hidden.slug]}
    )
    assert response.status_code == 302
    assert list(resource.exchanges.all()) == [hidden]


def test_saving_the_links_keeps_those_the_editor_may_not_see(network):
    resource = make_report()
    hidden = hidden_exchange(network)
    resource.exchanges.add(hidden, network.exchange)
    response = client_for(network.facilitator).post(
        "/resources/placement-report/links/", {"exchanges": ["asia-open"]}
    )
    assert response.status_code == 302
    assert set(resource.exchanges.values_list("slug", flat=True)) == {
        "mena-closed-door",
        "asia-open",
    }
    entry = AuditEntry.objects.get(action="resource.linked")
    assert entry.details == {
        "slug": "placement-report",
        "added": ["exchange:asia-open"],
        "removed": ["exchange:asia-exchange"],
    }


def test_unticking_everything_unlinks_what_the_editor_may_see(network):
    resource = make_report()
    resource.exchanges.add(network.open_exchange)
    response = client_for(network.facilitator).post("/resources/placement-report/links/", {})
    assert response.status_code == 302
    assert resource.exchanges.count() == 0


def test_the_resource_page_names_a_linked_private_exchange_only_to_who_may_see_it(network):
    resource = make_report()
    resource.exchanges.add(private_exchange(network), network.open_exchange)
    anonymous = Client().get("/resources/placement-report/").content.decode()
    assert "Community placement report" in anonymous
    assert "Quiet cross-regional exchange" not in anonymous
    assert "Belongs to" not in anonymous  # a network exchange is not for signed-out visitors
    for outsider in (client_for(network.member), client_for(network.other_facilitator)):
        page = outsider.get("/resources/placement-report/").content.decode()
        assert "Quiet cross-regional exchange" not in page
        assert "quiet-exchange" not in page
        assert "Open regional meeting" in page  # positive control on the same page
    for insider in (client_for(network.community_member), client_for(network.facilitator)):
        page = insider.get("/resources/placement-report/").content.decode()
        assert "Quiet cross-regional exchange" in page


def test_a_draft_update_or_practice_linked_is_not_named_to_the_public(network):
    resource = make_report()
    draft_update = Update.objects.create(
        slug="not-yet", title="An update not yet out", body="Soon.", is_published=False
    )
    resource.updates.add(draft_update)
    resource.practices.add(Practice.objects.get(external_id="th-draft-practice"))
    page = Client().get("/resources/placement-report/").content.decode()
    assert "An update not yet out" not in page
    assert "A draft" not in page
    assert "Belongs to" not in page
    editor_page = client_for(network.facilitator).get("/resources/placement-report/")
    assert "A draft" in editor_page.content.decode()


# Bounded queries -----------------------------------------------------------------------------


def test_the_resource_page_makes_a_bounded_number_of_queries(
    network, django_assert_max_num_queries
):
    resource = make_report()
    client = client_for(network.member)
    client.get("/resources/placement-report/")  # warm the session and caches
    with django_assert_max_num_queries(12) as few:
        client.get("/resources/placement-report/")
    advice = recommendation()
    for number in range(15):
        exchange = Exchange.objects.create(
            slug=f"linked-{number}",
            community=network.asia,
            title=f"Linked exchange {number}",
            format="webinar",
            mode="online",
            status="held",
            visibility="network",
            time_zone="UTC",
        )
        resource.exchanges.add(exchange)
        resource.updates.add(
            Update.objects.create(slug=f"u-{number}", title=f"Update {number}", body="Text.")
        )
        resource.recommendations.add(
            Recommendation.objects.create(
                body=advice.body,
                country=advice.country,
                authority="Government",
                text=f"Recommendation {number}.",
                date=advice.date,
                source_title="Source",
                source_url="https://example.org/s",
            )
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/resources/placement-report/").content.decode()
    assert "Linked exchange 14" in page
    assert "Update 14" in page


def test_the_resource_list_makes_a_bounded_number_of_queries(
    network, django_assert_max_num_queries
):
    client = client_for(network.facilitator)
    client.get("/resources/")
    with django_assert_max_num_queries(30) as few:
        client.get("/resources/")
    Resource.objects.bulk_create(
        Resource(slug=f"r-{number}", title=f"Resource {number}", kind="report", status="draft")
        for number in range(25)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/resources/").content.decode()
    assert "Resource 24" in page
