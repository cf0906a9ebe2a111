"""An exchange's life made visible and guarded (issue 13, requirement 3): the stage bar,
registration opened and closed by its dates and by hand, "held" only once it has ended, the
report previewed then published, past exchanges that read as past, and sessions, outcomes and
invitations that can be changed or taken back — each an audited action."""

import re
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry
from peerlearning.exchanges.models import (
    AgendaSession,
    Exchange,
    ExchangeInvitation,
    FollowUpEvent,
    Outcome,
    Report,
    Status,
)
from peerlearning.network.testing import client_for

pytestmark = pytest.mark.django_db
SHARED_WORLD = True  # `network` built once for the module (peerlearning/conftest.py)

OPEN = "/exchanges/asia-open/"  # published, in a month, registration with no dates
HELD = "/exchanges/asia-exchange/"  # held ten days ago, its report drafted, not published


def page(client, path: str) -> str:
    return client.get(path).content.decode()


def current_stage(html: str) -> str:
    found = re.search(r'aria-current="step"><span class="stage-label">([^<]+)<', html)
    assert found, "no step is marked as the current one"
    return found.group(1)


def set_dates(slug: str, **dates) -> Exchange:
    Exchange.objects.filter(slug=slug).update(**dates)
    return Exchange.objects.get(slug=slug)


