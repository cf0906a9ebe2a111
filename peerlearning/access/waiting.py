"""What waits for a person (their home, issue 13): invitations to answer, join requests to
decide, follow-ups due, drafts to review, and their own communities and coming exchanges.

Each list is what the person may see and act on, built from the other modules' rules. The home
lists a person's own work: "facilitating" means a facilitator's seat in the community, not an
administrator's power over every community (an administrator's home would otherwise list the
whole platform)."""

from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from peerlearning.access.communities import communities_visible_to
from peerlearning.access.exchanges import exchanges_visible_to, with_readable_outcomes
from peerlearning.access.people import (
    can_review_organisation_proposals,
    confirmed_organisations,
)
from peerlearning.access.roles import (
    FACILITATING_ROLES,
    Viewer,
    is_administrator,
    is_editor,
    is_member,
)
from peerlearning.accounts.models import JoinRequest, RequestStatus
from peerlearning.exchanges.models import (
    Exchange,
    ExchangeInvitation,
    Outcome,
    Registration,
    RegistrationStatus,
    Status,
)
from peerlearning.knowledge.models import EditorialStatus, Practice, PracticeEvent
from peerlearning.network.models import (
    Community,
    CommunityJoinRequest,
    Membership,
    Organisation,
    OrganisationStatus,
)


def _facilitating(user: Viewer) -> QuerySet[Membership, int]:
    """The ids of the communities where the person holds a facilitator's seat."""
    return Membership.objects.filter(person_id=user.pk, role__in=FACILITATING_ROLES).values_list(
        "community", flat=True
    )


def invitations_waiting(user: Viewer, now: datetime | None = None) -> QuerySet[ExchangeInvitation]:
    """Invitations to a coming exchange, open for registration, that the person has not
    answered; only for exchanges they may see."""
    if not is_member(user):
        return ExchangeInvitation.objects.none()
    visible = exchanges_visible_to(Exchange.objects.all(), user)
    return (
        ExchangeInvitation.objects.filter(person_id=user.pk, exchange__in=visible)
        .unanswered()
        .filter(exchange__starts_at__gte=now or timezone.now())
        .select_related("exchange__community", "delegation__organisation")
        .order_by("exchange__starts_at", "pk")
    )


def join_requests_to_decide(user: Viewer) -> QuerySet[CommunityJoinRequest]:
    """Requests to join a community the person facilitates, waiting for a decision."""
    if not is_member(user):
        return CommunityJoinRequest.objects.none()
    return (
        CommunityJoinRequest.objects.pending()
        .filter(community__in=_facilitating(user))
        .select_related("community", "person")
    )


def organisation_proposals_to_decide(user: Viewer) -> QuerySet[Organisation]:
    """Proposals waiting for a platform facilitator, never one's own (someone else decides
    it, even for a facilitator)."""
    if not can_review_organisation_proposals(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(status=OrganisationStatus.PROPOSED)
        .exclude(proposed_by_id=user.pk)
        .order_by("created_at", "pk")
    )


def platform_requests_to_decide(user: Viewer) -> QuerySet[JoinRequest]:
    """Requests for an account on the platform: decided by administrators."""
    if not is_administrator(user):
        return JoinRequest.objects.none()
    return JoinRequest.objects.filter(status=RequestStatus.PENDING)


def own_join_requests(user: Viewer) -> QuerySet[CommunityJoinRequest]:
    """The person's own requests to join a community, still waiting (communities they may
    see: a private community they asked to join stays unnamed)."""
    if not is_member(user):
        return CommunityJoinRequest.objects.none()
    visible = communities_visible_to(Community.objects.all(), user)
    return (
        CommunityJoinRequest.objects.pending()
        .filter(person_id=user.pk, community__in=visible)
        .select_related("community")
    )


def follow_ups_due(user: Viewer, by: date) -> QuerySet[Outcome]:
    """Follow-up actions due on or before `by` (overdue ones included) that are the person's to
    move: owned by an organisation they speak for, in a community they belong to; or in a
    community they facilitate. Only where they may read the outcomes (once the report is out,
    or from the room), as the follow-up board shows them."""
    if not is_member(user):
        return Outcome.objects.none()
    exchanges = with_readable_outcomes(exchanges_visible_to(Exchange.objects.all(), user), user)
    member_of = Membership.objects.filter(person_id=user.pk).values("community")
    owned = Q(owner__in=confirmed_organisations(user), exchange__community__in=member_of)
    return (
        Outcome.objects.follow_ups_due(by)
        .filter(exchange__in=exchanges.values("pk"))
        .filter(owned | Q(exchange__community__in=_facilitating(user)))
        .select_related("exchange__community", "owner")
    )


