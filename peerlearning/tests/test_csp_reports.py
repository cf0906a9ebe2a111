"""Content-Security-Policy violations reported by browsers (issue 20): the policy names the
endpoint both ways; each report becomes one structured line in the "peerlearning.csp" log,
holding the page's path and never its query string; the endpoint takes no more than 16 KB,
throttles each client, and answers a body that is no report with 400, never 500."""

import json
import logging
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ENDPOINT = "/csp-report/"
REPORT_URI = "application/csp-report"
REPORTING_API = "application/reports+json"

# As Chromium 156 posted them to `report-uri` (captured from /usr/bin/chromium on a page with
# an inline script and an image from another host; only the host and port changed).
CHROMIUM_INLINE_SCRIPT = {
    "csp-report": {
        "document-uri": "https://peer.example/some/page/?q=secret&token=abc",
        "referrer": "https://peer.example/people/?q=rosa@ministry.example",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'; script-src 'self'; report-uri /csp-report/",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 1,
        "column-number": 52,
        "source-file": "https://peer.example/some/page/",
        "status-code": 200,
        "script-sample": "",
    }
}
CHROMIUM_IMAGE = {
    "csp-report": {
        "document-uri": "https://peer.example/some/page/?q=secret&token=abc",
        "referrer": "",
        "violated-directive": "img-src",
        "effective-directive": "img-src",
        "original-policy": "default-src 'self'; img-src 'self'; report-uri /csp-report/",
        "disposition": "enforce",
        "blocked-uri": "https://tracker.example/pixel.png?who=rosa@ministry.example",
        "line-number": 1,
        "column-number": 117,
        "source-file": "https://peer.example/some/page/",
        "status-code": 200,
        "script-sample": "",
    }
}
# The Reporting API's batch for `report-to` (W3C Reporting API and CSP Level 3, the fields
# Chromium writes), with a report of another kind that is not a CSP violation.
REPORTING_API_BATCH = [
    {
        "age": 53531,
        "body": {
            "blockedURL": "inline",
            "columnNumber": 39,
            "disposition": "enforce",
            "documentURL": "https://peer.example/exchanges/room/?invitation=Zq-secret#top",
            "effectiveDirective": "script-src-elem",
            "lineNumber": 121,
            "originalPolicy": "default-src 'self'; report-to csp",
            "referrer": "https://peer.example/search/?q=rosa",
            "sample": 'console.log("rosa@ministry.example")',
            "sourceFile": "https://peer.example/exchanges/room/?invitation=Zq-secret",
            "statusCode": 200,
        },
        "type": "csp-violation",
        "url": "https://peer.example/exchanges/room/?invitation=Zq-secret#top",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36",
    },
    {
        "age": 10,
        "body": {"id": "NavigatorVibrate", "message": "Deprecated.", "lineNumber": 3},
        "type": "deprecation",
        "url": "https://peer.example/",
        "user_agent": "Mozilla/5.0",
    },
]
PERSONAL = ("secret", "token", "rosa", "Zq-", "Mozilla", "console.log", "#top", "?")


def post(body, content_type: str, client: Client | None = None, **extra):
    data = body if isinstance(body, bytes) else json.dumps(body)
    # Given again as a header: Django's test client leaves it out of a request with no body.
    extra.setdefault("CONTENT_TYPE", content_type)
    return (client or Client()).post(ENDPOINT, data=data, content_type=content_type, **extra)


def logged(caplog) -> list[dict]:
    lines = [record for record in caplog.records if record.name == "peerlearning.csp"]
    for record in lines:
        assert record.getMessage().startswith("csp-violation {")
        assert "\n" not in record.getMessage()
    return [json.loads(record.getMessage().split(" ", 1)[1]) for record in lines]


def test_the_policy_sends_reports_to_the_endpoint_both_ways():
    response = Client().get("/")
    policy = response["Content-Security-Policy"]
    assert "report-uri /csp-report/" in policy
    assert "report-to csp" in policy
    assert response["Reporting-Endpoints"] == 'csp="/csp-report/"'


