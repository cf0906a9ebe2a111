"""The application server refuses the public development key when DEBUG is off."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

START = "import peerlearning.wsgi; print('served')"


def start_application(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.pop("SECRET_KEY_FILE", None)
    environment.update(env)
    return subprocess.run(  # noqa: S603 - a fixed command, this interpreter
        [sys.executable, "-c", START],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )


@pytest.mark.parametrize("debug", ["false", ""])
def test_it_refuses_to_serve_with_the_development_key(debug):
    started = start_application(DEBUG=debug) if debug else start_application()
    assert started.returncode != 0
    assert "the built-in development key is public" in started.stderr
    assert "served" not in started.stdout


def test_it_serves_with_a_key_of_its_own_or_in_debug():
    assert start_application(SECRET_KEY="a-key-of-this-site-" + "x" * 40).stdout.strip() == "served"
    assert start_application(DEBUG="true").stdout.strip() == "served"
