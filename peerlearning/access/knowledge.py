"""The knowledge base: published items are public, drafts are for editors; what search may
find, derived from the same rules."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.communities import communities_visible_to
from peerlearning.access.exchanges import exchanges_visible_to
from peerlearning.access.roles import (
    Viewer,
    can_edit_knowledge,
    can_submit_practice,
    facilitates_any,
    is_editor,
    is_member,
)
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import (
    Concept,
    EditorialStatus,
    Lesson,
    Practice,
    PracticeEvent,
    Resource,
    Update,
)
from peerlearning.network.models import Community, CommunityVisibility, Role

# What an anonymous visitor may see is what everyone may find ("public"); a document no list
# shows to anyone but a community's members or the editors is found by them only.
_ANONYMOUS = AnonymousUser()


def concepts_visible_to[QS: QuerySet[Concept]](queryset: QS, viewer: Viewer) -> QS:
    """The thesaurus is public: its concepts tag what anyone may read."""
    return queryset


def _published_updates_q() -> Q:
    return Q(is_published=True)


def updates_visible_to[QS: QuerySet[Update]](queryset: QS, viewer: Viewer) -> QS:
    """Published updates, minus those of communities the viewer may not know about."""
    visible = communities_visible_to(Community.objects.all(), viewer)
    return queryset.filter(_published_updates_q()).filter(
        Q(community__isnull=True) | Q(community__in=visible)
    )


def may_write_updates(user: Viewer) -> bool:
    """Who writes updates at all: the editors, and the facilitators of a community (for it)."""
    return can_edit_knowledge(user) or facilitates_any(user)


def update_communities(user: Viewer) -> QuerySet[Community]:
    """The communities a person may write updates for: for an editor, every community they may
    see (never a private one they are not in); for anyone else, those they facilitate. A
    platform facilitator without the editor role is no editor here."""
    visible = communities_visible_to(Community.objects.all(), user)
    if can_edit_knowledge(user):
        return visible
    if not is_member(user):
        return Community.objects.none()
    return visible.filter(memberships__person_id=user.pk, memberships__role=Role.FACILITATOR)


def can_write_update(user: Viewer, community: Community | None) -> bool:
    """An update of a community (or, `None`, of the whole network, for editors only)."""
    if community is None:
        return can_edit_knowledge(user)
    return update_communities(user).filter(pk=community.pk).exists()


def require_update_writer(user: Viewer) -> None:
    """403 for whoever may write no update at all."""
    if not may_write_updates(user):
        raise PermissionDenied(
            _("Updates are written by the editors and by the facilitators of a community.")
        )


def updates_editable_by(user: Viewer) -> QuerySet[Update]:
    """The updates a person may edit, publish, unpublish and translate, drafts included: those
    of the communities they may write for, and the whole network's for editors."""
    communities = update_communities(user)
    if can_edit_knowledge(user):
        return Update.objects.filter(Q(community__isnull=True) | Q(community__in=communities))
    if not may_write_updates(user):
        return Update.objects.none()
    return Update.objects.filter(community__in=communities)


def get_update_for_user(viewer: Viewer, slug: str, *, write: bool = False) -> Update:
    """A published update for whoever may see it, and a draft for who may edit it only: 404 for
    anyone else; with `write`, 403 for a reader who may not change it."""
    editable = updates_editable_by(viewer).filter(slug=slug).first()
    if editable is not None:
        return editable
    update = updates_visible_to(Update.objects.all(), viewer).filter(slug=slug).first()
    if update is None:
        raise Http404
    if write:
        raise PermissionDenied(
            _("Only the editors and the community's facilitators can change this update.")
        )
    return update


def _published_practices_q() -> Q:
    return Q(status=EditorialStatus.PUBLISHED)


def practices_visible_to[QS: QuerySet[Practice]](queryset: QS, viewer: Viewer) -> QS:
    """Published practices are public; drafts and those in review are for editors, and for
    the member who wrote them."""
    if can_edit_knowledge(viewer):
        return queryset
    if is_member(viewer):
        return queryset.filter(_published_practices_q() | Q(created_by_id=viewer.pk))
    return queryset.filter(_published_practices_q())


def get_practice_for_user(viewer: Viewer, external_id: str) -> Practice:
    practice = (
        practices_visible_to(Practice.objects.all(), viewer).filter(external_id=external_id).first()
    )
    if practice is None:
        raise Http404
    return practice


def is_practice_author(viewer: Viewer, practice: Practice) -> bool:
    return bool(is_member(viewer) and practice.created_by_id == viewer.pk)


def require_practice_submitter(viewer: Viewer) -> None:
    """403, with the way in, for a signed-in person who may not draft a practice."""
    if not can_submit_practice(viewer):
        raise PermissionDenied(
            _(
                "Practices are submitted by members of a community (observers cannot). Ask to "
                "join a community first, from the communities page."
            )
        )


def may_edit_practice(viewer: Viewer, practice: Practice) -> bool:
    """Editors edit any practice; its author edits it while it is a draft (not in review, not
    once published)."""
    if can_edit_knowledge(viewer):
        return True
    return is_practice_author(viewer, practice) and practice.status == EditorialStatus.DRAFT


