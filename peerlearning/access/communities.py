"""Communities: listed ones for all, private ones for their members; who manages them."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.people import people_visible_to
from peerlearning.access.roles import (
    FACILITATING_ROLES,
    Viewer,
    can_edit_knowledge,
    can_facilitate,
    community_role,
    is_administrator,
    is_member,
    is_platform_facilitator,
)
from peerlearning.accounts.models import User
from peerlearning.network.models import Community, CommunityVisibility, Membership


class MembersOnly(Http404):
    """Refused to a signed-in person who may know the community exists (a listed one) but is not
    its member: pages answer it with a way to ask to join (accounts/middleware.py). Everything
    else that catches Http404 (the API) answers 404, as before."""

    def __init__(self, community: Community) -> None:
        super().__init__(_("This page is for the members of the community."))
        self.community = community


def may_ask_to_join(viewer: Viewer, community: Community) -> bool:
    """A signed-in person outside a listed community, whom its facilitators may take in."""
    return (
        is_member(viewer)
        and not community.is_private
        and not Membership.objects.filter(community=community, person_id=viewer.pk).exists()
    )


def communities_visible_to[QS: QuerySet[Community]](queryset: QS, viewer: Viewer) -> QS:
    """Listed communities are visible to all; private ones to their members only."""
    if is_administrator(viewer):
        return queryset
    if not is_member(viewer):
        return queryset.filter(visibility=CommunityVisibility.LISTED)
    # An uncorrelated subquery: the same rows as EXISTS per community, cheaper to build.
    member_of = Membership.objects.filter(person_id=viewer.pk).values("community_id")
    return queryset.filter(Q(visibility=CommunityVisibility.LISTED) | Q(pk__in=member_of))


def is_public_community(community: Community) -> bool:
    """Whether a signed-out visitor (a feed reader, a calendar app) may see the community, by
    the rule of `communities_visible_to` above, without a query: whether its public feed
    exists, for its page to offer."""
    return community.visibility == CommunityVisibility.LISTED


def members_visible_to(community: Community, viewer: Viewer) -> QuerySet[Membership]:
    """A community's memberships as a reader may see them (the community page, the members
    API): only people whose profile the reader may see."""
    return Membership.objects.filter(
        community=community, person__in=people_visible_to(User.objects.all(), viewer)
    )


def memberships_to_manage(community: Community) -> QuerySet[Membership]:
    """A community's memberships as its facilitators manage them (the members page, the
    members API's writes): every active member, hidden profiles included — a facilitator must be
    able to change a role or remove a seat. No directory, public page or read API uses this."""
    return community.memberships.filter(person__is_active=True)


def get_community_for_user(viewer: Viewer, slug: str, *, write: bool = False) -> Community:
    """404 if the viewer may not know the community exists; 403 if `write` and not a facilitator."""
    community = communities_visible_to(Community.objects.all(), viewer).filter(slug=slug).first()
    if community is None:
        raise Http404
    if write and not can_facilitate(viewer, community):
        raise PermissionDenied(_("Only the community's facilitators can do this."))
    return community


def can_translate_community(viewer: Viewer, community: Community) -> bool:
    """Translating a community's name and purpose: editors and the community's facilitators."""
    return can_edit_knowledge(viewer) or can_facilitate(viewer, community)


def get_community_to_translate(viewer: Viewer, slug: str) -> Community:
    """404 if the viewer may not know the community exists; 403 for whoever may see it but is
    neither an editor nor one of its facilitators."""
    community = get_community_for_user(viewer, slug)
    if not can_translate_community(viewer, community):
        raise PermissionDenied(
            _("Only editors and the community's facilitators can translate its texts.")
        )
    return community


def may_see_community(viewer: Viewer, community: Community | None) -> bool:
    return community is not None and (
        communities_visible_to(Community.objects.filter(pk=community.pk), viewer).exists()
    )


def community_name_for(viewer: Viewer, community: Community) -> str:
    """A community named through another record (a request, a suggestion, a parent): its name
    for whoever may see it, otherwise a neutral label."""
    return community.name if may_see_community(viewer, community) else _("a private community")


def community_slug_for(viewer: Viewer, community: Community | None) -> str | None:
    """A community's slug given through another record: none for whoever may not see it."""
    return community.slug if community and may_see_community(viewer, community) else None


def facilitated_communities(user: Viewer) -> QuerySet[Community]:
    """The communities a person facilitates: every one for administrators."""
    if is_administrator(user):
        return Community.objects.all()
    if not is_member(user):
        return Community.objects.none()
    return Community.objects.filter(
        memberships__person_id=user.pk, memberships__role__in=FACILITATING_ROLES
    )


def require_community_member(viewer: Viewer, community: Community) -> None:
    """403 for whoever is neither a member of the community nor an administrator (the
    follow-up board); a way to ask to join for a signed-in outsider (`MembersOnly`)."""
    if not (community_role(viewer, community) or is_administrator(viewer)):
        if may_ask_to_join(viewer, community):
            raise MembersOnly(community)
        raise PermissionDenied(_("The follow-up board is for the community's members."))


# Building the network: new communities, their texts, sub-groups -------------------------------


def may_create_communities(viewer: Viewer) -> bool:
    """New communities, at any level, and their co-leads: the platform's facilitators."""
    return is_platform_facilitator(viewer)


def can_build_community(viewer: Viewer, community: Community) -> bool:
    """Edit a community's texts and open sub-groups in it: its facilitators (co-leads
    included) and the platform's facilitators."""
    return can_facilitate(viewer, community) or is_platform_facilitator(viewer)


def can_close_community(viewer: Viewer, community: Community) -> bool:
    """Close a sub-group: its facilitators, its parent's, and the platform's facilitators."""
    return can_build_community(viewer, community) or bool(
        community.parent is not None and can_facilitate(viewer, community.parent)
    )


def get_community_to_build(viewer: Viewer, slug: str) -> Community:
    """404 if the viewer may not know the community exists; 403 for whoever may not build it."""
    community = get_community_for_user(viewer, slug)
    if not can_build_community(viewer, community):
        raise PermissionDenied(
            _("Only the community's facilitators and the platform's facilitators can do this.")
        )
    return community


def get_community_to_close(viewer: Viewer, slug: str) -> Community:
    """404 if the viewer may not know the sub-group exists; 403 for whoever may not close it,
    and for a top-level community (only sub-groups close)."""
    community = get_community_for_user(viewer, slug)
    if not can_close_community(viewer, community):
        raise PermissionDenied(
            _(
                "Only the facilitators of the sub-group or of the community it belongs to can "
                "close it."
            )
        )
    if community.parent_id is None:
        raise PermissionDenied(
            _("A top-level community cannot be closed: only sub-groups are closed.")
        )
    return community


def parents_open_to(viewer: Viewer) -> QuerySet[Community]:
    """The communities a new community may be made a sub-group of: those the person may see
    that are not closed."""
    return communities_visible_to(Community.objects.filter(closed_at__isnull=True), viewer)
