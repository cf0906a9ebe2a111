"""The lexicon's forms: a term, a context rule, taking either out of use. Lists are typed one
item a line; each form keeps what was typed when it comes back with an error."""

from typing import Any

from django import forms as django_forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peerlearning.lib.web import is_web_address
from peerlearning.terminology import engine
from peerlearning.terminology.models import Category, ContextRule, Language, RuleKind, Term


def _lines(text: str) -> list[str]:
    """The non-empty lines, stripped, each once, in the order typed."""
    seen: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen


def has_letters(phrase: str) -> bool:
    """Words the checker can match: a phrase of punctuation alone ("…") has none."""
    return any(c.isalnum() for word in engine.phrase_words(phrase) for c in word)


def _text(rows: int = 3) -> django_forms.Textarea:
    return django_forms.Textarea(attrs={"rows": rows, "dir": "auto"})


def _line() -> django_forms.TextInput:
    return django_forms.TextInput(attrs={"dir": "auto"})


class TermForm(django_forms.Form):
    language = django_forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)
    term = django_forms.CharField(label=gettext_lazy("Term"), max_length=200, widget=_line())
    forms = django_forms.CharField(
        label=gettext_lazy("Inflected forms"),
        required=False,
        widget=_text(5),
        help_text=Term._meta.get_field("forms").help_text,
    )
    category = django_forms.ChoiceField(label=gettext_lazy("Category"), choices=Category.choices)
    plain = django_forms.CharField(
        label=gettext_lazy("Plain term to use instead"),
        max_length=200,
        required=False,
        widget=_line(),
        help_text=gettext_lazy("In the same language."),
    )
    explanation = django_forms.CharField(
        label=gettext_lazy("Explanation"), max_length=2000, widget=_text(4)
    )
    sources = django_forms.CharField(
        label=gettext_lazy("Sources"),
        required=False,
        widget=_text(3),
        help_text=gettext_lazy("One a line: “title | https://…”."),
    )
    # The shared field template shows no help beside a checkbox: the label says it all.
    needs_context = django_forms.BooleanField(
        label=gettext_lazy(
            "Flag it only where the text speaks of migration or custody (untick for a name "
            "that only ever means detention, such as “estación migratoria”)"
        ),
        required=False,
    )
    note = django_forms.CharField(
        label=gettext_lazy("Why this change"),
        max_length=500,
        widget=_line(),
        help_text=gettext_lazy("Kept in the lexicon's history, for the other editors."),
    )

    def __init__(self, *args: Any, term: Term | None = None, **kwargs: Any) -> None:
        self.instance = term
        if term is not None:
            kwargs.setdefault(
                "initial",
                {
                    "language": term.language,
                    "term": term.term,
                    "forms": "\n".join(term.forms),
                    "category": term.category,
                    "plain": term.plain,
                    "explanation": term.explanation,
                    "sources": "\n".join(
                        f"{s.get('title', '')} | {s.get('url', '')}"
                        if s.get("title")
                        else s.get("url", "")
                        for s in term.sources
                    ),
                    "needs_context": term.needs_context,
                },
            )
        else:
            kwargs.setdefault("initial", {"needs_context": True})
        super().__init__(*args, **kwargs)
        if term is None:
            self.fields["note"].required = False
            self.fields["note"].label = _("Note for the history (optional)")

    def clean_term(self) -> str:
        value: str = self.cleaned_data["term"].strip()
        if not has_letters(value):
            raise django_forms.ValidationError(_("The term has no letters."))
        return value

    def clean_forms(self) -> list[str]:
        found = _lines(self.cleaned_data["forms"])
        for line in found:
            if not has_letters(line):
                raise django_forms.ValidationError(
                    _("The form “%(form)s” has no letters.") % {"form": line}
                )
        return found

    def clean_sources(self) -> list[dict[str, str]]:
        sources = []
        for n, line in enumerate(self.cleaned_data["sources"].splitlines(), 1):
            line = line.strip()
            if not line:
                continue
            title, _bar, url = line.rpartition("|")
            title, url = title.strip(), url.strip()
            if not is_web_address(url):
                raise django_forms.ValidationError(
                    _(
                        "Line %(n)s (“%(line)s”) has no web address: write it as "
                        "“title | https://…”."
                    )
                    % {"n": n, "line": line}
                )
            sources.append({"title": title, "url": url})
        return sources

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        language, term = data.get("language"), data.get("term")
        if language and term:
            taken = Term.objects.filter(language=language, term=term)
            if self.instance is not None:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "term",
                    _("“%(term)s” is already in the lexicon in this language.") % {"term": term},
                )
        if term and "forms" in data:
            # The term itself is matched anyway: not repeated among its forms.
            data["forms"] = [f for f in data["forms"] if f != term]
        return data

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "note"}


