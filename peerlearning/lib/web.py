"""Web addresses given by people: a source, a website."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_URL = 1000


def is_web_address(url: object) -> bool:
    """An http or https address with a host: what may be shown as a link to a source (a
    `javascript:` or `ftp:` address never is)."""
    if not isinstance(url, str) or len(url) > MAX_URL or url != url.strip():
        return False
    try:
        _VALIDATOR(url)
    except ValidationError:
        return False
    return True


def website_host(website: str) -> str:
    """The host of a website's address ("www.example.org"): enough to tell two namesakes apart."""
    return urlsplit(website).netloc if website else ""


# Django's own check of a web address: a real host name, no spaces or line breaks.
_VALIDATOR = URLValidator(schemes=["http", "https"])
