"""Support requests, offers, the matches between them, and peer suggestions (DESIGN.md §6).

Who may see and act on each is decided in peerlearning/access (support.py), as everywhere else."""

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerlearning.exchanges.models import Format
from peerlearning.network.geography import ProgrammeRegion
from peerlearning.network.models import Community, Country, Organisation

if TYPE_CHECKING:
    pass


class SupportKind(models.TextChoices):
    CAPACITY_BUILDING = "capacity-building", _("Capacity building")
    TRAINING = "training", _("Training")
    SITE_VISIT = "site-visit", _("Site visit")
    TECHNICAL_ADVICE = "technical-advice", _("Technical advice")
    LEGAL_ADVICE = "legal-advice", _("Legal advice")
    DATA_EVIDENCE = "data-evidence", _("Data and evidence")
    PEER_EXCHANGE = "peer-exchange", _("Peer exchange")


class Urgency(models.TextChoices):
    LOW = "low", _("When possible")
    MEDIUM = "medium", _("Within months")
    HIGH = "high", _("Urgent")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MATCHED = "matched", _("Matched")
    IN_PROGRESS = "in-progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")


# Each status and the ones a request may move to. Matching moves it too (actions.py).
REQUEST_TRANSITIONS: dict[str, list[str]] = {
    # "Matched" is never set by hand: it comes when both sides accept a match.
    RequestStatus.OPEN: [RequestStatus.CLOSED],
    RequestStatus.MATCHED: [RequestStatus.IN_PROGRESS, RequestStatus.OPEN, RequestStatus.CLOSED],
    RequestStatus.IN_PROGRESS: [RequestStatus.FULFILLED, RequestStatus.CLOSED],
    RequestStatus.FULFILLED: [],
    RequestStatus.CLOSED: [RequestStatus.OPEN],
}
ENDED = [RequestStatus.FULFILLED, RequestStatus.CLOSED]


class SupportVisibility(models.TextChoices):
    NETWORK = "network", _("Network: signed-in members")
    COMMUNITY = "community", _("Community: members of the community")
    PRIVATE = "private", _("Private: those making the request and the facilitators")


class SupportRequestQuerySet(models.QuerySet["SupportRequest"]):
    """Who may see them is decided in peerlearning/access."""

    def filtered(self, filters: "Mapping[str, str]") -> "SupportRequestQuerySet":
        """The list's filters: status ("all", one status, or by default those not ended), kind,
        topic (a concept's slug), region (the request's or one of its countries'). Whose
        requests they are ("mine") is the visibility rule's, in peerlearning/access."""
        requests = self
        status = filters.get("status", "")
        if status == "all":
            pass
        elif status:
            requests = requests.filter(status=status)
        else:
            requests = requests.exclude(status__in=ENDED)
        if filters.get("kind"):
            requests = requests.filter(kind=filters["kind"])
        if filters.get("topic"):
            requests = requests.filter(concepts__slug=filters["topic"])
        if filters.get("region"):
            requests = requests.filter(
                Q(region=filters["region"]) | Q(countries__programme_region=filters["region"])
            ).distinct()
        return requests


class SupportRequest(models.Model):
    """A government, organisation or community asks for support.

    Made from an exchange's support need, it keeps the link to the outcome but, under the
    Chatham House Rule, nothing of who raised it: `requested_by` is whoever recorded it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("what is needed"), max_length=5000)
    # The language the title and description are written in (for lang="…" and screen readers).
    language = models.CharField(max_length=10, default="en")
    kind = models.CharField(_("kind of support"), max_length=30, choices=SupportKind.choices)
    concepts = models.ManyToManyField(
        "knowledge.Concept", verbose_name=_("topics"), related_name="support_requests"
    )
    # What its title and description say (`knowledge.reading.read`), kept up to date by the
    # actions: the concepts they name (for finding candidates in SQL) and the whole reading.
    read_concepts = models.ManyToManyField(
        "knowledge.Concept", blank=True, related_name="+", verbose_name=_("topics read")
    )
    reading = models.JSONField(default=dict, blank=True, editable=False)
    languages = models.JSONField(_("languages"), default=list)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="support_requests"
    )
    region = models.CharField(
        _("region"), max_length=20, choices=ProgrammeRegion.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("requesting organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Made from an exchange's support need: kept for good, even once the outcome is deleted
    # (which empties `outcome`), so that no country is ever named beside it.
    raised_at_exchange = models.BooleanField(default=False, editable=False)
    outcome = models.OneToOneField(
        "exchanges.Outcome",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_request",
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=SupportVisibility.choices,
        default=SupportVisibility.NETWORK,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RequestStatus.choices,
        default=RequestStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("support:request_detail", args=[self.uuid])

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED


class RequestEvent(models.Model):
    """The history of a request: each change of status, with who and why."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.status}"


