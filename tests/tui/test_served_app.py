"""A served session's app (POBOARD_SERVED=1, set by `poboard serve` alone) starts no
program and writes no file: a link is shown and sent to the member's terminal, the
palette offers no screenshot and no report written in the server's folder, and a
delivery is refused. Run locally, Textual's ways stay."""

from __future__ import annotations

import webbrowser
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Markdown

from poboard.board import Board
from poboard.paths import SERVED
from poboard.tui.app import PoboardApp
from poboard.tui.served_session import MAX_LINK, link_target

from .conftest import USER, make_app, paste, running, settle, toasts, wait_until
from .test_palette import prompts

URL = "https://example.com/brief?from=board"


@pytest.fixture
def linked(db_path: Path) -> Path:
    """A board whose one item's description links out."""
    board = Board.open(db_path, USER)
    try:
        board.items.add("Spring webinar", description=f"See [the brief]({URL}) first.")
    finally:
        board.close()
    return db_path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The addresses Python's webbrowser was asked to open (none is)."""
    asked: list[str] = []

    def record(url: str, *args: object, **kwargs: object) -> bool:
        asked.append(url)
        return True

    monkeypatch.setattr(webbrowser, "open", record)
    yield asked


@pytest.fixture
def in_a_served_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """POBOARD_SERVED=1, in an empty working directory with its own Downloads folder."""
    monkeypatch.setenv(SERVED, "1")
    folder = tmp_path / "server"
    (folder / "Downloads").mkdir(parents=True)
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(folder / "Downloads"))
    return folder


async def click_the_link(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert await wait_until(pilot, lambda: bool(app.screen.query("#description")))
    await settle(pilot)
    paragraph = app.screen.query_one("#description", Markdown).query("MarkdownParagraph").first()
    await pilot.click(paragraph, offset=(len("See t"), 0))
    await settle(pilot)


async def palette_hits(pilot: Pilot[None], query: str) -> list[str]:
    app = pilot.app
    assert isinstance(app, PoboardApp)
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await paste(pilot, query)
    await settle(pilot)
    await wait_until(pilot, lambda: bool(prompts(app)))
    return [prompt.split("\n")[0] for prompt in prompts(app)]  # the names, not their help


async def test_a_clicked_link_is_shown_not_opened_in_a_served_session(
    linked: Path, opened: list[str], in_a_served_session: Path
) -> None:
    app = make_app(linked)
    async with running(app, size=(100, 40)) as pilot:
        await click_the_link(pilot)
        assert await wait_until(pilot, lambda: any(URL in t for t in toasts(app)))
        assert opened == []
        (toast,) = toasts(app)
        assert toast.startswith("Link\n" + URL)


async def test_a_clicked_link_opens_in_the_browser_locally(linked: Path, opened: list[str]) -> None:
    app = make_app(linked)
    async with running(app, size=(100, 40)) as pilot:
        await click_the_link(pilot)
        assert await wait_until(pilot, lambda: opened == [URL])


async def test_a_link_that_is_no_web_address_is_not_passed_on(
    linked: Path, opened: list[str], in_a_served_session: Path
) -> None:
    app = make_app(linked)
    async with running(app) as pilot:
        app.open_url("file:///etc/passwd")
        await settle(pilot)
        assert opened == []
        assert toasts(app) == [
            "Link not opened\nfile:///etc/passwd\nOnly web and mail addresses are passed on."
        ]


@pytest.mark.parametrize(
    ("url", "target"),
    [
        (URL, URL),
        ("mailto:ana@example.com", "mailto:ana@example.com"),
        # nothing that ends the hyperlink or reaches the terminal as a control code
        ("https://x.example/\x1b]8;;\x1b\\evil\x07", "https://x.example/%1B%5D8;;%1B%5Cevil%07"),
        ("https://x.example/it's [here]", "https://x.example/it%27s%20%5Bhere%5D"),
        ("https://x.example/café", "https://x.example/caf%C3%A9"),
        ("file:///etc/passwd", None),
        ("javascript:alert(1)", None),
        ("notes/brief.md", None),
        ("https:///no-host", None),
        ("https://x.example/" + "a" * MAX_LINK, None),
    ],
)
def test_what_a_members_terminal_is_sent(url: str, target: str | None) -> None:
    assert link_target(url) == target


async def test_the_served_palette_offers_no_screenshot_and_says_how_to_print_the_report(
    seeded: Path, in_a_served_session: Path
) -> None:
    app = make_app(seeded)
    async with running(app) as pilot:
        assert "Screenshot" not in await palette_hits(pilot, "screenshot")
        await pilot.press("escape")
        await settle(pilot)
        hits = await palette_hits(pilot, "report")
        assert hits[0] == "Sprint report: print it on your own computer"
        assert "Write the sprint report" not in hits
        await pilot.press("enter")
        await settle(pilot)
        assert any("ssh HOST report > sprint-report.md" in t for t in toasts(app))
        app.action_write_report()  # however it is reached: the hint, no file
        app.action_screenshot()
        await settle(pilot)
        assert app.deliver_text(Path(__file__)) is None
        with pytest.raises(PermissionError):
            app.save_screenshot()
    assert sorted(p.name for p in in_a_served_session.rglob("*") if p.is_file()) == []


async def test_locally_the_palette_still_writes_the_report_and_the_screenshot(seeded: Path) -> None:
    app = make_app(seeded)
    async with running(app) as pilot:
        assert "Screenshot" in await palette_hits(pilot, "screenshot")
        await pilot.press("escape")
        await settle(pilot)
        assert "Write the sprint report" in await palette_hits(pilot, "report")
