"""Every interface string is translated into Spanish, French and Arabic, and compiled."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

LANGUAGES = ["es", "fr", "ar"]
ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """The catalogues as `makemessages` would write them from today's code."""
    if shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext is needed: apt-get install gettext")
    copy = tmp_path_factory.mktemp("project")
    for name in ["peerlearning", "templates", "locale"]:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    args = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    args += [f"-l{code}" for code in LANGUAGES]
    subprocess.run(args, cwd=copy, check=True, capture_output=True)  # noqa: S603
    return copy / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(fresh_catalogues, language):
    po = fresh_catalogues / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # Not vacuous: the catalogue made from today's code holds the interface's strings.
    assert 'msgid "Learning from each other to end immigration detention"' in po.read_text()
    translated = re.match(r"(\d+) translated message", result.stderr)
    assert translated and int(translated.group(1)) > 100, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, (
        f"{language}: {result.stderr.strip()} - run `make messages` and translate"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(tmp_path, language):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603
        ["msgfmt", "-o", str(compiled), str(folder / "django.po")],  # noqa: S607
        check=True,
    )
    assert compiled.read_bytes() == (folder / "django.mo").read_bytes(), (
        f"locale/{language}: django.mo is stale - run `make messages`"
    )


# The names `makemessages` (xgettext) looks for: a string marked through another name is never
# extracted, so it stays in English whatever the catalogues hold.
EXTRACTED = {
    "_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy", "pgettext",
    "pgettext_lazy", "npgettext", "npgettext_lazy",
}  # fmt: skip
RENAMED = re.compile(r"from django\.utils\.translation import[^\n]*?\b(\w+) as (\w+)")


def test_every_translation_function_goes_by_a_name_makemessages_reads():
    renamed = {
        f"{path.relative_to(ROOT)}: {original} as {alias}"
        for path in (ROOT / "peerlearning").rglob("*.py")
        for original, alias in RENAMED.findall(path.read_text(encoding="utf-8"))
        if original in EXTRACTED and alias not in EXTRACTED
    }
    assert not renamed, f"strings marked through these names are never extracted: {renamed}"
    # Not vacuous: the pattern finds the project's usual renaming.
    assert RENAMED.findall("from django.utils.translation import gettext as _") == [
        ("gettext", "_")
    ]
