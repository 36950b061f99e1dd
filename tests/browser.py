"""Pytest plugin: Debian's headless Chromium driven by Playwright, held to the report itself.

Fixtures:

``chromium`` (session)
    Launches ``/usr/bin/chromium`` (Debian's package, installed by ``make test``; never a
    browser downloaded by ``playwright install``) with ``--no-sandbox``, since CI runs as
    root. Where it is missing the tests are skipped with the reason, except under
    ``CI=true``, where they fail instead.
``open_page`` (function)
    ``open_page(url, allowed)`` opens *url* in a fresh page whose every request is routed:
    one whose URL starts with one of the *allowed* prefixes goes through, any other is
    aborted and recorded; at the end of the test, a recorded request fails it. A dialog
    (``alert()`` from a script that should never have run) fails it too.

Every test that uses them gets the ``browser`` marker.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import sync_playwright

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS = Path(__file__).resolve().parent.parent / "docs"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"chromium", "open_page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"no browser (CI=true: an error, not a skip): {reason}", pytrace=False)
    pytest.skip(f"no browser: {reason}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """Return a launched headless Chromium (Debian's)."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        _unavailable(f"{CHROMIUM} is missing (make test installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Guard:
    """Represents what the page asked for beyond the report, and what dialogs it opened."""

    allowed: tuple[str, ...]
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith((*self.allowed, "data:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """Return ``open_page(url, allowed, width=1200)``: a guarded page at *url*."""
    opened: list[tuple[Any, Guard]] = []

    def open_(url: str, allowed: tuple[str, ...], width: int = 1200) -> Any:
        guard = Guard(allowed)
        context = chromium.new_context(viewport={"width": width, "height": 900})
        context.route("**/*", guard.route)
        page = context.new_page()
        page.on("dialog", lambda dialog: (guard.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: guard.errors.append(str(error)))
        page.goto(url)
        page.guard = guard
        opened.append((context, guard))
        return page

    yield open_
    for context, guard in opened:
        context.close()
        assert not guard.blocked, f"requests that left the report: {guard.blocked}"
        assert not guard.dialogs, f"a script ran and opened a dialog: {guard.dialogs}"
        assert not guard.errors, f"script errors on the page: {guard.errors}"


def screenshot(page: Any, name: str, *, mask: tuple[str, ...] = ()) -> Path:
    """Save a full-page PNG screenshot of *page* as ``docs/NAME`` and return its path.

    *mask* names what changes from run to run (a timing), painted over so that the file
    changes only when the page does.
    """
    DOCS.mkdir(exist_ok=True)
    path = DOCS / name
    page.screenshot(
        path=str(path), full_page=True, mask=[page.locator(m) for m in mask], animations="disabled"
    )
    return path
