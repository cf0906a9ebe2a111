"""The lexicon as a JSON document: what `loadlexicon` reads (all or nothing, every error named)
and what the lexicon's download gives, in the same shape.

{"terms": [{"language", "term", "forms", "category", "plain", "explanation", "sources",
            "needs_context"}],
 "rules": [{"language", "name", "kind", "cues", "window", "terms", "description",
            "must_match", "must_not_match"}]}

A term is known by its language and term, a rule by its language and name; a rule's "terms"
name terms of its language (none: all of them)."""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from peerlearning.accounts.models import User
from peerlearning.lib.text import holds_null
from peerlearning.lib.web import is_web_address
from peerlearning.terminology import actions, engine
from peerlearning.terminology.models import ContextRule, Revision, Term

DEFAULT_FILE = Path(__file__).parent / "data" / "lexicon.json"


class LexiconInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Loaded:
    created: int = 0
    changed: int = 0
    unchanged: int = 0


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _too_long(item: dict[str, Any], limits: dict[str, int]) -> list[str]:
    """The fields longer than the lexicon's pages and database take."""
    return [
        _("“%(name)s” is longer than %(limit)s characters") % {"name": name, "limit": limit}
        for name, limit in limits.items()
        if isinstance(item.get(name), str) and len(item[name].strip()) > limit
    ]


def term_problems(item: dict[str, Any]) -> list[str]:
    if holds_null(item):
        return [_("it holds a null character (\\u0000): remove it")]
    problems = []
    if item.get("language") not in engine.LANGUAGES:
        problems.append(
            _("the language must be one of %(codes)s") % {"codes": ", ".join(engine.LANGUAGES)}
        )
    if not isinstance(item.get("term"), str) or not item["term"].strip():
        problems.append(_("the term is missing"))
    elif not any(character.isalpha() for character in item["term"]):
        problems.append(_("the term has no letters"))
    if not _strings(item.get("forms", [])):
        problems.append(_("the forms must be a list of words or phrases"))
    if item.get("category") not in engine.CATEGORIES:
        problems.append(
            _("the category must be one of %(codes)s") % {"codes": ", ".join(engine.CATEGORIES)}
        )
    if not isinstance(item.get("explanation"), str) or not item["explanation"].strip():
        problems.append(_("the explanation is missing"))
    if not isinstance(item.get("plain", ""), str):
        problems.append(_("the plain term must be text"))
    problems += _too_long(item, {"term": 200, "plain": 200, "explanation": 2000})
    sources = item.get("sources", [])
    if not isinstance(sources, list) or not all(
        isinstance(s, dict) and is_web_address(str(s.get("url", ""))) for s in sources
    ):
        problems.append(_("each source needs a web address (http or https)"))
    if not isinstance(item.get("needs_context", True), bool):
        problems.append(_("“needs_context” must be true or false"))
    return problems


def rule_problems(item: dict[str, Any]) -> list[str]:
    if holds_null(item):
        return [_("it holds a null character (\\u0000): remove it")]
    problems = []
    if item.get("language") not in engine.LANGUAGES:
        problems.append(
            _("the language must be one of %(codes)s") % {"codes": ", ".join(engine.LANGUAGES)}
        )
    if not isinstance(item.get("name"), str) or not item["name"].strip():
        problems.append(_("the name is missing"))
    if item.get("kind") not in (engine.REQUIRES, engine.EXCLUDES):
        problems.append(_("the kind must be “requires” or “excludes”"))
    if not _strings(item.get("cues")) or not item.get("cues"):
        problems.append(_("the words and phrases must be a list, not empty"))
    problems += _too_long(item, {"name": 200, "description": 2000})
    window = item.get("window", 20)
    if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 200:
        problems.append(_("the window must be a number of words from 1 to 200"))
    for name in ("terms", "must_match", "must_not_match"):
        if not _strings(item.get(name, [])):
            problems.append(_("“%(name)s” must be a list of texts") % {"name": name})
    return problems


