"""The audit log as administrators review it (issue 20): who may read it, and what an entry may
say to them.

Administrators run the platform; they are not to learn who said what (DESIGN.md §4, §9). The
actions write no entry that pairs a person with a contribution or a survey answer they gave, and
this module keeps it so for entries written later: an entry about a sealed object (a
contribution, its sealed authorship, a survey's answer or its marker), or one whose details name
such an object, is shown without its actor and its details — unless its action is one a
facilitator or an administrator takes on someone else's contribution (moderating it, reading its
author through the audited path), or a participant's report, whose reporter the administrators
may read on the review page anyway. A withheld entry is not found by searching for a person
either: finding it would say whose it is.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from peerlearning.access.roles import Viewer, is_administrator
from peerlearning.accounts.models import AuditEntry, User, has_two_factor
from peerlearning.exchanges.models import (
    Contribution,
    SealedAuthorship,
    SurveyResponse,
    SurveySubmission,
)

# A page or a download (a streamed CSV is no HttpResponse).
type AnyView = Callable[..., HttpResponseBase]

SEALED_TYPES = frozenset(
    model._meta.label_lower
    for model in (Contribution, SealedAuthorship, SurveySubmission, SurveyResponse)
)
# On a contribution, the actor of these is never its author in that role: the facilitators who
# moderate it or dismiss its reports, the administrator who reads its author (with a reason), and
# a participant who reports it (named to the exchange's facilitators, administrators included).
NAMED_ON_SEALED = frozenset(
    {
        "contribution.reported",
        "contribution.moderated",
        "contribution.reports_dismissed",
        "contribution.author_read",
    }
)
# Details naming a sealed object or its author make the entry sealed too, whatever its target.
SEALED_DETAIL_KEYS = ("contribution", "contributions", "author", "survey_answer", "marker")


def withheld() -> Q:
    """The entries shown without actor or details."""
    sealed_details = Q()
    for key in SEALED_DETAIL_KEYS:
        sealed_details |= Q(details__has_key=key)
    return (Q(object_type__in=SEALED_TYPES) & ~Q(action__in=NAMED_ON_SEALED)) | sealed_details


def may_review_audit_log(viewer: Viewer) -> bool:
    """Administrators signed in with two factors."""
    return is_administrator(viewer) and has_two_factor(viewer)


def audit_log_required(view: AnyView) -> AnyView:
    """The audit log's pages: a signed-out visitor is sent to sign in, anyone but an
    administrator gets 403. An administrator without two factors is sent to set them up by
    TwoFactorRequiredMiddleware before this runs; refused here too, should that ever change."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not may_review_audit_log(request.user):
            raise PermissionDenied(_("This page is for administrators."))
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def audit_entries_visible_to(
    queryset: QuerySet[AuditEntry], viewer: Viewer
) -> QuerySet[AuditEntry]:
    """Every entry for an administrator with two factors, none for anyone else; each carries
    `withheld` (shown without actor or details)."""
    if not may_review_audit_log(viewer):
        return queryset.none()
    return queryset.annotate(
        withheld=Case(
            When(withheld(), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def audit_entries_of_people(
    queryset: QuerySet[AuditEntry], people: list[User]
) -> QuerySet[AuditEntry]:
    """The entries these people made or that are about them (the person an entry targets or
    names in its details), never a withheld one."""
    if not people:
        return queryset.none()
    uuids = [str(person.uuid) for person in people]
    return queryset.filter(
        Q(actor__in=people)
        | Q(object_type=User._meta.label_lower, object_id__in=uuids)
        | Q(details__person__in=uuids)
    ).exclude(withheld())
