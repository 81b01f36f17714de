"""A write never freezes the screen: a second real process holds the board's write lock,
as a teammate's import or backup would, while the user ranks an item or saves a form.
The screen stays live while the write waits; the write lands once the board is free, or
is given up after `WAIT_SECONDS` with nothing stored."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from poboard.tui import app as tui_app
from poboard.tui import writes
from poboard.tui.app import PoboardApp
from poboard.tui.screens.backlog import BacklogScreen
from poboard.tui.screens.sprint import SprintScreen
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import current_key, keys, make_app, running, stored, stored_items, toasts

# Takes the board's write lock, says so, and lets go when told (commit or rollback).
HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
conn.execute("COMMIT" if sys.stdin.readline().strip() == "commit" else "ROLLBACK")
print("released", flush=True)
"""


class Holder:
    """Another process in the middle of a write transaction on the board file."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.released = False

    def said(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    async def let_go(self, word: str = "rollback") -> None:
        if self.released:
            return
        self.released = True
        assert self.process.stdin is not None
        self.process.stdin.write(word + "\n")
        self.process.stdin.flush()
        assert await asyncio.to_thread(self.said) == "released"
        await asyncio.to_thread(self.process.wait, 10)


@asynccontextmanager
async def holding(path: Path) -> AsyncIterator[Holder]:
    holder = Holder(path)
    try:
        assert await asyncio.to_thread(holder.said) == "holding"
        yield holder
    finally:
        if holder.process.poll() is None:
            await holder.let_go()


async def until(pilot: Pilot[None], check: object, seconds: float = 10.0) -> bool:
    """Wait (without pressing anything) until `check()` holds, or the deadline passes."""
    assert callable(check)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not check():
        if loop.time() > deadline:
            return False
        await pilot.pause(0.05)
    return True


def toast_says(app: PoboardApp, words: str) -> bool:
    return any(words in toast for toast in toasts(app))


def ranked(path: Path) -> list[int]:
    return [item.id or 0 for item in stored_items(path)]


async def test_a_rank_waits_for_a_busy_board_and_lands_once_it_is_free(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down")
        assert (keys(app), current_key(app)) == (["#1", "#2", "#3", "#4"], "#2")
        async with holding(seeded) as holder:
            await pilot.press("shift+up")
            assert app.writes.waiting
            assert keys(app) == ["#1", "#2", "#3", "#4"]  # not yet: the board is held
            assert await until(pilot, lambda: toast_says(app, "Waiting for the board"))
            assert ranked(seeded) == [1, 2, 3, 4]

            await holder.let_go("commit")
            assert await until(pilot, lambda: keys(app) == ["#2", "#1", "#3", "#4"])

        assert await until(pilot, lambda: toast_says(app, "Saved, once the board was free"))
        assert not toast_says(app, "Waiting for the board")
        assert not app.writes.waiting
        assert ranked(seeded) == [2, 1, 3, 4]
        await pilot.press("shift+down")  # the next write goes through at once
        assert keys(app) == ["#1", "#2", "#3", "#4"]
    assert ranked(seeded) == [1, 2, 3, 4]


async def test_a_rank_on_a_board_held_too_long_is_given_up_while_the_screen_stays_live(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
):
    """(A longer wait than a user's 2 s, so that what the test does meanwhile fits in it
    however loaded the machine running it.)"""
    for module in (writes, tui_app):
        monkeypatch.setattr(module, "WAIT_SECONDS", 5.0)
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down")
        async with holding(seeded):
            await pilot.press("shift+up")
            assert app.writes.waiting

            await pilot.press("down")  # the cursor moves while the write waits
            assert current_key(app) == "#3"
            await pilot.press("shift+up")  # another write waits its turn: refused
            assert await until(pilot, lambda: toast_says(app, "still waiting for the board"))
            await pilot.press("3")  # and screens switch
            assert await until(pilot, lambda: isinstance(app.screen, SprintScreen))
            assert app.writes.waiting  # all of it while the first write waited

            assert await until(pilot, lambda: toast_says(app, "Not saved\nthe board is busy"))
            assert toast_says(app, "held it for 5 seconds — nothing was changed, try again")
            assert not app.writes.waiting
            assert ranked(seeded) == [1, 2, 3, 4]

        await pilot.press("1")
        assert keys(app) == ["#1", "#2", "#3", "#4"]
        assert current_key(app) == "#3"  # where the user left it
    assert ranked(seeded) == [1, 2, 3, 4]  # nothing landed once the board was free


async def test_an_edit_given_up_keeps_the_form_open_with_what_was_typed(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        assert await until(pilot, lambda: isinstance(app.screen, ItemEditor))
        title = app.screen.query_one("#title", Input)
        title.value = "Onboarding emails, shorter"
        async with holding(seeded):
            await pilot.press("ctrl+s")
            assert app.writes.waiting
            await pilot.press("escape")  # the form stays open while it saves
            assert isinstance(app.screen, ItemEditor)
            assert await until(pilot, lambda: toast_says(app, "Still saving: waiting for"))

            assert await until(pilot, lambda: toast_says(app, "the board is busy"))
            assert not app.writes.waiting
            assert isinstance(app.screen, ItemEditor)
            assert title.value == "Onboarding emails, shorter"
            assert stored(seeded, 1).title == "Onboarding email series"

        await pilot.press("ctrl+s")  # the board is free again: saved at once
        assert not isinstance(app.screen, ItemEditor)
    item = stored(seeded, 1)
    assert (item.title, item.version) == ("Onboarding emails, shorter", 2)


async def test_an_edit_that_lands_under_another_dialog_closes_the_form_once_it_shows(
    seeded: Path,
):
    """A form whose write landed while a dialog covered it closes as that dialog closes:
    left open, it would show as unsaved what was saved, and a second ctrl+s would save it
    again."""
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        assert await until(pilot, lambda: isinstance(app.screen, ItemEditor))
        app.screen.query_one("#title", Input).value = "Onboarding emails, shorter"
        async with holding(seeded) as holder:
            await pilot.press("ctrl+s")
            assert app.writes.waiting
            await pilot.press("ctrl+p")  # the command palette, over the waiting form
            assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
            await holder.let_go("commit")
            assert await until(pilot, lambda: not app.writes.waiting)
            assert isinstance(app.screen, CommandPalette), "the dialog stays until closed"
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, BacklogScreen))
        assert "#1" in keys(app)
    item = stored(seeded, 1)
    assert (item.title, item.version) == ("Onboarding emails, shorter", 2)
