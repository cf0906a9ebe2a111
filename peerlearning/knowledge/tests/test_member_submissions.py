"""Issue 17, items 1, 2 and 8: a member of a community drafts a practice, attaches the
documents behind it and submits it; an editor who is neither its author nor its submitter
publishes it or returns it with comments; the author is told by e-mail, in their language."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from peerlearning import access
from peerlearning.knowledge import actions as knowledge_actions
from peerlearning.knowledge import search
from peerlearning.knowledge.models import Practice, Resource, TargetGroup
from peerlearning.knowledge.practices_io import target_groups_of
from peerlearning.knowledge.testing import PRACTICE_DRAFT
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

DRAFT = PRACTICE_DRAFT


@pytest.fixture
def second_editor(db):
    return make_user(
        "editor2@test.example", is_editor=True, two_factor=True, display_name="Eve Editor"
    )


def draft_by(client: Client, **changes: str) -> Practice:
    response = client.post("/practices/new/", {**DRAFT, **changes})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Practice.objects.get(title=changes.get("title", DRAFT["title"]))


def review(client: Client, practice: Practice, decision: str, comment: str = "") -> str:
    response = client.post(
        f"/practices/{practice.external_id}/review/",
        {"decision": decision, "comment": comment},
        follow=True,
    )
    return response.content.decode()


def test_a_member_drafts_submits_is_returned_then_published_and_told_in_their_language(
    network, second_editor, mailoutbox, django_capture_on_commit_callbacks
):
    author = network.community_member
    author.interface_language = "es"  # chosen with the language switch
    author.save(update_fields=["interface_language"])
    member = client_for(author)

    listing = member.get("/practices/").content.decode()
    assert 'href="/practices/new/"' in listing and "Submit a practice" in listing
    practice = draft_by(member)
    assert (practice.status, practice.created_by) == ("draft", author)
    page = member.get(practice.get_absolute_url()).content.decode()
    assert "Draft: only its author and the editors see it." in page
    assert "Submit for review" in page and "Approve and publish" not in page
    assert Client().get(practice.get_absolute_url()).status_code == 404

    # The author edits their draft, then submits it.
    edited = {**DRAFT, "summary": "People report weekly to a community centre."}
    assert member.post(f"/practices/{practice.external_id}/edit/", edited).status_code == 302
    response = member.post(
        f"/practices/{practice.external_id}/submit/", {"comment": "First draft."}, follow=True
    )
    assert "Submitted for review" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == "in-review"
    assert practice.summary == "People report weekly to a community centre."

    # Returned with a comment: the author reads it on the page and in an e-mail, in Spanish.
    reviewer = client_for(second_editor)
    with django_capture_on_commit_callbacks(execute=True):
        review(reviewer, practice, "return", "Name the centre and add its 2023 figures.")
    practice.refresh_from_db()
    assert practice.status == "draft"
    page = member.get(practice.get_absolute_url()).content.decode()
    assert "Name the centre and add its 2023 figures." in page
    assert "History and the editors" in page
    [returned] = mailoutbox
    assert returned.to == [author.email]
    assert "Name the centre and add its 2023 figures." in returned.body
    assert "Borrador" in returned.body  # the status, in the author's language
    assert practice.get_absolute_url() in returned.body

    # Again: approved, published for everyone, and the author told.
    member.post(f"/practices/{practice.external_id}/submit/")
    with django_capture_on_commit_callbacks(execute=True):
        review(reviewer, practice, "approve")
    practice.refresh_from_db()
    assert practice.status == "published"
    assert Client().get(practice.get_absolute_url()).status_code == 200
    approved = mailoutbox[1]
    assert approved.to == [author.email] and "Publicada" in approved.body
    assert [e.action for e in practice.events.all()] == [
        "created",
        "edited",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    # Published, it is no longer the author's to change.
    assert member.get(f"/practices/{practice.external_id}/edit/").status_code == 403


def test_the_form_is_in_the_members_own_language(network):
    page = (
        client_for(network.community_member)
        .get("/practices/new/", HTTP_ACCEPT_LANGUAGE="ar")
        .content.decode()
    )
    assert re.search(r'<option value="ar"[^>]*selected', page)
    english = client_for(network.community_member).get("/practices/new/").content.decode()
    assert re.search(r'<option value="en"[^>]*selected', english)


def test_no_community_or_an_observers_seat_is_no_right_to_submit(network):
    outsider = client_for(network.outsider)
    listing = outsider.get("/practices/").content.decode()
    assert "Members of a community submit practices" in listing
    assert 'href="/practices/new/"' not in listing
    refused = outsider.post("/practices/new/", DRAFT)
    assert refused.status_code == 403
    assert "Ask to join a community first" in refused.content.decode()
    observer = client_for(network.public)  # an observer of asia-pacific
    assert observer.post("/practices/new/", DRAFT).status_code == 403
    assert not Practice.objects.filter(title=DRAFT["title"]).exists()
    # Signed out: the button is not shown, nor the line (the visitor is asked to sign in).
    anonymous = Client().get("/practices/").content.decode()
    assert 'href="/practices/new/"' not in anonymous
    assert "Members of a community submit practices" not in anonymous
    # Positive control: a member of another community may.
    assert client_for(network.member).post("/practices/new/", DRAFT).status_code == 302


def test_a_members_draft_is_theirs_and_the_editors_only(network):
    practice = draft_by(client_for(network.community_member))
    path = practice.get_absolute_url()
    other = client_for(network.member)  # a member of another community
    fellow = client_for(network.pseudonymous)  # a member of the same community
    for client in (other, fellow, client_for(network.other_facilitator)):
        assert client.get(path).status_code == 404
        assert client.get(f"{path}edit/").status_code == 404
        assert client.get(f"{path}attach/").status_code == 404
        assert client.post(f"{path}submit/").status_code == 404
        assert DRAFT["title"] not in client.get("/practices/?q=Chiang").content.decode()
    assert Client().get(path).status_code == 404
    # Positive controls: the author and an editor see it, and find it in the list.
    assert (
        DRAFT["title"] in client_for(network.community_member).get("/practices/").content.decode()
    )
    assert client_for(network.facilitator).get(path).status_code == 200
    # A guessed submit by an editor who did not write it: the review form is theirs, not this.
    assert client_for(network.facilitator).post(f"{path}submit/").status_code == 403
    practice.refresh_from_db()
    assert practice.status == "draft"


def test_nobody_reviews_their_own_submission(network, second_editor):
    # A member cannot reach the review at all.
    member = client_for(network.community_member)
    practice = draft_by(member)
    member.post(f"/practices/{practice.external_id}/submit/")
    assert (
        member.post(
            f"/practices/{practice.external_id}/review/", {"decision": "approve"}
        ).status_code
        == 403
    )
    # An editor who wrote a practice, and an administrator who wrote one: refused, still in
    # review; the page says another editor reviews it.
    for author in (network.facilitator, network.administrator):
        client = client_for(author)
        own = draft_by(client, title=f"Written by {author.pk}")
        client.post(f"/practices/{own.external_id}/review/", {"decision": "submit"})
        page = client.get(own.get_absolute_url()).content.decode()
        assert "another editor reviews it" in page and "Approve and publish" not in page
        assert "Someone other than the author must review it" in review(client, own, "approve")
        own.refresh_from_db()
        assert own.status == "in-review"
        # Positive control: another editor publishes it.
        review(client_for(second_editor), own, "approve")
        own.refresh_from_db()
        assert own.status == "published"
    # An editor who submitted someone else's draft does not review it either.
    draft = draft_by(member, title="Submitted by an editor")
    editor = client_for(network.facilitator)
    editor.post(f"/practices/{draft.external_id}/review/", {"decision": "submit"})
    assert "Someone other than the author must review it" in review(editor, draft, "approve")
    draft.refresh_from_db()
    assert draft.status == "in-review"


def test_the_author_cannot_change_it_while_in_review(network):
    member = client_for(network.community_member)
    practice = draft_by(member)
    member.post(f"/practices/{practice.external_id}/submit/")
    edit = f"/practices/{practice.external_id}/edit/"
    refused = member.post(edit, {**DRAFT, "title": "Changed behind the editor's back"})
    assert refused.status_code == 403
    assert "waiting for review" in refused.content.decode()
    assert member.get(f"/practices/{practice.external_id}/attach/").status_code == 403
    assert member.post(f"/practices/{practice.external_id}/submit/", follow=True).status_code == 200
    practice.refresh_from_db()
    assert (practice.title, practice.status) == (DRAFT["title"], "in-review")
    assert practice.events.filter(action="submitted").count() == 1
    # An editor may (positive control).
    assert client_for(network.facilitator).get(edit).status_code == 200


def test_a_practice_without_a_source_is_not_submitted(network):
    practice = Practice.objects.create(
        external_id="th-no-source",
        title="Written before sources were required",
        summary="S",
        sources=[],
        created_by=network.community_member,
    )
    response = client_for(network.community_member).post(
        f"/practices/{practice.external_id}/submit/", follow=True
    )
    assert "Add at least one source" in response.content.decode()
    practice.refresh_from_db()
    assert practice.status == "draft" and not practice.events.exists()
    with pytest.raises(knowledge_actions.EditorialError):
        knowledge_actions.submit_practice(practice, by=network.facilitator)
    # The form itself refuses a draft without a source, keeping what was typed.
    response = client_for(network.community_member).post(
        "/practices/new/", {**DRAFT, "sources": ""}
    )
    assert response.status_code == 400
    assert "Give at least one source." in response.content.decode()
    assert DRAFT["summary"] in response.content.decode()


def test_attachments_are_the_authors_and_editors_until_the_practice_is_published(
    network, second_editor
):
    author = client_for(network.community_member)
    practice = draft_by(author)
    attach = f"/practices/{practice.external_id}/attach/"
    page = author.get(practice.get_absolute_url()).content.decode()
    assert f'href="{attach}"' in page
    response = author.post(
        attach,
        {
            "title": "Centre evaluation 2023",
            "kind": "report",
            "language": "en",
            "link": "https://example.org/evaluation",
            "description": "",
            "consent_recorded": "",
        },
    )
    assert response.status_code == 302
    author.post(
        attach,
        {
            "title": "Reporting guide",
            "kind": "toolkit",
            "language": "th",
            "description": "",
            "consent_recorded": "",
            "file": SimpleUploadedFile("guide.txt", b"Report each week.", "text/plain"),
        },
    )
    # Neither a file nor a link: refused with the reason, nothing made.
    refused = author.post(attach, {"title": "Nothing", "kind": "report", "language": "en"})
    assert refused.status_code == 400 and "Give a file or a link." in refused.content.decode()
    link, guide = Resource.objects.filter(practices=practice).order_by("title")
    assert (link.status, link.created_by) == ("draft", network.community_member)
    assert not Resource.objects.filter(title="Nothing").exists()

    others = [Client(), client_for(network.member), client_for(network.pseudonymous)]
    for client in others:
        assert client.get(link.get_absolute_url()).status_code == 404
        assert client.get(f"/resources/{guide.slug}/file/").status_code == 404
        assert "Centre evaluation" not in client.get("/resources/").content.decode()
    assert "Centre evaluation" not in str(search.search("evaluation", audiences=["public"]).hits)
    # The author and the editors see them, listed on the practice's page.
    for client in (author, client_for(second_editor)):
        page = client.get(practice.get_absolute_url()).content.decode()
        assert "Centre evaluation 2023" in page and "Reporting guide" in page
        assert "Not yet published" in page or "Not published yet" in page
        assert client.get(f"/resources/{guide.slug}/file/").status_code == 200

    author.post(f"/practices/{practice.external_id}/submit/")
    review(client_for(second_editor), practice, "approve")
    link.refresh_from_db()
    assert link.status == "published"
    for client in others:
        page = client.get(practice.get_absolute_url()).content.decode()
        assert "Centre evaluation 2023" in page and "Not published yet" not in page
        assert client.get(link.get_absolute_url()).status_code == 200
        assert client.get(f"/resources/{guide.slug}/file/").status_code == 200
    assert link.slug in [h.key for h in search.search("evaluation", audiences=["public"]).hits]


def test_the_editors_queue_and_my_practices_on_the_home(network, second_editor):
    member = client_for(network.community_member)
    practice = draft_by(member)
    member.post(f"/practices/{practice.external_id}/submit/")
    editor_own = draft_by(client_for(network.facilitator), title="The editor's own")
    client_for(network.facilitator).post(
        f"/practices/{editor_own.external_id}/review/", {"decision": "submit"}
    )

    def queue(user) -> list[Practice]:
        return list(access.practices_to_review(user))

    assert queue(second_editor) == [practice, editor_own]  # the longest waiting first
    assert queue(network.facilitator) == [practice]
    assert queue(network.community_member) == []

    home = client_for(network.facilitator).get("/home/").content.decode()
    waiting = home.split('id="waiting-title"')[1].split("</section>")[0]
    assert practice.get_absolute_url() in waiting
    assert editor_own.get_absolute_url() not in waiting
    assert "My practices" in home and "Yours — another editor reviews it." in home

    mine = client_for(network.community_member).get("/home/").content.decode()
    assert "My practices" in mine and practice.get_absolute_url() in mine
    assert "Waiting for an editor" in mine
    assert editor_own.get_absolute_url() not in mine
    assert "My practices" not in client_for(network.member).get("/home/").content.decode()


def test_the_home_and_the_practice_page_stay_bounded(
    network, django_assert_max_num_queries, second_editor
):
    author = network.community_member
    for number in range(15):
        practice = Practice.objects.create(
            external_id=f"th-many-{number}",
            title=f"Many {number}",
            summary="S",
            sources=[{"url": "https://example.org", "title": "R"}],
            created_by=author,
        )
        knowledge_actions.submit_practice(practice, by=author)
        for attached in range(5):
            knowledge_actions.attach_to_practice(
                practice,
                by=author,
                title=f"Doc {number}-{attached}",
                kind="report",
                link="https://example.org/doc",
            )
    with django_assert_max_num_queries(40):
        client_for(second_editor).get("/home/")
    with django_assert_max_num_queries(40):
        client_for(author).get("/home/")
    with django_assert_max_num_queries(40):
        client_for(second_editor).get("/practices/th-many-0/")


def test_the_seeds_wordings_find_the_four_new_target_groups():
    seed = Path(__file__).resolve().parents[2] / "demo" / "data" / "practices.jsonl"
    wordings = {
        text
        for line in seed.read_text(encoding="utf-8").splitlines()
        for text in json.loads(line).get("target_groups", [])
    }
    expected = {
        "women": {TargetGroup.WOMEN_GIRLS},
        "pregnant women": {TargetGroup.PREGNANT_WOMEN, TargetGroup.WOMEN_GIRLS},
        "single women asylum seekers refused asylum, otherwise detained at Yarl's Wood IRC": {
            TargetGroup.WOMEN_GIRLS,
            TargetGroup.ASYLUM_SEEKERS,
        },
        "migrant children and adolescents": {TargetGroup.CHILDREN, TargetGroup.ADOLESCENTS_YOUTH},
        "refugees and asylum seekers": {TargetGroup.REFUGEES, TargetGroup.ASYLUM_SEEKERS},
        "refugees and stateless persons": {TargetGroup.REFUGEES, TargetGroup.STATELESS},
        "refugee claimants detained on arrival": {
            TargetGroup.REFUGEES,
            TargetGroup.ASYLUM_SEEKERS,
        },
        "people in immigration removal proceedings in New York City": {TargetGroup.FACING_REMOVAL},
        "foreign nationals subject to deportation orders": {TargetGroup.FACING_REMOVAL},
        "foreigners in return proceedings released from guarded centres or subject to "
        "alternative measures": {TargetGroup.FACING_REMOVAL},
        "people facing removal after a prison sentence": {TargetGroup.FACING_REMOVAL},
        # Not every word is a group: "young children" are children, not young people.
        "families with young children": {TargetGroup.FAMILIES, TargetGroup.CHILDREN},
        "unaccompanied migrant children": {
            TargetGroup.UNACCOMPANIED_CHILDREN,
            TargetGroup.CHILDREN,
        },
    }
    assert set(expected) <= wordings  # the seed's own words, not made-up ones
    for wording, groups in expected.items():
        assert set(target_groups_of([wording])) == groups, wording
    assert set(target_groups_of(["girls at risk", "youth without status"])) == {
        TargetGroup.ADOLESCENTS_YOUTH,
        TargetGroup.WOMEN_GIRLS,
    }


def test_the_new_groups_are_offered_as_filters_and_labelled_as_facets(network):
    practice = Practice.objects.get(external_id="th-community-case-management")
    practice.target_groups = ["women-and-girls", "facing-removal"]
    practice.save(update_fields=["target_groups"])
    page = Client().get("/practices/?target_group=women-and-girls").content.decode()
    for value in ("women-and-girls", "adolescents-and-young-people", "refugees", "facing-removal"):
        assert f'value="{value}"' in page
    assert practice.title in page
    assert practice.title not in Client().get("/practices/?target_group=refugees").content.decode()
    detail = Client().get(practice.get_absolute_url()).content.decode()
    assert "Women and girls" in detail and "People facing removal or deportation" in detail
    from peerlearning.knowledge.views import _facet_labels

    labels = _facet_labels()["target_group"]
    assert labels["adolescents-and-young-people"] == "Adolescents and young people"
    assert labels["refugees"] == "Refugees"
