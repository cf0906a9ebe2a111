"""The knowledge base: published items are public, drafts are for editors; what search may
find, derived from the same rules."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.communities import communities_visible_to, facilitated_communities
from peerlearning.access.exchanges import (
    can_read_outcomes,
    exchanges_visible_to,
    get_exchange_for_user,
    with_readable_outcomes,
)
from peerlearning.access.roles import (
    Viewer,
    can_edit_knowledge,
    can_facilitate,
    can_submit_practice,
    facilitates_any,
    is_editor,
    is_member,
    is_platform_facilitator,
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
from peerlearning.network.models import Community, CommunityVisibility

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
    return visible.filter(pk__in=facilitated_communities(user).values("pk"))


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
    """Who wrote the practice, submitted it for review, or changed its text since it was last
    submitted: none of them may review it (an editor who rewrites a submission and approves it
    would publish their own text alone)."""
    events = list(practice.events.values_list("action", "actor_id"))
    people = {actor for action, actor in events if action == PracticeEvent.Action.SUBMITTED}
    last_submitted = max(
        (
            i
            for i, (action, _actor) in enumerate(events)
            if action == PracticeEvent.Action.SUBMITTED
        ),
        default=None,
    )
    if last_submitted is not None:
        people |= {
            actor
            for action, actor in events[last_submitted + 1 :]
            if action == PracticeEvent.Action.EDITED
        }
    if practice.created_by_id is not None:
        people.add(practice.created_by_id)
    return {pk for pk in people if pk is not None}


def may_review_practice(viewer: Viewer, practice: Practice) -> bool:
    """An editor who neither wrote the practice nor submitted it (administrators included:
    nobody grants themselves publication)."""
    return is_editor(viewer) and viewer.pk not in practice_submitters(practice)


def lessons_visible_to[QS: QuerySet[Lesson]](queryset: QS, viewer: Viewer) -> QS:
    """A lesson is seen by whoever may see the practice it came from, or read the outcomes of
    the exchange it came from (a key learning of an exchange under the rule is not read on the
    lessons page before its report is out, by who may not read it on the exchange's)."""
    exchanges = with_readable_outcomes(exchanges_visible_to(Exchange.objects.all(), viewer), viewer)
    practices = practices_visible_to(Practice.objects.all(), viewer)
    return queryset.filter(
        (Q(exchange__isnull=True) | Q(exchange__in=exchanges))
        & (Q(practice__isnull=True) | Q(practice__in=practices))
    )


def can_make_lessons(viewer: Viewer, exchange: Exchange) -> bool:
    """Who turns an exchange's key learnings into lessons, and edits or deletes those lessons:
    the facilitators of its community (the rule that edits its outcomes) and administrators;
    the platform's facilitators too, once its outcomes may be read."""
    if can_facilitate(viewer, exchange.community):
        return True
    # A platform facilitator outside the community reads its key learnings once they may be
    # read (the report is out), as anyone who may see the exchange.
    return is_platform_facilitator(viewer) and can_read_outcomes(viewer, exchange)


def get_exchange_for_lessons(viewer: Viewer, slug: str) -> Exchange:
    """404 for whoever may not know the exchange exists; 403 for whoever may see it but may not
    make its lessons."""
    exchange = get_exchange_for_user(viewer, slug)
    if not can_make_lessons(viewer, exchange):
        raise PermissionDenied(_("Only the facilitators of this exchange can make its lessons."))
    return exchange


def lessons_editable_by[QS: QuerySet[Lesson]](queryset: QS, viewer: Viewer) -> QS:
    """The list form of `can_edit_lesson`, in one query: every lesson for editors (and
    administrators); for the others, the lessons of the exchanges they may make lessons of."""
    if can_edit_knowledge(viewer):
        return queryset
    if not is_member(viewer):
        return queryset.none()
    if is_platform_facilitator(viewer):
        readable = with_readable_outcomes(Exchange.objects.all(), viewer)
        return queryset.filter(exchange__in=readable.values("pk"))
    return queryset.filter(exchange__community__in=facilitated_communities(viewer).values("pk"))


def can_edit_lesson(viewer: Viewer, lesson: Lesson) -> bool:
    """Editors edit and delete any lesson; an exchange's lessons, also whoever may make them."""
    if can_edit_knowledge(viewer):
        return True
    return lesson.exchange is not None and can_make_lessons(viewer, lesson.exchange)


def get_lesson_for_user(viewer: Viewer, uuid: str, *, write: bool = False) -> Lesson:
    """404 for whoever may not see the lesson (its source); 403 if `write` and the viewer may
    not edit it."""
    lesson = (
        lessons_visible_to(Lesson.objects.all(), viewer)
        .select_related("exchange__community", "practice", "outcome")
        .filter(uuid=uuid)
        .first()
    )
    if lesson is None:
        raise Http404
    if write and not can_edit_lesson(viewer, lesson):
        raise PermissionDenied(_("Only editors and the facilitators of its exchange can do this."))
    return lesson


def _published_resources_q() -> Q:
    return Q(status=EditorialStatus.PUBLISHED, consent_withdrawn_at__isnull=True)


def resources_visible_to[QS: QuerySet[Resource]](queryset: QS, viewer: Viewer) -> QS:
    """Published resources are public; a testimony whose consent was withdrawn is for editors
    only, at once; drafts are for editors, and for the author of a practice not yet published
    that they are attached to (the author's own documents, while the practice is theirs to
    change or waits for review). A resource an editor unpublished is no author's any more."""
    if can_edit_knowledge(viewer):
        return queryset
    if is_member(viewer):
        own_practices = Resource.practices.through.objects.filter(
            practice__created_by_id=viewer.pk,
            practice__status__in=[EditorialStatus.DRAFT, EditorialStatus.IN_REVIEW],
        ).values("resource_id")
        return queryset.filter(
            _published_resources_q() | Q(pk__in=own_practices, consent_withdrawn_at__isnull=True)
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
