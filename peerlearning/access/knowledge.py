"""The knowledge base: published items are public, drafts are for editors; what search may
find, derived from the same rules."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.communities import communities_visible_to
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
    is_member,
    is_platform_facilitator,
)
from peerlearning.exchanges.models import Exchange
from peerlearning.knowledge.models import (
    Concept,
    EditorialStatus,
    Lesson,
    Practice,
    Resource,
    Update,
)
from peerlearning.network.models import Community, CommunityVisibility, Membership, Role

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


def get_update_for_user(viewer: Viewer, slug: str) -> Update:
    update = updates_visible_to(Update.objects.all(), viewer).filter(slug=slug).first()
    if update is None:
        raise Http404
    return update


def _published_practices_q() -> Q:
    return Q(status=EditorialStatus.PUBLISHED)


def practices_visible_to[QS: QuerySet[Practice]](queryset: QS, viewer: Viewer) -> QS:
    """Published practices are public; drafts and those in review are for editors."""
    if can_edit_knowledge(viewer):
        return queryset
    return queryset.filter(_published_practices_q())


def get_practice_for_user(viewer: Viewer, external_id: str) -> Practice:
    practice = (
        practices_visible_to(Practice.objects.all(), viewer).filter(external_id=external_id).first()
    )
    if practice is None:
        raise Http404
    return practice


def lessons_visible_to[QS: QuerySet[Lesson]](queryset: QS, viewer: Viewer) -> QS:
    """A lesson is seen by whoever may see the exchange or practice it came from."""
    exchanges = exchanges_visible_to(Exchange.objects.all(), viewer)
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
    facilitated = Membership.objects.filter(person_id=viewer.pk, role=Role.FACILITATOR)
    return queryset.filter(exchange__community__in=facilitated.values("community"))


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
    only, at once; drafts are for editors."""
    if can_edit_knowledge(viewer):
        return queryset
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
