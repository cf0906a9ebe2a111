"""The lexicon: public to read with its rules and their examples run; editors change it and
read its history (who changed what, which only editors see)."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from peerlearning import access
from peerlearning.lib.form_pages import form_page
from peerlearning.lib.http import AuthenticatedHttpRequest
from peerlearning.lib.pagination import filters_query, page_of
from peerlearning.terminology import actions, checking, engine, examples, lexicon_io
from peerlearning.terminology.forms import InUseForm, RuleForm, TermForm
from peerlearning.terminology.models import (
    Category,
    ContextRule,
    Language,
    Revision,
    RuleKind,
    Term,
)

HISTORY_PAGE_SIZE = 50


def term_url(term: Term) -> str:
    return reverse("terminology:term", args=[term.public_id])


def rule_url(rule: ContextRule) -> str:
    return reverse("terminology:rule", args=[rule.public_id])


def rule_sentence(rule: ContextRule) -> str:
    """What the rule does, as a person would say it."""
    cues = ", ".join(f"“{cue}”" for cue in rule.cues)
    if rule.kind == RuleKind.REQUIRES:
        return ngettext(
            "Flagged only if one of these words is within %(window)s word: %(cues)s.",
            "Flagged only if one of these words is within %(window)s words: %(cues)s.",
            rule.window,
        ) % {"window": rule.window, "cues": cues}
    return ngettext(
        "Never flagged if one of these words is within %(window)s word in the same sentence: "
        "%(cues)s.",
        "Never flagged if one of these words is within %(window)s words in the same sentence: "
        "%(cues)s.",
        rule.window,
    ) % {"window": rule.window, "cues": cues}


def _rule_row(rule: ContextRule, lexicon: engine.Lexicon, *, editor: bool) -> dict[str, Any]:
    """A rule as the pages show it; its examples run only while it is in use (out of use, the
    lexicon does not hold it). The terms it is limited to are named if in use (editors see all);
    `limited` tells a rule for every term from one whose terms are all out of use."""
    outcomes = examples.run_rule(lexicon, rule) if rule.is_active else []
    limited_to = list(rule.terms.all())
    return {
        "rule": rule,
        "sentence": rule_sentence(rule),
        "limited": bool(limited_to),
        "terms": [t for t in limited_to if t.is_active or editor],
        "outcomes": outcomes,
        "failing": sum(1 for o in outcomes if not o.passed),
    }


def _failing_in(language: str) -> list[examples.Outcome]:
    rules = ContextRule.objects.active().filter(language=language)
    return examples.failing_examples(checking.current_lexicon(), rules)


def _warn_failing(request: HttpRequest, language: str) -> None:
    """A warning, not a block: the examples of the language that the lexicon now gets wrong."""
    failing = _failing_in(language)
    if failing:
        messages.warning(
            request,
            ngettext(
                "After this change, %(count)s example of the rules fails: %(list)s",
                "After this change, %(count)s examples of the rules fail: %(list)s",
                len(failing),
            )
            % {
                "count": len(failing),
                "list": "; ".join(f"{o.rule}: “{o.text}”" for o in failing),
            },
        )


@require_safe
def lexicon(request: HttpRequest) -> HttpResponse:
    """Terms grouped by language (filtered by language and category with a plain GET form),
    the rules of each language with their examples run, and a summary."""
    viewer = request.user
    language = request.GET.get("language", "")
    language = language if language in Language.values else ""
    category = request.GET.get("category", "")
    category = category if category in Category.values else ""
    terms = access.terms_visible_to(Term.objects.all(), viewer)
    rules = access.rules_visible_to(
        ContextRule.objects.prefetch_related(
            Prefetch("terms", queryset=Term.objects.order_by("term"))
        ),
        viewer,
    )
    if language:
        terms = terms.filter(language=language)
        rules = rules.filter(language=language)
    if category:
        terms = terms.filter(category=category)
    lexicon_in_use = checking.current_lexicon()
    term_list = list(terms.order_by("language", "-is_active", "term"))
    editor = access.can_edit_lexicon(viewer)
    rule_rows = [
        _rule_row(rule, lexicon_in_use, editor=editor)
        for rule in rules.order_by("language", "-is_active", "kind", "name")
    ]
    groups = []
    for code, label in Language.choices:
        here_terms = [t for t in term_list if t.language == code]
        here_rules = [r for r in rule_rows if r["rule"].language == code]
        if here_terms or here_rules:
            groups.append({"code": code, "label": label, "terms": here_terms, "rules": here_rules})
    examples_run = sum(len(r["outcomes"]) for r in rule_rows)
    failing = sum(r["failing"] for r in rule_rows)
    return render(
        request,
        "terminology/lexicon.html",
        {
            "groups": groups,
            "languages": Language.choices,
            "categories": Category.choices,
            "language": language,
            "category": category,
            "filtered": bool(language or category),
            "term_count": sum(1 for t in term_list if t.is_active),
            "rule_count": sum(1 for r in rule_rows if r["rule"].is_active),
            "examples_run": examples_run,
            "failing": failing,
            "can_edit": editor,
        },
    )


@require_safe
def lexicon_export(request: HttpRequest) -> HttpResponse:
    """The terms and rules in use, in the shape `loadlexicon` reads."""
    data = lexicon_io.dump(Term.objects.active(), ContextRule.objects.active())
    # A rule names only terms in use (the file must load on its own); one limited to terms all
    # out of use applies to none in use, and is left out, as the checker leaves it out.
    in_use = {(t["language"], t["term"]) for t in data["terms"]}
    rules = []
    for rule in data["rules"]:
        kept = [name for name in rule["terms"] if (rule["language"], name) in in_use]
        if rule["terms"] and not kept:
            continue
        rules.append(rule | {"terms": kept})
    data["rules"] = rules
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="lexicon.json"'
    return response


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return (
            "; ".join(
                (
                    f"{v.get('title', '')} {v.get('url', '')}".strip()
                    if isinstance(v, dict)
                    else str(v)
                )
                for v in value
            )
            or "—"
        )
    return str(value) if value not in ("", None) else "—"


def _history(revisions: list[Revision], labels: dict[str, str]) -> list[dict[str, Any]]:
    """Revisions newest first, each with what changed since the one before it."""
    rows = []
    for i, revision in enumerate(revisions):
        before = revisions[i + 1].snapshot if i + 1 < len(revisions) else {}
        after = revision.snapshot
        changes = [
            (labels.get(name, name), _show(before.get(name)), _show(after.get(name)))
            for name in after
            if before and before.get(name) != after.get(name)
        ]
        rows.append({"revision": revision, "changes": changes})
    return rows


def _labels(model: type[Term] | type[ContextRule], names: tuple[str, ...]) -> dict[str, str]:
    """The fields' names as the forms call them, for the history's changes."""
    fields = [*names, "is_active", *(["terms"] if model is ContextRule else [])]
    return {
        name: str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in fields
    }


def _revisions(viewer: Any, **of: Any) -> list[Revision]:
    return list(
        access.revisions_visible_to(
            Revision.objects.filter(**of).select_related("author"), viewer
        ).order_by("-at", "-pk")
    )


@require_safe
def term_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    term = access.get_term_for_user(viewer, uuid)
    lexicon_in_use = checking.current_lexicon()
    can_edit = access.can_edit_lexicon(viewer)
    rules = [
        _rule_row(rule, lexicon_in_use, editor=can_edit)
        for rule in access.rules_visible_to(
            ContextRule.objects.filter(language=term.language).prefetch_related("terms"), viewer
        ).order_by("-is_active", "kind", "name")
    ]
    applying = [r for r in rules if not r["limited"] or term in r["terms"]]
    # As the engine does it: a term that needs its context is limited only by a rule in use
    # that requires one; with none, it is flagged wherever it appears.
    limited = term.needs_context and any(
        r["rule"].is_active and r["rule"].kind == RuleKind.REQUIRES for r in applying
    )
    return render(
        request,
        "terminology/term_detail.html",
        {
            "term": term,
            "rules": applying,
            "limited": limited,
            "can_edit": can_edit,
            "history": _history(_revisions(viewer, term=term), _labels(Term, actions.TERM_FIELDS))
            if can_edit
            else [],
            "use_form": InUseForm(initial={"in_use": not term.is_active}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request.user
    access.require_lexicon_editor(viewer)
    initial: dict[str, object] = {"needs_context": True}
    if request.GET.get("language") in Language.values:
        initial["language"] = request.GET["language"]
    form = TermForm(request.POST or None, initial=initial)

    def save(data: dict[str, Any]) -> str:
        term = actions.save_term(viewer, None, form.values(), note=data["note"])
        _warn_failing(request, term.language)
        return term_url(term)

    return form_page(
        request, form, "terminology/term_form.html", save, _("The term is in the lexicon.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    term = access.get_term_for_user(viewer, uuid, write=True)
    form = TermForm(request.POST or None, term=term)

    def save(data: dict[str, Any]) -> str:
        saved = actions.save_term(viewer, term, form.values(), note=data["note"])
        _warn_failing(request, saved.language)
        return term_url(saved)

    return form_page(
        request,
        form,
        "terminology/term_form.html",
        save,
        _("The term is saved."),
        term=term,
    )


def _set_in_use(
    request: AuthenticatedHttpRequest,
    item: Term | ContextRule,
    set_in_use: Callable[..., Term | ContextRule],
    back_in_use: str,
    out_of_use: str,
) -> HttpResponse:
    """Take a term or rule out of use, or put it back, as the posted form says; then its page."""
    form = InUseForm(request.POST)
    form.is_valid()
    in_use = bool(form.cleaned_data.get("in_use"))
    set_in_use(request.user, item, in_use, note=form.cleaned_data.get("note", ""))
    messages.success(request, back_in_use if in_use else out_of_use)
    _warn_failing(request, item.language)
    return redirect(term_url(item) if isinstance(item, Term) else rule_url(item))


@login_required
@require_POST
def term_use(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    term = access.get_term_for_user(request.user, uuid, write=True)
    return _set_in_use(
        request,
        term,
        actions.set_term_in_use,
        _("The term is back in use."),
        _("The term is out of use: it is no longer flagged."),
    )


@require_safe
def rule_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    rule = access.get_rule_for_user(viewer, uuid)
    can_edit = access.can_edit_lexicon(viewer)
    row = _rule_row(rule, checking.current_lexicon(), editor=can_edit)
    return render(
        request,
        "terminology/rule_detail.html",
        {
            "rule": rule,
            "row": row,
            "can_edit": can_edit,
            "history": _history(
                _revisions(viewer, rule=rule), _labels(ContextRule, actions.RULE_FIELDS)
            )
            if can_edit
            else [],
            "use_form": InUseForm(initial={"in_use": not rule.is_active}),
        },
    )


def _save_rule(
    request: HttpRequest, viewer: Any, rule: ContextRule | None, form: RuleForm, note: str
) -> str:
    # The form offers the terms in use: those out of use that the rule names stay named, or an
    # edit would turn a rule limited to them into one for every term of its language.
    kept = list(rule.terms.filter(is_active=False)) if rule is not None else []
    saved = actions.save_rule(
        viewer, rule, form.values(), terms=[*form.cleaned_data["terms"], *kept], note=note
    )
    failing = [o for o in examples.run_rule(checking.current_lexicon(), saved) if not o.passed]
    if failing and saved.is_active:
        messages.warning(
            request,
            ngettext(
                "%(count)s example of this rule fails: see below.",
                "%(count)s examples of this rule fail: see below.",
                len(failing),
            )
            % {"count": len(failing)},
        )
    return rule_url(saved)


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request.user
    access.require_lexicon_editor(viewer)
    language = request.GET.get("language", "")
    language = language if language in Language.values else ""
    form = RuleForm(request.POST or None, language=language)
    return form_page(
        request,
        form,
        "terminology/rule_form.html",
        lambda data: _save_rule(request, viewer, None, form, data["note"]),
        _("The rule is in the lexicon."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    viewer = request.user
    rule = access.get_rule_for_user(viewer, uuid, write=True)
    form = RuleForm(request.POST or None, rule=rule)
    return form_page(
        request,
        form,
        "terminology/rule_form.html",
        lambda data: _save_rule(request, viewer, rule, form, data["note"]),
        _("The rule is saved."),
        rule=rule,
    )


@login_required
@require_POST
def rule_use(request: AuthenticatedHttpRequest, uuid: str) -> HttpResponse:
    rule = access.get_rule_for_user(request.user, uuid, write=True)
    return _set_in_use(
        request,
        rule,
        actions.set_rule_in_use,
        _("The rule is back in use."),
        _("The rule is out of use: it no longer applies."),
    )


@login_required
@require_safe
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    viewer = request.user
    access.require_lexicon_editor(viewer)
    revisions = access.revisions_visible_to(
        Revision.objects.select_related("author", "term", "rule"), viewer
    ).order_by("-at", "-pk")
    return render(
        request,
        "terminology/history.html",
        {"page": page_of(request, revisions, HISTORY_PAGE_SIZE), "query": filters_query(request)},
    )
