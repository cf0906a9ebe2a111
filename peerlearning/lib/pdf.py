"""PDF from an HTML template, with WeasyPrint. Fonts and styles are local: nothing is fetched."""

from typing import Any

from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string


def _local_only(
    url: str, timeout: int = 10, ssl_context: Any = None, http_headers: Any = None
) -> Any:
    raise ValueError(f"PDF rendering fetches nothing from outside: {url}")


def render_pdf(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1: structure tree, language, title), readable by screen readers.
    The template gives `<html lang>` and a `<title>`, which PDF/UA requires."""
    from weasyprint import CSS, HTML

    html = render_to_string(template, context, request=request)
    stylesheet = finders.find("css/print.css")
    stylesheets = [CSS(filename=stylesheet)] if stylesheet else []
    return HTML(string=html, url_fetcher=_local_only).write_pdf(
        stylesheets=stylesheets, pdf_variant="pdf/ua-1"
    )
