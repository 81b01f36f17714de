"""How screens read the board: in the background, patched after this user's writes,
never painting an older read over a newer write, and saying so when a read fails."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board
from poboard.tui.screens.backlog import BacklogScreen

from .conftest import keys, make_app, running, settle, stored_items, toasts

REAL_LOAD = BacklogScreen.load


async def test_a_slow_read_never_paints_over_my_own_write(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
):
    """The race: a read starts, this user ranks an item, the read ends with the old order."""
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        assert keys(app)[:2] == ["#1", "#2"]
        read, release = threading.Event(), threading.Event()

        def slow_load(screen: BacklogScreen, board: Board) -> Any:
            data = REAL_LOAD(screen, board)  # read before the write: the old order
            read.set()
            release.wait(10)
            return data

        monkeypatch.setattr(BacklogScreen, "load", slow_load)
        screen = app.screen
        assert isinstance(screen, BacklogScreen)
        screen.reload()
        assert await asyncio.to_thread(read.wait, 10)

        await pilot.press("shift+down")  # this user's write, while the read is out
        await pilot.pause()
        assert keys(app)[:2] == ["#2", "#1"], "the write shows at once"

        monkeypatch.setattr(BacklogScreen, "load", REAL_LOAD)
        release.set()  # the old read comes back now
        await settle(pilot)
        assert keys(app)[:2] == ["#2", "#1"], "the older read did not paint over the write"
    assert [i.id for i in sorted(stored_items(seeded), key=lambda i: i.rank)][:2] == [2, 1]


async def test_a_failed_read_says_so_and_keeps_what_was_shown(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        shown = keys(app)

        def broken(screen: BacklogScreen, board: Board) -> Any:
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(BacklogScreen, "load", broken)
        open_board("dana").items.rank_by_score()  # a change that needs a full read
        app.check_for_changes()
        await settle(pilot)
        assert any(
            "Not refreshed" in t and "Could not read the board: disk I/O error" in t
            for t in toasts(app)
        ), toasts(app)
        assert keys(app) == shown

        monkeypatch.setattr(BacklogScreen, "load", REAL_LOAD)
        open_board("dana").items.add("One more")
        app.check_for_changes()
        await settle(pilot)
        assert "#5" in keys(app), "the next change reads again"


async def test_a_teammates_item_change_is_patched_without_reading_the_board(
    seeded: Path, monkeypatch: pytest.MonkeyPatch, open_board: Callable[..., Board]
):
    """Only the items the events log names are read again."""
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        reads: list[str] = []

        def counted(screen: BacklogScreen, board: Board) -> Any:
            reads.append("board")
            return REAL_LOAD(screen, board)

        monkeypatch.setattr(BacklogScreen, "load", counted)
        dana = open_board("dana")
        dana.items.edit(3, {"title": "Q1 webinar: ops leaders (EMEA)"})
        dana.items.rank(3, top=True)
        app.check_for_changes()
        await settle(pilot)
        assert keys(app)[0] == "#3"
        assert reads == [], "an item change re-reads the item, not the board"
