"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Never a downloaded browser: the `chromium` package's binary is used. Without it the tests are
skipped on a developer's machine and fail in CI (where `.ci/run` installs it), so a missing
browser can never pass silently.

Every page a test opens is watched: a failed request (a missing stylesheet, a 404 for htmx),
a Content-Security-Policy violation or an uncaught script error fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.conftest import PASSWORD, in_ci

# The live server runs in a thread while Playwright's sync API keeps an event loop in the main
# thread; Django's ORM would refuse to run from the test body without this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Assertions wait as long as actions do: a loaded CI machine answers slower than a laptop.
expect.set_options(timeout=10_000)

CHROMIUM = Path(os.environ.get("WUSHE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def chromium_available() -> bool:
    return shutil.which(str(CHROMIUM)) is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not chromium_available():
        message = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


class PageProblems:
    """What went wrong while a page was open: failed requests, CSP violations, script errors."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.problems: list[str] = []

    def watch(self, page) -> None:
        page.on("console", lambda message: self._on_console(message, page.url))
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    def _on_request_failed(self, request) -> None:
        # Leaving a page aborts its icon request; that is navigation, not a broken asset.
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("favicon.svg"):
            return
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _on_console(self, message, url: str) -> None:
        text = message.text
        where = url.removeprefix(self.base_url)
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.problems.append(f"CSP violation on {where} (from {message.location.get('url') or 'the page'}): {text}")
        elif message.type == "error":
            self.problems.append(f"console error on {where}: {text}")

    def _on_response(self, response) -> None:
        # Pages may answer 4xx on purpose (a test opening a 404 page checks that itself); the
        # assets a page loads may not.
        if response.request.resource_type in ("stylesheet", "script", "image", "font") and response.status >= 400:
            self.problems.append(f"{response.status} for {response.url}")

    def allow(self, fragment: str) -> None:
        """Forget expected problems, e.g. the console error Chromium logs for a deliberate 404."""
        self.problems = [p for p in self.problems if fragment not in p]

    def assert_none(self) -> None:
        assert not self.problems, "problems while the pages were open:\n" + "\n".join(self.problems)


@pytest.fixture
def problems(live_server) -> Iterator[PageProblems]:
    watcher = PageProblems(live_server.url)
    yield watcher
    watcher.assert_none()


@pytest.fixture
def open_page(new_context, live_server, problems):
    """Open a watched page at a given size: ``open_page(PHONE)`` or ``open_page(DESKTOP)``."""

    def make(size: dict):
        context = new_context(base_url=live_server.url, locale="zh-CN", timezone_id="Asia/Shanghai", **size)
        page = context.new_page()
        page.set_default_timeout(10_000)
        problems.watch(page)
        return page

    return make


SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def screenshot(page, name: str) -> None:
    """Keep a full-page picture under ``var/screenshots/`` for people to look at. It is a record,
    not an assertion: when a loaded machine's Chromium cannot capture a tall page, the visible
    part is kept instead, and failing that a warning is left, never a failed test."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SCREENSHOTS / name)
    for full_page in (True, False):
        try:
            page.screenshot(path=path, full_page=full_page)
            return
        except PlaywrightError as exc:
            error = exc
    warnings.warn(f"no screenshot {name}: {error}", stacklevel=2)


def sign_in(page, login: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("手机号或邮箱").fill(login)
    page.get_by_label(re.compile(r"^密码")).fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
