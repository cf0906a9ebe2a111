"""Following what matters: what a person follows, what they are told, how often by e-mail.

A notification names its kind and the one item it is about, never who did what: its text is
written when it is shown, in the reader's language, and only if the reader may see the item then
(`peerlearning.access.notifications_visible_to`). Nothing here names a participant of an
exchange, a speaker, or the author of a contribution.
"""

import functools
import operator
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    # What concerns the person directly.
    EXCHANGE_INVITATION = "exchange-invitation", _("Invitations to an exchange")
    REGISTRATION_CONFIRMED = "registration-confirmed", _("My registration confirmed")
    REGISTRATION_PROMOTED = "registration-promoted", _("A place for me from a waiting list")
    MATCH_PROPOSED = "match-proposed", _("Support matches proposed to me")
    MATCH_ANSWERED = "match-answered", _("Answers to support matches I take part in")
    PRACTICE_RETURNED = "practice-returned", _("My practices returned with comments")
    FOLLOW_UP_DUE = "follow-up-due", _("Follow-up actions due for my organisation")
    # What the person follows.
    NEW_EXCHANGE = "new-exchange", _("New exchanges in what I follow")
    NEW_PRACTICE = "new-practice", _("Practices published on what I follow")
    NEW_UPDATE = "new-update", _("Updates published on what I follow")
    REPORT_PUBLISHED = "report-published", _("Reports published of exchanges I follow")


DIRECT_KINDS = frozenset(
    {
        Kind.EXCHANGE_INVITATION,
        Kind.REGISTRATION_CONFIRMED,
        Kind.REGISTRATION_PROMOTED,
        Kind.MATCH_PROPOSED,
        Kind.MATCH_ANSWERED,
        Kind.PRACTICE_RETURNED,
        Kind.FOLLOW_UP_DUE,
    }
)


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NEVER = "never", _("Never")


FOLLOW_TARGETS = ("community", "exchange", "concept", "country", "organisation")


class Follow(models.Model):
    """One thing a person follows: exactly one of a community, an exchange, a thesaurus topic, a
    country or an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    community = models.ForeignKey(
        "network.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    exchange = models.ForeignKey(
        "exchanges.Exchange", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    concept = models.ForeignKey(
        "knowledge.Concept", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    country = models.ForeignKey(
        "network.Country", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "network.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                name="follow_exactly_one_target",
                condition=functools.reduce(
                    operator.or_,
                    (
                        Q(**{f"{name}__isnull": name != target for name in FOLLOW_TARGETS})
                        for target in FOLLOW_TARGETS
                    ),
                ),
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target],
                    condition=Q(**{f"{target}__isnull": False}),
                    name=f"follow_once_{target}",
                )
                for target in FOLLOW_TARGETS
            ),
        ]
        indexes = [
            models.Index(fields=["community"], name="follow_community"),
            models.Index(fields=["concept"], name="follow_concept"),
            models.Index(fields=["country"], name="follow_country"),
            models.Index(fields=["organisation"], name="follow_organisation"),
        ]

    def __str__(self) -> str:
        return f"follow #{self.pk}"


class Notification(models.Model):
    """Something that happened, for one person, about one item. Its text is written when shown."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # One notification of a kind about an item for a person, however often the event is retried.
    key = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set when an e-mail (immediate or digest) included it; never e-mailed twice.
    emailed_at = models.DateTimeField(null=True, blank=True)
    exchange = models.ForeignKey(
        "exchanges.Exchange", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    practice = models.ForeignKey(
        "knowledge.Practice", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    update = models.ForeignKey(
        "knowledge.Update", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    report = models.ForeignKey(
        "exchanges.Report", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    match = models.ForeignKey(
        "support.Match", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.ForeignKey(
        "exchanges.Outcome", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    ITEMS = ("exchange", "practice", "update", "report", "match", "outcome")

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once"),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_list"),
            models.Index(
                fields=["user", "read_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["user", "created_at"],
                name="notification_to_email",
                condition=Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def item(self) -> models.Model | None:
        for name in self.ITEMS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None


def notification_key(kind: str, item: models.Model) -> str:
    return f"{kind}:{item._meta.model_name}:{item.pk}"


class EmailChoice(models.Model):
    """How often a person wants e-mail about one kind of notification; without a row, the
    default for their persona (`peerlearning.notifications.preferences`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choices"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)

    class Meta:
        verbose_name = _("e-mail choice")
        verbose_name_plural = _("e-mail choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_choice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"


class Digest(models.Model):
    """One digest e-mail for a person and a period. The unique period makes building it again a
    no-op; `claimed_at` and `sent_at` make sending it again a no-op (a claim older than the lease
    may be taken over: the one message in flight when a worker was killed)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    period = models.CharField(max_length=12)
    cutoff = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period"], name="digest_once_a_period"
            ),
        ]
        indexes = [
            models.Index(fields=["sent_at"], name="digest_unsent", condition=Q(sent_at=None)),
        ]

    def __str__(self) -> str:
        return f"{self.frequency} digest {self.period} #{self.pk}"


class UnsubscribeLink(models.Model):
    """A single-use link, in one e-mail, to stop e-mails of one kind (or all, kind empty).
    Only a hash of its token is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"unsubscribe #{self.pk}"


class FeedToken(models.Model):
    """A secret address for a person's own feed; feed readers cannot sign in."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"feed #{self.pk}"
