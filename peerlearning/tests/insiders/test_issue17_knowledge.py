"""Issue 17, found by the insiders' review: rights in the knowledge base nobody may grant
themselves (regression tests: each one failed before its fix)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlearning.exchanges.models import Outcome
from peerlearning.knowledge.models import Lesson, Practice, Resource
from peerlearning.knowledge.testing import PRACTICE_DRAFT
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True

DRAFT = PRACTICE_DRAFT


@pytest.fixture
def editor(db):
    return make_user("editor2@test.example", is_editor=True, two_factor=True, display_name="Eve")


@pytest.fixture
def third_editor(db):
    return make_user("editor3@test.example", is_editor=True, two_factor=True, display_name="Ed")


def _draft(client: Client, **changes: str) -> Practice:
    response = client.post("/practices/new/", {**DRAFT, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Practice.objects.get(title=changes.get("title", DRAFT["title"]))


def test_a_resource_an_editor_unpublished_is_no_authors_any_more(network, editor):
    """An editor takes a document back to draft ("only editors see it"): the member who
    attached it, as author of the practice, no longer reads nor downloads it."""
    author = client_for(network.community_member)
    practice = _draft(author)
    author.post(
        f"/practices/{practice.external_id}/attach/",
        {
            "title": "Sensitive annex",
            "kind": "toolkit",
            "language": "en",
            "description": "",
            "consent_recorded": "",
            "file": SimpleUploadedFile("annex.txt", b"Names of detainees.", "text/plain"),
        },
    )
    annex = Resource.objects.get(title="Sensitive annex")
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    reviewer = client_for(editor)
    reviewer.post(f"/practices/{practice.external_id}/review/", {"decision": "approve"})
    annex.refresh_from_db()
    assert annex.status == "published"

    # The editor unpublishes it: "The resource is a draft again: only editors see it."
    answer = reviewer.post(f"/resources/{annex.slug}/publish/", {"publish": "0"}, follow=True)
    assert "only editors see it" in answer.content.decode()
    annex.refresh_from_db()
    assert annex.status == "draft"
    # Positive control: an anonymous visitor no longer finds it.
    assert Client().get(annex.get_absolute_url()).status_code == 404

    # Nor does the practice's author: the draft is the editors' now.
    assert author.get(annex.get_absolute_url()).status_code == 404
    assert author.get(f"/resources/{annex.slug}/file/").status_code == 404
    assert reviewer.get(annex.get_absolute_url()).status_code == 200  # control: editors do

    # Nor is a draft resource an editor links to a member's published practice the member's.
    other = Resource.objects.create(
        slug="editors-draft", title="Editors' draft", kind="report", status="draft"
    )
    other.practices.add(practice)
    assert author.get("/resources/editors-draft/").status_code == 404
    assert client_for(network.member).get("/resources/editors-draft/").status_code == 404


def test_the_author_reads_the_documents_of_their_draft_and_nobody_else_does(network):
    """Control of the rule above: while the practice is the author's to change or waits for
    review, its documents are the author's (and the editors') to read."""
    author = client_for(network.community_member)
    practice = _draft(author, title="Reporting by phone")
    author.post(
        f"/practices/{practice.external_id}/attach/",
        {
            "title": "Phone protocol",
            "kind": "toolkit",
            "language": "en",
            "description": "",
            "consent_recorded": "",
            "file": SimpleUploadedFile("protocol.txt", b"Call weekly.", "text/plain"),
        },
    )
    annex = Resource.objects.get(title="Phone protocol")
    assert author.get(annex.get_absolute_url()).status_code == 200
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    assert author.get(f"/resources/{annex.slug}/file/").status_code == 200
    for other in (None, network.member, network.other_facilitator):
        assert client_for(other).get(annex.get_absolute_url()).status_code == 404


def test_an_editor_who_rewrote_a_submission_does_not_approve_it(network, editor, third_editor):
    """Four eyes: the author submits; an editor rewrites the practice while it waits for
    review: that editor may not approve their own text; another editor does."""
    author = client_for(network.community_member)
    practice = _draft(author, title="Screening at the border")
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    practice.refresh_from_db()
    assert practice.status == "in-review"

    reviewer = client_for(editor)
    rewritten = {**DRAFT, "title": "Screening at the border", "summary": "EDITOR'S OWN CLAIM."}
    response = reviewer.post(f"/practices/{practice.external_id}/edit/", rewritten)
    assert response.status_code == 302, response.content.decode()[:1500]
    practice.refresh_from_db()
    assert practice.summary == "EDITOR'S OWN CLAIM." and practice.status == "in-review"

    reviewer.post(f"/practices/{practice.external_id}/review/", {"decision": "approve"})
    practice.refresh_from_db()
    assert practice.status == "in-review"
    assert Client().get(practice.get_absolute_url()).status_code == 404
    # Control: another editor, who read it, publishes it.
    client_for(third_editor).post(
        f"/practices/{practice.external_id}/review/", {"decision": "approve"}
    )
    practice.refresh_from_db()
    assert practice.status == "published"


def test_a_practice_sent_through_the_api_waits_for_another_editor(network, editor, third_editor):
    """As on the web, an editor's new practice sent through the API waits for another
    editor's review, with its sender recorded as its author."""
    record = {
        "id": "th-editors-own",
        "title": "An editor's own practice",
        "country_iso2": "TH",
        "target_groups": ["children"],
        "summary": "Published with no second pair of eyes.",
        "source": [{"title": "Blog", "url": "https://example.org/blog"}],
    }
    response = client_for(editor).post(
        "/api/v1/practices", json.dumps(record), content_type="application/json"
    )
    assert response.status_code == 201, response.content.decode()[:1000]
    practice = Practice.objects.get(external_id="th-editors-own")
    assert practice.status == "in-review" and practice.created_by == editor
    assert Client().get(practice.get_absolute_url()).status_code == 404
    client_for(editor).post(f"/practices/{practice.external_id}/review/", {"decision": "approve"})
    practice.refresh_from_db()
    assert practice.status == "in-review"
    client_for(third_editor).post(
        f"/practices/{practice.external_id}/review/", {"decision": "approve"}
    )
    practice.refresh_from_db()
    assert practice.status == "published"
    assert Client().get(practice.get_absolute_url()).status_code == 200


