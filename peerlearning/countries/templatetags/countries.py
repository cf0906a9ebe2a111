from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django import template

from peerlearning.countries import models

register = template.Library()


@register.filter
def amount(value: Decimal | int | None) -> str:
    """A figure as the reader writes it (grouped thousands; Arabic separators in Arabic)."""
    if value is None:
        return ""
    return models.amount(Decimal(value))


@register.filter
def host(url: str) -> str:
    """The site a source is on, to name it briefly beside its link."""
    return urlsplit(url).netloc.removeprefix("www.") or url


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")
