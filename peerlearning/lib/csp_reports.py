"""Content-Security-Policy violation reports as browsers send them — `report-uri`'s
`application/csp-report` (one violation a request) and the Reporting API's
`application/reports+json` (a batch, for `report-to`) — reduced to what an operator needs to find
the cause: the page's path (never its query string or fragment), the directive, the origin of
what was blocked, the script's file and line. No referrer, no sample of the page's text, no user
agent, no address of the person: a report is sent by anyone's browser, signed in or not."""

import json
from typing import Any
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

MAX_BYTES = 16 * 1024
REPORT_URI_TYPE = "application/csp-report"
REPORTING_API_TYPE = "application/reports+json"
# Older browsers send report-uri's reports as plain JSON.
CONTENT_TYPES = frozenset({REPORT_URI_TYPE, REPORTING_API_TYPE, "application/json"})
MAX_TEXT = 200
# What a browser writes for a blocked resource that is not a URL.
KEYWORDS = frozenset(
    {
        "inline",
        "eval",
        "wasm-eval",
        "self",
        "data",
        "blob",
        "trusted-types-policy",
        "trusted-types-sink",
    }  # fmt: skip
)


class MalformedReport(ValueError):
    """A body that is no violation report: not JSON, or not shaped as one."""


def parse(body: bytes, content_type: str) -> list[dict[str, Any]]:
    """The violations a report's body holds, each reduced to what may be logged. A Reporting
    API batch may hold reports of other kinds (deprecations, interventions): they are left out.
    Raises MalformedReport."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise MalformedReport from None
    if content_type == REPORTING_API_TYPE or (
        content_type != REPORT_URI_TYPE and isinstance(data, list)
    ):
        if not isinstance(data, list) or not data:
            raise MalformedReport
        violations = []
        for report in data:
            if not isinstance(report, dict) or not isinstance(report.get("body"), dict):
                raise MalformedReport
            if report.get("type") == "csp-violation":
                violations.append(_reduced(report["body"], REPORTING_API_FIELDS))
        return _few(violations)
    if not isinstance(data, dict) or not isinstance(data.get("csp-report"), dict):
        raise MalformedReport
    return [_reduced(data["csp-report"], REPORT_URI_FIELDS)]


MAX_PER_REQUEST = 5  # a batch of hundreds would write as many lines: the first distinct ones


def _few(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    distinct: list[dict[str, Any]] = []
    for violation in violations:
        if violation not in distinct:
            distinct.append(violation)
    return distinct[:MAX_PER_REQUEST]


# The same facts under the two formats' names.
REPORT_URI_FIELDS = {
    "document": "document-uri",
    "directive": ("effective-directive", "violated-directive"),
    "blocked": "blocked-uri",
    "source": "source-file",
    "line": "line-number",
    "column": "column-number",
    "disposition": "disposition",
    "status": "status-code",
}
REPORTING_API_FIELDS = {
    "document": "documentURL",
    "directive": ("effectiveDirective",),
    "blocked": "blockedURL",
    "source": "sourceFile",
    "line": "lineNumber",
    "column": "columnNumber",
    "disposition": "disposition",
    "status": "statusCode",
}


def _reduced(report: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    directive = next(
        (report[name] for name in names["directive"] if isinstance(report.get(name), str)), ""
    )
    disposition = report.get(names["disposition"])
    return {
        "document": _path(report.get(names["document"])),
        # "script-src-elem 'self'" (violated-directive, in older browsers) -> "script-src-elem"
        "directive": _text(directive.split(" ", 1)[0]),
        "blocked": _origin(report.get(names["blocked"])),
        "source": _without_query(report.get(names["source"])),
        "line": _number(report.get(names["line"])),
        "column": _number(report.get(names["column"])),
        "disposition": disposition if disposition in ("enforce", "report") else "",
        "status": _number(report.get(names["status"])),
    }


def _text(value: object) -> str:
    return value[:MAX_TEXT] if isinstance(value, str) else ""


def _number(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9:
        return value
    return None


def _split(value: object) -> Any:
    if not isinstance(value, str) or not value:
        return None
    try:
        return urlsplit(value)
    except ValueError:
        return None


def _route(path: str) -> str | None:
    """The site's URL pattern a path matches ("accounts/invitations/<str:token>/"), never the
    path itself: a path may hold an invitation's or an unsubscribe link's token."""
    try:
        return "/" + str(resolve(path).route)
    except (Resolver404, ValueError):
        return None


def _path(value: object) -> str:
    """The page, as the pattern it matched: neither its query string (a search, an address)
    nor its path (a token) is logged."""
    parts = _split(value)
    if not parts:
        return ""
    return _text(_route(parts.path) or "(not a page of this site)")


def _without_query(value: object) -> str:
    """A script's address: a page of the site as its pattern, another origin's without its
    query."""
    parts = _split(value)
    if not parts:
        return ""
    if route := _route(parts.path):
        return _text(route)
    return _text(f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else parts.path)


def _origin(value: object) -> str:
    """What was blocked: a keyword ("inline", "eval") or the origin it came from."""
    if isinstance(value, str) and value in KEYWORDS:
        return value
    parts = _split(value)
    if not parts:
        return ""
    if parts.netloc:
        return _text(f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}")
    return _text(parts.scheme)  # data:, blob:, …
