"""Writes to exchanges. Every one is atomic, audited where it changes something sensitive, and
sends its e-mails after commit, in the recipient's language."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peerlearning import access, derived
from peerlearning.accounts import audit
from peerlearning.accounts.models import User
from peerlearning.exchanges.models import (
    AgendaSession,
    Contribution,
    ContributionReport,
    Delegation,
    Exchange,
    ExchangeInvitation,
    FollowUpEvent,
    FollowUpStatus,
    Moderation,
    Outcome,
    OutcomeKind,
    Registration,
    RegistrationStatus,
    Report,
    SealedAuthorship,
    Status,
    SurveyResponse,
    SurveySubmission,
    survey_marker,
)
from peerlearning.exchanges.reports import without_moderated_text
from peerlearning.lib.mail import recipient_zone, send_templated_email
from peerlearning.lib.translations import refusal, with_translation
from peerlearning.network.models import Organisation
from peerlearning.notifications.models import Kind


class ExchangeError(Exception):
    """A request that cannot be carried out; the message is translated and shown as it is."""


EXCHANGE_MAIL_BUILDER = "peerlearning.exchanges.actions.exchange_mail_context"


def _mail_context(exchange: Exchange) -> dict[str, Any]:
    return {"exchange": exchange, "url": f"{settings.SITE_URL}{exchange.get_absolute_url()}"}


def _mail(template: str, person: User, exchange: Exchange) -> None:
    """An e-mail every participant gets, whatever their notification choices (a reminder, a
    place on the waiting list)."""
    send_templated_email(
        f"exchanges/email/{template}",
        person,
        _mail_context(exchange),
        builder=EXCHANGE_MAIL_BUILDER,
    )


def _tell(
    kind: Kind, template: str, people: Iterable[User], exchange: Exchange, *, again: bool = True
) -> None:
    """What concerns these people directly: a notification each, and this e-mail to those who
    want this kind at once (the others read it in their digest, or only on the platform).
    `again` unless calling once more must tell nobody twice."""
    derived.notify(
        kind,
        exchange,
        people,
        email=f"exchanges/email/{template}",
        email_context=_mail_context(exchange),
        builder=EXCHANGE_MAIL_BUILDER,
        again=again,
    )


def exchange_mail_context(context: dict[str, Any]) -> dict[str, Any]:
    """Run by the sending task: the start as the exchange's own clock reads it, and the
    recipient's own zone when their clock reads it differently (templates/exchanges/email/
    when.txt writes both, each named)."""
    exchange: Exchange = context["exchange"]
    starts = exchange.local(exchange.starts_at)
    recipients = recipient_zone(context.get("recipient"))
    own_zone = recipients
    if starts is None or (
        own_zone is not None and starts.astimezone(own_zone).utcoffset() == starts.utcoffset()
    ):
        own_zone = None
    # "Today" or "Tomorrow" as the recipient's calendar reads it when the e-mail goes out.
    reader_zone = recipients or exchange.zone
    starts_today = (
        starts is not None
        and starts.astimezone(reader_zone).date() == timezone.now().astimezone(reader_zone).date()
    )
    # Read when the e-mail is sent, for the recipient's own place: a registration cancelled
    # since, or one on the waiting list, gets no joining details.
    recipient = context.get("recipient")
    joining = (
        exchange
        if recipient is not None
        and access.is_participant(recipient, exchange)
        and access.has_joining_details(exchange)
        else None
    )
    return {
        "starts": starts,
        "own_zone": own_zone,
        "starts_today": starts_today,
        "joining": joining,
    }


def joining_mail_context(context: dict[str, Any]) -> dict[str, Any] | None:
    """The joining details e-mail: not sent to whoever no longer holds a place at sending."""
    built = exchange_mail_context(context)
    return built if built["joining"] is not None else None


@transaction.atomic
def create_exchange(
    *,
    by: User,
    hosts: list[Organisation] | None = None,
    co_conveners: list[Organisation] | None = None,
    **fields: Any,
) -> Exchange:
    community = fields.get("community")
    if community is not None and community.closed_at is not None:
        raise ExchangeError(_("This sub-group is closed: it takes no new exchanges."))
    exchange = Exchange.objects.create(**fields)
    exchange.host_governments.set(hosts or [])
    exchange.co_conveners.set(co_conveners or [])
    audit.record(by, "exchange.created", exchange)
    return exchange


@transaction.atomic
def update_exchange(
    exchange: Exchange,
    *,
    by: User,
    hosts: list[Organisation] | None = None,
    co_conveners: list[Organisation] | None = None,
    **fields: Any,
) -> Exchange:
    for name, value in fields.items():
        setattr(exchange, name, value)
    exchange.save(update_fields=list(fields))
    if hosts is not None:
        exchange.host_governments.set(hosts)
    if co_conveners is not None:
        exchange.co_conveners.set(co_conveners)
    audit.record(by, "exchange.updated", exchange, fields=sorted(fields))
    _refresh_lessons(exchange)
    return exchange


def _refresh_lessons(exchange: Exchange) -> None:
    """Who may see an exchange decides who finds its lessons in search."""
    derived.schedule_search_refresh_for_exchange(exchange)


def exchange_changed(exchange: Exchange) -> None:
    """An exchange saved outside these actions (the admin): who finds its lessons follows."""
    _refresh_lessons(exchange)


@transaction.atomic
def mark_attendance(registration: Registration, *, attended: bool, by: User) -> Registration:
    """After the exchange, the facilitators mark a place held but not taken (no certificate
    for it), or take the mark back."""
    if not access.exchange_has_ended(registration.exchange):
        raise ExchangeError(_("Attendance can be marked once the exchange has been held."))
    registration.absent_marked_at = None if attended else timezone.now()
    registration.save(update_fields=["absent_marked_at"])
    audit.record(
        by,
        "exchange.attendance_marked",
        registration.exchange,
        registration=str(registration.uuid),
        attended=attended,
    )
    return registration


@transaction.atomic
def update_joining_details(
    exchange: Exchange, *, by: User, joining_link: str, joining_venue: str, joining_notes: str
) -> Exchange:
    """The video link, venue and logistics, for registered participants only. The audit says
    that they changed, not what they are (a link can be a meeting's key)."""
    before = (exchange.joining_link, exchange.joining_venue, exchange.joining_notes)
    exchange.joining_link = joining_link.strip()
    exchange.joining_venue = joining_venue.strip()
    exchange.joining_notes = joining_notes.strip()
    after = (exchange.joining_link, exchange.joining_venue, exchange.joining_notes)
    exchange.save(update_fields=["joining_link", "joining_venue", "joining_notes"])
    audit.record(by, "exchange.joining_details_updated", exchange)
    if after != before and any(after) and not access.exchange_has_ended(exchange):
        # Those holding a place are told, each by their own e-mail (the builder checks again,
        # at sending, that the recipient still holds it).
        for registration in Registration.objects.filter(
            exchange=exchange, status=RegistrationStatus.REGISTERED
        ).select_related("person"):
            send_templated_email(
                "exchanges/email/joining",
                registration.person,
                _mail_context(exchange),
                builder="peerlearning.exchanges.actions.joining_mail_context",
            )
    return exchange


@transaction.atomic
def move_exchange(
    exchange: Exchange, status: str, *, by: User, now: datetime | None = None
) -> Exchange:
    """The one path of every status change: pages, API and named actions below all go through
    it, and so through its guards."""
    now = now or timezone.now()
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if status == Status.HELD and exchange.status in (Status.OPEN, Status.CLOSED):
        if exchange.end is None:
            raise ExchangeError(
                _("Give the exchange its date first: it can be marked as held once it has ended.")
            )
        if not exchange.has_ended(now):
            local_end = exchange.end.astimezone(exchange.zone)
            raise ExchangeError(
                _(
                    "The exchange has not ended yet: it can be marked as held after "
                    "%(end)s (%(zone)s)."
                )
                % {
                    "end": date_format(local_end, "DATETIME_FORMAT"),
                    "zone": exchange.zone.key,
                }
            )
    if status == Status.REPORTED and exchange.status in (Status.REPORTED, Status.ARCHIVED):
        raise ExchangeError(_("The report is published already."))
    if status == Status.REPORTED and exchange.status != Status.HELD:
        raise ExchangeError(
            _("The report can be published once the exchange has been marked as held.")
        )
    if not exchange.can_move_to(status):
        raise ExchangeError(
            _("An exchange cannot go from “%(current)s” to “%(next)s”.")
            % {"current": exchange.get_status_display(), "next": Status(status).label}
        )
    report = None
    if status == Status.REPORTED:
        report = Report.objects.filter(exchange=exchange).first()
        if report is None or not report.body.strip():
            raise ExchangeError(_("Write the report before publishing it."))
        report.published_at = now
        report.save(update_fields=["published_at"])
    fields = ["status"]
    if status == Status.REPORTED and exchange.survey_closed_at is None:
        exchange.survey_closed_at = now  # the survey closes with the report
        fields.append("survey_closed_at")
    previous, exchange.status = exchange.status, status
    exchange.save(update_fields=fields)
    audit.record(by, "exchange.status_changed", exchange, before=previous, after=status)
    _refresh_lessons(exchange)
    if previous == Status.DRAFT and status == Status.OPEN:
        derived.announce(Kind.NEW_EXCHANGE, exchange, by=by)
        # Invited while a draft, which they may not see: their invitation reaches them now.
        _tell(Kind.EXCHANGE_INVITATION, "invitation", _invitees(exchange), exchange, again=False)
    if status == Status.REPORTED:
        audit.record(by, "exchange.report_published", exchange)
        # Published outcomes (challenges, support needs) may now be reasons of suggestions.
        derived.schedule_suggestions_refresh()
    if report is not None:
        derived.announce(Kind.REPORT_PUBLISHED, report, by=by)
    return exchange


def _invitees(exchange: Exchange) -> list[User]:
    """Those invited who hold no registration yet."""
    registered = Registration.objects.filter(exchange=exchange).exclude(
        status=RegistrationStatus.CANCELLED
    )
    return list(
        User.objects.filter(exchange_invitations__exchange=exchange).exclude(
            pk__in=registered.values("person")
        )
    )


def publish_exchange(exchange: Exchange, *, by: User) -> Exchange:
    """From draft to announced: registration then opens and closes by its dates."""
    return move_exchange(exchange, Status.OPEN, by=by)


def mark_held(exchange: Exchange, *, by: User, now: datetime | None = None) -> Exchange:
    """Only once it has ended."""
    return move_exchange(exchange, Status.HELD, by=by, now=now)


def cancel_exchange(exchange: Exchange, *, by: User) -> Exchange:
    return move_exchange(exchange, Status.CANCELLED, by=by)


def archive_exchange(exchange: Exchange, *, by: User) -> Exchange:
    return move_exchange(exchange, Status.ARCHIVED, by=by)


@transaction.atomic
def publish_report(exchange: Exchange, *, by: User, now: datetime | None = None) -> Report:
    """The report goes out to whoever may see the exchange; its outcomes with it, and the
    feedback survey closes."""
    exchange = move_exchange(exchange, Status.REPORTED, by=by, now=now)
    return Report.objects.get(exchange=exchange)


@transaction.atomic
def open_registration_now(exchange: Exchange, *, by: User, now: datetime | None = None) -> Exchange:
    """By hand, before its date or again after it closed: the dates say so from now on."""
    now = now or timezone.now()
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.status not in (Status.OPEN, Status.CLOSED):
        raise ExchangeError(
            _("Registration can be opened only for a published exchange that is not yet held.")
        )
    if exchange.has_ended(now):
        raise ExchangeError(_("The exchange is over: registration cannot open again."))
    if exchange.registration_is_open(now):
        raise ExchangeError(_("Registration is open already."))
    before = _registration_dates(exchange)
    exchange.registration_opens_at = now
    if exchange.registration_closes_at and exchange.registration_closes_at <= now:
        exchange.registration_closes_at = None
    exchange.status = Status.OPEN
    exchange.save(update_fields=["registration_opens_at", "registration_closes_at", "status"])
    audit.record(
        by,
        "exchange.registration_opened",
        exchange,
        before=before,
        after=_registration_dates(exchange),
    )
    return exchange


@transaction.atomic
def close_registration_now(
    exchange: Exchange, *, by: User, now: datetime | None = None
) -> Exchange:
    now = now or timezone.now()
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if not exchange.registration_is_open(now):
        raise ExchangeError(_("Registration is not open."))
    before = _registration_dates(exchange)
    exchange.registration_closes_at = now
    exchange.save(update_fields=["registration_closes_at"])
    audit.record(
        by,
        "exchange.registration_closed",
        exchange,
        before=before,
        after=_registration_dates(exchange),
    )
    return exchange


def _registration_dates(exchange: Exchange) -> dict[str, str | None]:
    return {
        "opens": exchange.registration_opens_at.isoformat()
        if exchange.registration_opens_at
        else None,
        "closes": exchange.registration_closes_at.isoformat()
        if exchange.registration_closes_at
        else None,
    }


@transaction.atomic
def invite_delegation(exchange: Exchange, organisation: Organisation, *, by: User) -> Delegation:
    delegation, created = Delegation.objects.get_or_create(
        exchange=exchange, organisation=organisation, defaults={"invited": True}
    )
    if not created and delegation.invited:
        raise ExchangeError(_("This delegation is invited already."))
    if not created:
        delegation.invited = True
        delegation.save(update_fields=["invited"])
    audit.record(by, "exchange.delegation_invited", exchange, organisation=organisation.slug)
    return delegation


@transaction.atomic
def invite_person(
    exchange: Exchange, person: User, *, by: User, organisation: Organisation | None = None
) -> ExchangeInvitation:
    if Registration.objects.active_for(exchange, person.pk) is not None:
        raise ExchangeError(_("This person is registered already."))
    delegation = None
    if organisation is not None:
        delegation, _created = Delegation.objects.get_or_create(
            exchange=exchange, organisation=organisation, defaults={"invited": True}
        )
    invitation, created = ExchangeInvitation.objects.get_or_create(
        exchange=exchange, person=person, defaults={"delegation": delegation}
    )
    if not created:
        raise ExchangeError(_("This person is invited already."))
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    audit.record(by, "exchange.person_invited", exchange, person=str(person.uuid))
    _tell(Kind.EXCHANGE_INVITATION, "invitation", [person], exchange)
    return invitation


RESEND_AFTER = timedelta(days=1)


@transaction.atomic
def resend_invitation(invitation: ExchangeInvitation, *, by: User) -> ExchangeInvitation:
    """The same invitation e-mail again, to the same person."""
    exchange = invitation.exchange
    if exchange.is_past() or exchange.status == Status.CANCELLED:
        raise ExchangeError(_("The exchange is over: there is nothing to invite to."))
    if Registration.objects.active_for(exchange, invitation.person_id) is not None:
        raise ExchangeError(_("This person is registered already."))
    last = invitation.sent_at or invitation.created_at
    if timezone.now() - last < RESEND_AFTER:
        # A button pressed again and again must not fill a person's inbox.
        raise ExchangeError(
            _("This invitation was sent less than a day ago: it can be sent again tomorrow.")
        )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    audit.record(by, "exchange.invitation_resent", exchange, invitation=str(invitation.uuid))
    _tell(Kind.EXCHANGE_INVITATION, "invitation", [invitation.person], exchange)
    return invitation


@transaction.atomic
def cancel_invitation(invitation: ExchangeInvitation, *, by: User) -> None:
    """The invitation is withdrawn: an exchange for invitees only is no longer theirs to see
    (unless they registered). Nobody is told by e-mail."""
    exchange, uuid = invitation.exchange, str(invitation.uuid)
    person = str(invitation.person.uuid)
    derived.withdraw([Kind.EXCHANGE_INVITATION], exchange, [invitation.person])
    invitation.delete()
    audit.record(by, "exchange.invitation_cancelled", exchange, invitation=uuid, person=person)


def delegation_choices(exchange: Exchange, person: User) -> list[Organisation]:
    """The organisations a person may register with: those they speak for (confirmed)."""
    return list(access.confirmed_organisations(person).order_by("name"))


@transaction.atomic
def register(
    exchange: Exchange,
    person: User,
    *,
    organisation: Organisation,
    accepted_rule: bool,
    interpretation_needs: str = "",
    access_needs: str = "",
) -> Registration:
    """Register, or join the waiting list when the exchange is full. Safe under concurrency:
    registrations for one exchange queue on its row."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if not exchange.registration_is_open():
        raise ExchangeError(_("Registration for this exchange is not open."))
    if not accepted_rule:
        raise ExchangeError(_("To take part you must accept the rule of this exchange."))
    if organisation not in delegation_choices(exchange, person):
        raise ExchangeError(_("You can register only with an organisation you belong to."))
    existing = Registration.objects.filter(exchange=exchange, person=person).first()
    if existing and existing.status != RegistrationStatus.CANCELLED:
        raise ExchangeError(_("You are registered for this exchange already."))
    delegation, _created = Delegation.objects.get_or_create(
        exchange=exchange, organisation=organisation
    )
    status = RegistrationStatus.WAITLISTED if exchange.is_full() else RegistrationStatus.REGISTERED
    values = {
        "delegation": delegation,
        "status": status,
        "interpretation_needs": interpretation_needs,
        "access_needs": access_needs,
        "accepted_rule_at": timezone.now(),
        "created_at": timezone.now(),
        "cancelled_at": None,
        "promoted_at": None,
    }
    if existing:
        for name, value in values.items():
            setattr(existing, name, value)
        existing.save()
        registration = existing
    else:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    exchange=exchange, person=person, **values
                )
        except IntegrityError:
            raise ExchangeError(_("You are registered for this exchange already.")) from None
    audit.record(person, f"exchange.{status}", exchange)
    derived.follow(person, exchange)
    if status == RegistrationStatus.REGISTERED:
        _tell(Kind.REGISTRATION_CONFIRMED, "registered", [person], exchange)
    else:
        _mail("waitlisted", person, exchange)
    return registration


@transaction.atomic
def cancel_registration(registration: Registration, *, by: User) -> Registration | None:
    """Cancel; the first on the waiting list takes the place. Returns whoever was promoted."""
    exchange = Exchange.objects.select_for_update().get(pk=registration.exchange_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ExchangeError(_("This registration is cancelled already."))
    freed = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    derived.withdraw(
        [Kind.REGISTRATION_CONFIRMED, Kind.REGISTRATION_PROMOTED],
        exchange,
        [registration.person],
    )
    audit.record(by, "exchange.registration_cancelled", exchange)
    if not freed or exchange.status not in (Status.OPEN, Status.CLOSED):
        return None
    following = (
        Registration.objects.select_for_update()
        .filter(exchange=exchange, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if following is None:
        return None
    following.status = RegistrationStatus.REGISTERED
    following.promoted_at = timezone.now()
    following.save(update_fields=["status", "promoted_at"])
    audit.record(None, "exchange.promoted", exchange)
    _tell(Kind.REGISTRATION_PROMOTED, "promoted", [following.person], exchange)
    return following


@transaction.atomic
def add_session(
    exchange: Exchange, *, by: User, speakers: list[User] | None = None, **fields: Any
) -> AgendaSession:
    if fields["ends_at"] <= fields["starts_at"]:
        raise ExchangeError(_("A session must end after it starts."))
    session = AgendaSession.objects.create(exchange=exchange, **fields)
    session.speakers.set(speakers or [])
    audit.record(by, "exchange.session_added", exchange)
    return session


@transaction.atomic
def edit_session(
    session: AgendaSession, *, by: User, speakers: list[User] | None = None, **fields: Any
) -> AgendaSession:
    if fields["ends_at"] <= fields["starts_at"]:
        raise ExchangeError(_("A session must end after it starts."))
    for name, value in fields.items():
        setattr(session, name, value)
    session.save(update_fields=list(fields))
    if speakers is not None:
        session.speakers.set(speakers)
    audit.record(by, "exchange.session_edited", session.exchange, session=str(session.uuid))
    return session


@transaction.atomic
def delete_session(session: AgendaSession, *, by: User) -> None:
    exchange, uuid = session.exchange, str(session.uuid)
    session.delete()
    audit.record(by, "exchange.session_deleted", exchange, session=uuid, title=session.title)


@transaction.atomic
def contribute(exchange: Exchange, author: User, *, kind: str, text: str) -> Contribution:
    contribution = Contribution.objects.create(exchange=exchange, kind=kind, text=text.strip())
    SealedAuthorship.objects.create(contribution=contribution, author=author)
    return contribution


def contributions_of(
    author: User, exchange: Exchange | None = None, *, withdrawn: bool = False
) -> Any:
    """The author's own contributions: the only read of authorship outside abuse handling.
    With `withdrawn`, those they withdrew too (their personal data export)."""
    sealed = SealedAuthorship.objects.filter(author=author).values("contribution")
    queryset = Contribution.objects.filter(pk__in=sealed)
    if not withdrawn:
        queryset = queryset.filter(withdrawn=False)
    return queryset.filter(exchange=exchange) if exchange else queryset


def own_contribution(author: User, uuid: Any) -> Contribution | None:
    return contributions_of(author).filter(uuid=uuid).first()


@transaction.atomic
def edit_contribution(contribution: Contribution, *, kind: str, text: str) -> Contribution:
    contribution.kind, contribution.text = kind, text.strip()
    contribution.save(update_fields=["kind", "text"])
    return contribution


@transaction.atomic
def withdraw_contribution(contribution: Contribution) -> None:
    contribution.withdrawn = True
    contribution.save(update_fields=["withdrawn"])
    contribution.outcomes.clear()


@transaction.atomic
def report_contribution(contribution: Contribution, *, by: User, reason: str) -> ContributionReport:
    """A participant asks the facilitators to review a contribution (one that identifies
    someone, say). The reporter is named to the exchange's facilitators only."""
    if not reason.strip():
        raise ExchangeError(_("Say why the facilitators should review it."))
    if contribution.withdrawn:
        raise ExchangeError(_("This contribution has been withdrawn."))
    try:
        with transaction.atomic():
            report = ContributionReport.objects.create(
                contribution=contribution, reporter=by, reason=reason.strip()
            )
    except IntegrityError:
        raise ExchangeError(_("You have reported this contribution already.")) from None
    audit.record(by, "contribution.reported", contribution)
    return report


@transaction.atomic
def moderate_contribution(
    contribution: Contribution,
    *,
    by: User,
    moderation: str,
    reason: str,
    redacted_text: str = "",
) -> Contribution:
    """Facilitators redact a contribution's text, hide it, or show it as written again. The
    original stays in the contribution for its author and the audited author-reading path;
    each change is audited with its reason, and settles the contribution's open reports."""
    if moderation not in Moderation.values:
        raise ExchangeError(_("Choose what to do from the list."))
    if len(reason.strip()) < 10:
        raise ExchangeError(_("Say why (at least a sentence): the reason is recorded."))
    redacted_text = redacted_text.strip()
    if moderation == Moderation.REDACTED and not redacted_text:
        raise ExchangeError(_("Write the text to show instead."))
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    previous = contribution.moderation
    contribution.moderation = moderation
    contribution.redacted_text = redacted_text if moderation == Moderation.REDACTED else ""
    contribution.save(update_fields=["moderation", "redacted_text"])
    if moderation != Moderation.NONE and contribution.text.strip():
        # Outcomes and a report quoting it quote the redaction from now on (the report's
        # pages, PDF and API also replace any quote pasted later).
        exchange, quoted = contribution.exchange, contribution.text.strip()
        for outcome in Outcome.objects.filter(exchange=exchange, text__contains=quoted):
            outcome.text = without_moderated_text(exchange, outcome.text)
            outcome.save(update_fields=["text"])
        report = Report.objects.filter(exchange=exchange).first()
        if report is not None:
            report.summary = without_moderated_text(exchange, report.summary)
            report.body = without_moderated_text(exchange, report.body)
            report.save(update_fields=["summary", "body"])
        # So do the lessons made of those outcomes (found in search, read by whoever may read
        # the outcomes): their copy of the text is redacted too, and indexed again.
        from peerlearning.knowledge.models import Lesson

        lessons = list(Lesson.objects.filter(exchange=exchange, text__contains=quoted))
        for lesson in lessons:
            lesson.text = without_moderated_text(exchange, lesson.text)
            lesson.save(update_fields=["text"])
        if lessons:
            _refresh_lessons(exchange)
    ContributionReport.objects.filter(contribution=contribution, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    audit.record(
        by,
        "contribution.moderated",
        contribution,
        before=previous,
        after=moderation,
        reason=reason.strip(),
    )
    return contribution


@transaction.atomic
def dismiss_reports(contribution: Contribution, *, by: User, reason: str = "") -> int:
    """The facilitators reviewed the reports and leave the contribution as it is."""
    dismissed = ContributionReport.objects.filter(
        contribution=contribution, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())
    audit.record(by, "contribution.reports_dismissed", contribution, reason=reason.strip())
    return dismissed


@transaction.atomic
def read_author(contribution: Contribution, *, by: User, reason: str) -> User | None:
    """For abuse handling only: an administrator learns who wrote it, and that is recorded.
    None when nobody can be named any more: the author closed their account and retention
    (accounts/retention.py) has since erased what linked them to it. The reading is recorded
    all the same."""
    if not access.is_administrator(by):
        raise ExchangeError(_("Only an administrator can do this."))
    if len(reason.strip()) < 10:
        raise ExchangeError(_("Say why you need to know (at least a sentence)."))
    authorship = (
        SealedAuthorship.objects.select_related("author").filter(contribution=contribution).first()
    )
    audit.record(by, "contribution.author_read", contribution, reason=reason.strip())
    return authorship.author if authorship else None


@transaction.atomic
def add_outcome(
    exchange: Exchange,
    *,
    by: User,
    kind: str,
    text: str,
    contributions: list[Contribution] | None = None,
    owner: Organisation | None = None,
    due_on: date | None = None,
) -> Outcome:
    is_follow_up = kind == OutcomeKind.FOLLOW_UP
    outcome = Outcome.objects.create(
        exchange=exchange,
        kind=kind,
        text=text.strip(),
        position=Outcome.objects.filter(exchange=exchange, kind=kind).count(),
        owner=owner if is_follow_up else None,
        due_on=due_on if is_follow_up else None,
        status=FollowUpStatus.OPEN if is_follow_up else "",
    )
    outcome.contributions.set(contributions or [])
    if is_follow_up:
        FollowUpEvent.objects.create(outcome=outcome, status=FollowUpStatus.OPEN)
    audit.record(by, "exchange.outcome_added", exchange, kind=kind)
    if kind in (OutcomeKind.CHALLENGE, OutcomeKind.SUPPORT_NEED):
        derived.schedule_suggestions_refresh()  # challenges and needs are reasons of suggestions
    return outcome


@transaction.atomic
def edit_outcome(
    outcome: Outcome,
    *,
    by: User,
    kind: str,
    text: str,
    contributions: list[Contribution] | None = None,
    owner: Organisation | None = None,
    due_on: date | None = None,
) -> Outcome:
    """Its kind, text, sources, owner and due date. A follow-up keeps its history; one that
    becomes a follow-up starts one, open."""
    outcome = Outcome.objects.select_for_update().get(pk=outcome.pk)
    is_follow_up = kind == OutcomeKind.FOLLOW_UP
    was_follow_up = outcome.kind == OutcomeKind.FOLLOW_UP
    before = outcome.kind
    outcome.kind, outcome.text = kind, text.strip()
    outcome.owner = owner if is_follow_up else None
    outcome.due_on = due_on if is_follow_up else None
    if is_follow_up and not was_follow_up:
        outcome.status = FollowUpStatus.OPEN
        FollowUpEvent.objects.create(outcome=outcome, status=FollowUpStatus.OPEN)
    elif not is_follow_up:
        outcome.status = ""
    outcome.save(update_fields=["kind", "text", "owner", "due_on", "status"])
    if contributions is not None:
        outcome.contributions.set(contributions)
    audit.record(
        by,
        "exchange.outcome_edited",
        outcome.exchange,
        outcome=str(outcome.uuid),
        before=before,
        after=kind,
    )
    if {before, kind} & {OutcomeKind.CHALLENGE, OutcomeKind.SUPPORT_NEED}:
        derived.schedule_suggestions_refresh()
    return outcome


@transaction.atomic
def delete_outcome(outcome: Outcome, *, by: User) -> None:
    """Its follow-up history goes with it; a support request made from it stays, unlinked."""
    exchange, uuid, kind = outcome.exchange, str(outcome.uuid), outcome.kind
    outcome.delete()
    audit.record(by, "exchange.outcome_deleted", exchange, outcome=uuid, kind=kind)
    if kind in (OutcomeKind.CHALLENGE, OutcomeKind.SUPPORT_NEED):
        derived.schedule_suggestions_refresh()


@transaction.atomic
def update_follow_up(outcome: Outcome, *, status: str, note: str, by: User) -> Outcome:
    if outcome.kind != OutcomeKind.FOLLOW_UP:
        raise ExchangeError(_("Only a follow-up action has a status."))
    outcome.status = status
    outcome.save(update_fields=["status"])
    FollowUpEvent.objects.create(outcome=outcome, status=status, note=note.strip())
    audit.record(by, "exchange.follow_up_updated", outcome.exchange, status=status)
    return outcome


@transaction.atomic
def answer_survey(
    exchange: Exchange, person: User, *, overall: int, usefulness: int, trust: int, comment: str
) -> None:
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.survey_is_closed:
        raise ExchangeError(_("The feedback survey is closed."))
    try:
        with transaction.atomic():
            SurveySubmission.objects.create(
                exchange=exchange, marker=survey_marker(exchange.pk, person.pk)
            )
    except IntegrityError:
        raise ExchangeError(_("You have answered already. Thank you!")) from None
    SurveyResponse.objects.create(
        exchange=exchange,
        overall=overall,
        usefulness=usefulness,
        trust=trust,
        comment=comment.strip(),
    )


@transaction.atomic
def close_survey(exchange: Exchange, *, by: User) -> Exchange:
    """No more answers; from now on the results (from five answers) may be shown."""
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.survey_is_closed:
        raise ExchangeError(_("The feedback survey is closed already."))
    if exchange.status != Status.HELD:
        raise ExchangeError(_("The feedback survey opens once the exchange has been held."))
    exchange.survey_closed_at = timezone.now()
    exchange.save(update_fields=["survey_closed_at"])
    audit.record(by, "exchange.survey_closed", exchange)
    return exchange


@transaction.atomic
def save_report(exchange: Exchange, *, by: User, summary: str, body: str) -> Report:
    report, _created = Report.objects.get_or_create(exchange=exchange)
    report.summary, report.body, report.updated_at = summary.strip(), body.strip(), timezone.now()
    report.save(update_fields=["summary", "body", "updated_at"])
    audit.record(by, "exchange.report_saved", exchange)
    return report


@transaction.atomic
def translate_exchange(
    exchange: Exchange,
    *,
    by: User,
    language: str,
    title: str,
    description: str,
    sessions: dict[AgendaSession, dict[str, str]] | None = None,
) -> Exchange:
    """An exchange's title, description and agenda in another language, by an editor or one of
    its facilitators. An empty title takes the translation into that language away, with its
    sessions'. Exchanges are not in the search index (their lessons are, under the original
    title): nothing to index again."""
    reason = refusal(language, exchange.language)
    if reason:
        raise ExchangeError(reason)
    exchange.translations = with_translation(
        exchange.translations, language, {"title": title, "description": description}, "title"
    )
    exchange.save(update_fields=["translations"])
    removed = language not in exchange.translations
    changed = []
    for session, texts in (sessions or {}).items():
        if session.exchange_id != exchange.pk:
            raise ExchangeError(_("This session is not on this exchange's agenda."))
        session.translations = with_translation(
            session.translations, language, {} if removed else texts, "title"
        )
        changed.append(session)
    # One query whatever the length of the agenda (a session removed meanwhile is not there).
    AgendaSession.objects.bulk_update(changed, ["translations"])
    audit.record(by, "exchange.translated", exchange, language=language, removed=removed)
    return exchange


@transaction.atomic
def translate_report(report: Report, *, by: User, language: str, summary: str, body: str) -> Report:
    """A report's text in another language: the report's words only. An empty text takes the
    translation into that language away."""
    reason = refusal(language, report.exchange.language)
    if reason:
        raise ExchangeError(reason)
    report.translations = with_translation(
        report.translations, language, {"summary": summary, "body": body}, "body"
    )
    report.save(update_fields=["translations"])
    audit.record(
        by,
        "exchange.report_translated",
        report.exchange,
        language=language,
        removed=language not in report.translations,
    )
    return report


def send_reminders(now: datetime | None = None) -> int:
    """E-mail every registered participant of an exchange starting within a day, once."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        exchange__status__in=[Status.OPEN, Status.CLOSED],
        exchange__starts_at__gt=now,
        exchange__starts_at__lte=now + timedelta(days=1),
    ).select_related("exchange", "person")
    sent = 0
    for registration in due:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration.pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if claimed:
                _mail("reminder", registration.person, registration.exchange)
                sent += 1
    return sent


FOLLOW_UP_NOTICE = timedelta(days=7)


def tell_follow_ups_due(now: datetime | None = None) -> int:
    """Tell the people who speak for an organisation (confirmed affiliation) of each follow-up
    action it owns that is still to do and due within a week, or overdue: once each, from the
    moment they may read it. Run again and again, it tells nobody twice. Returns how many
    follow-up actions are due."""
    today = timezone.localdate(now or timezone.now())
    due = (
        Outcome.objects.follow_ups_due(today + FOLLOW_UP_NOTICE)
        .filter(owner__isnull=False)
        .select_related("exchange")
    )
    count = 0
    for outcome in due:
        readers = [
            person
            for person in access.spokespeople(outcome.owner_id)
            # The same rule as the notification's own: the exchange seen, its outcomes read.
            if access.may_see_exchange(person, outcome.exchange)
            and access.can_read_outcomes(person, outcome.exchange)
        ]
        with transaction.atomic():
            derived.notify(Kind.FOLLOW_UP_DUE, outcome, readers)
        count += 1
    return count