def test_a_lesson_is_not_read_before_the_key_learning_it_came_from(network):
    """A community facilitator makes lessons of a Chatham House exchange before its report is
    published: a member who may not read the outcomes does not read them on the lessons page
    either, until the report is out."""
    exchange = network.exchange  # Chatham House, held, report not published
    learning = Outcome.objects.create(
        exchange=exchange, kind="learning", text="SECRET-LEARNING only for the room."
    )
    fac = client_for(network.facilitator)
    response = fac.post(
        f"/exchanges/{exchange.slug}/lessons/",
        {"outcomes": [str(learning.uuid)], "region": "asia-pacific"},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Lesson.objects.filter(outcome=learning).exists()

    reader = client_for(network.pseudonymous)  # a member of the community, not a participant
    from peerlearning import access

    assert not access.can_read_outcomes(network.pseudonymous, exchange)
    outcomes = reader.get(f"/exchanges/{exchange.slug}/outcomes/")
    assert "SECRET-LEARNING" not in outcomes.content.decode()
    assert "SECRET-LEARNING" not in reader.get("/lessons/").content.decode()
    assert "SECRET-LEARNING" in fac.get("/lessons/").content.decode()  # control: the facilitator
    from django.utils import timezone

    from peerlearning.exchanges.models import Report

    Report.objects.update_or_create(
        exchange=exchange, defaults={"body": "Report.", "published_at": timezone.now()}
    )
    assert "SECRET-LEARNING" in reader.get("/lessons/").content.decode()


# Found re-reading the change --------------------------------------------------------------------


def test_a_redacted_quote_is_redacted_in_the_lessons_made_of_it(network):
    """A key learning quoted a contribution; a lesson was made of it; the facilitators redact
    the contribution: the lesson (and what search finds) quotes the redaction."""
    from django.utils import timezone

    from peerlearning.exchanges import actions as exchange_actions
    from peerlearning.exchanges.models import Report

    exchange = network.exchange
    Report.objects.update_or_create(
        exchange=exchange, defaults={"body": "Report.", "published_at": timezone.now()}
    )
    learning = Outcome.objects.create(
        exchange=exchange, kind="learning", text="Quote: We screen every child on arrival."
    )
    client_for(network.facilitator).post(
        f"/exchanges/{exchange.slug}/lessons/",
        {"outcomes": [str(learning.uuid)], "region": "asia-pacific"},
    )
    lesson = Lesson.objects.get(outcome=learning)
    reader = client_for(network.community_member)
    assert "We screen every child on arrival." in reader.get("/lessons/").content.decode()
    exchange_actions.moderate_contribution(
        network.contribution,
        by=network.facilitator,
        moderation="redacted",
        reason="It names a place that identifies its author.",
        redacted_text="[a screening practice]",
    )
    lesson.refresh_from_db()
    assert lesson.text == "Quote: [a screening practice]"
    assert "We screen every child on arrival." not in reader.get("/lessons/").content.decode()
    assert "[a screening practice]" in reader.get("/lessons/").content.decode()


def test_an_editor_who_rewrote_a_submission_through_the_api_does_not_approve_it(
    network, editor, third_editor
):
    author = client_for(network.community_member)
    practice = _draft(author, title="Reporting at the centre")
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    record = {
        "id": practice.external_id,
        "title": "Reporting at the centre",
        "country_iso2": "TH",
        "summary": "THE EDITOR'S OWN TEXT.",
        "source": [{"title": "Blog", "url": "https://example.org/blog"}],
    }
    sent = client_for(editor).post(
        "/api/v1/practices", json.dumps(record), content_type="application/json"
    )
    assert sent.status_code == 200, sent.content.decode()[:500]
    # Not in their queue, and refused if they try.
    from peerlearning import access

    assert practice not in access.practices_to_review(editor)
    assert practice in access.practices_to_review(third_editor)  # control: another editor's
    client_for(editor).post(f"/practices/{practice.external_id}/review/", {"decision": "approve"})
    practice.refresh_from_db()
    assert practice.status == "in-review"


def test_an_editor_who_edited_a_submission_on_its_page_finds_it_out_of_their_queue(
    network, editor, third_editor
):
    from peerlearning import access

    author = client_for(network.community_member)
    practice = _draft(author, title="Case workers at the border")
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    assert practice in access.practices_to_review(editor)  # control: before they edit it
    client_for(editor).post(
        f"/practices/{practice.external_id}/edit/",
        {**DRAFT, "title": "Case workers at the border", "summary": "Rewritten."},
    )
    assert practice not in access.practices_to_review(editor)
    assert practice in access.practices_to_review(third_editor)


def test_a_lesson_written_from_a_draft_is_found_once_the_practice_is_published(
    network, editor, third_editor
):
    from peerlearning.knowledge.models import SearchDocument

    author = client_for(network.community_member)
    practice = _draft(author, title="Community hosts in Chiang Rai")
    client_for(editor).post(
        f"/practices/{practice.external_id}/lessons/new/",
        {"text": "Hosts need a named contact.", "language": "en", "concepts": []},
    )
    lesson = Lesson.objects.get(practice=practice)
    document = SearchDocument.objects.get(kind="lesson", key=str(lesson.uuid))
    assert document.audience == "hidden"  # control: not found while the practice is a draft
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    client_for(third_editor).post(
        f"/practices/{practice.external_id}/review/", {"decision": "approve"}
    )
    document.refresh_from_db()
    assert document.audience == "public"


def test_approving_a_practice_publishes_no_testimony_whose_consent_was_withdrawn(network, editor):
    from django.utils import timezone

    author = client_for(network.community_member)
    practice = _draft(author, title="Stories of release")
    withdrawn = Resource.objects.create(
        slug="a-testimony",
        title="A testimony",
        kind="testimony",
        status="draft",
        consent_recorded="Given in 2024.",
        consent_withdrawn_at=timezone.now(),
    )
    kept = Resource.objects.create(slug="an-annex", title="An annex", kind="report", status="draft")
    withdrawn.practices.add(practice)
    kept.practices.add(practice)
    author.post(f"/practices/{practice.external_id}/submit/", {"comment": ""})
    client_for(editor).post(f"/practices/{practice.external_id}/review/", {"decision": "approve"})
    withdrawn.refresh_from_db()
    kept.refresh_from_db()
    assert kept.status == "published"  # control: the practice's other document is
    assert withdrawn.status == "draft"


def test_a_practices_lesson_follows_the_practice_to_another_country(network, editor):
    from peerlearning.knowledge import actions as knowledge_actions
    from peerlearning.knowledge.models import SearchFacet
    from peerlearning.network.models import Country

    practice = Practice.objects.get(external_id="th-community-case-management")
    client_for(editor).post(
        f"/practices/{practice.external_id}/lessons/new/",
        {"text": "Case managers meet people within a week.", "language": "en", "concepts": []},
    )
    lesson = Lesson.objects.get(practice=practice)
    assert list(lesson.countries.values_list("code", flat=True)) == ["TH"]  # control
    knowledge_actions.edit_practice(
        practice, by=editor, countries=list(Country.objects.filter(code="MY"))
    )
    assert list(lesson.countries.values_list("code", flat=True)) == ["MY"]
    facets = SearchFacet.objects.filter(document__kind="lesson", document__key=str(lesson.uuid))
    assert set(facets.filter(name="country").values_list("value", flat=True)) == {"MY"}
