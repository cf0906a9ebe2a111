from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

BULLETS = ("•", "-", "*")


@register.filter
def paragraphs(text: str) -> SafeString:
    """Plain text to escaped HTML: blank lines part paragraphs, bulleted lines become a list."""
    blocks: list[SafeString] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(BULLETS) for line in lines):
            items = ((line.lstrip("•-* ").strip(),) for line in lines)
            blocks.append(format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", items)))
        else:
            blocks.append(format_html("<p>{}</p>", " ".join(lines)))
    return mark_safe("\n".join(blocks))  # noqa: S308 - every part went through format_html
