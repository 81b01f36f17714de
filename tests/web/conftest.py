"""Fixtures for the browser tests: Debian's Chromium driven by Playwright (one browser a
module), the demo board made once a worker and copied for each test, and a real
`poboard serve --web` process on each copy (stopped with SIGTERM, which must end it
cleanly)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    WebError,
    expect,
    sync_playwright,
)

from .served import WebBoard, copy_board, make_demo, start_server

CHROMIUM = Path("/usr/bin/chromium")
WAIT_MS = 15_000  # the longest any one browser step may wait on a busy 2-core machine
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """The system's Chromium (never a browser Playwright downloads), one a module: while
    Playwright's sync API runs, its event loop counts as running in this thread, which
    the asyncio tests that follow on the same worker (the TUI's) cannot share."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: apt-get install -y chromium",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`poboard demo` (product owner ana) with the stakeholders sam and lee: made once."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    make_demo(db)
    return db


@pytest.fixture
def board(demo_board: Path, tmp_path: Path) -> Iterator[WebBoard]:
    """This test's own copy of the demo board, served; it must stop cleanly (exit 0,
    nothing on its stderr)."""
    db = tmp_path / "board.db"
    copy_board(demo_board, db)
    served = start_server(db)
    try:
        yield served
    finally:
        code = served.stop()
    assert code == 0, f"the server exited {code}: {served.errors}"
    assert served.errors == [], served.errors
    assert [line for line in served.log if " failed: " in line] == []  # no page failed


@dataclass
class Watched:
    """What the pages of a browser context said that no page should: console errors (a
    Content-Security-Policy violation is one), uncaught script errors, and dialogs."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def new_context(
    browser: Browser, width: int = 1280, height: int = 800
) -> tuple[BrowserContext, Watched]:
    """A fresh browser context (no cookies), in US English, and what its pages say."""
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    context.set_default_timeout(WAIT_MS)
    watched = Watched()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(f"console: {message.text} ({message.location['url']})")

    def web_error(error: WebError) -> None:
        watched.errors.append(f"script: {error.error}")

    def dialog(shown: Dialog) -> None:
        watched.dialogs.append(f"{shown.type}: {shown.message}")
        shown.dismiss()

    context.on("console", console)
    context.on("weberror", web_error)
    context.on("dialog", dialog)
    return context, watched


@pytest.fixture
def browsing(chromium: Browser, board: WebBoard) -> Iterator[tuple[BrowserContext, Watched]]:
    """A fresh browser context and what its pages said; closed before the server stops."""
    context, watched = new_context(chromium)
    yield context, watched
    context.close()


@pytest.fixture
def context(browsing: tuple[BrowserContext, Watched]) -> BrowserContext:
    return browsing[0]


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()