def require_practice_editing(viewer: Viewer, practice: Practice) -> None:
    """403 with the reason for whoever may see the practice but not change it (or attach a
    document to it)."""
    if may_edit_practice(viewer, practice):
        return
    if is_practice_author(viewer, practice):
        if practice.status == EditorialStatus.IN_REVIEW:
            raise PermissionDenied(
                _("It is waiting for review: it can be changed again if the editor returns it.")
            )
        raise PermissionDenied(_("It is published: only an editor can change it now."))
    raise PermissionDenied(_("Only its author and the editors can change this practice."))


def require_practice_author(viewer: Viewer, practice: Practice) -> None:
    """The author's own submit: 403 for anyone else (an editor submits through the review
    form)."""
    if not is_practice_author(viewer, practice):
        raise PermissionDenied(_("Only the author of this practice can submit it here."))


def practice_submitters(practice: Practice) -> set[int]:
    """Who wrote the practice or submitted it for review: none of them may review it."""
    people = set(
        practice.events.filter(action=PracticeEvent.Action.SUBMITTED).values_list(
            "actor_id", flat=True
        )
    )
    if practice.created_by_id is not None:
        people.add(practice.created_by_id)
    return {pk for pk in people if pk is not None}


def may_review_practice(viewer: Viewer, practice: Practice) -> bool:
    """An editor who neither wrote the practice nor submitted it (administrators included:
    nobody grants themselves publication)."""
    return is_editor(viewer) and viewer.pk not in practice_submitters(practice)


def lessons_visible_to[QS: QuerySet[Lesson]](queryset: QS, viewer: Viewer) -> QS:
    """A lesson is seen by whoever may see the exchange or practice it came from."""
    exchanges = exchanges_visible_to(Exchange.objects.all(), viewer)
    practices = practices_visible_to(Practice.objects.all(), viewer)
    return queryset.filter(
        (Q(exchange__isnull=True) | Q(exchange__in=exchanges))
        & (Q(practice__isnull=True) | Q(practice__in=practices))
    )


def _published_resources_q() -> Q:
    return Q(status=EditorialStatus.PUBLISHED, consent_withdrawn_at__isnull=True)


def resources_visible_to[QS: QuerySet[Resource]](queryset: QS, viewer: Viewer) -> QS:
    """Published resources are public; a testimony whose consent was withdrawn is for editors
    only, at once; drafts are for editors, for whoever added them, and for the author of the
    practice they are attached to."""
    if can_edit_knowledge(viewer):
        return queryset
    if is_member(viewer):
        own_practices = Resource.practices.through.objects.filter(
            practice__created_by_id=viewer.pk
        ).values("resource_id")
        own = Q(created_by_id=viewer.pk) | Q(pk__in=own_practices)
        return queryset.filter(
            _published_resources_q() | (own & Q(consent_withdrawn_at__isnull=True))
        )
    return queryset.filter(_published_resources_q())


def get_resource_for_user(viewer: Viewer, slug: str) -> Resource:
    resource = resources_visible_to(Resource.objects.all(), viewer).filter(slug=slug).first()
    if resource is None:
        raise Http404
    return resource


# Search ----------------------------------------------------------------------------------------


def search_audiences(user: Viewer) -> list[str]:
    """Which indexed documents a viewer may find (SearchDocument.audience)."""
    audiences = ["public"]
    if can_edit_knowledge(user):
        audiences.append("editors")
    # Listed communities' items are indexed as public; private ones by community.
    private = communities_visible_to(Community.objects.all(), user).filter(
        visibility=CommunityVisibility.PRIVATE
    )
    audiences += [f"community:{pk}" for pk in private.values_list("pk", flat=True)]
    return audiences


def lesson_audience(lesson: Lesson) -> str:
    """Who may find a lesson in search: everyone if an anonymous visitor may see its source;
    otherwise nobody ("hidden" is in no one's audiences) — the lessons page still shows it to
    those who may see its source."""
    visible = lessons_visible_to(Lesson.objects.filter(pk=lesson.pk), _ANONYMOUS).exists()
    return "public" if visible else "hidden"


def practice_audience(practice: Practice) -> str:
    """Who may find a practice in search: whoever the list shows it to — everyone once
    published; editors before."""
    visible = practices_visible_to(Practice.objects.filter(pk=practice.pk), _ANONYMOUS).exists()
    return "public" if visible else "editors"


def update_audience(update: Update) -> str:
    """Who may find an update: as `updates_visible_to` shows it — nobody while unpublished (no
    page shows it then), a private community's members, or everyone."""
    if not Update.objects.filter(_published_updates_q(), pk=update.pk).exists():
        return "hidden"
    if updates_visible_to(Update.objects.filter(pk=update.pk), _ANONYMOUS).exists():
        return "public"
    return f"community:{update.community_id}"


def resource_audience(resource: Resource) -> str:
    """Who may find a resource: whoever the list shows it to — published resources for
    everyone; drafts and withdrawn testimonies for editors."""
    visible = resources_visible_to(Resource.objects.filter(pk=resource.pk), _ANONYMOUS).exists()
    return "public" if visible else "editors"
