"""Web addresses given by people: a source, a website."""

from urllib.parse import urlsplit

MAX_URL = 1000


def is_web_address(url: object) -> bool:
    """An http or https address with a host: what may be shown as a link to a source (a
    `javascript:` or `ftp:` address never is)."""
    if not isinstance(url, str) or len(url) > MAX_URL:
        return False
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
