"""Redacting, hiding and reporting contributions (issue 10, requirement 6): the rule's own
failure mode, a participant writing "as the delegate of …"."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges import actions
from peerlearning.exchanges.models import ContributionReport, Registration
from peerlearning.network.models import Affiliation, Membership
from peerlearning.network.testing import client_for
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

EX = "/exchanges/asia-exchange/"
ORIGINAL = "As the delegate of the Ministry of Interior, we screen every child."
REDACTED = "As the delegate of a ministry, we screen every child."


@pytest.fixture
def said(network):
    """The community member (a participant) names their delegation; another participant
    reads it."""
    contribution = network.contribution
    contribution.text = ORIGINAL
    contribution.save(update_fields=["text"])
    reader = make_user("reader@test.example", display_name="Rita Reader")
    Membership.objects.create(community=network.asia, person=reader)
    Affiliation.objects.create(person=reader, organisation=network.ministry)
    Registration.objects.create(
        exchange=network.exchange, person=reader, delegation=network.exchange.delegations.get()
    )
    return contribution, reader


def _redact(client, contribution, **data):
    values = {
        "moderation": "redacted",
        "redacted_text": REDACTED,
        "reason": "It names the delegation of its author.",
    }
    return client.post(f"{EX}contributions/{contribution.uuid}/moderate/", {**values, **data})


class TestRedaction:
    def test_it_redacts_for_everyone_but_the_author(self, network, said):
        contribution, reader = said
        facilitator = client_for(network.facilitator)
        form = facilitator.get(f"{EX}contributions/{contribution.uuid}/moderate/")
        assert form.status_code == 200
        assert "<form" in form.content.decode()  # a plain form: no script needed
        response = _redact(facilitator, contribution)
        assert response.status_code == 302
        for client in (client_for(reader), facilitator):
            page = client.get(f"{EX}contributions/").content.decode()
            assert REDACTED in page
            assert ORIGINAL not in page
            items = client.get(f"/api/v1{EX}contributions").json()["items"]
            assert REDACTED in [item["text"] for item in items]
            assert ORIGINAL not in str(items)
        outcomes = facilitator.get(f"{EX}outcomes/").content.decode()
        assert REDACTED in outcomes
        assert ORIGINAL not in outcomes
        assert (
            ORIGINAL
            not in facilitator.get(
                f"{EX}contributions/{contribution.uuid}/moderate/"
            ).content.decode()
        )
        # Its author still reads what they wrote, and is told what others read.
        mine = client_for(network.community_member).get(f"{EX}contributions/mine/").content.decode()
        assert ORIGINAL in mine
        assert REDACTED in mine
        entry = AuditEntry.objects.get(action="contribution.moderated")
        assert entry.actor == network.facilitator
        assert entry.object_id == str(contribution.uuid)
        assert entry.details["reason"] == "It names the delegation of its author."
        assert entry.details["after"] == "redacted"

    def test_the_original_is_read_on_the_audited_path_only(self, network, said):
        contribution, _reader = said
        _redact(client_for(network.facilitator), contribution)
        admin = client_for(network.administrator)
        url = f"{EX}contributions/{contribution.uuid}/author/"
        assert ORIGINAL not in admin.get(url).content.decode()
        page = admin.post(url, {"reason": "A complaint of abuse was received."}).content.decode()
        assert ORIGINAL in page
        assert AuditEntry.objects.filter(action="contribution.author_read").count() == 1

    def test_it_hides(self, network, said):
        contribution, reader = said
        response = client_for(network.facilitator).post(
            f"{EX}contributions/{contribution.uuid}/moderate/",
            {"moderation": "hidden", "reason": "It identifies another participant."},
        )
        assert response.status_code == 302
        page = client_for(reader).get(f"{EX}contributions/").content.decode()
        assert ORIGINAL not in page
        assert "hidden by the facilitators" in page
        items = client_for(reader).get(f"/api/v1{EX}contributions").json()["items"]
        assert ORIGINAL not in str(items)
        # Shown as written again, audited too.
        client_for(network.facilitator).post(
            f"{EX}contributions/{contribution.uuid}/moderate/",
            {"moderation": "as-written", "reason": "The author's delegation agreed to be named."},
        )
        assert ORIGINAL in client_for(reader).get(f"{EX}contributions/").content.decode()
        assert AuditEntry.objects.filter(action="contribution.moderated").count() == 2

    def test_a_redaction_needs_a_reason_and_a_text(self, network, said):
        contribution, _reader = said
        facilitator = client_for(network.facilitator)
        response = _redact(facilitator, contribution, reason="short")
        assert response.status_code == 400
        assert "at least a sentence" in response.content.decode()
        response = _redact(facilitator, contribution, redacted_text="")
        assert response.status_code == 400
        contribution.refresh_from_db()
        assert contribution.moderation == ""
        assert not AuditEntry.objects.filter(action="contribution.moderated").exists()

    def test_only_the_facilitators_redact(self, network, said):
        contribution, reader = said
        assert _redact(client_for(reader), contribution).status_code == 403
        # Outside the community: offered to ask to join it (issue 13), nothing redacted.
        assert _redact(client_for(network.other_facilitator), contribution).status_code == 403
        assert _redact(Client(), contribution).status_code == 302  # to sign in
        contribution.refresh_from_db()
        assert contribution.moderation == ""
        assert not AuditEntry.objects.filter(action="contribution.moderated").exists()
        # The same request from the exchange's facilitator redacts it.
        assert _redact(client_for(network.facilitator), contribution).status_code == 302
        contribution.refresh_from_db()
        assert contribution.moderation == "redacted"
        assert AuditEntry.objects.filter(action="contribution.moderated").count() == 1

    def test_the_author_editing_does_not_undo_the_redaction(self, network, said):
        contribution, reader = said
        _redact(client_for(network.facilitator), contribution)
        client_for(network.community_member).post(
            f"{EX}contributions/{contribution.uuid}/edit/",
            {"kind": "practice", "text": ORIGINAL + " Again."},
        )
        page = client_for(reader).get(f"{EX}contributions/").content.decode()
        assert REDACTED in page
        assert "Again." not in page

    def test_an_outcome_quoting_it_quotes_the_redaction(self, network, said):
        contribution, reader = said
        facilitator = client_for(network.facilitator)
        facilitator.post(
            f"{EX}outcomes/",
            {
                "kind": "learning",
                "text": f"A participant said: {ORIGINAL}",
                "contributions": [str(contribution.uuid)],
            },
        )
        _redact(facilitator, contribution)
        outcomes = facilitator.get(f"{EX}outcomes/").content.decode()
        assert f"A participant said: {REDACTED}" in outcomes
        assert ORIGINAL not in outcomes
        api = client_for(reader).get(f"/api/v1{EX}outcomes").content.decode()
        assert REDACTED in api
        assert ORIGINAL not in api
        network.exchange.report.delete()
        draft = facilitator.get(f"{EX}report/edit/").content.decode()
        assert REDACTED in draft
        assert ORIGINAL not in draft

    def test_the_report_and_its_pdf_quote_the_redaction(self, network, said):
        contribution, reader = said
        facilitator = client_for(network.facilitator)
        facilitator.post(f"{EX}report/edit/", {"summary": "", "body": f"Said:\n\n{ORIGINAL}"})
        _redact(facilitator, contribution)
        network.exchange.report.refresh_from_db()
        assert ORIGINAL not in network.exchange.report.body  # the report itself is changed
        # A quote pasted after the redaction reads as redacted too.
        edit = facilitator.get(f"{EX}report/edit/").content.decode()
        assert ORIGINAL not in edit
        facilitator.post(
            f"{EX}report/edit/", {"summary": ORIGINAL, "body": f"Pasted later:\n\n{ORIGINAL}"}
        )
        facilitator.post(f"{EX}status/", {"status": "reported"})
        member = client_for(reader)
        page = member.get(f"{EX}report/").content.decode()
        assert REDACTED in page
        assert ORIGINAL not in page
        api = member.get(f"/api/v1{EX}report").json()
        assert REDACTED in api["body"]
        assert ORIGINAL not in api["body"] + api["summary"]
        pdf = member.get(f"{EX}report.pdf").content
        text = " ".join(
            " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split()
        )
        assert REDACTED in text
        assert ORIGINAL not in text


class TestReports:
    def test_a_participant_reports_and_only_the_facilitators_learn_who(self, network, said):
        contribution, reader = said
        client = client_for(reader)
        page = client.get(f"{EX}contributions/").content.decode()
        assert f"{EX}contributions/{contribution.uuid}/report/" in page
        form = client.get(f"{EX}contributions/{contribution.uuid}/report/")
        assert form.status_code == 200
        response = client.post(
            f"{EX}contributions/{contribution.uuid}/report/", {"reason": "It names a ministry."}
        )
        assert response.status_code == 302
        again = client.post(f"{EX}contributions/{contribution.uuid}/report/", {"reason": "Twice."})
        assert again.status_code == 400
        assert "reported this contribution already" in again.content.decode()
        assert ContributionReport.objects.count() == 1
        facilitator = client_for(network.facilitator)
        review = facilitator.get(f"{EX}contributions/review/").content.decode()
        assert "Rita Reader" in review
        assert "It names a ministry." in review
        listing = facilitator.get(f"{EX}contributions/").content.decode()
        assert "Reported once for review" in listing
        # Nobody else is told who reported it: not the author, not the API, not the report.
        author = client_for(network.community_member)
        for path in (
            f"{EX}contributions/",
            f"{EX}contributions/mine/",
            f"/api/v1{EX}contributions",
        ):
            text = author.get(path).content.decode()
            assert "Rita" not in text, path
            assert "It names a ministry." not in text, path
        assert author.get(f"{EX}contributions/review/").status_code == 403
        assert client.get(f"{EX}contributions/review/").status_code == 403
        report = facilitator.get(f"{EX}report/").content.decode()
        assert "Rita" not in report

    def test_who_cannot_read_the_contributions_cannot_report_them(self, network, said):
        contribution, _reader = said
        bystander = make_user("bystander@test.example")
        Membership.objects.create(community=network.asia, person=bystander)
        url = f"{EX}contributions/{contribution.uuid}/report/"
        assert client_for(bystander).post(url, {"reason": "Curious."}).status_code == 403
        assert client_for(network.outsider).post(url, {"reason": "Curious."}).status_code == 403
        assert Client().post(url, {"reason": "Curious."}).status_code == 302
        assert not ContributionReport.objects.exists()
        assert (
            client_for(network.community_member).post(url, {"reason": "Mine."}).status_code == 302
        )
        assert ContributionReport.objects.count() == 1

    def test_moderating_or_dismissing_settles_the_reports(self, network, said):
        contribution, reader = said
        actions.report_contribution(contribution, by=reader, reason="It names a ministry.")
        facilitator = client_for(network.facilitator)
        assert (
            facilitator.get(f"{EX}contributions/{contribution.uuid}/reports/dismiss/").status_code
            == 405
        )
        response = facilitator.post(f"{EX}contributions/{contribution.uuid}/reports/dismiss/")
        assert response.status_code == 302
        review = facilitator.get(f"{EX}contributions/review/").content.decode()
        assert "Nothing is waiting for review." in review
        assert AuditEntry.objects.filter(action="contribution.reports_dismissed").exists()
        other = make_user("other@test.example", display_name="Otto Other")
        actions.report_contribution(contribution, by=other, reason="Still names it.")
        assert "Otto Other" in facilitator.get(f"{EX}contributions/review/").content.decode()
        _redact(facilitator, contribution)
        review = facilitator.get(f"{EX}contributions/review/").content.decode()
        assert "Nothing is waiting for review." in review
        assert REDACTED in review  # listed among the redacted ones
