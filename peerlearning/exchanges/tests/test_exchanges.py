"""An exchange's life: its stages, registration, outcomes, the survey, the report and reminders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from peerlearning.exchanges import actions
from peerlearning.exchanges.models import (
    Exchange,
    Registration,
    SurveyResponse,
)
from peerlearning.network.testing import client_for, confirmed_affiliation
from peerlearning.testing import make_user

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)


class TestLifecycle:
    def test_a_facilitator_creates_a_draft_only_facilitators_see(self, network):
        client = client_for(network.facilitator)
        response = client.post(
            "/communities/asia-pacific/exchanges/new/",
            {
                "title": "Screening children at the border",
                "format": "workshop",
                "mode": "in-person",
                "place": "Bangkok",
                "time_zone": "Asia/Bangkok",
                "starts_at": "2031-03-02T09:00",
                "ends_at": "2031-03-02T17:00",
                "language": "en",
                "rule": "chatham-house",
                "visibility": "community",
                "capacity": "20",
            },
        )
        assert response.status_code == 302
        exchange = Exchange.objects.get(title="Screening children at the border")
        assert exchange.status == "draft"
        # Typed in Bangkok time, stored in UTC.
        assert str(exchange.starts_at) == "2031-03-02 02:00:00+00:00"
        assert (
            client_for(network.community_member).get(exchange.get_absolute_url()).status_code == 404
        )
        assert client.get(exchange.get_absolute_url()).status_code == 200

    def test_an_invalid_form_keeps_what_was_typed(self, network):
        response = client_for(network.facilitator).post(
            "/communities/asia-pacific/exchanges/new/",
            {
                "title": "Kept title",
                "format": "workshop",
                "time_zone": "Asia/Bangkok",
                "starts_at": "2031-03-02T09:00",
                "ends_at": "2031-03-01T09:00",
                "language": "en",
                "rule": "chatham-house",
                "visibility": "community",
            },
        )
        text = response.content.decode()
        assert "The end must come after the start" in text
        assert 'value="Kept title"' in text
        assert response.status_code == 400

    def test_hosts_and_co_conveners_are_named_in_the_form(self, network):
        client = client_for(network.facilitator)
        path = "/exchanges/asia-open/edit/"
        data = {
            "title": "Open regional meeting",
            "format": "regional-meeting",
            "time_zone": "Asia/Bangkok",
            "starts_at": "2031-03-02T09:00",
            "ends_at": "2031-03-02T17:00",
            "language": "en",
            "rule": "chatham-house",
            "visibility": "network",
            "hosts": "Ministry of Interior\nNo Such Ministry",
            "co_conveners": "HOST",
        }
        response = client.post(path, data)
        assert response.status_code == 400
        assert "No organisation is called “No Such Ministry”." in response.content.decode()
        assert not network.open_exchange.host_governments.exists()
        saved = client.post(path, {**data, "hosts": "Ministry of Interior"})
        assert saved.status_code == 302
        assert [o.slug for o in network.open_exchange.host_governments.all()] == [
            "ministry-of-interior-th"
        ]
        assert [o.slug for o in network.open_exchange.co_conveners.all()] == ["host-international"]
        form = client.get(path).content.decode()
        assert '<option value="ministry-of-interior-th" selected>Ministry of Interior' in form
        page = client.get("/exchanges/asia-open/").content.decode()
        assert "HOST International" in page

    def test_the_lifecycle_cannot_skip_a_step(self, network):
        client = client_for(network.facilitator)
        response = client.post("/exchanges/asia-open/status/", {"status": "archived"}, follow=True)
        assert "cannot go from" in response.content.decode()
        assert Exchange.objects.get(slug="asia-open").status == "open"
        client.post("/exchanges/asia-open/status/", {"status": "closed"})
        assert Exchange.objects.get(slug="asia-open").status == "closed"

    def test_the_report_must_exist_before_it_is_published(self, network):
        network.exchange.report.delete()
        response = client_for(network.facilitator).post(
            "/exchanges/asia-exchange/status/", {"status": "reported"}, follow=True
        )
        assert "Write the report before publishing it" in response.content.decode()


class TestRegistration:
    def register(self, person, slug="asia-open", **data):
        payload = {"organisation": data.pop("organisation", ""), "accept_rule": "on", **data}
        return client_for(person).post(f"/exchanges/{slug}/register/", payload)

    def test_a_member_registers_with_their_delegation_and_is_told(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        confirmed_affiliation(network.outsider, network.ngo)
        with django_capture_on_commit_callbacks(execute=True):
            response = self.register(
                network.outsider, organisation=network.ngo.pk, interpretation_needs="Arabic"
            )
        assert response.status_code == 302
        registration = Registration.objects.get(
            exchange=network.open_exchange, person=network.outsider
        )
        assert registration.status == "registered"
        assert registration.delegation.organisation == network.ngo
        assert mailoutbox[-1].to == [network.outsider.email]
        assert "Open regional meeting" in mailoutbox[-1].subject

    def test_the_rule_must_be_accepted(self, network):
        confirmed_affiliation(network.outsider, network.ngo)
        response = client_for(network.outsider).post(
            "/exchanges/asia-open/register/", {"organisation": network.ngo.pk}
        )
        assert response.status_code == 400
        assert "You must accept the rule" in response.content.decode()
        assert not Registration.objects.filter(person=network.outsider).exists()

    def test_registering_twice_is_refused(self, network):
        confirmed_affiliation(network.outsider, network.ngo)
        self.register(network.outsider, organisation=network.ngo.pk)
        response = client_for(network.outsider).get("/exchanges/asia-open/register/", follow=True)
        assert "registered for this exchange already" in response.content.decode()
        assert Registration.objects.filter(person=network.outsider).count() == 1

    def test_registering_outside_the_window_is_refused(self, network):
        confirmed_affiliation(network.outsider, network.ngo)
        Exchange.objects.filter(pk=network.open_exchange.pk).update(
            registration_closes_at=timezone.now() - timedelta(hours=1)
        )
        response = self.register(network.outsider, organisation=network.ngo.pk)
        assert response.status_code == 400
        assert "Registration for this exchange is not open" in response.content.decode()
        assert not Registration.objects.filter(person=network.outsider).exists()
        # The same request inside the window registers.
        Exchange.objects.filter(pk=network.open_exchange.pk).update(
            registration_closes_at=timezone.now() + timedelta(hours=1)
        )
        assert self.register(network.outsider, organisation=network.ngo.pk).status_code == 302
        assert Registration.objects.filter(person=network.outsider).count() == 1

    def test_a_closed_or_private_exchange_takes_no_registration(self, network):
        confirmed_affiliation(network.outsider, network.ngo)
        assert (
            self.register(
                network.outsider, slug="asia-exchange", organisation=network.ngo.pk
            ).status_code
            == 403
        )  # for the community's members: offered to ask to join (issue 13)
        assert not Registration.objects.filter(person=network.outsider).exists()
        # The same request for the open exchange registers.
        assert self.register(network.outsider, organisation=network.ngo.pk).status_code == 302
        assert Registration.objects.get(person=network.outsider).exchange == network.open_exchange
        confirmed_affiliation(network.community_member, network.ngo)
        response = self.register(
            network.community_member, slug="asia-exchange", organisation=network.ngo.pk
        )
        assert response.status_code == 302  # already registered: sent back to the exchange

    def test_only_ones_own_organisation_can_be_the_delegation(self, network):
        confirmed_affiliation(network.outsider, network.ngo)
        response = self.register(network.outsider, organisation=network.ministry.pk)
        assert response.status_code == 400
        assert not Registration.objects.filter(person=network.outsider).exists()
        # The same request naming their own organisation registers them with it.
        response = self.register(network.outsider, organisation=network.ngo.pk)
        assert response.status_code == 302
        registration = Registration.objects.get(person=network.outsider)
        assert registration.delegation.organisation == network.ngo

    def test_a_full_exchange_waitlists_and_promotes_in_order(
        self, network, mailoutbox, django_capture_on_commit_callbacks
    ):
        people = [make_user(f"r{i}@test.example") for i in range(4)]
        for person in people:
            confirmed_affiliation(person, network.ngo)
            actions.register(
                network.open_exchange, person, organisation=network.ngo, accepted_rule=True
            )
        statuses = [Registration.objects.get(person=p).status for p in people]
        assert statuses == ["registered", "registered", "waitlisted", "waitlisted"]
        with django_capture_on_commit_callbacks(execute=True):
            client_for(people[0]).post("/exchanges/asia-open/register/cancel/")
        assert Registration.objects.get(person=people[2]).status == "registered"
        assert Registration.objects.get(person=people[3]).status == "waitlisted"
        assert mailoutbox[-1].to == [people[2].email]
        assert "A place for you" in mailoutbox[-1].subject


class TestOutcomesSurveyReport:
    def test_follow_up_actions_keep_their_history_and_show_on_the_board(self, network):
        client = client_for(network.facilitator)
        client.post(
            "/exchanges/asia-exchange/outcomes/",
            {
                "kind": "follow-up",
                "text": "Draft a screening guide.",
                "owner": "HOST",
                "due_on": "2020-01-01",
                "contributions": [str(network.contribution.uuid)],
            },
        )
        outcome = network.exchange.outcomes.get(text="Draft a screening guide.")
        assert list(outcome.contributions.all()) == [network.contribution]
        client.post(
            f"/exchanges/asia-exchange/outcomes/{outcome.uuid}/follow-up/",
            {"status": "in-progress", "note": "First draft circulated"},
        )
        assert [e.status for e in outcome.history.all()] == ["open", "in-progress"]
        board = (
            client_for(network.community_member)
            .get("/communities/asia-pacific/follow-ups/")
            .content.decode()
        )
        overdue = board.split('id="overdue-title"')[1].split('id="due-title"')[0]
        assert "Draft a screening guide." in overdue
        assert 'name="status"' not in board  # members read the board; facilitators update it
        # The facilitator updates it from the board and comes back to it.
        board_path = "/communities/asia-pacific/follow-ups/"
        assert 'name="status"' in client.get(board_path).content.decode()
        response = client.post(
            f"/exchanges/asia-exchange/outcomes/{outcome.uuid}/follow-up/",
            {"status": "done", "note": "", "next": board_path},
        )
        assert response["Location"] == board_path
        assert "Draft a screening guide." not in client.get(board_path).content.decode()

    def test_a_follow_up_needs_an_owner(self, network):
        response = client_for(network.facilitator).post(
            "/exchanges/asia-exchange/outcomes/", {"kind": "follow-up", "text": "Do it."}
        )
        assert response.status_code == 400
        assert "needs an owner organisation" in response.content.decode()

    def test_the_survey_is_anonymous_and_shows_comments_from_five_answers(self, network):
        client = client_for(network.community_member)
        client.post(
            "/exchanges/asia-exchange/feedback/",
            {"overall": 5, "usefulness": 4, "trust": 5, "comment": "Felt safe."},
        )
        again = client.post(
            "/exchanges/asia-exchange/feedback/",
            {"overall": 1, "usefulness": 1, "trust": 1},
            follow=True,
        )
        assert "answered already" in again.content.decode()
        assert SurveyResponse.objects.count() == 1
        # Neither the answers nor the record of who answered name anyone: the rows written
        # together cannot be joined back to a person.
        from peerlearning.accounts.models import User
        from peerlearning.exchanges.models import SurveySubmission

        for model in (SurveyResponse, SurveySubmission):
            assert not [f for f in model._meta.get_fields() if f.related_model is User]
        (marker,) = SurveySubmission.objects.values_list("marker", flat=True)
        assert marker != str(network.community_member.pk)
        assert network.community_member.email not in marker
        results = (
            client_for(network.facilitator)
            .get("/exchanges/asia-exchange/feedback/results/")
            .content.decode()
        )
        assert "Felt safe." not in results
        assert "fewer than 5" in results
        for i in range(4):
            SurveyResponse.objects.create(
                exchange=network.exchange, overall=4, usefulness=4, trust=4, comment=f"Comment {i}"
            )
        facilitator = client_for(network.facilitator)
        results = facilitator.get("/exchanges/asia-exchange/feedback/results/").content.decode()
        assert "Felt safe." not in results  # open: nothing but the number of answers
        assert "Answers: 5." in results
        facilitator.post("/exchanges/asia-exchange/feedback/close/")
        results = facilitator.get("/exchanges/asia-exchange/feedback/results/").content.decode()
        assert "Felt safe." in results

    def test_the_report_is_drafted_from_outcomes_edited_and_published_as_pdf(self, network):
        from pypdf import PdfReader

        network.exchange.report.delete()
        client = client_for(network.facilitator)
        draft = client.get("/exchanges/asia-exchange/report/edit/").content.decode()
        assert "Share the guidance." in draft
        client.post(
            "/exchanges/asia-exchange/report/edit/",
            {"summary": "In short.", "body": "Key learning\n\n• Screen early"},
        )
        assert (
            client_for(network.community_member).get("/exchanges/asia-exchange/report/").status_code
            == 404
        )
        client.post("/exchanges/asia-exchange/status/", {"status": "reported"})
        member = client_for(network.community_member)
        assert "Screen early" in member.get("/exchanges/asia-exchange/report/").content.decode()
        import io

        pdf = member.get("/exchanges/asia-exchange/report.pdf")
        assert pdf["Content-Type"] == "application/pdf"
        text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
        assert "Screen early" in text
        assert "fewer than 5 people" in text


def test_sendreminders_reminds_once_the_day_before(
    network, mailoutbox, django_capture_on_commit_callbacks
):
    confirmed_affiliation(network.outsider, network.ngo)
    actions.register(
        network.open_exchange, network.outsider, organisation=network.ngo, accepted_rule=True
    )
    Exchange.objects.filter(pk=network.open_exchange.pk).update(
        starts_at=timezone.now() + timedelta(hours=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        out = StringIO()
        call_command("sendreminders", stdout=out)
        call_command("sendreminders", stdout=out)
    # "Tomorrow", or "Today" where the recipient's day has already turned (a zone east of UTC,
    # late in the UTC day): the subject says the day in the recipient's own time zone.
    reminders = [m for m in mailoutbox if m.subject.startswith(("Tomorrow:", "Today:"))]
    assert [m.to for m in reminders] == [[network.outsider.email]]
    assert "1 reminder(s) sent" in out.getvalue()
