"""Texts kept with their translations ({language: {field: text}}): the version a reader sees,
and a translation written or taken away. The same shape as the knowledge base's `in_language`,
so every page shows the same note (templates/knowledge/version_note.html)."""

from typing import Any

from django import forms
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _


def platform_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def base_language(code: str) -> str:
    """The base of a language code: en-gb is en. A code whose base Django does not name
    (zh-hans: there is no zh) stays whole, so that the fallback note can name its language."""
    code = code or settings.LANGUAGE_CODE
    base = code.split("-")[0]
    return base if base in LANG_INFO or code not in LANG_INFO else code


def platform_language(code: str) -> str:
    """The platform's language for a code (en-gb is en), or its default for a language it does
    not have: what e-mails and feeds to a person are written in."""
    base = base_language(code)
    return base if base in platform_codes() else settings.LANGUAGE_CODE


def wanted_language(request: HttpRequest) -> str:
    """The language a reader asks for: `?lang=` when it is one of the platform's, else the
    language the page is shown in."""
    asked = request.GET.get("lang", "")
    if asked in platform_codes():
        return asked
    return base_language(translation.get_language() or settings.LANGUAGE_CODE)


def version_of(
    fields: dict[str, str], original: str, translations: dict, wanted: str, key: str
) -> dict[str, Any]:
    """`fields` (the original texts) in the wanted language when a translation with `key`
    filled in exists, else as written; with what the fallback note needs: `translated`,
    `original`, `wanted` and the `others` languages the item also exists in."""
    original = base_language(original)
    available = sorted(translated_languages(translations, key) | {original})
    version = translations.get(wanted) if wanted != original else None
    shown: dict[str, Any] = {**fields, "language": original, "translated": False}
    if isinstance(version, dict) and version.get(key):
        shown = {
            **{name: version.get(name, "") or "" for name in fields},
            "language": wanted,
            "translated": True,
        }
    return {
        **shown,
        "original": original,
        "wanted": wanted,
        "available": available,
        "others": [code for code in available if code != shown["language"]],
    }


def translated_languages(translations: dict, key: str) -> set[str]:
    return {
        code
        for code, version in (translations or {}).items()
        if isinstance(version, dict) and version.get(key)
    }


def with_translation(translations: dict, language: str, version: dict[str, str], key: str) -> dict:
    """`translations` with `language` set to `version` (stripped), or without it when the
    version's `key` field is empty: emptying the title takes the translation away."""
    version = {name: (text or "").strip() for name, text in version.items()}
    kept = {code: value for code, value in (translations or {}).items() if code != language}
    if version.get(key):
        kept[language] = version
    return kept


class TranslationForm(forms.Form):
    """The language of a translation: one of the platform's, never the item's own."""

    language = forms.ChoiceField(
        label=_("Language of the translation"),
        choices=(),
        error_messages={"invalid_choice": _("Choose one of the platform's languages.")},
    )

    def __init__(self, *args: Any, original: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.original = base_language(original)
        self.fields["language"].choices = [("", "—"), *settings.LANGUAGES]  # type: ignore[attr-defined]

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        if language == self.original:
            raise forms.ValidationError(
                _("It is written in %(language)s: choose another language to translate it into.")
                % {"language": translation.get_language_info(language)["name_translated"]}
            )
        return language


def refusal(language: str, original: str) -> str | None:
    """Why a translation into `language` of an item written in `original` is refused, if it
    is: a language the platform does not have, or the item's own."""
    if language not in platform_codes():
        return str(_("Choose one of the platform's languages."))
    if language == base_language(original):
        return str(_("This is the language it was written in."))
    return None


def in_words(items: Any) -> str:
    """A list in words, in the current language: "a, b and c" (Arabic "،"); "a; b and c"
    when an item holds a comma itself ("niñas, niños y adolescentes"), so that one can tell
    where each ends."""
    items = [str(item) for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    if any("," in item or "،" in item for item in items[:-1]):
        separator = pgettext("between items of a list that hold commas", "; ")
    else:
        separator = pgettext("between items of a list", ", ")
    return gettext("%(first)s and %(last)s") % {
        "first": separator.join(items[:-1]),
        "last": items[-1],
    }