def _submitted_at() -> Subquery:
    return Subquery(
        PracticeEvent.objects.filter(practice=OuterRef("pk"), action=PracticeEvent.Action.SUBMITTED)
        .order_by("-at", "-pk")
        .values("at")[:1]
    )


def _own_practices_q(user: Viewer) -> Q:
    """The practices a person wrote, or submitted for review."""
    submitted = PracticeEvent.objects.filter(
        actor_id=user.pk, action=PracticeEvent.Action.SUBMITTED
    ).values("practice")
    return Q(created_by_id=user.pk) | Q(pk__in=submitted)


def practices_to_review(user: Viewer) -> QuerySet[Practice]:
    """Practices in review that this editor may decide, the longest waiting first: never those
    they wrote or submitted themselves (another editor reviews them; administrators
    included). Each with `submitted_at`."""
    if not is_editor(user):
        return Practice.objects.none()
    # Nor those whose text they changed since it was submitted: the rule of
    # `access.practice_submitters`, as the queue's query.
    edited_since = PracticeEvent.objects.filter(
        practice=OuterRef("pk"),
        actor_id=user.pk,
        action=PracticeEvent.Action.EDITED,
        at__gt=OuterRef("submitted_at"),
    )
    return (
        Practice.objects.filter(status=EditorialStatus.IN_REVIEW)
        .exclude(_own_practices_q(user))
        .annotate(submitted_at=_submitted_at())
        .exclude(Exists(edited_since))
        .order_by("submitted_at", "pk")
    )


def own_practices(user: Viewer) -> QuerySet[Practice]:
    """The practices a person wrote or submitted, with their status, the latest first."""
    if not is_member(user):
        return Practice.objects.none()
    return Practice.objects.filter(_own_practices_q(user)).order_by("-created_at", "-pk")


def reports_to_write(user: Viewer) -> QuerySet[Exchange]:
    """Exchanges the person facilitates that were held and whose report is not out yet (not
    the records of exchanges held before the platform, which have no exact date)."""
    if not is_member(user):
        return Exchange.objects.none()
    return (
        Exchange.objects.filter(
            status=Status.HELD, community__in=_facilitating(user), starts_at__isnull=False
        )
        .select_related("community")
        .order_by("-starts_at", "pk")
    )


def contributions_to_review(user: Viewer) -> QuerySet[Exchange]:
    """Exchanges the person facilitates with contributions reported for review, each with the
    number of open reports (`open_reports`): a count, never who reported what."""
    if not is_member(user):
        return Exchange.objects.none()
    open_report = Q(contributions__reports__resolved_at__isnull=True) & Q(
        contributions__reports__isnull=False
    )
    return (
        Exchange.objects.filter(community__in=_facilitating(user))
        .annotate(open_reports=Count("contributions__reports", filter=open_report))
        .filter(open_reports__gt=0)
        .select_related("community")
        .order_by("title", "pk")
    )


def memberships_of(user: Viewer) -> QuerySet[Membership]:
    """The person's own seats in communities, by the community's name."""
    if not is_member(user):
        return Membership.objects.none()
    return (
        Membership.objects.filter(person_id=user.pk)
        .select_related("community")
        .order_by("community__name", "pk")
    )


def coming_exchanges_of(user: Viewer, now: datetime | None = None) -> QuerySet[Exchange]:
    """Coming exchanges the person is registered for (or waiting for a place in), and those of
    the communities they facilitate; each with the person's registration status
    (`my_registration`, empty if none)."""
    if not is_member(user):
        return Exchange.objects.none()
    mine = Registration.objects.filter(
        person_id=user.pk,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
    )
    status = Registration.objects.filter(exchange=OuterRef("pk"), person_id=user.pk).values(
        "status"
    )[:1]
    return (
        exchanges_visible_to(Exchange.objects.all(), user)
        .upcoming(now)
        .filter(Q(pk__in=mine.values("exchange")) | Q(community__in=_facilitating(user)))
        .annotate(my_registration=Subquery(status))
        .select_related("community")
    )
