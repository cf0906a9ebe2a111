"""Editors manage the thesaurus on the platform: add, edit, delete concepts."""

import json

import pytest
from django.test import Client

from peerlearning.accounts.models import AuditEntry
from peerlearning.knowledge import search
from peerlearning.knowledge.models import Concept, Practice, SearchDocument, Update
from peerlearning.knowledge.practices_io import import_practices
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db

LABELS = {
    "label_en": "case management",
    "label_es": "gestión de casos",
    "label_fr": "gestion de cas",
    "label_ar": "إدارة الحالات",
    "synonyms_en": "",
    "synonyms_es": "",
    "synonyms_fr": "",
    "synonyms_ar": "",
    "broader": "",
}


@pytest.fixture
def editor(db):
    return make_user("editor@test.example", is_editor=True, two_factor=True, display_name="Eve")


@pytest.fixture
def coordinator(db):
    """A platform facilitator who is not an editor: builds the network, does not edit."""
    return make_user(
        "coordinator@test.example", is_facilitator=True, is_editor=False, two_factor=True
    )


@pytest.fixture
def thesaurus(db):
    alternatives = Concept.objects.create(
        slug="alternatives-to-detention",
        labels={"en": "alternatives to detention", "es": "alternativas a la detención"},
    )
    case = Concept.objects.create(
        slug="case-management",
        labels={"en": "case management", "es": "gestión de casos", "fr": "gestion de cas"},
        broader=alternatives,
    )
    search.forget_thesaurus()
    return {"alternatives": alternatives, "case": case}


def form_data(concept: Concept, **changes: str) -> dict[str, str]:
    data = {"broader": concept.broader.slug if concept.broader else ""}
    for code in ("en", "es", "fr", "ar"):
        data[f"label_{code}"] = concept.labels.get(code, "")
        data[f"synonyms_{code}"] = "\n".join(concept.synonyms.get(code, []))
    return {**data, **changes}


def audit_actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="concept.").values_list("action", flat=True)
    )


# Who may ------------------------------------------------------------------------------------


def test_it_lets_only_editors_in(thesaurus, editor, coordinator, member):
    pages = [
        "/thesaurus/new/",
        "/thesaurus/case-management/edit/",
        "/thesaurus/case-management/delete/",
    ]
    for page in pages:
        assert client_for(editor).get(page).status_code == 200
        assert client_for(coordinator).get(page).status_code == 403
        assert client_for(member).get(page).status_code == 403
        response = Client().get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_writes_nothing_for_a_coordinator_who_is_not_an_editor(thesaurus, coordinator, editor):
    case = thesaurus["case"]
    refused = client_for(coordinator).post(
        "/thesaurus/case-management/edit/", form_data(case, label_fr="dossier")
    )
    assert refused.status_code == 403
    assert (
        client_for(coordinator).post("/thesaurus/new/", {**LABELS, "label_en": "x"}).status_code
        == 403
    )
    assert client_for(coordinator).post("/thesaurus/case-management/delete/").status_code == 403
    assert Concept.objects.count() == 2
    case.refresh_from_db()
    assert case.labels["fr"] == "gestion de cas"
    assert audit_actions() == []
    # The positive control: the same edit by an editor is written.
    accepted = client_for(editor).post(
        "/thesaurus/case-management/edit/", form_data(case, label_fr="dossier")
    )
    assert accepted.status_code == 302
    case.refresh_from_db()
    assert case.labels["fr"] == "dossier"


def test_the_public_page_links_the_editor_pages_for_editors_only(
    thesaurus, editor, coordinator, member
):
    page = client_for(editor).get("/thesaurus/").content.decode()
    assert 'href="/thesaurus/new/"' in page
    assert 'href="/thesaurus/case-management/edit/"' in page
    for client in (Client(), client_for(member), client_for(coordinator)):
        page = client.get("/thesaurus/").content.decode()
        assert "gestión de casos" in page
        assert "/thesaurus/new/" not in page and "/edit/" not in page