def audited(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


class TestStageBar:
    def test_it_marks_the_current_stage_for_screen_readers(self, network):
        html = page(client_for(network.community_member), OPEN)
        assert current_stage(html) == "Open for registration"
        assert html.count('aria-current="step"') == 1
        assert 'aria-label="Stages of the exchange"' in html
        # Steps before are done, after are still to come.
        assert 'Draft</span><span class="visually-hidden"> (done)' in html
        assert "Held</span>" in html and "Report published</span>" in html

    def test_it_reads_announced_until_registration_opens_then_open_by_the_date_alone(self, network):
        opens = timezone.now() + timedelta(days=3)
        set_dates("asia-open", registration_opens_at=opens)
        member = client_for(network.community_member)
        html = page(member, OPEN)
        assert current_stage(html) == "Announced"
        assert "Registration opens on" in html
        assert "Registration is not open yet." in html
        assert member.get(f"{OPEN}register/").status_code == 200
        refused = member.post(
            f"{OPEN}register/", {"organisation": network.ministry.pk, "accept_rule": "on"}
        )
        assert "Registration for this exchange is not open." in refused.content.decode()
        assert not network.open_exchange.registrations.exists()
        # The date passes: open, and nobody moved a status.
        set_dates("asia-open", registration_opens_at=timezone.now() - timedelta(minutes=1))
        html = page(member, OPEN)
        assert current_stage(html) == "Open for registration"
        assert ">Register</a>" in html
        assert Exchange.objects.get(slug="asia-open").status == Status.OPEN

    def test_it_closes_by_its_date(self, network):
        set_dates("asia-open", registration_closes_at=timezone.now() - timedelta(minutes=1))
        html = page(client_for(network.community_member), OPEN)
        assert current_stage(html) == "Registration closed"
        assert "Registration is closed." in html
        assert ">Register</a>" not in html
        api = client_for(network.community_member).get("/api/v1/exchanges/asia-open").json()
        assert api["stage"] == "closed" and api["registration_open"] is False

    def test_a_cancelled_exchange_says_so_without_a_bar(self, network):
        set_dates("asia-open", status=Status.CANCELLED)
        html = page(client_for(network.community_member), OPEN)
        assert "This exchange is cancelled." in html
        assert 'aria-current="step"' not in html
        assert "Add to my calendar" not in html and ">Register</a>" not in html
        assert "The agenda is not published yet" not in html
        # Its date passed: still cancelled, not a past exchange whose report is awaited.
        set_dates("asia-open", starts_at=timezone.now() - timedelta(days=2), ends_at=None)
        html = page(client_for(network.community_member), OPEN)
        assert "This exchange is cancelled." in html
        assert "The report is being written." not in html


class TestNamedMoves:
    def test_the_move_to_list_is_gone_and_named_moves_fit_the_stage(self, network):
        facilitator = client_for(network.facilitator)
        html = page(facilitator, OPEN)
        assert "Move to" not in html and 'name="status"' not in html
        assert "Close registration now" in html and "Cancel the exchange" in html
        assert "Open registration now" not in html and "Publish the exchange" not in html
        assert "It can be marked as held once it has ended, after" in html
        assert ">Mark as held<" not in html
        draft = set_dates("asia-open", status=Status.DRAFT)
        html = page(facilitator, OPEN)
        assert "Publish the exchange" in html and "Close registration now" not in html
        response = facilitator.post(f"{OPEN}publish/", follow=True)
        assert "The exchange is published" in response.content.decode()
        draft.refresh_from_db()
        assert draft.status == Status.OPEN
        assert audited("exchange.status_changed")[0].details == {"before": "draft", "after": "open"}

    def test_closing_and_opening_by_hand_set_the_dates_and_are_audited(self, network):
        facilitator = client_for(network.facilitator)
        before = timezone.now()
        response = facilitator.post(f"{OPEN}registration/close/", follow=True)
        assert "Registration is closed." in response.content.decode()
        exchange = Exchange.objects.get(slug="asia-open")
        assert exchange.registration_closes_at is not None
        assert exchange.registration_closes_at >= before
        assert not exchange.registration_is_open()
        assert current_stage(response.content.decode()) == "Registration closed"
        [closed] = audited("exchange.registration_closed")
        assert closed.actor == network.facilitator and closed.details["before"]["closes"] is None
        response = facilitator.post(f"{OPEN}registration/open/", follow=True)
        html = response.content.decode()
        assert "Registration is open." in html
        assert current_stage(html) == "Open for registration"
        exchange.refresh_from_db()
        assert exchange.registration_is_open() and exchange.registration_closes_at is None
        assert len(audited("exchange.registration_opened")) == 1
        # Open already: said, and nothing written.
        again = facilitator.post(f"{OPEN}registration/open/", follow=True)
        assert "Registration is open already." in again.content.decode()
        assert len(audited("exchange.registration_opened")) == 1

    def test_cancelling_asks_first(self, network):
        facilitator = client_for(network.facilitator)
        confirm = facilitator.get(f"{OPEN}cancel/")
        assert confirm.status_code == 200
        assert "Yes, cancel the exchange" in confirm.content.decode()
        assert Exchange.objects.get(slug="asia-open").status == Status.OPEN
        facilitator.post(f"{OPEN}cancel/")
        assert Exchange.objects.get(slug="asia-open").status == Status.CANCELLED
        assert facilitator.post(f"{OPEN}registration/open/").status_code == 302
        assert Exchange.objects.get(slug="asia-open").status == Status.CANCELLED


class TestHeldOnlyOnceEnded:
    def test_an_exchange_due_next_month_cannot_be_marked_held(self, network):
        facilitator = client_for(network.facilitator)
        response = facilitator.post(f"{OPEN}held/", follow=True)
        assert "The exchange has not ended yet: it can be marked as held after" in (
            response.content.decode()
        )
        assert Exchange.objects.get(slug="asia-open").status == Status.OPEN
        api = facilitator.post(
            "/api/v1/exchanges/asia-open/status",
            data={"status": "held"},
            content_type="application/json",
        )
        assert api.status_code == 400
        assert "has not ended yet" in api.json()["error"]
        assert Exchange.objects.get(slug="asia-open").status == Status.OPEN
        assert not audited("exchange.status_changed")

    def test_once_it_has_ended_it_can(self, network):
        ended = timezone.now() - timedelta(hours=1)
        set_dates("asia-open", starts_at=ended - timedelta(hours=3), ends_at=ended)
        facilitator = client_for(network.facilitator)
        html = page(facilitator, OPEN)
        assert ">Mark as held<" in html
        assert current_stage(html) == "Registration closed"  # over: registration with it
        response = facilitator.post(f"{OPEN}held/", follow=True)
        assert current_stage(response.content.decode()) == "Held"
        assert Exchange.objects.get(slug="asia-open").status == Status.HELD

    def test_with_no_end_its_start_counts_and_with_no_date_it_waits(self, network):
        facilitator = client_for(network.facilitator)
        set_dates("asia-open", starts_at=None, ends_at=None, when_text="early 2027")
        response = facilitator.post(f"{OPEN}held/", follow=True)
        assert "Give the exchange its date first" in response.content.decode()
        set_dates("asia-open", starts_at=timezone.now() - timedelta(minutes=5))
        facilitator.post(f"{OPEN}held/")
        assert Exchange.objects.get(slug="asia-open").status == Status.HELD

    def test_a_report_cannot_be_published_before_the_exchange_is_held(self, network):
        Report.objects.create(exchange=network.open_exchange, body="Too early.")
        facilitator = client_for(network.facilitator)
        preview = page(facilitator, f"{OPEN}report/preview/")
        assert "Too early." in preview
        assert "Publish the report" not in preview
        assert "once the exchange has been marked as held" in preview
        response = facilitator.post(f"{OPEN}report/publish/", follow=True)
        assert "once the exchange has been marked as held" in response.content.decode()
        api = facilitator.post("/api/v1/exchanges/asia-open/report/publish")
        assert api.status_code == 400 and "marked as held" in api.json()["error"]
        assert Report.objects.get(exchange=network.open_exchange).published_at is None
        assert client_for(network.community_member).get(f"{OPEN}report/").status_code == 404


class TestPublishingTheReport:
    def test_the_preview_shows_the_report_as_readers_will_with_the_rule_then_publishes(
        self, network, monkeypatch, django_capture_on_commit_callbacks
    ):
        from peerlearning import derived

        scheduled = []
        monkeypatch.setattr(
            derived, "schedule_search_refresh_for_exchange", lambda e: scheduled.append(e.slug)
        )
        monkeypatch.setattr(
            derived, "schedule_suggestions_refresh", lambda: scheduled.append("suggestions")
        )
        facilitator = client_for(network.facilitator)
        saved = facilitator.post(
            f"{HELD}report/edit/", {"summary": "In short.", "body": "Screen every child early."}
        )
        assert saved["Location"] == f"{HELD}report/preview/"
        preview = page(facilitator, saved["Location"])
        assert "Screen every child early." in preview and "In short." in preview
        assert "check that nothing below names or points to a speaker" in preview
        assert "fewer than 5" in preview  # participation as readers see it
        assert "Publish the report" in preview
        member = client_for(network.community_member)
        assert member.get(f"{HELD}report/").status_code == 404
        assert member.get(f"{HELD}report/preview/").status_code == 403
        response = facilitator.post(f"{HELD}report/publish/", follow=True)
        assert "The report is published." in response.content.decode()
        assert "Screen every child early." in page(member, f"{HELD}report/")
        exchange = Exchange.objects.get(slug="asia-exchange")
        assert exchange.status == Status.REPORTED and exchange.survey_is_closed
        assert Report.objects.get(exchange=exchange).published_at is not None
        assert len(audited("exchange.report_published")) == 1
        assert scheduled == ["asia-exchange", "suggestions"]
        # Published: no second time.
        again = facilitator.post(f"{HELD}report/publish/", follow=True)
        assert "The report is published already." in again.content.decode()
        assert len(audited("exchange.report_published")) == 1

    def test_a_report_page_in_draft_leads_to_the_preview(self, network):
        html = page(client_for(network.facilitator), f"{HELD}report/")
        assert "Preview and publish the report" in html
        assert "Move" not in html


class TestPastExchanges:
    def test_a_past_exchange_reads_as_past(self, network):
        member = client_for(network.community_member)
        html = page(member, HELD)
        for stale in (
            "Registration is not open",
            "The agenda is not published yet",
            "Add to my calendar",
            "Registration is closed",
        ):
            assert stale not in html, stale
        assert "The report is being written." in html
        assert "You took part." in html
        # The exchange still upcoming keeps them: the positive control.
        upcoming = page(member, OPEN)
        assert "Add to my calendar" in upcoming and "The agenda is not published yet" in upcoming

    def test_it_shows_the_report_once_published(self, network):
        Report.objects.filter(exchange=network.exchange).update(published_at=timezone.now())
        Exchange.objects.filter(pk=network.exchange.pk).update(status=Status.REPORTED)
        html = page(client_for(network.community_member), HELD)
        assert "Read the report" in html and "The report is being written." not in html

    def test_an_exchange_over_but_not_yet_marked_held_reads_as_past_too(self, network):
        ended = timezone.now() - timedelta(days=400)
        set_dates("asia-open", starts_at=ended, ends_at=ended + timedelta(hours=2))
        html = page(client_for(network.community_member), OPEN)
        assert "Registration is not open" not in html and "Add to my calendar" not in html
        assert ">Register</a>" not in html
        assert "The report is being written." in html

    def test_an_exchange_dated_only_in_words_offers_no_calendar_entry(self, network):
        set_dates("asia-open", starts_at=None, ends_at=None, when_text="later in 2023")
        html = page(client_for(network.community_member), OPEN)
        assert "later in 2023" in html and "Add to my calendar" not in html

    def test_its_agenda_stays_when_it_had_one(self, network):
        AgendaSession.objects.create(
            exchange=network.exchange,
            title="Opening round",
            starts_at=network.exchange.starts_at,
            ends_at=network.exchange.ends_at,
        )
        assert "Opening round" in page(client_for(network.community_member), HELD)


def make_session(exchange, title="Opening round") -> AgendaSession:
    return AgendaSession.objects.create(
        exchange=exchange,
        title=title,
        starts_at=exchange.starts_at,
        ends_at=exchange.starts_at + timedelta(hours=1),
    )


class TestAgendaSessions:
    def test_a_session_is_changed_in_the_exchanges_time_and_audited(self, network):
        session = make_session(network.open_exchange)
        facilitator = client_for(network.facilitator)
        path = f"{OPEN}agenda/{session.uuid}/edit/"
        form = page(facilitator, path)
        assert 'value="Opening round"' in form
        assert "Asia/Kuala_Lumpur" in form
        response = facilitator.post(
            path,
            {
                "title": "Opening, with the hosts",
                "starts_at": "2031-03-01T09:00",
                "ends_at": "2031-03-01T10:30",
                "description": "Welcome.",
            },
        )
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.title == "Opening, with the hosts"
        # 9:00 in Kuala Lumpur (UTC+8) is 1:00 UTC.
        assert session.starts_at.astimezone(UTC).hour == 1
        [entry] = audited("exchange.session_edited")
        assert entry.actor == network.facilitator
        assert "Opening, with the hosts" in page(facilitator, OPEN)

    def test_a_wrong_session_comes_back_with_what_was_typed(self, network):
        session = make_session(network.open_exchange)
        response = client_for(network.facilitator).post(
            f"{OPEN}agenda/{session.uuid}/edit/",
            {
                "title": "A title typed with care",
                "starts_at": "2031-03-01T11:00",
                "ends_at": "2031-03-01T10:00",
                "description": "Kept too.",
                "speakers": str(network.hidden.uuid),  # a hidden profile, forged in
            },
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "A title typed with care" in html and "Kept too." in html
        assert "Hidden Person" not in html
        session.refresh_from_db()
        assert session.title == "Opening round"
        assert not audited("exchange.session_edited")

    def test_a_session_added_wrong_comes_back_with_what_was_typed_then_is_added(self, network):
        facilitator = client_for(network.facilitator)
        typed = {
            "title": "Welcome and rules",
            "starts_at": "2031-03-01T11:00",
            "ends_at": "2031-03-01T10:00",
            "description": "Typed with care.",
        }
        response = facilitator.post(f"{OPEN}agenda/add/", typed)
        html = response.content.decode()
        assert response.status_code == 400
        assert "A session must end after it starts." in html
        assert 'value="Welcome and rules"' in html and "Typed with care." in html
        assert not AgendaSession.objects.exists()
        response = facilitator.post(f"{OPEN}agenda/add/", {**typed, "ends_at": "2031-03-01T12:00"})
        assert response["Location"] == f"{OPEN}#agenda-title"
        assert AgendaSession.objects.get().title == "Welcome and rules"

    def test_a_session_is_removed_after_confirmation(self, network):
        session = make_session(network.open_exchange)
        facilitator = client_for(network.facilitator)
        path = f"{OPEN}agenda/{session.uuid}/delete/"
        confirm = page(facilitator, path)
        assert "Remove “Opening round” from the agenda?" in confirm
        assert AgendaSession.objects.filter(pk=session.pk).exists()
        assert facilitator.post(path).status_code == 302
        assert not AgendaSession.objects.filter(pk=session.pk).exists()
        assert audited("exchange.session_deleted")[0].details["title"] == "Opening round"


class TestOutcomes:
    def test_an_outcome_is_changed_and_audited(self, network):
        facilitator = client_for(network.facilitator)
        follow_up = network.follow_up
        path = f"{HELD}outcomes/{follow_up.uuid}/edit/"
        form = page(facilitator, path)
        assert "Share the guidance." in form and "Ministry of Interior" in form
        response = facilitator.post(
            path,
            {
                "kind": "follow-up",
                "text": "Share the guidance in Thai.",
                "owner": "Ministry of Interior",
                "due_on": "2031-01-31",
            },
        )
        assert response.status_code == 302
        follow_up.refresh_from_db()
        assert follow_up.text == "Share the guidance in Thai."
        assert str(follow_up.due_on) == "2031-01-31"
        assert follow_up.status == "open"  # its history and status are kept
        assert len(audited("exchange.outcome_edited")) == 1
        assert "Share the guidance in Thai." in page(facilitator, f"{HELD}outcomes/")

    def test_a_wrong_outcome_comes_back_with_what_was_typed(self, network):
        response = client_for(network.facilitator).post(
            f"{HELD}outcomes/{network.follow_up.uuid}/edit/",
            {"kind": "follow-up", "text": "Words typed with care.", "owner": ""},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert "Words typed with care." in html
        assert "A follow-up action needs an owner organisation." in html
        network.follow_up.refresh_from_db()
        assert network.follow_up.text == "Share the guidance."

    def test_an_outcome_is_deleted_after_confirmation_with_its_history(self, network):
        facilitator = client_for(network.facilitator)
        outcome = network.follow_up
        FollowUpEvent.objects.create(outcome=outcome, status="open")
        path = f"{HELD}outcomes/{outcome.uuid}/delete/"
        assert "Delete this follow-up action and its history?" in page(facilitator, path)
        assert Outcome.objects.filter(pk=outcome.pk).exists()
        assert facilitator.post(path)["Location"] == f"{HELD}outcomes/"
        assert not Outcome.objects.filter(pk=outcome.pk).exists()
        assert not FollowUpEvent.objects.filter(outcome_id=outcome.pk).exists()
        assert audited("exchange.outcome_deleted")[0].details["kind"] == "follow-up"


class TestInvitations:
    def invite(self, network):
        Exchange.objects.filter(pk=network.open_exchange.pk).update(visibility="invited")
        return ExchangeInvitation.objects.create(
            exchange=network.open_exchange,
            person=network.outsider,
            created_at=timezone.now() - timedelta(days=2),  # may be sent again
        )

    def test_an_invitation_is_sent_again_and_audited(
        self, network, django_capture_on_commit_callbacks
    ):
        invitation = self.invite(network)
        facilitator = client_for(network.facilitator)
        assert "Send again" in page(facilitator, f"{OPEN}participants/")
        with django_capture_on_commit_callbacks(execute=True):
            response = facilitator.post(
                f"{OPEN}participants/invitations/{invitation.uuid}/resend/", follow=True
            )
        assert "The invitation has been sent again." in response.content.decode()
        assert [m.to for m in mail.outbox] == [[network.outsider.email]]
        invitation.refresh_from_db()
        assert invitation.sent_at is not None
        assert len(audited("exchange.invitation_resent")) == 1
        # Pressed again the same day: refused, nothing sent.
        with django_capture_on_commit_callbacks(execute=True):
            response = facilitator.post(
                f"{OPEN}participants/invitations/{invitation.uuid}/resend/", follow=True
            )
        assert "sent less than a day ago" in response.content.decode()
        assert len(mail.outbox) == 1
        assert len(audited("exchange.invitation_resent")) == 1

    def test_an_invitation_is_cancelled_after_confirmation(self, network):
        invitation = self.invite(network)
        outsider = client_for(network.outsider)
        assert outsider.get(OPEN).status_code == 200  # invited: sees it
        facilitator = client_for(network.facilitator)
        path = f"{OPEN}participants/invitations/{invitation.uuid}/cancel/"
        assert "Yes, cancel the invitation" in page(facilitator, path)
        assert ExchangeInvitation.objects.filter(pk=invitation.pk).exists()
        facilitator.post(path)
        assert not ExchangeInvitation.objects.filter(pk=invitation.pk).exists()
        assert outsider.get(OPEN).status_code == 404  # no longer theirs to see
        [entry] = audited("exchange.invitation_cancelled")
        assert entry.details["person"] == str(network.outsider.uuid)

    def test_an_invitation_to_an_exchange_over_is_not_sent_again(
        self, network, django_capture_on_commit_callbacks
    ):
        invitation = ExchangeInvitation.objects.create(
            exchange=network.exchange, person=network.public
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(network.facilitator).post(
                f"{HELD}participants/invitations/{invitation.uuid}/resend/", follow=True
            )
        assert "The exchange is over" in response.content.decode()
        assert not mail.outbox and not audited("exchange.invitation_resent")


def test_the_admin_cannot_move_the_status_around_the_guards(network):
    """An exchange due next month cannot be made "held" in the admin either: its status is shown
    there, and moved only by the exchange page's named moves."""
    admin = client_for(network.administrator)
    change = admin.get(f"/admin/exchanges/exchange/{network.open_exchange.pk}/change/")
    assert change.status_code == 200
    html = change.content.decode()
    assert 'name="status"' not in html
    assert "Open for registration" in html  # shown, read-only
    # The administrator moves it on the exchange page, through the same guard.
    response = admin.post(f"{OPEN}held/", follow=True)
    assert "has not ended yet" in response.content.decode()
    assert Exchange.objects.get(slug="asia-open").status == Status.OPEN
