"""The command palette finds more than the current screen's keys: any item by its key or
title words, the settings, the sprint report, and every screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from poboard.board import Board
from poboard.domain.models import Status
from poboard.tui.app import PoboardApp
from poboard.tui.screens.backlog import BacklogScreen
from poboard.tui.screens.settings import SettingsScreen
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import USER, current_key, make_app, paste, running, settle, toasts, wait_until


def prompts(app: PoboardApp) -> list[str]:
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(n).prompt) for n in range(hits.option_count)]


async def search(pilot: Pilot[None], query: str, first: str) -> list[str]:
    """Open the palette, type the query, and wait for `first` to head the hits."""
    app = pilot.app
    assert isinstance(app, PoboardApp)
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await paste(pilot, query)
    assert await wait_until(pilot, lambda: bool(prompts(app)) and first in prompts(app)[0]), (
        prompts(app)
    )
    return prompts(app)


async def choose(pilot: Pilot[None], query: str, first: str) -> None:
    """Search, and press enter: the palette runs its first hit, highlighted as it shows."""
    await search(pilot, query, first)
    assert pilot.app.screen.query_one(CommandList).highlighted == 0
    await pilot.press("enter")
    await settle(pilot)


# ----- items -----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["#3", "3"])
async def test_jump_to_an_item_by_its_key_from_another_screen(seeded: Path, query: str):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("3")  # the sprint board
        await settle(pilot)
        await choose(pilot, query, "#3 Q1 webinar: ops leaders")
        assert app.current_mode == "backlog"
        assert isinstance(app.screen, BacklogScreen)
        assert current_key(app) == "#3"
        assert app.screen.focused is not None and app.screen.focused.id == "items"


async def test_jump_to_an_item_by_title_words_in_any_order(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        hits = await search(pilot, "ops webinar", "#3 Q1 webinar: ops leaders")
        assert len([h for h in hits if h.startswith("#")]) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert current_key(app) == "#3"


async def test_a_jump_clears_a_filter_that_hides_the_item(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("slash")
        await paste(pilot, "kind:content")
        await pilot.press("enter")
        await settle(pilot)
        assert current_key(app) == "#4"
        await choose(pilot, "pricing", "#2 Pricing page test")
        assert current_key(app) == "#2"
        assert app.screen.query_one("#filter").value == ""  # type: ignore[attr-defined]


async def test_a_dropped_item_opens_in_the_editor(seeded: Path):
    board = Board.open(seeded, USER)
    try:
        board.items.move(4, Status.DROPPED)
    finally:
        board.close()
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "#4", "#4 SEO cluster: forecasting")
        assert isinstance(app.screen, ItemEditor)
        assert "#4 SEO cluster: forecasting" in str(app.screen.query_one("#editor-title").render())


async def test_a_title_in_the_palette_is_shown_as_typed(db_path: Path):
    board = Board.open(db_path, USER)
    try:
        board.items.add("[bold]Launch[/] [@click=app.quit]plan")
    finally:
        board.close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await choose(pilot, "launch", "#1 [bold]Launch[/] [@click=app.quit]plan")
        assert app.is_running
        assert current_key(app) == "#1"


# ----- settings, the report, the screens ---------------------------------------------------------


async def test_the_palette_opens_settings(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "board settings", "Board settings")
        assert isinstance(app.screen, SettingsScreen)


async def test_the_palette_writes_the_sprint_report(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "reports"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "report", "Write the sprint report")
        await app.workers.wait_for_complete()
        await settle(pilot)
        target = folder / "sprint-14-report.md"
        assert target.exists()
        assert any(f"Sprint 14 report written to {target}" in t for t in toasts(app)), toasts(app)
    text = target.read_text(encoding="utf-8")
    assert "Sprint 14" in text
    assert "Lift trial activation" in text


async def test_a_report_that_cannot_be_written_says_why(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sprint-14-report.md").mkdir()  # a folder where the file would go
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "report", "Write the sprint report")
        await settle(pilot)
        assert await wait_until(
            pilot,
            lambda: any(
                t.startswith("Report not written\n") and "sprint-14-report.md" in t
                for t in toasts(app)
            ),
        ), toasts(app)
        assert app.is_running


@pytest.mark.parametrize(
    ("query", "mode"),
    [
        ("go to roadmap", "roadmap"),
        ("go to sprint", "sprint"),
        ("go to retro", "retro"),
        ("go to insights", "insights"),
    ],
)
async def test_the_palette_switches_screens(seeded: Path, query: str, mode: str):
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, query, f"Go to {mode.capitalize()}")
        assert app.current_mode == mode
        await choose(pilot, "go to backlog", "Go to Backlog")
        assert app.current_mode == "backlog"
