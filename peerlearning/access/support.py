"""Support requests, offers and matches: for signed-in members, by their visibility; the
parties to each, and the coordinators."""

import uuid as uuid_module
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from peerlearning.access.people import confirmed_organisation_ids
from peerlearning.access.roles import FACILITATING_ROLES, Viewer, can_coordinate_support, is_member
from peerlearning.accounts.models import Visibility
from peerlearning.network.models import Membership
from peerlearning.support.models import (
    Decision,
    Match,
    MatchStatus,
    SupportOffer,
    SupportRequest,
    SupportVisibility,
)

# The parties' filters read the viewer's organisations and communities in uncorrelated
# subqueries (`IN (SELECT …)`), not `EXISTS` on each row: the same rows, and Django builds and
# compiles them in about half the time (the support page builds several on every request).


def _request_party_filter(viewer: Viewer, through: str = "") -> Q:
    """The requests `viewer` is a party to; `through` ("request__") reads them from a match."""
    facilitating = Membership.objects.filter(
        person_id=viewer.pk, role__in=FACILITATING_ROLES
    ).values("community_id")
    return (
        Q(**{f"{through}requested_by_id": viewer.pk})
        | Q(**{f"{through}organisation_id__in": confirmed_organisation_ids(viewer)})
        | Q(**{f"{through}community_id__in": facilitating})
    )


def _offer_party_filter(viewer: Viewer, through: str = "") -> Q:
    """The offers `viewer` is a party to; `through` ("offer__") reads them from a match."""
    return (
        Q(**{f"{through}offered_by_id": viewer.pk})
        | Q(**{f"{through}expert_id": viewer.pk})
        | Q(**{f"{through}organisation_id__in": confirmed_organisation_ids(viewer)})
    )


def support_requests_visible_to[QS: QuerySet[SupportRequest]](queryset: QS, viewer: Viewer) -> QS:
    """Requests are for signed-in members: network ones for all of them, community ones for the
    community's members, private ones for those making them (and people of the requesting
    organisation, and the community's facilitators); coordinators see all."""
    if not is_member(viewer):
        return queryset.none()
    if can_coordinate_support(viewer):
        return queryset
    member_of = Membership.objects.filter(person_id=viewer.pk).values("community_id")
    return queryset.filter(
        Q(visibility=SupportVisibility.NETWORK)
        | Q(visibility=SupportVisibility.COMMUNITY, community_id__in=member_of)
        | _request_party_filter(viewer)
    )


def support_requests_of[QS: QuerySet[SupportRequest]](queryset: QS, user: Viewer) -> QS:
    """The requests this person makes (or speaks for, through their organisation or as the
    community's facilitator)."""
    return queryset.filter(_request_party_filter(user)) if is_member(user) else queryset.none()


def support_offers_of[QS: QuerySet[SupportOffer]](queryset: QS, user: Viewer) -> QS:
    return queryset.filter(_offer_party_filter(user)) if is_member(user) else queryset.none()


def _uuid(value: object) -> uuid_module.UUID:
    """An identifier from a form or a URL; anything that is not one is simply not found."""
    try:
        return value if isinstance(value, uuid_module.UUID) else uuid_module.UUID(str(value))
    except ValueError:
        raise Http404 from None


def get_support_request_for_user(
    viewer: Viewer, uuid: uuid_module.UUID | str | None
) -> SupportRequest:
    request = (
        support_requests_visible_to(SupportRequest.objects.all(), viewer)
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if request is None:
        raise Http404
    return request


def is_request_party(user: Viewer, request: SupportRequest) -> bool:
    if not is_member(user):
        return False
    return SupportRequest.objects.filter(pk=request.pk).filter(_request_party_filter(user)).exists()


def support_offers_visible_to[QS: QuerySet[SupportOffer]](queryset: QS, viewer: Viewer) -> QS:
    """Offers are for signed-in members; an expert's offer only while the expert's profile is
    visible to the network; one's own offers always; coordinators see all."""
    if not is_member(viewer):
        return queryset.none()
    if can_coordinate_support(viewer):
        return queryset
    return queryset.filter(
        Q(expert__isnull=True) | Q(expert__visibility__in=[Visibility.NETWORK, Visibility.PUBLIC])
    ) | queryset.filter(_offer_party_filter(viewer))


def get_support_offer_for_user(viewer: Viewer, uuid: uuid_module.UUID | str | None) -> SupportOffer:
    offer = (
        support_offers_visible_to(SupportOffer.objects.all(), viewer)
        .filter(uuid=_uuid(uuid))
        .first()
    )
    if offer is None:
        raise Http404
    return offer


def is_offer_party(user: Viewer, offer: SupportOffer) -> bool:
    if not is_member(user):
        return False
    return SupportOffer.objects.filter(pk=offer.pk).filter(_offer_party_filter(user)).exists()


def _requests_of(viewer: Viewer) -> QuerySet[SupportRequest, Any]:
    return SupportRequest.objects.filter(_request_party_filter(viewer)).values("pk")


def _offers_of(viewer: Viewer) -> QuerySet[SupportOffer, Any]:
    return SupportOffer.objects.filter(_offer_party_filter(viewer)).values("pk")


def matches_awaiting[QS: QuerySet[Match]](queryset: QS, user: Viewer) -> QS:
    """Proposed matches waiting for this person's answer, on a side they belong to."""
    if not is_member(user):
        return queryset.none()
    # Through the match's own request and offer (joins a list of them makes anyway), not a
    # subquery of each: the same rows, and a third less to build on every support page.
    return queryset.filter(
        Q(requester_decision=Decision.PENDING) & _request_party_filter(user, "request__")
        | Q(offerer_decision=Decision.PENDING) & _offer_party_filter(user, "offer__"),
        status=MatchStatus.PROPOSED,
    )


def matches_visible_to[QS: QuerySet[Match]](queryset: QS, viewer: Viewer) -> QS:
    """A match is between its two sides and the coordinators."""
    if not is_member(viewer):
        return queryset.none()
    if can_coordinate_support(viewer):
        return queryset
    return queryset.filter(
        Q(request_id__in=_requests_of(viewer)) | Q(offer_id__in=_offers_of(viewer))
    )


def get_match_for_user(viewer: Viewer, uuid: uuid_module.UUID | str | None) -> Match:
    match = matches_visible_to(Match.objects.all(), viewer).filter(uuid=_uuid(uuid)).first()
    if match is None:
        raise Http404
    return match
