import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from peerlearning.accounts.models import User
from peerlearning.countries.testing import country_world  # noqa: F401
from peerlearning.knowledge import search
from peerlearning.monitoring.testing import monitoring_world  # noqa: F401
from peerlearning.network.testing import client_for, network  # noqa: F401
from peerlearning.support import matching
from peerlearning.support.testing import world  # noqa: F401
from peerlearning.testing import PASSWORD, built_once, make_user, totp_code
from peerlearning.testing import signed_in_client as signed_in

SCANNED_ONCE = "peerlearning.testing.ScannedOnceWhiteNoiseMiddleware"


@pytest.fixture(autouse=True)
def _fast_hashing_and_english(settings, tmp_path_factory):
    # Argon2 is the production hasher (tested on its own); tests hash quickly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The same middleware, without WhiteNoise walking every static folder for each new Client.
    settings.MIDDLEWARE = [
        SCANNED_ONCE if entry == "whitenoise.middleware.WhiteNoiseMiddleware" else entry
        for entry in settings.MIDDLEWARE
    ]
    # Throttles count in the cache: each test starts with none used. A cache in memory: a test
    # without the database must not need it for the cache (the shared database cache, the
    # default, is exercised across processes by bench/two_servers.py and test_shared_cache.py).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    # The thesaurus is cached per process: concepts of a rolled-back test must not outlive it
    # (on a worker that runs many modules, the next test would search with them).
    search.forget_thesaurus()
    matching.forget_thesaurus()


def make_administrator() -> User:
    return make_user(
        "admin@test.example",
        two_factor=True,
        display_name="Ada Admin",
        is_staff=True,
        is_superuser=True,
    )


def make_facilitator() -> User:
    return make_user(
        "facilitator@test.example",
        two_factor=True,
        display_name="Fay Facilitator",
        is_facilitator=True,
        # As every platform facilitator was when the editor role was introduced.
        is_editor=True,
    )


def make_outsider() -> User:
    return make_user("outsider@test.example", display_name="Otto Outsider")


@pytest.fixture(scope="module")
def _shared_world(request, tmp_path_factory):
    """The `network` world built once for a module that sets `SHARED_WORLD = True`.

    It is written inside a transaction opened for the module and rolled back after its last
    test; each test runs in its own savepoint inside it (pytest-django's `db`), so what a test
    changes is undone before the next one. Tests that need `transaction=True` cannot share it."""
    if not getattr(request.module, "SHARED_WORLD", False):
        yield None
        return
    from peerlearning.network.testing import build_network

    media = tmp_path_factory.mktemp("shared-media")

    def build():
        return build_network(make_administrator(), make_facilitator(), make_outsider())

    with built_once(request, build, MEDIA_ROOT=media) as built:
        yield built, media


@pytest.fixture
def _world(db, _shared_world, _fast_hashing_and_english, settings):
    """A fresh copy of the shared world for one test (None where the module shares none)."""
    if _shared_world is None:
        return None
    import copy
    import shutil

    shared, media = _shared_world
    # The world's files, in this test's own MEDIA_ROOT.
    shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(shared)


@pytest.fixture
def administrator(db, _world) -> User:
    return _world.administrator if _world is not None else make_administrator()


@pytest.fixture
def facilitator(db, _world) -> User:
    return _world.facilitator if _world is not None else make_facilitator()


@pytest.fixture
def outsider(db, _world) -> User:
    return _world.outsider if _world is not None else make_outsider()


@pytest.fixture
def member(db) -> User:
    return make_user("member@test.example", display_name="Mona Member", country="TH")


@pytest.fixture
def admin_client(administrator) -> Client:  # noqa: PT004 - overrides pytest-django's
    return signed_in(administrator)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return signed_in(facilitator)


@pytest.fixture
def member_client(member) -> Client:
    return signed_in(member)


# Browser tests: Playwright driving Debian's Chromium against the live server.

BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    # Only the violations are read: the passes and inapplicable rules are not sent back.
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser():
    import shutil

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Browser tests need Debian's chromium: apt-get install chromium chromium-driver"
        )
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


def screenshot_folder() -> Path:
    """Where the browser suite keeps its screenshots: CI keeps this folder as an artefact."""
    default = Path(django_settings.BASE_DIR) / "test-artifacts" / "screenshots"
    return Path(os.environ.get("SCREENSHOT_DIR", default))


OVERFLOW_SCRIPT = """() => {
  const window_ = window.innerWidth;
  const culprits = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.width && (box.right > window_ + 1 || box.left < -1)) {
      const name = element.getAttribute("class") || "";
      const tag = element.localName + (name && "." + name.trim().replace(/\\s+/g, "."));
      culprits.push(tag + " " + Math.round(box.left) + "–" + Math.round(box.right));
      if (culprits.length >= 5) break;
    }
  }
  return [document.documentElement.scrollWidth, window_, culprits];
}"""


class Visit:
    """A browser tab that checks every page it shows with axe-core (WCAG 2.1 AA)."""

    def __init__(self, page, base_url: str, mirror=None, name: str = "visit") -> None:
        self.page = page
        self.base_url = base_url
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:120]
        # With JavaScript off in the tab, axe runs on a copy of the page in a second tab.
        self.mirror = mirror
        self.unchecked: list[str] = []
        self.checked: list[str] = []
        page.on("load", lambda loaded: self.unchecked.append(loaded.url))

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.audit()
        return response

    def use_language(self, code: str) -> None:
        self.page.context.add_cookies(
            [{"name": "django_language", "value": code, "url": self.base_url}]
        )

    def sign_in(self, email: str, password: str = PASSWORD, *, totp_secret: str = "") -> None:
        """Through the sign-in page, and the two-factor step when a secret is given."""
        self.goto("/accounts/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.audit()
        if totp_secret:
            self.page.get_by_label("Authenticator code").fill(totp_code(totp_secret))
            self.page.get_by_role("button", name="Verify code").click()
            self.audit()

    def assert_no_horizontal_overflow(self, target) -> None:
        """Nothing on the page is wider than the window, whatever the viewport (a 360 px phone
        included): the page never scrolls sideways."""
        width, window, culprits = target.evaluate(OVERFLOW_SCRIPT)
        assert width <= window + 1, (
            f"{self.page.url} is {width} px wide in a {window} px window: it scrolls sideways. "
            f"Elements reaching past the edge: {culprits}"
        )

    def screenshot(self, step: str) -> Path:
        """Keep the whole page as the person sees it now, named after the test and the step."""
        folder = screenshot_folder()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.name}--{step}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def audit(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.page.wait_for_load_state()
        target = self.page
        if self.mirror is not None:
            self.mirror.goto(self.base_url + "/healthz")
            self.mirror.set_content(self.page.content())
            target = self.mirror
        results = Axe().run(target, options=WCAG_21_AA)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        self.assert_no_horizontal_overflow(target)
        self.checked.append(self.page.url)
        self.unchecked.clear()


@pytest.fixture
def visit(browser, live_server, request):
    marker = request.node.get_closest_marker("browser_context")
    options = {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
    if marker:
        options.update(marker.kwargs)
    context = browser.new_context(**options)
    context.set_default_timeout(10_000)
    mirror = None
    if options.get("java_script_enabled") is False:
        mirror_context = browser.new_context(locale=options["locale"])
        mirror = mirror_context.new_page()
    tab = Visit(context.new_page(), live_server.url, mirror, name=request.node.name)
    yield tab
    context.close()
    if mirror is not None:
        mirror.context.close()
    assert not tab.unchecked, f"pages shown but never checked for accessibility: {tab.unchecked}"


# The demo as loaded in this process: SQLite's copy of the whole database, and its files.
_DEMO_SNAPSHOT: dict[str, object] = {}


@pytest.fixture
def demo_loaded(transactional_db, settings) -> None:
    """The whole demo, as `manage.py loaddemo` leaves it, for a test that commits (the browser
    journeys sign in as its personas).

    On SQLite the first test of a process loads it, and SQLite's backup API keeps a copy of the
    whole database in memory; each later test gets that copy back, in one step, with the demo's
    files (loading took 5 s a test, the copy 0.1 s); after midnight it is loaded and copied
    again, its dates being set from the day. The thesauri cached in the process were
    forgotten when the test began (`_fast_hashing_and_english`) and are read again from the copy.
    PostgreSQL loads it each time."""
    import shutil
    import sqlite3

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    import peerlearning.demo

    if connection.vendor != "sqlite":
        peerlearning.demo.load(lambda line: None)
        return
    connection.ensure_connection()
    snapshot = _DEMO_SNAPSHOT.get("database")
    # The demo's dates are set from the day it is loaded ("in two weeks"): a copy made before
    # midnight is not that demo after it.
    if snapshot is None or _DEMO_SNAPSHOT.get("day") != timezone.localdate():
        if isinstance(snapshot, sqlite3.Connection):
            snapshot.close()
        day = timezone.localdate()
        peerlearning.demo.load(lambda line: None)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        media = Path(settings.MEDIA_ROOT).with_name("demo-media")
        shutil.rmtree(media, ignore_errors=True)  # the copy of the day before
        shutil.copytree(settings.MEDIA_ROOT, media)
        _DEMO_SNAPSHOT.update(database=copy, media=media, day=day)
        return
    assert isinstance(snapshot, sqlite3.Connection)
    snapshot.backup(connection.connection)
    shutil.copytree(str(_DEMO_SNAPSHOT["media"]), settings.MEDIA_ROOT, dirs_exist_ok=True)
    # The content types' ids are those of the copy, not those written after the last flush.
    ContentType.objects.clear_cache()


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


def pytest_collection_modifyitems(config, items):
    """A module sharing its world cannot hold a test that commits: it would flush the world."""
    for item in items:
        if not getattr(item.module, "SHARED_WORLD", False):
            continue
        if _commits(item):
            raise pytest.UsageError(
                f"{item.nodeid}: a SHARED_WORLD module cannot hold a test with transaction=True"
            )


def _commits(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool({"transactional_db", "live_server"} & fixtures) or bool(
        marker and marker.kwargs.get("transaction")
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test that commits ends with a flush, which also empties the countries and the starting
    indicators that migrations loaded. Put them back, so that the tests after it (on this worker,
    in any order) find the database as the migrations left it."""
    result = yield
    # After the session's last test the test database itself is gone: nothing to put back.
    if _commits(item) and nextitem is not None:
        import importlib

        from django.apps import apps
        from pytest_django.plugin import blocking_manager_key

        countries = importlib.import_module("peerlearning.network.migrations.0002_countries")
        indicators = importlib.import_module(
            "peerlearning.countries.migrations.0002_starting_indicators"
        )
        with item.config.stash[blocking_manager_key].unblock():
            countries.load_countries(apps, None)
            indicators.add_starting_set(apps, None)
    return result


# With `--dist loadfile` a test module runs on one worker, which builds its shared world once.
# The few modules that take far longer than any other are cut into parts (each building the
# world once), so that no worker is left alone with one of them at the end.
SPLIT_MODULES = {
    "peerlearning/tests/test_access_matrix.py": 3,
    "peerlearning/tests/test_chatham_house.py": 2,
}


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    import zlib

    from xdist.scheduler import LoadFileScheduling

    class SplitLongModules(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = super()._split_scope(nodeid)
            parts = SPLIT_MODULES.get(module)
            if parts is None:
                return module
            return f"{module}#{zlib.crc32(nodeid.encode()) % parts}"

    return SplitLongModules(config, log)
