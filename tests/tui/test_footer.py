"""The footer: one line of the keys that act here, and a click on a key presses it."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from poboard.tui.widgets.footer import BoardFooter
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import current_key, footer_keys, keys, make_app, running, settle, stored_items


def footer(screen_widget: Widget) -> BoardFooter:
    return screen_widget.screen.query_one(BoardFooter)


def x_of(bar: BoardFooter, shown: str) -> int:
    """Where the key shown so is drawn."""
    return next(start for start, _end, unit in bar.spans if shown in unit.shown) + 1


async def test_a_click_on_a_key_presses_it(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down")
        await settle(pilot)
        bar = footer(app.screen)
        assert await pilot.click(BoardFooter, offset=(x_of(bar, "⇧↑"), 0))
        await settle(pilot)
        assert keys(app)[:2] == ["#2", "#1"] and current_key(app) == "#2"
        assert [i.id for i in stored_items(seeded)] == [2, 1, 3, 4]

        assert await pilot.click(BoardFooter, offset=(x_of(bar, "e"), 0))
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        assert "^s" in footer_keys(app)


async def test_the_keys_follow_the_focus_without_rebuilding_the_footer(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        bar = footer(app.screen)
        before = footer_keys(app)
        await pilot.press("slash")  # to the filter: its keys
        await settle(pilot)
        after = footer_keys(app)
        assert "a" in before and "a" not in after and "/" in after
        await pilot.press("escape")
        await settle(pilot)
        assert footer_keys(app) == before
        assert footer(app.screen) is bar and not bar.children