class SupportOfferQuerySet(models.QuerySet["SupportOffer"]):
    """Who may see them is decided in peerlearning/access."""


class SupportOffer(models.Model):
    """An organisation, or an expert of the roster, offers support."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("what is offered"), max_length=5000, blank=True)
    language = models.CharField(max_length=10, default="en")  # of the title and description
    kinds = models.JSONField(_("kinds of support"), default=list)
    concepts = models.ManyToManyField(
        "knowledge.Concept", verbose_name=_("topics"), related_name="support_offers"
    )
    # What its title and description say (`knowledge.reading.read`), kept up to date by the
    # actions: the concepts they name (for finding candidates in SQL) and the whole reading.
    read_concepts = models.ManyToManyField(
        "knowledge.Concept", blank=True, related_name="+", verbose_name=_("topics read")
    )
    reading = models.JSONField(default=dict, blank=True, editable=False)
    languages = models.JSONField(_("languages"), default=list)
    regions = models.JSONField(_("regions"), default=list, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=1, help_text=_("How many requests can be supported at once.")
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("offering organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="support_offers",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="support_offers",
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = SupportOfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support offer")
        verbose_name_plural = _("support offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False) | models.Q(expert__isnull=False),
                name="offer_from_someone",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("support:offer_detail", args=[self.uuid])

    def get_kinds_display(self) -> list[str]:
        return [str(SupportKind(kind).label) for kind in self.kinds if kind in SupportKind.values]

    def get_regions_display(self) -> list[str]:
        return [str(ProgrammeRegion(r).label) for r in self.regions if r in ProgrammeRegion.values]


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted by both")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in-progress", _("In progress")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


ACTIVE_MATCH = [MatchStatus.PROPOSED, MatchStatus.ACCEPTED, MatchStatus.IN_PROGRESS]


class Match(models.Model):
    """A facilitator's proposal that an offer meets a request; both sides answer."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(SupportOffer, on_delete=models.CASCADE, related_name="matches")
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    # What matched, as data (matching.Reason): shown in each reader's language.
    reasons = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MatchStatus.choices,
        default=MatchStatus.PROPOSED,
        db_index=True,
    )
    requester_decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    requester_reason = models.CharField(_("reason"), max_length=500, blank=True)
    offerer_decision = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    offerer_reason = models.CharField(_("reason"), max_length=500, blank=True)
    outcome = models.TextField(_("closing outcome"), max_length=5000, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        constraints = [
            models.UniqueConstraint(fields=["request", "offer"], name="one_match_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.request} ↔ {self.offer}"

    def get_absolute_url(self) -> str:
        return reverse("support:match_detail", args=[self.uuid])


class MatchNote(models.Model):
    """Follow-up notes on an accepted match, by its parties and the facilitators."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=3000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SuggestionStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    TAKEN_UP = "taken-up", _("Turned into an exchange")
    DISMISSED = "dismissed", _("Dismissed")


class PeerSuggestion(models.Model):
    """Countries facing the same problem, and those that have dealt with it, on one topic.

    `key` names the topic and the countries: a dismissed suggestion keeps its key, so the next
    computation does not bring it back (new countries make a new suggestion)."""

    key = models.CharField(max_length=200, unique=True)
    concept = models.ForeignKey(
        "knowledge.Concept", on_delete=models.CASCADE, related_name="peer_suggestions"
    )
    facing = models.ManyToManyField(Country, related_name="+", verbose_name=_("facing it"))
    experienced = models.ManyToManyField(
        Country, related_name="+", blank=True, verbose_name=_("have dealt with it")
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("organisations to invite")
    )
    region = models.CharField(max_length=20, choices=ProgrammeRegion.choices, blank=True)
    format = models.CharField(_("suggested format"), max_length=20, choices=Format.choices)
    reasons = models.JSONField(default=list)
    score = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        max_length=20,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.WAITING,
        db_index=True,
    )
    exchange = models.ForeignKey(
        "exchanges.Exchange", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("peer suggestion")
        verbose_name_plural = _("peer suggestions")

    def __str__(self) -> str:
        return self.key
