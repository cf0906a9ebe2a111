"""Writes to the lexicon, each with its revision (who, when, what it read after, why), and the
saving and deleting of a person's checks. Views, the API and the loader call these only."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerlearning.accounts.models import User
from peerlearning.terminology.checking import Result
from peerlearning.terminology.models import ContextRule, Revision, SavedCheck, Term

TERM_FIELDS = (
    "language",
    "term",
    "forms",
    "category",
    "plain",
    "explanation",
    "sources",
    "needs_context",
)
RULE_FIELDS = (
    "language",
    "name",
    "kind",
    "cues",
    "window",
    "description",
    "must_match",
    "must_not_match",
)


class LexiconError(Exception):
    """The message is translated and says what is wrong."""


def term_snapshot(term: Term) -> dict[str, Any]:
    return {name: getattr(term, name) for name in TERM_FIELDS} | {"is_active": term.is_active}


def rule_snapshot(rule: ContextRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in RULE_FIELDS} | {
        "is_active": rule.is_active,
        "terms": sorted(f"{t.term} ({t.language})" for t in rule.terms.all()),
    }


@transaction.atomic
def save_term(
    editor: User | None,
    term: Term | None,
    values: dict[str, Any],
    *,
    note: str = "",
    change: str | None = None,
) -> Term:
    """Create a term (term None) or change one; a revision records what it reads now."""
    created = term is None
    if term is None:
        term = Term()
    for name in TERM_FIELDS:
        if name in values:
            setattr(term, name, values[name])
    term.updated_at = timezone.now()
    term.save()
    _revise(editor, term, change or _saved_change(created), note)
    return term


@transaction.atomic
def set_term_in_use(editor: User, term: Term, in_use: bool, *, note: str = "") -> Term:
    """Take a term out of use (it is kept, with its history) or put it back."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    if _set_in_use(term, in_use):
        _revise(editor, term, _in_use_change(in_use), note)
    return term


@transaction.atomic
def save_rule(
    editor: User | None,
    rule: ContextRule | None,
    values: dict[str, Any],
    *,
    terms: Iterable[Term] | None = None,
    note: str = "",
    change: str | None = None,
) -> ContextRule:
    """Create a context rule (rule None) or change one; `terms` None leaves its terms as
    they are, an empty list makes it apply to every term of its language."""
    created = rule is None
    if rule is None:
        rule = ContextRule()
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    rule.updated_at = timezone.now()
    rule.save()
    if terms is not None:
        rule.terms.set(list(terms))
    _revise(editor, rule, change or _saved_change(created), note)
    return rule


@transaction.atomic
def set_rule_in_use(
    editor: User, rule: ContextRule, in_use: bool, *, note: str = ""
) -> ContextRule:
    rule = ContextRule.objects.select_for_update().get(pk=rule.pk)
    if _set_in_use(rule, in_use):
        _revise(editor, rule, _in_use_change(in_use), note)
    return rule


def _set_in_use(item: Term | ContextRule, in_use: bool) -> bool:
    """True when it changed."""
    if item.is_active == in_use:
        return False
    item.is_active = in_use
    item.updated_at = timezone.now()
    item.save(update_fields=["is_active", "updated_at"])
    return True


def _saved_change(created: bool) -> str:
    return Revision.Change.CREATED if created else Revision.Change.CHANGED


def _in_use_change(in_use: bool) -> str:
    return Revision.Change.RESTORED if in_use else Revision.Change.RETIRED


def _revise(editor: User | None, item: Term | ContextRule, change: str, note: str) -> None:
    """The revision of a change: what the term or rule reads after it."""
    if isinstance(item, Term):
        Revision.objects.create(
            term=item, change=change, snapshot=term_snapshot(item), note=note, author=editor
        )
    else:
        Revision.objects.create(
            rule=item, change=change, snapshot=rule_snapshot(item), note=note, author=editor
        )


@transaction.atomic
def save_check(owner: User, result: Result, *, title: str, file_name: str = "") -> SavedCheck:
    """Keep a check its owner chose to save: the text and what was found in it."""
    return SavedCheck.objects.create(
        owner=owner,
        title=title,
        language=result.language,
        text=result.text,
        file_name=file_name,
        spans=[span.as_dict() for span in result.spans],
    )


@transaction.atomic
def delete_check(owner: User, check: SavedCheck) -> None:
    SavedCheck.objects.filter(pk=check.pk, owner=owner).delete()
