import re
import subprocess
import sys

import pytest
from django.db import DatabaseError
from django.test import Client

from peerlearning.knowledge.models import Update
from peerlearning.testing import assert_queries_bounded

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "direction", "phrase"),
    [
        ("en", "ltr", "Learning from each other"),
        ("es", "ltr", "Aprender"),
        ("fr", "ltr", "Apprendre"),
        ("ar", "rtl", "التعلم"),
    ],
)
def test_the_home_page_speaks_four_languages(language, direction, phrase):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=language)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="{direction}">' in body
    assert phrase in body


def test_the_language_switcher_works_without_javascript():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/updates/"})
    assert response.status_code == 302
    assert response["Location"] == "/updates/"
    assert 'dir="rtl"' in client.get("/updates/").content.decode()


def test_the_page_has_landmarks_a_skip_link_and_one_heading():
    body = Client().get("/").content.decode()
    assert body.count("<h1") == 1
    assert 'href="#main"' in body
    assert '<main id="main"' in body
    assert "<header" in body and "<footer" in body and "<nav" in body


def test_no_request_goes_to_another_host():
    body = Client().get("/").content.decode()
    # Not vacuous: the page does load its style sheet and scripts, from this host.
    assert '<link rel="stylesheet" href="/static/css/site.css">' in body
    assert '<script src="/static/js/site.js"' in body
    for attribute in ('src="http', "src='http", 'href="http', "//cdn", "fonts.googleapis"):
        assert attribute not in body


def test_security_headers():
    response = Client().get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_inline_script_or_style():
    for url in ["/", "/updates/", "/accounts/login/", "/accounts/join/"]:
        body = Client().get(url).content.decode()
        # Not vacuous: each page has scripts and a style sheet, every one of them a file.
        scripts = re.findall(r"<script\b[^>]*>", body)
        assert scripts, url
        assert all(" src=" in tag for tag in scripts), (url, scripts)
        assert 'rel="stylesheet" href="/static/' in body, url
        assert "<script>" not in body, url
        assert "<style" not in body, url
        assert " style=" not in body, url
        assert " onclick=" not in body, url


def test_healthz_answers_when_the_database_does():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_does_not(monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    from django.db.backends.utils import CursorWrapper

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = Client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("language", "phrase"), [("en", "Page not found"), ("es", "Página no encontrada")]
)
def test_the_404_page_is_translated_and_styled(language, phrase):
    response = Client().get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    body = response.content.decode()
    assert phrase in body
    assert "css/site.css" in body


def test_a_missing_csrf_token_gets_a_translated_403(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/join/", {"name": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert "Le formulaire" in response.content.decode()


def test_the_500_page_is_translated(rf, settings):
    from django.utils import translation

    from peerlearning.views import server_error

    with translation.override("ar"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert 'dir="rtl"' in response.content.decode()


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "false",
        "HTTPS": "true",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-with-entropy-1234567890",
        "ALLOWED_HOSTS": "peerlearning.example.org",
        "VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "peerlearning.settings",
    }
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_home_page_queries_do_not_grow_with_the_data(client):
    def grow(n):
        for i in range(n):
            Update.objects.create(
                slug=f"post-{Update.objects.count()}-{i}", title="T", body="B" * 100
            )

    assert assert_queries_bounded(client, "/", grow) <= 3