def test_a_chromium_report_is_one_line_with_the_path_alone(caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    response = post(CHROMIUM_INLINE_SCRIPT, REPORT_URI)
    assert response.status_code == 204
    assert response.content == b""
    response = post(CHROMIUM_IMAGE, REPORT_URI)
    assert response.status_code == 204
    inline, image = logged(caplog)
    assert inline == {
        "document": "(not a page of this site)",
        "directive": "script-src-elem",
        "blocked": "inline",
        "source": "https://peer.example/some/page/",  # not a page here: kept, without query
        "line": 1,
        "column": 52,
        "disposition": "enforce",
        "status": 200,
    }
    assert image["blocked"] == "https://tracker.example"  # the origin, not the address
    assert image["directive"] == "img-src"
    text = caplog.text
    assert not [word for word in PERSONAL if word in text], text


def test_a_reporting_api_batch_logs_its_csp_violations_only(caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    response = post(REPORTING_API_BATCH, REPORTING_API)
    assert response.status_code == 204
    (violation,) = logged(caplog)
    assert violation == {
        "document": "/exchanges/<slug:slug>/",  # the page's pattern, never its path
        "directive": "script-src-elem",
        "blocked": "inline",
        "source": "/exchanges/<slug:slug>/",
        "line": 121,
        "column": 39,
        "disposition": "enforce",
        "status": 200,
    }
    assert not [word for word in PERSONAL if word in caplog.text], caplog.text


def test_it_needs_no_sign_in_no_csrf_token_and_no_two_factors(caplog):
    from peerlearning.testing import make_user

    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    strict = Client(enforce_csrf_checks=True)
    assert post(CHROMIUM_IMAGE, REPORT_URI, strict).status_code == 204
    # A coordinator who has not set up two factors yet: the set-up page's own reports arrive.
    coordinator = make_user("new-coordinator@test.example", is_facilitator=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert post(CHROMIUM_IMAGE, REPORT_URI, client).status_code == 204
    assert len(logged(caplog)) == 2
    # Control: the same person is sent to set up two factors from any page.
    assert client.get("/profile/")["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[" * 5000 + b"]" * 5000,
        json.dumps({"csp-report": "a string"}).encode(),
        json.dumps({"something": {}}).encode(),
        json.dumps([{"type": "csp-violation", "body": "a string"}]).encode(),
        json.dumps([]).encode(),
        json.dumps(["a string"]).encode(),
        json.dumps(42).encode(),
    ],
    ids=lambda body: repr(body[:20]),
)
def test_a_body_that_is_no_report_is_400(body, caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    for content_type in (REPORT_URI, REPORTING_API):
        response = post(body, content_type)
        assert response.status_code == 400, (content_type, response.status_code)
    assert not logged(caplog)


def test_odd_values_in_a_report_are_left_out_not_an_error(caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    odd = {
        "csp-report": {
            "document-uri": ["not", "a", "string"],
            "violated-directive": "script-src 'self' https://a.example",
            "blocked-uri": "http://user:password@evil.example:8080/x?y",
            "line-number": "12",
            "column-number": True,
            "status-code": -1,
            "disposition": "\n" + "x" * 10_000,
            "source-file": "http://[broken",
        }
    }
    assert post(odd, REPORT_URI).status_code == 204
    (violation,) = logged(caplog)
    assert violation == {
        "document": "",
        "directive": "script-src",
        "blocked": "http://evil.example:8080",
        "source": "",
        "line": None,
        "column": None,
        "disposition": "",
        "status": None,
    }
    assert "password" not in caplog.text


def test_more_than_16_kb_is_413(caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    big = json.loads(json.dumps(CHROMIUM_INLINE_SCRIPT))
    big["csp-report"]["script-sample"] = "x" * (16 * 1024)
    assert post(big, REPORT_URI).status_code == 413
    assert not logged(caplog)
    # Control: just under the cap is taken.
    big["csp-report"]["script-sample"] = "x" * (16 * 1024 - len(json.dumps(CHROMIUM_IMAGE)) - 100)
    assert len(json.dumps(big)) <= 16 * 1024
    assert post(big, REPORT_URI).status_code == 204


def test_another_content_type_or_method_is_refused():
    assert post(CHROMIUM_IMAGE, "text/plain").status_code == 415
    assert post(CHROMIUM_IMAGE, "application/x-www-form-urlencoded").status_code == 415
    assert Client().get(ENDPOINT).status_code == 405
    # Older browsers' plain JSON is a report too.
    assert post(CHROMIUM_IMAGE, "application/json").status_code == 204
    assert post(CHROMIUM_IMAGE, "application/csp-report; charset=utf-8").status_code == 204


def test_a_client_sending_too_many_is_throttled(settings, caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "csp_report": "3/m/ip"}
    answers = [post(CHROMIUM_IMAGE, REPORT_URI).status_code for _ in range(5)]
    assert answers == [204, 204, 204, 429, 429]
    assert len(logged(caplog)) == 3
    # Another client is not held back by the first.
    other = post(CHROMIUM_IMAGE, REPORT_URI, REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 204


def test_a_token_in_the_page_address_is_never_logged(caplog):
    """An invitation's page carries its token in the path: the log names the pattern."""
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    token = "Kq3vXc9-invitation-token-zzz"
    report = {
        "csp-report": {
            **CHROMIUM_IMAGE["csp-report"],
            "document-uri": f"https://peer.example/accounts/invitations/{token}/",
            "source-file": f"https://peer.example/accounts/invitations/{token}/",
        }
    }
    assert post(report, REPORT_URI).status_code == 204
    (violation,) = logged(caplog)
    assert violation["document"] == "/accounts/invitations/<str:token>/"
    assert token not in caplog.text


def test_a_batch_writes_at_most_five_distinct_lines(caplog):
    caplog.set_level(logging.INFO, logger="peerlearning.csp")
    one: dict[str, Any] = REPORTING_API_BATCH[0]
    same = [one] * 12  # within the 16 KB a request may hold
    assert post(same, REPORTING_API).status_code == 204
    assert len(logged(caplog)) == 1  # repeats of one violation: one line
    caplog.clear()
    distinct = [{**one, "body": {**one["body"], "lineNumber": number}} for number in range(12)]
    assert post(distinct, REPORTING_API).status_code == 204
    assert len(logged(caplog)) == 5
