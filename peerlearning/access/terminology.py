"""The terminology checker: anyone may check a text, signed in or not, and read the lexicon in
use with its rules (so a reader can see why a word was flagged); editors change the lexicon and
read its history (who changed what); a saved check is its owner's alone."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from peerlearning.access.roles import Viewer, is_editor, is_member
from peerlearning.terminology.models import ContextRule, Revision, SavedCheck, Term


def can_edit_lexicon(viewer: Viewer) -> bool:
    """Editors (and administrators), with two factors (required of the role by the middleware)."""
    return is_editor(viewer)


def require_lexicon_editor(viewer: Viewer) -> None:
    """403 with the reason for whoever is not an editor."""
    if not can_edit_lexicon(viewer):
        raise PermissionDenied(_("Only editors can change the terminology lexicon."))


def terms_visible_to[QS: QuerySet[Term]](queryset: QS, viewer: Viewer) -> QS:
    """Terms in use are public; editors also see those taken out of use."""
    return queryset if can_edit_lexicon(viewer) else queryset.filter(is_active=True)


def rules_visible_to[QS: QuerySet[ContextRule]](queryset: QS, viewer: Viewer) -> QS:
    return queryset if can_edit_lexicon(viewer) else queryset.filter(is_active=True)


def get_term_for_user(viewer: Viewer, public_id: uuid.UUID | str, *, write: bool = False) -> Term:
    """404 for a term out of use to whoever is not an editor; 403 for a non-editor's write."""
    term = terms_visible_to(Term.objects.all(), viewer).filter(public_id=public_id).first()
    if term is None:
        raise Http404
    if write:
        require_lexicon_editor(viewer)
    return term


def get_rule_for_user(
    viewer: Viewer, public_id: uuid.UUID | str, *, write: bool = False
) -> ContextRule:
    rule = rules_visible_to(ContextRule.objects.all(), viewer).filter(public_id=public_id).first()
    if rule is None:
        raise Http404
    if write:
        require_lexicon_editor(viewer)
    return rule


def revisions_visible_to[QS: QuerySet[Revision]](queryset: QS, viewer: Viewer) -> QS:
    """The history names the editors who made each change: for editors only."""
    return queryset if can_edit_lexicon(viewer) else queryset.none()


def may_save_checks(viewer: Viewer) -> bool:
    """Signed-in members may keep a check; a visitor's check is never stored."""
    return is_member(viewer)


def saved_checks_visible_to[QS: QuerySet[SavedCheck]](queryset: QS, viewer: Viewer) -> QS:
    """Each person's own saved checks, and nobody else's (administrators included)."""
    if not is_member(viewer):
        return queryset.none()
    return queryset.filter(owner_id=viewer.pk)


def get_saved_check_for_user(viewer: Viewer, public_id: uuid.UUID | str) -> SavedCheck:
    found = saved_checks_visible_to(SavedCheck.objects.all(), viewer)
    check = found.filter(public_id=public_id).first()
    if check is None:
        raise Http404
    return check
