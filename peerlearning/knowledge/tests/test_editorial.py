import pytest
from django.test import Client

from peerlearning.knowledge import search
from peerlearning.knowledge.models import Practice
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

NEW = {
    "title": "Screening at the northern border",
    "summary": "Every child is screened within a day.",
    "description": "",
    "country": "MX",
    "region": "americas",
    "target_groups": ["children"],
    "years": "2024-",
    "outcomes": "",
    "sources": "Government report | https://example.org/report",
    "language": "en",
    "practice_types": ["screening"],
    "stage": "pilot",
    "gcm_objectives": ["13"],
    "people_reached": "120",
    "compliance_rate": "92.5",
    "cost_per_day": "",
    "place": "Tijuana",
}


@pytest.fixture
def second_editor(db):
    return make_user(
        "editor2@test.example", is_editor=True, two_factor=True, display_name="Eve Editor"
    )


def test_a_practice_goes_from_draft_to_review_to_published_by_another_editor(
    network, second_editor
):
    author = client_for(network.facilitator)
    response = author.post("/practices/new/", NEW)
    assert response.status_code == 302
    practice = Practice.objects.get(title="Screening at the northern border")
    assert practice.status == "draft"
    assert practice.external_id.startswith("mx-")
    assert (practice.gcm_objectives, practice.people_reached, practice.stage) == (
        [13],
        120,
        "pilot",
    )
    assert Client().get(practice.get_absolute_url()).status_code == 404

    author.post(f"/practices/{practice.external_id}/review/", {"decision": "submit"})
    practice.refresh_from_db()
    assert practice.status == "in-review"
    refused = author.post(
        f"/practices/{practice.external_id}/review/", {"decision": "approve"}, follow=True
    )
    assert "Someone other than the author must review it" in refused.content.decode()

    reviewer = client_for(second_editor)
    no_comment = reviewer.post(
        f"/practices/{practice.external_id}/review/", {"decision": "return"}, follow=True
    )
    assert "Tell the author what to change" in no_comment.content.decode()
    reviewer.post(
        f"/practices/{practice.external_id}/review/",
        {"decision": "return", "comment": "Add the number of children screened."},
    )
    practice.refresh_from_db()
    assert practice.status == "draft"
    page = author.get(practice.get_absolute_url()).content.decode()
    assert "Add the number of children screened." in page

    author.post(f"/practices/{practice.external_id}/review/", {"decision": "submit"})
    reviewer.post(f"/practices/{practice.external_id}/review/", {"decision": "approve"})
    practice.refresh_from_db()
    assert practice.status == "published"
    assert Client().get(practice.get_absolute_url()).status_code == 200
    assert [e.action for e in practice.events.all()] == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert practice.external_id in [
        h.key for h in search.search("screened", audiences=["public"]).hits
    ]


def test_bad_sources_keep_what_was_typed(network):
    response = client_for(network.facilitator).post(
        "/practices/new/", {**NEW, "sources": "no address here"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Title | https://address" in text
    assert "Screening at the northern border" in text


def test_a_reader_sees_their_language_or_the_original_with_a_note(network):
    client = client_for(network.facilitator)
    client.post(
        "/practices/th-community-case-management/translate/",
        {
            "language": "es",
            "title": "Gestión de casos comunitaria para niñas y niños",
            "summary": "Los niños salen a cuidado comunitario con una persona gestora de casos.",
        },
    )
    spanish = (
        Client()
        .get("/practices/th-community-case-management/", HTTP_ACCEPT_LANGUAGE="es")
        .content.decode()
    )
    assert "Gestión de casos comunitaria" in spanish
    french = (
        Client()
        .get("/practices/th-community-case-management/", HTTP_ACCEPT_LANGUAGE="fr")
        .content.decode()
    )
    assert "Community case management for children" in french
    assert "?lang=es" in french
    chosen = Client().get("/practices/th-community-case-management/?lang=es").content.decode()
    assert "Gestión de casos comunitaria" in chosen


def test_only_editors_review_and_only_community_members_write(network):
    # Issue 17: a member of a community may now draft a practice (test_member_submissions.py);
    # a signed-in person without a community may not, and reviewing stays the editors'.
    outsider = client_for(network.outsider)
    assert outsider.post("/practices/new/", NEW).status_code == 403
    member = client_for(network.community_member)
    assert (
        member.post("/practices/th-draft-practice/review/", {"decision": "submit"}).status_code
        == 403
    )
    assert not Practice.objects.filter(title=NEW["title"]).exists()
    assert Practice.objects.get(external_id="th-draft-practice").status == "draft"
    # The same requests from an editor create the practice and submit the draft — once the
    # draft has a source (it was written before the form required one: refused until then).
    editor = client_for(network.facilitator)
    assert editor.post("/practices/new/", NEW).status_code == 302
    assert Practice.objects.filter(title=NEW["title"]).count() == 1
    refused = editor.post(
        "/practices/th-draft-practice/review/", {"decision": "submit"}, follow=True
    )
    assert "Add at least one source" in refused.content.decode()
    assert Practice.objects.get(external_id="th-draft-practice").status == "draft"
    Practice.objects.filter(external_id="th-draft-practice").update(
        sources=[{"url": "https://example.org/r", "title": "Report"}]
    )
    assert (
        editor.post("/practices/th-draft-practice/review/", {"decision": "submit"}).status_code
        == 302
    )
    assert Practice.objects.get(external_id="th-draft-practice").status == "in-review"


def test_an_editor_names_the_implementing_organisations(network):
    world_practice_data = NEW
    client = client_for(network.facilitator)
    response = client.post(
        "/practices/new/",
        {**world_practice_data, "organisations": "HOST\nNo Such Body\nAlso Unknown"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "No organisation is called “No Such Body”." in page
    assert "No organisation is called “Also Unknown”." in page
    assert not Practice.objects.filter(title=world_practice_data["title"]).exists()
    response = client.post(
        "/practices/new/", {**world_practice_data, "organisations": "HOST\nministry of interior"}
    )
    practice = Practice.objects.get(title=world_practice_data["title"])
    assert set(practice.organisations.values_list("slug", flat=True)) == {
        "host-international",
        "ministry-of-interior-th",
    }
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Implementing organisations" in page and "HOST International" in page
