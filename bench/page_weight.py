"""Page weight as `make run` serves it: every byte a first visit (empty cache) loads, per page.

    .venv/bin/python bench/page_weight.py

Serves a copy of the demo with gunicorn (bench/served.py), signs in as the demo member, and for
each page fetches the HTML and everything it loads (stylesheets and what they load, scripts,
images, favicon) the way a browser asks for them (Accept-Encoding: br, gzip). Prints bytes
transferred (headers and bodies, compressed as sent) and uncompressed (bodies decoded). The
target is at most 50 KB (51,200 bytes) transferred per page. Not a timed test.
"""

import gzip
import re
import sys
import urllib.parse
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parent))
from served import served  # noqa: E402
from webclient import Client, Response  # noqa: E402

TARGET = 50 * 1024
PAGES: dict[str, str] = {}
ASSET = re.compile(
    rb'<(?:link[^>]+rel="(?:stylesheet|icon|shortcut icon|preload)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"'
)
CSS_URL = re.compile(rb"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def pick_pages() -> None:
    from django.urls import reverse

    from peerlearning.exchanges.models import Report
    from peerlearning.knowledge.models import Practice
    from peerlearning.support.models import SupportRequest

    report = Report.objects.filter(published_at__isnull=False).select_related("exchange").first()
    assert report is not None, "the demo has no published report"  # noqa: S101
    practice = Practice.objects.order_by("pk").first()
    support = SupportRequest.objects.order_by("pk").first()
    assert practice and support  # noqa: S101
    PAGES.update(
        {
            "home": "/",
            "an exchange": report.exchange.get_absolute_url(),
            "a published report": reverse("exchanges:report", args=[report.exchange.slug]),
            "a practice": practice.get_absolute_url(),
            "search results": reverse("knowledge:search") + "?q=alternatives+to+detention",
            "the directory": reverse("network:people_list"),
            "a support request": support.get_absolute_url(),
        }
    )


def decoded(response: Response) -> bytes:
    encoding = response.header("Content-Encoding")
    if encoding == "br":
        return bytes(brotli.decompress(response.body))
    if encoding == "gzip":
        return gzip.decompress(response.body)
    return response.body


def weigh(client: Client, path: str) -> tuple[int, int, list[str]]:
    """Bytes transferred and uncompressed for a page and everything it loads."""
    seen: set[str] = set()
    transferred = uncompressed = 0
    problems: list[str] = []
    queue = [path]
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status != 200:
            problems.append(f"{url}: {response.status}")
            continue
        body = decoded(response)
        transferred += response.header_bytes + len(response.body)
        uncompressed += response.header_bytes + len(body)
        kind = response.header("Content-Type")
        found = (
            ASSET.findall(body)
            if "html" in kind
            else CSS_URL.findall(body)
            if "css" in kind
            else []
        )
        for link in found:
            target = urllib.parse.urljoin(url, link.decode())
            if target.startswith(("/", client.base)) and not target.startswith("data:"):
                queue.append(urllib.parse.urlsplit(target).path)
    return transferred, uncompressed, problems


def main() -> None:
    with served(prepare=pick_pages) as base:
        member = Client(base, accept_encoding="br, gzip")
        member.sign_in("member@example.org", "peerlearning-demo")
        print(f"{'page':<22} {'transferred':>12} {'uncompressed':>13}  {'≤ 50 KB':<7} path")  # noqa: T201
        worst = 0
        for name, path in PAGES.items():
            # A first visit: an empty cache, so every asset is fetched for every page.
            transferred, uncompressed, problems = weigh(member, path)
            worst = max(worst, transferred)
            verdict = "yes" if transferred <= TARGET else "NO"
            print(f"{name:<22} {transferred:>12,} {uncompressed:>13,}  {verdict:<7} {path}")  # noqa: T201
            for problem in problems:
                print(f"  not loaded: {problem}")  # noqa: T201
        print(f"\nheaviest page: {worst:,} bytes transferred (target {TARGET:,})")  # noqa: T201


if __name__ == "__main__":
    main()
