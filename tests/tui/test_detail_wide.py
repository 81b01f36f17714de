"""The backlog's detail at 160×48 (issue #23, item 13): beside the criteria, score and
blockers it shows who made and changed the item, what waits on it and its history of
moves, read once the cursor rests (never on each move); at 80×24 it is as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from poboard.board import Board
from poboard.tui.widgets import item_detail
from poboard.tui.widgets.item_detail import ItemDetail

from .conftest import (
    USER,
    current_key,
    detail,
    make_app,
    running,
    settle,
    stored,
    text_of,
    wait_until,
)


def history(app) -> str:
    panel = app.screen.query_one(ItemDetail).query_one("#history")
    return text_of(panel) if panel.display else ""


def block_first_with_second(path: Path) -> None:
    board = Board.open(path, USER)
    try:
        board.items.edit(2, {"blocked_by": [1], "partners": ["web", "sales"]})
    finally:
        board.close()


async def test_at_160_the_detail_shows_who_what_waits_and_the_history(seeded: Path):
    block_first_with_second(seeded)
    app = make_app(seeded)
    async with running(app, size=(160, 48)) as pilot:
        assert current_key(app) == "#1"
        facts = detail(app)
        assert "Blocks    1 item waits on it" in facts
        assert f"Created   {stored(seeded, 1).created_at[:10]} by {USER}" in facts
        assert "Changed   " in facts and " · version " in facts
        assert await wait_until(pilot, lambda: "History" in history(app))
        assert "created · ana" in history(app)
        await pilot.press("down")  # #2: its partners
        await settle(pilot)
        assert "Partners  web, sales" in detail(app)
        assert "Blocks    nothing waits on it" in detail(app)
        await pilot.press("up", "c")  # commit #1 to the sprint: its history grows
        await settle(pilot)
        assert await wait_until(pilot, lambda: "sprint — → Sprint 14 · ana" in history(app))

    item = stored(seeded, 1)
    assert item.sprint_id is not None
    board = Board.open(seeded, USER)
    try:
        moves = [(e.action, e.new) for e in board.items.history(1) if e.action == "sprint"]
    finally:
        board.close()
    assert moves == [("sprint", "Sprint 14")]


async def test_moving_the_cursor_reads_no_history_until_it_rests(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(item_detail, "HISTORY_DELAY", 1.0)  # keys under load stay apart less
    app = make_app(seeded)
    async with running(app, size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: "created" in history(app))  # #1's, at start
        panel = app.screen.query_one(ItemDetail)
        read: list[int] = []
        reader = panel.read_history
        assert reader is not None

        def counted(item_id: int) -> list:
            read.append(item_id)
            return reader(item_id)

        panel.read_history = counted
        await pilot.press("down", "down", "down", "up", "up")  # at once: no rest between
        assert await wait_until(pilot, lambda: "created" in history(app))
        assert read == [2]  # one read, of where the cursor rests
        assert current_key(app) == "#2"


async def test_at_80_by_24_the_detail_is_as_before(seeded: Path):
    block_first_with_second(seeded)
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down")
        await settle(pilot)
        facts = detail(app)
        assert "Created" not in facts and "Blocks" not in facts
        assert not app.screen.query_one(ItemDetail).query_one("#history").display
    assert stored(seeded, 2).blocked_by == [1]
