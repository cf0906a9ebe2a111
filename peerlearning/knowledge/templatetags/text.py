from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLETS = ("•", "-", "*")


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text to escaped HTML: blank lines part paragraphs; runs of lines starting with a
    bullet become a list, the other lines of a block a paragraph."""
    blocks: list[SafeString] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        run: list[str] = []
        run_is_list = False
        for line in [*lines, None]:
            is_item = line is not None and line.startswith(BULLETS)
            if run and (line is None or is_item != run_is_list):
                if run_is_list:
                    items = ((item.lstrip("•-* ").strip(),) for item in run)
                    blocks.append(
                        format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items))
                    )
                else:
                    blocks.append(format_html("<p>{}</p>", " ".join(run)))
                run = []
            if line is not None:
                run.append(line)
                run_is_list = is_item
    return mark_safe("\n".join(blocks))  # noqa: S308 - every part went through format_html


@register.filter
def label(concept: Any) -> str:
    """A thesaurus concept's label in the current language."""
    from django.utils import translation

    return concept.label(translation.get_language() or "en")


@register.filter
def isolated(value: Any) -> SafeString:
    """A name or title set inside a translated sentence, in its own direction (<bdi>): an
    English community name in an Arabic sentence keeps its words and punctuation in order."""
    return format_html("<bdi>{}</bdi>", value)


# Languages that write the name of a language in lower case within a sentence ("en anglais",
# "en inglés"); English and the others keep the capital their name is given.
LOWER_CASE_LANGUAGE_NAMES = frozenset({"es", "fr"})


@register.filter
def language_in_sentence(code: str) -> str:
    """A language's name in the reader's language, as it is written within a sentence."""
    from django.utils import translation
    from django.utils.translation import get_language_info, gettext

    try:
        name = gettext(get_language_info(str(code))["name"])
    except KeyError:
        return str(code)
    reader = (translation.get_language() or "en").split("-")[0]
    return name.lower() if reader in LOWER_CASE_LANGUAGE_NAMES else name


def list_separator() -> str:
    """The separator between the items of a list in the reader's language (Arabic: "، ")."""
    from django.utils.translation import pgettext

    return pgettext("list separator", ", ")


@register.simple_tag
def separator() -> str:
    """`{% separator %}` between the items of a list written out in a loop."""
    return list_separator()


@register.filter
def listed(items: Any) -> SafeString:
    """Items joined by the reader's list separator, each in its own direction (<bdi>): themes or
    names in English keep their order in an Arabic page."""
    return format_html_join(list_separator(), "<bdi>{}</bdi>", ((item,) for item in items))


@register.filter
def required_mark(field: Any) -> SafeString:
    """A visible mark on a required field, and the word for who does not see it."""
    from django.utils.translation import gettext

    if not field.field.required:
        return SafeString()
    return format_html(
        ' <span class="required-mark"><span aria-hidden="true">*</span>'
        '<span class="visually-hidden">{}</span></span>',
        gettext("(required)"),
    )


@register.filter
def marked_label(field: Any) -> SafeString:
    """A field's <label> as Django writes it ("Title:"), with the required mark inside it."""
    label = str(field.label_tag()).strip()
    if not field.field.required or not label.endswith("</label>"):
        return mark_safe(label)  # noqa: S308 - Django's own HTML
    # The label's text is escaped: its only "</label>" is the closing tag.
    return mark_safe(label.removesuffix("</label>") + required_mark(field) + "</label>")  # noqa: S308
