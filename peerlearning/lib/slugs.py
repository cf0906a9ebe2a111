from django.db import models
from django.utils.text import slugify


def unique_slug(
    queryset: models.QuerySet,
    text: str,
    *,
    field: str = "slug",
    prefix: str = "",
    fallback: str = "item",
    length: int = 100,
) -> str:
    """A slug of `text` not yet taken in `queryset`: "name", then "name-2", "name-3"…"""
    base = f"{prefix}{slugify(text)[:length] or fallback}"
    candidate, number = base, 1
    while queryset.filter(**{field: candidate}).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate
