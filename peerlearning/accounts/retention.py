"""What the platform keeps, and for how long, once it no longer needs it.

Two periods, set in settings (0 keeps for ever):
- `CLOSED_ACCOUNT_RETENTION_DAYS` after an account is closed, the traces that still point to
  it go: closing erased the person's identity at once, and these stayed only so that abuse
  could still be handled (the sealed authorship of their contributions) and history stays
  readable in the meantime. What goes is decided field by field below, for every field of
  every model that points to a person; a field with no decision stops the run.
- `AUDIT_RETENTION_DAYS` audit entries (and the admin site's change log) older than that go,
  whoever wrote them: accountability lasts the same time for everyone, a closed account
  included, so an administrator cannot shorten the trail of what they read by leaving.

Contributions, survey answers and everything else written for others stay: they never named
their author. The closed account's row stays too, nameless (no name, address, country or
password), so that past figures (who came to an exchange, for which delegation) stay true.
"""

from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone

from peerlearning.accounts.models import AuditEntry, User

# Rows (or, for a many-to-many field, links) deleted.
DELETED: frozenset[str] = frozenset(
    {
        "account.EmailAddress.user",
        "mfa.Authenticator.user",
        "accounts.ApiToken.user",
        "network.Affiliation.person",
        "network.Membership.person",
        "network.CommunityJoinRequest.person",
        "exchanges.ExchangeInvitation.person",
        "exchanges.AgendaSession.speakers",
        # The reason for waiting: an administrator handling abuse could still read it.
        "exchanges.SealedAuthorship.author",
        "exchanges.ContributionReport.reporter",
        "exchanges.CalendarToken.user",
        "monitoring.MonitoringTeamMember.person",
        "monitoring.Visit.team",
        "terminology.SavedCheck.owner",
        "notifications.Follow.user",
        "notifications.Notification.user",
        "notifications.EmailChoice.user",
        "notifications.Digest.user",
        "notifications.UnsubscribeLink.user",
        "notifications.FeedToken.user",
    }
)

# The record stays, no longer pointing to anyone.
DETACHED: frozenset[str] = frozenset(
    {
        "accounts.Invitation.invited_by",
        "accounts.Invitation.accepted_by",
        "accounts.JoinRequest.decided_by",
        "network.Organisation.proposed_by",
        "network.Organisation.decided_by",
        "network.Affiliation.decided_by",
        "network.OrganisationDomain.added_by",
        "network.CommunityJoinRequest.decided_by",
        "knowledge.Practice.created_by",
        "knowledge.Update.created_by",
        "knowledge.Lesson.created_by",
        "knowledge.Resource.created_by",
        "knowledge.PracticeEvent.actor",
        "knowledge.UpdateEvent.actor",
        "support.SupportRequest.requested_by",
        "support.RequestEvent.actor",
        "support.SupportOffer.offered_by",
        "support.Match.proposed_by",
        "support.MatchNote.author",
        "support.PeerSuggestion.decided_by",
        "countries.IndicatorValue.recorded_by",
        "countries.StatisticPoint.changed_by",
        "countries.CountryEvent.recorded_by",
        "monitoring.MonitoringTeamMember.granted_by",
        "monitoring.Visit.created_by",
        "monitoring.Incident.recorded_by",
        "monitoring.Incident.published_by",
        "monitoring.AffectedPerson.recorded_by",
        "monitoring.Recommendation.recorded_by",
        "monitoring.StatusChange.recorded_by",
        "terminology.Revision.author",
    }
)

# Kept as they are, and why.
KEPT: dict[str, str] = {
    "exchanges.Registration.person": (
        "past exchanges' figures (places taken, delegations, attendance) stay true; the row "
        "points to the nameless closed account, and closing cleared its stated needs"
    ),
    "support.SupportOffer.expert": (
        "the offer (made inactive at closing) carries the matches with other people's "
        "requests and their history; it names the nameless closed account only"
    ),
    "accounts.AuditEntry.actor": "accountability: removed with the audit period, not sooner",
    "admin.LogEntry.user": "accountability: removed with the audit period, not sooner",
}


def field_label(model: type[models.Model], name: str) -> str:
    return f"{model._meta.label}.{name}"


def fields_pointing_to_people() -> list[tuple[type[models.Model], models.Field]]:
    """Every foreign key, one-to-one and many-to-many field, in every installed app, whose
    target is the person model."""
    found: list[tuple[type[models.Model], models.Field]] = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.Field)
                and field.is_relation
                and field.related_model is User
            ):
                found.append((model, field))
    return found


def _remove_traces(closed: list[int]) -> dict[str, int]:
    removed: dict[str, int] = {}
    for model, field in fields_pointing_to_people():
        label = field_label(model, field.name)
        if label in KEPT:
            continue
        if field.many_to_many:
            if label not in DELETED:
                raise ImproperlyConfigured(f"{label}: links to people are deleted or kept")
            through = field.remote_field.through  # type: ignore[union-attr]
            links = through._default_manager.filter(
                **{f"{field.m2m_reverse_field_name()}__in": closed}  # type: ignore[attr-defined]
            )
            count, _by_model = links.delete()
        elif label in DETACHED:
            rows = model._default_manager.filter(**{f"{field.name}__in": closed})
            count = rows.update(**{field.name: None})
        elif label in DELETED:
            count, _by_model = model._default_manager.filter(
                **{f"{field.name}__in": closed}
            ).delete()
        else:
            raise ImproperlyConfigured(
                f"{label} points to people: decide in peerlearning/accounts/retention.py "
                "whether it is deleted, detached or kept after an account is closed"
            )
        if count:
            removed[label] = count
    return removed


@transaction.atomic
def apply_retention(now: datetime | None = None) -> dict[str, int]:
    """Remove what has outlived its period; returns how many of each were removed. One
    transaction: a failure removes nothing. Running it again removes nothing more."""
    now = now or timezone.now()
    removed: dict[str, int] = {}
    if settings.CLOSED_ACCOUNT_RETENTION_DAYS:
        cutoff = now - timedelta(days=settings.CLOSED_ACCOUNT_RETENTION_DAYS)
        closed = list(
            User.objects.filter(is_active=False, closed_at__lte=cutoff).values_list("pk", flat=True)
        )
        if closed:
            removed.update(_remove_traces(closed))
    if settings.AUDIT_RETENTION_DAYS:
        cutoff = now - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        count, _by_model = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
        if count:
            removed["accounts.AuditEntry (older than the audit period)"] = count
        count, _by_model = LogEntry.objects.filter(action_time__lt=cutoff).delete()
        if count:
            removed["admin.LogEntry (older than the audit period)"] = count
    return removed
