"""Roles: who is a member, an administrator, a platform facilitator, an editor, a community's
facilitator; the decorators that guard pages by role (403 with a translated reason)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from peerlearning.accounts.models import User, has_two_factor
from peerlearning.monitoring.models import MonitoringTeamMember
from peerlearning.network.models import Community, Membership, Role

type Viewer = User | AnonymousUser
type View = Callable[..., HttpResponse]


def is_administrator(user: Viewer) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_member(user: Viewer) -> bool:
    """Signed in to the network with an active account."""
    return bool(user.is_authenticated and user.is_active)


def is_platform_facilitator(user: Viewer) -> bool:
    """The coalition's staff: the platform's facilitators, and administrators."""
    return is_administrator(user) or bool(
        is_member(user) and getattr(user, "is_facilitator", False)
    )


def is_editor(user: Viewer) -> bool:
    """The platform's editors (a role of its own, not the coordinators'), and administrators."""
    return is_administrator(user) or bool(is_member(user) and getattr(user, "is_editor", False))


def can_edit_knowledge(user: Viewer) -> bool:
    """Who reviews and publishes practices, resources, updates and lessons: editors."""
    return is_editor(user)


def can_submit_practice(user: Viewer) -> bool:
    """Who drafts a practice and submits it for review: a member of a community (any role but
    observer), and the editors."""
    if can_edit_knowledge(user):
        return True
    if not is_member(user):
        return False
    return Membership.objects.filter(person_id=user.pk).exclude(role=Role.OBSERVER).exists()


def can_coordinate_support(user: Viewer) -> bool:
    """Coordinators, who propose matches and act on peer suggestions: the platform's
    facilitators and administrators."""
    return is_platform_facilitator(user)


def community_role(user: Viewer, community: Community) -> str | None:
    if not is_member(user):
        return None
    return (
        Membership.objects.filter(community=community, person_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )


# A co-lead, appointed by the platform's facilitators only, facilitates the community too.
FACILITATING_ROLES = (Role.CO_LEAD, Role.FACILITATOR)


def can_facilitate(user: Viewer, community: Community) -> bool:
    return is_administrator(user) or community_role(user, community) in FACILITATING_ROLES


def facilitates_any(user: Viewer) -> bool:
    if not is_member(user):
        return False
    return Membership.objects.filter(person_id=user.pk, role__in=FACILITATING_ROLES).exists()


def needs_two_factor(user: User) -> bool:
    """Every role above member: administrators, staff, platform facilitators, editors,
    community facilitators and monitoring teams."""
    if user.is_superuser or user.is_staff or user.is_facilitator or user.is_editor:
        return True
    # One query for both: a community's facilitator, or a seat on a country's monitoring team.
    return User.objects.filter(
        Q(memberships__role__in=FACILITATING_ROLES)
        | Q(pk__in=MonitoringTeamMember.objects.values("person")),
        pk=user.pk,
    ).exists()


def lacks_required_two_factor(user: Viewer) -> bool:
    """The one rule: an account whose role needs two factors and has none may do nothing but
    set them up (enforced for every page, the admin and the API by TwoFactorRequiredMiddleware)."""
    return bool(
        user.is_authenticated
        and isinstance(user, User)
        and needs_two_factor(user)
        and not has_two_factor(user)
    )


def may_use_admin(user: Viewer) -> bool:
    """Django's admin: administrators who are staff, signed in with two factors."""
    return bool(
        isinstance(user, User)
        and user.is_active
        and user.is_superuser
        and user.is_staff
        and has_two_factor(user)
    )


# Decorators ------------------------------------------------------------------------------------


def require_editor(user: Viewer) -> None:
    """403 for whoever is not an editor of the knowledge base."""
    if not can_edit_knowledge(user):
        raise PermissionDenied(_("Only editors of the knowledge base can do this."))


def require_platform_facilitator(user: Viewer) -> None:
    """403 for whoever is not one of the platform's facilitators."""
    if not is_platform_facilitator(user):
        raise PermissionDenied(_("Only the platform's facilitators can do this."))


def require_administrator(user: Viewer) -> None:
    """403 for whoever is not an administrator."""
    if not is_administrator(user):
        raise PermissionDenied(_("Only an administrator can do this."))


def _role_required(
    test: Callable[[Viewer], bool], reason: Callable[[], str]
) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if not test(request.user):
                raise PermissionDenied(reason())
            return view(request, *args, **kwargs)

        # Two factors are required by TwoFactorRequiredMiddleware, for every view at once.
        return login_required(wrapped)

    return decorator


facilitator_required = _role_required(
    lambda user: bool(
        user.is_active and (getattr(user, "is_facilitator", False) or user.is_superuser)
    ),
    lambda: _("This page is for facilitators."),
)
administrator_required = _role_required(
    lambda user: bool(user.is_active and user.is_superuser),
    lambda: _("This page is for administrators."),
)


def editor_required(view: View) -> View:
    """A page for editors only (the thesaurus's editing pages): a signed-out visitor is sent to
    sign in, anyone else without the role gets 403 — what the page edits is public, so it is no
    secret that it exists. Two factors are required by TwoFactorRequiredMiddleware."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        require_editor(request.user)
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def facilitator_view(view: View) -> View:
    """Community facilitator pages: signed in, 404/403 by the access function (two factors are
    required for every view by TwoFactorRequiredMiddleware)."""
    return login_required(view)
