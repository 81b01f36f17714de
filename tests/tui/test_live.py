"""Another process writes to the board while the app runs; the app shows it unasked."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from poboard.board import Board
from poboard.domain.models import Status
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import (
    current_key,
    detail,
    keys,
    make_app,
    paste,
    running,
    settle,
    table,
    titles,
    wait_until,
)

POBOARD = str(Path(sys.executable).parent / "poboard")


async def other_process(path: Path, *args: str) -> str:
    """Run the real command line as dana, in its own process, while the app keeps running."""
    done = await asyncio.to_thread(
        subprocess.run,
        [POBOARD, "--db", str(path), "--user", "dana", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


async def shows(pilot: Pilot[None], check: Callable[[], bool]) -> bool:
    """Wait, pressing nothing, for up to ~5 s until the screen passes the check."""
    found = await wait_until(pilot, check)
    await pilot.app.workers.wait_for_complete()
    await settle(pilot)
    return found


async def test_an_item_added_elsewhere_appears_and_the_cursor_stays(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=0.1)
    async with running(app) as pilot:
        await pilot.press("down", "down")
        await settle(pilot)
        assert current_key(app) == "#3"

        assert await other_process(seeded, "add", "From another process") == "#5"
        assert await shows(pilot, lambda: "From another process" in titles(app))

        assert keys(app) == ["#1", "#2", "#3", "#4", "#5"]
        assert current_key(app) == "#3"
        assert detail(app).startswith("#3 Q1 webinar: ops leaders")

    item = open_board().items.get(5)
    assert (item.title, item.created_by) == ("From another process", "dana")


async def test_edits_moves_and_ranks_elsewhere_show_with_the_cursor_on_its_item(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=0.1)
    async with running(app) as pilot:
        await pilot.press("down", "down")
        await settle(pilot)

        await other_process(seeded, "edit", "3", "--title", "Webinar: ops leaders (Q1)")
        assert await shows(pilot, lambda: "Webinar: ops leaders (Q1)" in titles(app))
        assert current_key(app) == "#3"
        assert detail(app).startswith("#3 Webinar: ops leaders (Q1)")

        await other_process(seeded, "move", "1", "dropped")
        assert await shows(pilot, lambda: "#1" not in keys(app))
        assert keys(app) == ["#2", "#3", "#4"]
        assert current_key(app) == "#3"

        await other_process(seeded, "rank", "3", "--bottom")
        assert await shows(pilot, lambda: keys(app)[-1] == "#3")
        assert keys(app) == ["#2", "#4", "#3"]
        assert current_key(app) == "#3"
        assert detail(app).startswith("#3 Webinar")

    board = open_board()
    assert board.items.get(3).title == "Webinar: ops leaders (Q1)"
    assert board.items.get(1).status is Status.DROPPED
    assert [e.user for e in board.items.history(3) if e.action in ("edit", "rank")] == [
        "dana",
        "dana",
    ]


async def test_a_change_elsewhere_repaints_its_row_and_only_what_it_changed(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=0.1)
    async with running(app) as pilot:
        await settle(pilot)
        assert current_key(app) == "#1"
        before = painted(app)
        await other_process(seeded, "edit", "3", "--title", "Ops webinar Q1")
        assert await shows(pilot, lambda: "Ops webinar Q1" in titles(app))
        after = painted(app)
        changed = [b for a, b in zip(before, after, strict=True) if a != b]
        assert len(changed) == 1 and "#3" in changed[0]
        assert "Ops webinar Q1" in changed[0]
        assert current_key(app) == "#1" and detail(app).startswith("#1 ")

        await other_process(seeded, "edit", "1", "--title", "Spring launch, renamed")
        assert await shows(pilot, lambda: detail(app).startswith("#1 Spring launch, renamed"))
        assert any("#1" in line and "Spring launch, renamed" in line for line in painted(app))

    assert open_board().items.get(3).title == "Ops webinar Q1"


def painted(app: PoboardApp) -> list[str]:
    """The table's lines as last painted (from Textual's cache of the widget's lines)."""
    found = table(app)
    return [strip.text for strip in found.render_lines(found.region.reset_offset)]


async def test_a_live_change_respects_the_filter(seeded: Path, open_board: Callable[..., Board]):
    app = make_app(seeded, poll_seconds=0.1)
    async with running(app) as pilot:
        await pilot.press("slash")
        await paste(pilot, "owner:dana")
        await pilot.press("enter")
        await settle(pilot)
        assert keys(app) == ["#1", "#4"]

        await other_process(seeded, "add", "Not dana's", "--owner", "sam")
        await other_process(seeded, "add", "Dana's new one", "--owner", "dana")
        assert await shows(pilot, lambda: "Dana's new one" in titles(app))
        assert keys(app) == ["#1", "#4", "#6"]
        assert current_key(app) == "#1"

    assert [i.owner for i in open_board().items.all()][-2:] == ["sam", "dana"]


async def test_changes_made_while_the_editor_is_open_show_after_it_closes(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=0.1)
    async with running(app) as pilot:
        await pilot.press("down", "e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        seen = app.seen_version
        await other_process(seeded, "add", "Added during editing")
        assert await shows(pilot, lambda: app.seen_version != seen), "the change was noticed"
        assert isinstance(app.screen, ItemEditor)  # the form is not pulled away

        await pilot.press("escape")
        assert await shows(pilot, lambda: "Added during editing" in titles(app))
        assert current_key(app) == "#2"

    assert open_board().items.get(5).title == "Added during editing"


async def test_a_change_seen_as_the_app_shuts_down_is_left_alone(
    seeded: Path, open_board: Callable[..., Board]
):
    """The poll may tick while the app closes its screens: a teammate's save then is no
    reason to redraw a header that is gone (it raised, and the app ended with an error)."""
    app = make_app(seeded, poll_seconds=60)
    try:
        async with app.run_test() as pilot:
            await settle(pilot)
        open_board("ben").items.move(1, "doing")
        app.check_for_changes()  # as a last tick would, with no screen left
        assert not app.screen_stack
    finally:
        app.board.close()
