import hashlib
import hmac
import uuid
import zoneinfo
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerlearning.lib.translations import version_of
from peerlearning.network.models import Community, Organisation

if TYPE_CHECKING:
    pass


class Format(models.TextChoices):
    GLOBAL_EXCHANGE = "global-exchange", _("Global exchange")
    REGIONAL_MEETING = "regional-meeting", _("Regional meeting")
    WORKSHOP = "workshop", _("Workshop")
    WEBINAR = "webinar", _("Webinar")
    SITE_VISIT = "site-visit", _("Site visit")
    TRAINING = "training", _("Training")
    BILATERAL = "bilateral", _("Bilateral discussion")


class Mode(models.TextChoices):
    IN_PERSON = "in-person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Rule(models.TextChoices):
    CHATHAM_HOUSE = "chatham-house", _("Chatham House Rule")
    CLOSED = "closed", _("Closed meeting")
    OPEN = "open", _("Open, on the record")


class ExchangeVisibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see it exists")
    NETWORK = "network", _("Network: signed-in members")
    COMMUNITY = "community", _("Community: members of the community")
    INVITED = "invited", _("Invited: those invited or registered, and the facilitators")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Report published")
    ARCHIVED = "archived", _("Archived")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses after the exchange took place: the facilitators marked it held.
HELD_STATUSES = (Status.HELD, Status.REPORTED, Status.ARCHIVED)


# The lifecycle: each status and the ones a facilitator may move it to. Whether registration is
# open is not a status moved by hand but computed from the registration dates (`Exchange.stage`):
# "open" means published; "closed" is kept for exchanges closed that way before the dates did it.
TRANSITIONS: dict[str, list[str]] = {
    Status.DRAFT: [Status.OPEN, Status.CANCELLED],
    Status.OPEN: [Status.CLOSED, Status.HELD, Status.CANCELLED],
    Status.CLOSED: [Status.OPEN, Status.HELD, Status.CANCELLED],
    Status.HELD: [Status.REPORTED],
    Status.REPORTED: [Status.ARCHIVED],
    Status.ARCHIVED: [],
    Status.CANCELLED: [],
}


class Stage(models.TextChoices):
    """Where an exchange stands, as people read it: its status, with registration computed
    from its dates."""

    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Announced")
    OPEN = "open", _("Open for registration")
    CLOSED = "closed", _("Registration closed")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Report published")
    ARCHIVED = "archived", _("Archived")
    CANCELLED = "cancelled", _("Cancelled")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ExchangeQuerySet(models.QuerySet["Exchange"]):
    """Who may see them is decided in peerlearning/access."""

    def upcoming(self, now: datetime | None = None) -> "ExchangeQuerySet":
        """Exchanges that start from now on, soonest first."""
        return self.filter(starts_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now: datetime | None = None) -> "ExchangeQuerySet":
        """Exchanges that started before now, and those with no exact date (held before the
        platform), in the default order (latest first)."""
        return self.filter(Q(starts_at__lt=now or timezone.now()) | Q(starts_at__isnull=True))