class TermChoices(django_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Term) -> str:
        return f"{obj.term} ({obj.language})"


class RuleForm(django_forms.Form):
    name = django_forms.CharField(label=gettext_lazy("Name"), max_length=200, widget=_line())
    language = django_forms.ChoiceField(label=gettext_lazy("Language"), choices=Language.choices)
    kind = django_forms.ChoiceField(label=gettext_lazy("What it does"), choices=RuleKind.choices)
    cues = django_forms.CharField(
        label=gettext_lazy("Words and phrases"),
        widget=_text(5),
        help_text=ContextRule._meta.get_field("cues").help_text,
    )
    window = django_forms.IntegerField(
        label=gettext_lazy("Within how many words"), min_value=1, max_value=200, initial=20
    )
    terms = TermChoices(
        label=gettext_lazy("Terms it applies to"),
        queryset=Term.objects.none(),
        required=False,
        widget=django_forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: every term of its language."),
    )
    description = django_forms.CharField(
        label=gettext_lazy("What the rule is for"),
        help_text=gettext_lazy("Shown with the rule on the lexicon page."),
        max_length=2000,
        required=False,
        widget=_text(3),
    )
    must_match = django_forms.CharField(
        label=gettext_lazy("Examples that must be flagged"),
        required=False,
        widget=_text(4),
        help_text=ContextRule._meta.get_field("must_match").help_text,
    )
    must_not_match = django_forms.CharField(
        label=gettext_lazy("Examples that must not be flagged"),
        required=False,
        widget=_text(4),
        help_text=ContextRule._meta.get_field("must_not_match").help_text,
    )
    note = django_forms.CharField(
        label=gettext_lazy("Why this change"),
        max_length=500,
        widget=_line(),
        help_text=gettext_lazy("Kept in the lexicon's history, for the other editors."),
    )

    def __init__(
        self, *args: Any, rule: ContextRule | None = None, language: str = "", **kwargs: Any
    ) -> None:
        self.instance = rule
        if rule is not None:
            language = rule.language
            kwargs.setdefault(
                "initial",
                {
                    "name": rule.name,
                    "language": rule.language,
                    "kind": rule.kind,
                    "cues": "\n".join(rule.cues),
                    "window": rule.window,
                    "terms": [t.pk for t in rule.terms.all()],
                    "description": rule.description,
                    "must_match": "\n".join(rule.must_match),
                    "must_not_match": "\n".join(rule.must_not_match),
                },
            )
        elif language:
            kwargs.setdefault("initial", {"language": language, "window": 20})
        super().__init__(*args, **kwargs)
        choices = Term.objects.active().order_by("language", "term")
        # Shown: the terms of the rule's language (a new rule with no language yet lists all);
        # posted: any term in use, so that one of another language is refused by name.
        if language and not self.is_bound:
            choices = choices.filter(language=language)
        self.fields["terms"].queryset = choices  # type: ignore[attr-defined]
        if rule is None:
            self.fields["note"].required = False
            self.fields["note"].label = _("Note for the history (optional)")

    def clean_cues(self) -> list[str]:
        found = _lines(self.cleaned_data["cues"])
        if not found:
            raise django_forms.ValidationError(_("Give at least one word or phrase."))
        for line in found:
            if not has_letters(line):
                raise django_forms.ValidationError(_("“%(cue)s” has no letters.") % {"cue": line})
        return found

    def clean_must_match(self) -> list[str]:
        return _lines(self.cleaned_data["must_match"])

    def clean_must_not_match(self) -> list[str]:
        return _lines(self.cleaned_data["must_not_match"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        language = data.get("language")
        wrong = [t for t in data.get("terms", []) if t.language != language]
        if language and wrong:
            self.add_error(
                "terms",
                _("These terms are not in the rule's language: %(terms)s")
                % {"terms": ", ".join(t.term for t in wrong)},
            )
        return data

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("note", "terms")}


class InUseForm(django_forms.Form):
    in_use = django_forms.BooleanField(required=False, widget=django_forms.HiddenInput)
    note = django_forms.CharField(
        label=gettext_lazy("Why"), max_length=500, required=False, widget=_line()
    )