def _term_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "language": item["language"],
        "term": item["term"].strip(),
        "forms": [f.strip() for f in item.get("forms", [])],
        "category": item["category"],
        "plain": item.get("plain", "").strip(),
        "explanation": item["explanation"].strip(),
        "sources": [
            {"title": str(s.get("title", "")).strip(), "url": str(s["url"]).strip()}
            for s in item.get("sources", [])
        ],
        "needs_context": item.get("needs_context", True),
    }


def _rule_values(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "language": item["language"],
        "name": item["name"].strip(),
        "kind": item["kind"],
        "cues": [c.strip() for c in item["cues"]],
        "window": item.get("window", 20),
        "description": item.get("description", "").strip(),
        "must_match": list(item.get("must_match", [])),
        "must_not_match": list(item.get("must_not_match", [])),
    }


@transaction.atomic
def load(data: Any, *, editor: User | None = None) -> Loaded:
    """Create or update every term and rule of the document; nothing is written if any is
    wrong (LexiconInvalid names each problem by its place in the file)."""
    errors: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("terms", []), list):
        raise LexiconInvalid([_("The lexicon must be an object with “terms” and “rules”.")])
    terms_in = data.get("terms", [])
    rules_in = data.get("rules", [])
    if not isinstance(rules_in, list):
        raise LexiconInvalid([_("“rules” must be a list.")])
    seen_terms: set[tuple[str, str]] = set()
    for n, item in enumerate(terms_in, 1):
        problems = term_problems(item) if isinstance(item, dict) else [_("not an object")]
        if not problems:
            key = (item["language"], item["term"].strip())
            if key in seen_terms:
                problems.append(_("the term is given twice"))
            seen_terms.add(key)
        errors += [_("term %(n)s: %(problem)s") % {"n": n, "problem": p} for p in problems]
    known_terms = seen_terms | set(Term.objects.values_list("language", "term"))
    for n, item in enumerate(rules_in, 1):
        problems = rule_problems(item) if isinstance(item, dict) else [_("not an object")]
        if not problems:
            for name in item.get("terms", []):
                if (item["language"], name) not in known_terms:
                    problems.append(
                        _("it names the term “%(term)s”, which is not in the lexicon")
                        % {"term": name}
                    )
        errors += [_("rule %(n)s: %(problem)s") % {"n": n, "problem": p} for p in problems]
    if errors:
        raise LexiconInvalid(errors)

    loaded = Loaded()
    for item in terms_in:
        values = _term_values(item)
        term = Term.objects.filter(language=values["language"], term=values["term"]).first()
        if term is not None and all(getattr(term, k) == v for k, v in values.items()):
            loaded.unchanged += 1
            continue
        if term is None:
            loaded.created += 1
        else:
            loaded.changed += 1
        actions.save_term(editor, term, values, change=Revision.Change.IMPORTED)
    for item in rules_in:
        values = _rule_values(item)
        terms = list(
            Term.objects.filter(language=values["language"], term__in=item.get("terms", []))
        )
        rule = ContextRule.objects.filter(language=values["language"], name=values["name"]).first()
        if (
            rule is not None
            and all(getattr(rule, k) == v for k, v in values.items())
            and {t.pk for t in rule.terms.all()} == {t.pk for t in terms}
        ):
            loaded.unchanged += 1
            continue
        if rule is None:
            loaded.created += 1
        else:
            loaded.changed += 1
        actions.save_rule(editor, rule, values, terms=terms, change=Revision.Change.IMPORTED)
    return loaded


def load_file(path: Path = DEFAULT_FILE, *, editor: User | None = None) -> Loaded:
    return load(json.loads(path.read_text(encoding="utf-8")), editor=editor)


def dump(terms: QuerySet[Term], rules: QuerySet[ContextRule]) -> dict[str, Any]:
    """The lexicon in the shape `load` reads."""
    return {
        "terms": [
            {name: getattr(term, name) for name in actions.TERM_FIELDS}
            for term in terms.order_by("language", "term")
        ],
        "rules": [
            {name: getattr(rule, name) for name in actions.RULE_FIELDS}
            | {"terms": sorted(t.term for t in rule.terms.all())}
            for rule in rules.order_by("language", "kind", "name").prefetch_related("terms")
        ],
    }
