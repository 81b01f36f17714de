"""The item editor built ahead, off screen, while the user looks at the board: never while
they press keys, never taking their keys, and what it first opens on is the item they
asked for."""

from __future__ import annotations

import gc
import html
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import Input

from poboard.cli import main
from poboard.tui import app as tui_app
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.screens.backlog import BacklogScreen
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import TODAY, USER, current_key, make_app, paste, running, settle, stored, table


def on_screen(app: PoboardApp) -> str:
    """What the terminal shows, as text."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def built_ahead(app: PoboardApp) -> bool:
    return app.is_screen_installed("item-editor") and app.get_screen("item-editor").is_mounted


async def test_the_editor_is_built_when_the_user_pauses_and_opens_on_their_item(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(tui_app, "EDITOR_AFTER_IDLE_SECONDS", 0.4)
    app = create_app(seeded, USER, today=TODAY, poll_seconds=60, build_ahead=True)
    async with running(app) as pilot:
        for n in range(5):  # busy for a second: each key puts it off
            await pilot.press("down" if n % 2 == 0 else "up")
            await pilot.pause(0.2)
        assert not app.is_screen_installed("item-editor")
        await pilot.press("down")
        await pilot.pause(0.8)
        await settle(pilot)
        assert built_ahead(app)
        assert isinstance(app.screen, BacklogScreen), "built off screen, not shown"
        assert gc.isenabled(), "the collector waited while it was built, not after"
        ahead = app.get_screen("item-editor")
        assert table(app).cursor_row == 2, "every key reached the board"
        key = current_key(app)

        await pilot.press("e")
        await settle(pilot)
        assert app.screen is ahead
        title = ahead.query_one("#title", Input)
        assert title.value == stored(seeded, key).title, "the item asked for, not a blank one"
        assert title.has_focus
        shown = on_screen(app)  # painted afresh, not as it was drawn off screen
        assert f"Edit {key} {title.value}" in shown
        assert "New item" not in shown
        await pilot.press("end", "ctrl+u")
        await paste(pilot, "Launch webinar, built ahead")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BacklogScreen)
        assert stored(seeded, key).title == "Launch webinar, built ahead"


async def test_keys_pressed_while_it_is_built_reach_the_board(seeded: Path):
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        app.run_worker(app.build_editor_ahead())
        await pilot.press("down", "down")
        await settle(pilot)
        assert built_ahead(app)
        assert isinstance(app.screen, BacklogScreen)
        assert table(app).cursor_row == 2


async def test_the_editor_asked_for_while_it_is_built_opens_on_that_item(seeded: Path):
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        app.run_worker(app.build_editor_ahead())
        await pilot.press("down")
        key = current_key(app)
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ItemEditor)
        assert editor.query_one("#title", Input).value == stored(seeded, key).title
        assert len(app.query("ItemEditor")) <= 1


async def test_it_is_not_built_ahead_unless_asked(seeded: Path):
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await pilot.pause(tui_app.EDITOR_AFTER_IDLE_SECONDS + 0.5)
        assert not app.is_screen_installed("item-editor")


@pytest.mark.parametrize(("served", "ahead"), [(None, True), ("1", False)])
def test_a_board_in_a_terminal_builds_ahead_one_served_to_a_team_does_not(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, served: str | None, ahead: bool
):
    """`poboard serve` sets POBOARD_SERVED for its sessions: on a shared server's CPU,
    each session builds its editor when first asked."""
    opened: list[bool] = []

    def run(app: PoboardApp) -> None:
        opened.append(app.build_ahead)
        app.board.close()

    monkeypatch.setattr(PoboardApp, "run", run)
    if served is None:
        monkeypatch.delenv("POBOARD_SERVED", raising=False)
    else:
        monkeypatch.setenv("POBOARD_SERVED", served)
    result = CliRunner().invoke(main, ["--db", str(seeded)])
    assert result.exit_code == 0, result.output
    assert opened == [ahead]