# Adding, editing --------------------------------------------------------------------------


def test_an_editor_adds_a_concept(thesaurus, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            "/thesaurus/new/",
            {
                **LABELS,
                "label_en": "child protection",
                "label_es": "protección de la infancia",
                "label_fr": "protection de l’enfance",
                "label_ar": "حماية الطفل",
                "synonyms_en": "safeguarding children\nchild safeguarding\n",
                "broader": "alternatives-to-detention",
            },
        )
    assert response.status_code == 302
    concept = Concept.objects.get(slug="child-protection")
    assert concept.labels["ar"] == "حماية الطفل"
    assert concept.synonyms == {"en": ["safeguarding children", "child safeguarding"]}
    assert concept.broader == thesaurus["alternatives"]
    page = client_for(editor).get("/thesaurus/").content.decode()
    assert "protección de la infancia" in page
    skos = Client().get("/thesaurus/skos.jsonld").json()
    assert any(node["@id"].endswith("/thesaurus/child-protection") for node in skos["@graph"])
    entry = AuditEntry.objects.get(action="concept.created")
    assert entry.actor == editor and entry.details["slug"] == "child-protection"


def test_a_new_concept_needs_an_english_label_and_keeps_what_was_typed(thesaurus, editor):
    response = client_for(editor).post(
        "/thesaurus/new/", {**LABELS, "label_en": "", "label_es": "acogida familiar"}
    )
    assert response.status_code == 400
    assert 'value="acogida familiar"' in response.content.decode()
    assert Concept.objects.count() == 2
    # A label another concept has already is refused too, saying which.
    response = client_for(editor).post("/thesaurus/new/", {**LABELS, "label_es": "nueva"})
    assert response.status_code == 400
    assert "case-management" in response.content.decode()
    assert 'value="nueva"' in response.content.decode()
    assert Concept.objects.count() == 2 and audit_actions() == []


