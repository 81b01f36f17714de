"""The item editor's first opening: built when first asked for, and the keys typed while
it is built land in it, in order, not on the board behind it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from poboard.tui.screens.backlog import BacklogScreen
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import current_key, make_app, running, settle, stored, table


async def test_keys_typed_as_the_editor_first_opens_land_in_it_in_order(seeded: Path) -> None:
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await pilot.press("down")
        key = current_key(app)
        title = stored(seeded, key).title
        await pilot.press("e", "end", "!", "?", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BacklogScreen), "saved and closed"
        assert table(app).cursor_row == 1, "no key reached the board behind"
        assert stored(seeded, key).title == f"{title}!?"


async def test_the_editor_opens_on_the_item_asked_for_each_time(seeded: Path) -> None:
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        for row in (0, 2):
            await pilot.press("home", *["down"] * row)
            key = current_key(app)
            await pilot.press("e")
            await settle(pilot)
            assert isinstance(app.screen, ItemEditor)
            assert app.screen.query_one("#title", Input).value == stored(seeded, key).title
            await pilot.press("escape")
            await settle(pilot)