class Exchange(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("address name"), max_length=120, unique=True)
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="exchanges")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    theme = models.CharField(_("theme"), max_length=250, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, blank=True)
    place = models.CharField(_("place"), max_length=250, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    when_text = models.CharField(
        _("when, if no exact date is known"),
        max_length=100,
        blank=True,
        help_text=_("For example: early 2024."),
    )
    host_governments = models.ManyToManyField(
        Organisation,
        verbose_name=_("host governments"),
        blank=True,
        related_name="hosted_exchanges",
    )
    co_conveners = models.ManyToManyField(
        Organisation,
        verbose_name=_("co-convening organisations"),
        blank=True,
        related_name="convened_exchanges",
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interpretation = models.JSONField(_("interpretation into"), default=list, blank=True)
    language = models.CharField(_("language of the report"), max_length=10, default="en")
    rule = models.CharField(
        _("rule"), max_length=20, choices=Rule.choices, default=Rule.CHATHAM_HOUSE
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=ExchangeVisibility.choices,
        default=ExchangeVisibility.COMMUNITY,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    participation_note = models.CharField(
        _("participation as reported"),
        max_length=250,
        blank=True,
        help_text=_(
            "Aggregates only, for exchanges held before the platform: e.g. 36 governments."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Joining details: for registered participants only (peerlearning/access/papers.py).
    joining_link = models.URLField(
        _("video link"),
        max_length=500,
        blank=True,
        help_text=_("The address to join online. Shown only to registered participants."),
    )
    joining_venue = models.TextField(
        _("venue and address"),
        max_length=1000,
        blank=True,
        help_text=_("Where to go in person. Shown only to registered participants."),
    )
    joining_notes = models.TextField(
        _("logistics"),
        max_length=3000,
        blank=True,
        help_text=_(
            "Access, security check, interpretation channels, whom to call. "
            "Shown only to registered participants."
        ),
    )
    survey_closed_at = models.DateTimeField(_("feedback survey closed"), null=True, blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language: {"es": {"title": "…", "description": "…"}}.'),
    )

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        ordering = [models.F("starts_at").desc(nulls_last=True), "title"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exchanges:detail", args=[self.slug])

    def version(self, wanted: str) -> dict[str, Any]:
        """Its title and description in the wanted language when translated, else as written
        (with what the fallback note needs: lib.translations.version_of)."""
        return version_of(
            {"title": self.title, "description": self.description},
            self.language,
            self.translations,
            wanted,
            "title",
        )

    @property
    def is_under_rule(self) -> bool:
        """Chatham House and closed meetings: nothing is attributed to anyone."""
        return self.rule != Rule.OPEN

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def local(self, moment: datetime | None) -> datetime | None:
        return moment.astimezone(self.zone) if moment else None

    @property
    def survey_is_closed(self) -> bool:
        """Closed by a facilitator, or by the report's publication: only then are its results
        shown, so that no answer can be told apart by comparing results over time."""
        return self.survey_closed_at is not None or self.status in (
            Status.REPORTED,
            Status.ARCHIVED,
        )

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS.get(self.status, [])

    def registration_is_open(self, now: datetime | None = None) -> bool:
        """Published, within its registration dates (either may be empty), and not over."""
        now = now or timezone.now()
        if self.status != Status.OPEN or self.has_ended(now):
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    @property
    def end(self) -> datetime | None:
        """When it is over: its end, or its start when it has no end."""
        return self.ends_at or self.starts_at

    def has_ended(self, now: datetime | None = None) -> bool:
        """Over by the clock. Without an exact date nobody can tell: not ended."""
        return self.end is not None and self.end <= (now or timezone.now())

    def is_past(self, now: datetime | None = None) -> bool:
        """To be read as past: over by the clock, or held (dated in words, before the platform).
        A cancelled exchange never took place: not past, cancelled."""
        if self.status == Status.CANCELLED:
            return False
        return self.status in HELD_STATUSES or self.has_ended(now)

    def stage(self, now: datetime | None = None) -> Stage:
        now = now or timezone.now()
        if self.status == Status.OPEN:
            if self.registration_is_open(now):
                return Stage.OPEN
            if self.registration_opens_at and now < self.registration_opens_at:
                return Stage.ANNOUNCED
            return Stage.CLOSED
        return Stage(self.status)

    @property
    def current_stage(self) -> Stage:
        return self.stage()

    def is_full(self) -> bool:
        """Every place is taken: a new registration joins the waiting list."""
        if self.capacity is None:
            return False
        return Registration.objects.filter(exchange=self).taking_places().count() >= self.capacity


class Delegation(models.Model):
    """A government department or organisation taking part in an exchange."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="delegations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="delegations"
    )
    invited = models.BooleanField(_("invited by the facilitators"), default=False)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(fields=["exchange", "organisation"], name="one_delegation_each")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.exchange}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> "RegistrationQuerySet":
        """Registered or on the waiting list: not cancelled."""
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def taking_places(self) -> "RegistrationQuerySet":
        """Those holding one of the exchange's places (not waiting, not cancelled)."""
        return self.filter(status=RegistrationStatus.REGISTERED)

    def active_for(self, exchange: "Exchange", person_id: Any) -> "Registration | None":
        """A person's registration for an exchange, unless cancelled."""
        return self.active().filter(exchange=exchange, person_id=person_id).first()


class Registration(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="registrations"
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    interpretation_needs = models.CharField(_("interpretation needs"), max_length=500, blank=True)
    access_needs = models.CharField(_("access needs"), max_length=500, blank=True)
    accepted_rule_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Set by the facilitators after the exchange for a place held but not taken: no certificate.
    absent_marked_at = models.DateTimeField(_("marked absent"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exchange", "person"], name="one_registration_each")
        ]
        indexes = [models.Index(fields=["exchange", "status"])]

    def __str__(self) -> str:
        return f"{self.person} @ {self.exchange} ({self.status})"


class ExchangeInvitationQuerySet(models.QuerySet["ExchangeInvitation"]):
    def unanswered(self) -> "ExchangeInvitationQuerySet":
        """Invitations the invited person has not answered: no registration of theirs (a
        cancelled one is an answer), to an exchange open for registration."""
        answered = Registration.objects.filter(
            exchange=models.OuterRef("exchange"), person=models.OuterRef("person")
        )
        return self.filter(exchange__status=Status.OPEN).exclude(models.Exists(answered))


class ExchangeInvitation(models.Model):
    """A facilitator asked this person to take part, possibly within a delegation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exchange_invitations"
    )
    delegation = models.ForeignKey(Delegation, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)

    objects = ExchangeInvitationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["exchange", "person"], name="one_exchange_invitation_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.exchange}"


class AgendaSession(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language: {"es": {"title": "…", "description": "…"}}.'),
    )
    speakers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("speakers"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ContributionKind(models.TextChoices):
    PRACTICE = "practice", _("Practice shared")
    CHALLENGE = "challenge", _("Challenge")
    IDEA = "idea", _("Idea for a solution")
    LEARNING = "learning", _("Learning")
    QUESTION = "question", _("Question")
    SUPPORT_NEED = "support-need", _("Support need")
    FEEDBACK = "feedback", _("Feedback quote")


class Moderation(models.TextChoices):
    NONE = "", _("As written")
    REDACTED = "redacted", _("Redacted by the facilitators")
    HIDDEN = "hidden", _("Hidden by the facilitators")


class Contribution(models.Model):
    """What was said. Under the rule it carries no author: authorship is sealed apart.

    When the facilitators redact or hide it, `text` keeps the original for its author and the
    audited reading path; everyone else, and every report, sees `shown_text`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="contributions")
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices)
    text = models.TextField(_("text"), max_length=5000)
    created_on = models.DateField(default=timezone.localdate)
    withdrawn = models.BooleanField(default=False)
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=Moderation.choices, default="", blank=True
    )
    redacted_text = models.TextField(_("redacted text"), max_length=5000, blank=True)

    class Meta:
        # By kind, then by the random uuid: never in the order they were written, which could
        # be matched with the order people registered or spoke.
        ordering = ["kind", "uuid"]
        indexes = [models.Index(fields=["exchange", "withdrawn"])]

    def __str__(self) -> str:
        return self.shown_text[:60]

    @property
    def shown_text(self) -> str:
        """The text as everyone but its author reads it."""
        if self.moderation == Moderation.HIDDEN:
            return str(_("This contribution was hidden by the facilitators."))
        if self.moderation == Moderation.REDACTED:
            return self.redacted_text
        return self.text


class SealedAuthorship(models.Model):
    """Who wrote a contribution. Read only by the author (for their own) and, audited, by an
    administrator handling abuse. Never joined into any page, export or API answer, and named
    nowhere: its name is the same for every row, and the admin's deletion pages leave it out
    (see `peerlearning.exchanges.admin.without_sealed_authorship`)."""

    contribution = models.OneToOneField(Contribution, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        # No number: a row's id, like its order, would pair an author with what they wrote.
        return str(_("sealed authorship"))


class ContributionReport(models.Model):
    """A participant asks the facilitators to review a contribution. Who reported it is for the
    exchange's facilitators only: never for the author, a report, an export or the API."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution report")
        verbose_name_plural = _("contribution reports")
        ordering = ["created_at", "uuid"]
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "reporter"], name="one_contribution_report_each"
            )
        ]

    def __str__(self) -> str:
        return str(_("a contribution reported for review"))


class OutcomeKind(models.TextChoices):
    LEARNING = "learning", _("Key learning")
    CHALLENGE = "challenge", _("Challenge")
    SUPPORT_NEED = "support-need", _("Support need")
    FOLLOW_UP = "follow-up", _("Follow-up action")
    PROPOSAL = "proposal", _("Proposal for further peer discussion")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in-progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class OutcomeQuerySet(models.QuerySet["Outcome"]):
    def follow_ups_due(self, by: date) -> "OutcomeQuerySet":
        """Follow-up actions still to do (open or in progress) due on or before a day, overdue
        ones included, the earliest due first."""
        return self.filter(
            kind=OutcomeKind.FOLLOW_UP,
            status__in=[FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS],
            due_on__lte=by,
        ).order_by("due_on", "pk")


class Outcome(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=20, choices=OutcomeKind.choices)
    text = models.TextField(_("text"), max_length=5000)
    position = models.PositiveIntegerField(_("position"), default=0)
    contributions = models.ManyToManyField(Contribution, blank=True, related_name="outcomes")
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["kind", "position", "pk"]
        indexes = [models.Index(fields=["kind", "status", "due_on"])]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.kind == OutcomeKind.FOLLOW_UP
            and self.due_on
            and self.due_on < timezone.localdate()
            and self.status in (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)
        )


class FollowUpEvent(models.Model):
    """The history of a follow-up action's status."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=20, choices=FollowUpStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.outcome_id}: {self.status}"


def survey_marker(exchange_id: int, person_id: int) -> str:
    """Who answered an exchange's survey, as a keyed hash: enough to let each person answer once,
    and nothing a copy of the database alone can turn back into a name."""
    message = f"survey:{exchange_id}:{person_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


class SurveySubmission(models.Model):
    """That someone answered (to answer once), by `survey_marker`; the answer itself is in
    SurveyResponse, unlinked. The table names nobody: answers and markers are written in the
    same order, and a person's id beside each marker would pair them."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="+")
    marker = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exchange", "marker"], name="one_answer_each")
        ]

    def __str__(self) -> str:
        return f"answered #{self.pk}"


class SurveyResponse(models.Model):
    exchange = models.ForeignKey(
        Exchange, on_delete=models.CASCADE, related_name="survey_responses"
    )
    overall = models.PositiveSmallIntegerField()
    usefulness = models.PositiveSmallIntegerField()
    trust = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=3000)

    class Meta:
        # No ordering by creation: the order of answers must not hint at who gave them.
        ordering = ["comment"]

    def __str__(self) -> str:
        return f"answer #{self.pk}"


class Report(models.Model):
    exchange = models.OneToOneField(Exchange, on_delete=models.CASCADE, related_name="report")
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("report"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('By language: {"es": {"summary": "…", "body": "…"}}.'),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return str(self.exchange)


class CalendarToken(models.Model):
    """A secret address for a person's calendar feed; calendar apps cannot sign in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar #{self.pk}"