def test_an_editor_edits_the_labels_and_the_audit_log_says_what_changed(thesaurus, editor):
    case = thesaurus["case"]
    response = client_for(editor).post(
        "/thesaurus/case-management/edit/",
        form_data(
            case,
            label_ar="إدارة الحالات",
            synonyms_es="manejo de casos\nmanejo de caso",
            broader="",
        ),
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.labels["ar"] == "إدارة الحالات"
    assert case.synonyms == {"es": ["manejo de casos", "manejo de caso"]}
    assert case.broader is None
    entry = AuditEntry.objects.get(action="concept.edited")
    assert entry.actor == editor
    assert entry.details["changes"]["broader"] == ["alternatives-to-detention", None]
    assert entry.details["changes"]["synonyms"][1] == {"es": ["manejo de casos", "manejo de caso"]}
    assert "labels" in entry.details["changes"]
    assert client_for(editor).get("/thesaurus/no-such-concept/edit/").status_code == 404


def test_a_loop_is_refused_with_nothing_written(thesaurus, editor):
    alternatives = thesaurus["alternatives"]  # broader than case management
    response = client_for(editor).post(
        "/thesaurus/alternatives-to-detention/edit/",
        form_data(alternatives, label_fr="alternatives à la rétention", broader="case-management"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "would make a loop" in page
    assert 'value="alternatives à la rétention"' in page  # what was typed is kept
    alternatives.refresh_from_db()
    assert alternatives.broader is None and "fr" not in alternatives.labels
    assert audit_actions() == []
    # So is a concept made its own broader concept.
    response = client_for(editor).post(
        "/thesaurus/case-management/edit/",
        form_data(thesaurus["case"], broader="case-management"),
    )
    assert response.status_code == 400
    assert "cannot be its own broader concept" in response.content.decode()
    thesaurus["case"].refresh_from_db()
    assert thesaurus["case"].broader == alternatives
    assert audit_actions() == []


def test_a_longer_loop_is_refused_too(thesaurus, editor):
    screening = Concept.objects.create(
        slug="screening", labels={"en": "screening"}, broader=thesaurus["case"]
    )
    response = client_for(editor).post(
        "/thesaurus/alternatives-to-detention/edit/",
        form_data(thesaurus["alternatives"], broader="screening"),
    )
    assert response.status_code == 400 and "would make a loop" in response.content.decode()
    # The positive control: a broader concept outside the chain is accepted.
    other = Concept.objects.create(slug="detention", labels={"en": "detention"})
    response = client_for(editor).post(
        "/thesaurus/screening/edit/", form_data(screening, broader=other.slug)
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.broader == other


# Search follows -----------------------------------------------------------------------------


def test_a_new_label_makes_search_find_a_document_by_it(
    thesaurus, editor, django_capture_on_commit_callbacks
):
    import_practices(
        [
            json.dumps(
                {
                    "id": "th-case-management",
                    "title": "Community case management",
                    "country_iso2": "TH",
                    "summary": "Case management for families.",
                    "source": [{"url": "https://example.org/th", "title": "Report"}],
                }
            )
        ]
    )
    mentoring = Update.objects.create(
        slug="mentoring",
        title="Mentoring at the border",
        language="en",
        body="Family mentoring keeps people in the community while their claims are decided.",
    )
    search.index([search.update_entry(mentoring)])
    query = "/search/?q=gesti%C3%B3n+de+casos"

    before = Client().get(query).content.decode()
    assert "Community case management" in before  # found through the Spanish label already
    assert "Mentoring at the border" not in before

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post(
            "/thesaurus/case-management/edit/",
            form_data(thesaurus["case"], synonyms_en="family mentoring"),
        )
    assert response.status_code == 302

    after = Client().get(query).content.decode()
    assert "Mentoring at the border" in after
    assert "Community case management" in after


def test_a_deleted_concept_no_longer_tags_documents(
    thesaurus, editor, django_capture_on_commit_callbacks
):
    Concept.objects.create(
        slug="family-mentoring", labels={"en": "family mentoring", "es": "tutoría entre pares"}
    )
    search.forget_thesaurus()
    mentoring = Update.objects.create(
        slug="mentoring", title="Mentoring", language="en", body="Family mentoring works."
    )
    search.index([search.update_entry(mentoring)])
    query = "/search/?q=tutor%C3%ADa+entre+pares"
    assert "Mentoring" in Client().get(query).content.decode()
    assert "conceptfamilymentoring" in SearchDocument.objects.get(key="mentoring").search_text
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(editor).post("/thesaurus/family-mentoring/delete/")
    assert response.status_code == 302
    assert not Concept.objects.filter(slug="family-mentoring").exists()
    assert "Mentoring" not in Client().get(query).content.decode()
    # Its word is gone from the document too (re-tagged, as `manage.py reindex` would).
    assert "conceptfamilymentoring" not in SearchDocument.objects.get(key="mentoring").search_text
    entry = AuditEntry.objects.get(action="concept.deleted")
    assert entry.actor == editor and entry.details["labels"]["es"] == "tutoría entre pares"


# Deleting ---------------------------------------------------------------------------------


def test_a_concept_in_use_is_not_deleted_and_the_page_says_what_uses_it(thesaurus, editor, network):
    import_practices(
        [
            json.dumps(
                {
                    "id": "th-practice",
                    "title": "A practice",
                    "country_iso2": "TH",
                    "summary": "Summary.",
                    "source": [{"url": "https://example.org/th", "title": "Report"}],
                }
            )
        ]
    )
    Practice.objects.get(external_id="th-practice").concepts.add(thesaurus["case"])
    # network's community member names "case management" as their expertise.
    page = client_for(editor).get("/thesaurus/case-management/delete/").content.decode()
    assert "1 practice is tagged with it." in page
    assert "1 person names it as their expertise." in page
    assert "Delete the concept</button>" not in page  # no button to press
    response = client_for(editor).post("/thesaurus/case-management/delete/")
    assert response.status_code == 400
    assert "1 practice is tagged with it." in response.content.decode()
    assert Concept.objects.filter(slug="case-management").exists()
    # A broader concept is in use by its narrower ones.
    page = client_for(editor).get("/thesaurus/alternatives-to-detention/delete/").content.decode()
    assert "1 narrower concept has it as its broader concept." in page
    assert (
        client_for(editor).post("/thesaurus/alternatives-to-detention/delete/").status_code == 400
    )
    assert Concept.objects.count() == 2
    assert audit_actions() == []


def test_a_community_theme_naming_the_concept_is_a_use(thesaurus, editor, network):
    unused = Concept.objects.create(slug="screening", labels={"en": "screening", "fr": "dépistage"})
    network.mena.themes = ["Dépistage"]
    network.mena.save(update_fields=["themes"])
    page = client_for(editor).get("/thesaurus/screening/delete/").content.decode()
    assert "1 community has it among its themes." in page
    network.mena.themes = []
    network.mena.save(update_fields=["themes"])
    page = client_for(editor).get("/thesaurus/screening/delete/").content.decode()
    assert "Nothing uses this concept." in page
    assert "Delete the concept</button>" in page
    assert client_for(editor).post("/thesaurus/screening/delete/").status_code == 302
    assert not Concept.objects.filter(pk=unused.pk).exists()


def test_the_admin_shows_concepts_but_leaves_changes_to_the_editor_pages(thesaurus, administrator):
    admin = client_for(administrator)
    case = thesaurus["case"]
    assert admin.get("/admin/knowledge/concept/").status_code == 200
    assert admin.get(f"/admin/knowledge/concept/{case.pk}/change/").status_code == 200  # view
    admin.post(f"/admin/knowledge/concept/{case.pk}/change/", {"slug": "renamed", "labels": "{}"})
    admin.post(f"/admin/knowledge/concept/{case.pk}/delete/", {"post": "yes"})
    case.refresh_from_db()
    assert case.slug == "case-management" and case.labels["en"] == "case management"
    # Administrators are editors: the editing pages are theirs too.
    assert admin.get("/thesaurus/case-management/edit/").status_code == 200


def test_a_change_made_in_another_process_reaches_this_ones_search(thesaurus, monkeypatch):
    """Web workers each cache the labels: a change elsewhere is seen through the shared cache."""
    from django.core.cache import cache

    monkeypatch.setattr(search, "CHECK_EVERY", 0.0)
    import_practices(
        [
            json.dumps(
                {
                    "id": "th-case-management",
                    "title": "Community case management",
                    "country_iso2": "TH",
                    "summary": "Case management for families.",
                    "source": [{"url": "https://example.org/th", "title": "Report"}],
                }
            )
        ]
    )
    query = "/search/?q=" + "إدارة الحالات"
    assert "Community case management" not in Client().get(query).content.decode()
    # Another process writes the new label: this one's cached labels are stale...
    case = thesaurus["case"]
    Concept.objects.filter(pk=case.pk).update(labels={**case.labels, "ar": "إدارة الحالات"})
    assert "Community case management" not in Client().get(query).content.decode()
    # ...until that process says the thesaurus changed, as the editor's actions do.
    cache.set(search.THESAURUS_VERSION, "changed-elsewhere", None)
    assert "Community case management" in Client().get(query).content.decode()


def test_each_label_field_reads_in_its_own_language_and_direction(thesaurus, editor):
    """In the Arabic interface the English, Spanish and French labels were right-aligned: only
    the Arabic fields said their direction, the others inherited the page's."""
    import re

    page = (
        client_for(editor)
        .get("/thesaurus/case-management/edit/", HTTP_ACCEPT_LANGUAGE="ar")
        .content.decode()
    )
    for code, direction in (("en", "ltr"), ("es", "ltr"), ("fr", "ltr"), ("ar", "rtl")):
        for name in (f"label_{code}", f"synonyms_{code}"):
            tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page)
            assert tag is not None, name
            assert f'lang="{code}"' in tag.group(0) and f'dir="{direction}"' in tag.group(0), name
