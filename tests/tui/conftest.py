"""Fixtures for the TUI tests: a real board file in tmp_path, the app over it, and helpers
that read what the screen shows (table cells, panel text, toasts) as plain text."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static

from poboard.board import Board
from poboard.domain.models import Item
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.widgets.footer import BoardFooter
from poboard.tui.widgets.item_detail import ItemDetail
from poboard.tui.widgets.item_table import ItemTable

USER = "ana"
TODAY = date(2026, 11, 25)
READY: dict[str, Any] = {
    "owner": "dana",
    "audience": "trial users, days 1-7",
    "promise": "value in the first session",
    "proof": "3 customer quotes",
    "metric": "trial to activation",
    "estimate": 5,
}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "board.db"


@pytest.fixture
def open_board(db_path: Path) -> Iterator[Callable[..., Board]]:
    """Open the board file as any user; every board opened here is closed afterwards."""
    opened: list[Board] = []

    def _open(user: str = "tester") -> Board:
        board = Board.open(db_path, user)
        opened.append(board)
        return board

    yield _open
    for board in opened:
        board.close()


def seed(path: Path, clock: Callable[[], datetime] | None = None) -> None:
    """A small, fixed board: a goal, an active sprint, two ready and two unready items;
    written at `clock`'s time when given (snapshots show when items were made)."""
    board = Board.open(path, USER, clock)
    try:
        goal = board.goals.add_goal("Lift trial activation", "2026-Q4", False, ["activation:30:40"])
        board.items.add(
            "Onboarding email series",
            criteria=["5 emails approved by legal", "events tracked in analytics"],
            horizon="now",
            goal_id=goal.id,
            value=5,
            urgency=4,
            **READY,
        )
        board.items.add("Pricing page test", kind="experiment", owner="ana", estimate=3)
        board.items.add(
            "Q1 webinar: ops leaders",
            criteria=["speakers confirmed"],
            kind="campaign",
            horizon="next",
            **{**READY, "owner": "ana", "estimate": 8},
        )
        board.items.add(
            "SEO cluster: forecasting",
            kind="content",
            owner="dana",
            audience="ops leaders",
            promise="forecast in a day",
            metric="organic sign-ups",
            horizon="later",
        )
        board.sprints.new_sprint(
            "Sprint 14", "Lift trial activation", date(2026, 11, 17), date(2026, 11, 28), 34
        )
        board.sprints.start_sprint("Sprint 14")
    finally:
        board.close()


@pytest.fixture
def seeded(db_path: Path) -> Path:
    seed(db_path)
    return db_path


def make_app(path: Path, poll_seconds: float = 0.5) -> PoboardApp:
    return create_app(path, USER, today=TODAY, poll_seconds=poll_seconds)


@asynccontextmanager
async def running(app: PoboardApp, size: tuple[int, int] = (80, 24)) -> AsyncIterator[Pilot[None]]:
    """Run the app with toasts on (run_test turns them off by default)."""
    try:
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            yield pilot
    finally:
        app.board.close()


# ----- reading the screen ---------------------------------------------------------------


def table(app: PoboardApp) -> ItemTable:
    return app.screen.query_one(ItemTable)


def rows(app: PoboardApp) -> list[dict[str, str]]:
    """Every row of the backlog table, as {column key: plain text}."""
    found = table(app)
    keys = [c.key for c in found.columns_shown]
    return [{k: found.row_text(n)[k] for k in keys} for n in range(found.row_count)]


def titles(app: PoboardApp) -> list[str]:
    return [row["title"] for row in rows(app)]


def keys(app: PoboardApp) -> list[str]:
    return [row["key"] for row in rows(app)]


def current_key(app: PoboardApp) -> str:
    return rows(app)[table(app).cursor_row]["key"]


def footer_keys(app: PoboardApp) -> list[str]:
    """The keys the footer shows, as a user reads them."""
    return app.screen.query_one(BoardFooter).shown_keys()


def text_of(widget: Widget) -> str:
    """What a Static shows, as plain text."""
    assert isinstance(widget, Static)
    visual = widget.render()
    plain = getattr(visual, "plain", None)
    return plain if plain is not None else str(visual)


def detail(app: PoboardApp) -> str:
    return text_of(app.screen.query_one(ItemDetail).query_one("#facts"))


def toasts(app: PoboardApp) -> list[str]:
    """The text of every toast on screen (title, newline, message)."""
    return [text_of(toast) for toast in app.screen.query("Toast")]


async def settle(pilot: Pilot[None]) -> None:
    """Let the keys just pressed, the screens they push or pop, and the board reads they
    start in the background, finish."""
    await pilot.pause()
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def pressing(*pressed: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """For snapshots: let the board be read, then press each key and let it finish."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run


def pressing_at_rest(*pressed: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """For snapshots at 160 columns: as `pressing`, once the backlog's detail has read
    the highlighted item's history (a moment after the cursor rests)."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        history = pilot.app.screen.query_one(ItemDetail).query_one("#history")
        assert await wait_until(pilot, lambda: history.display)
        await pressing(*pressed)(pilot)

    return run


async def wait_until(pilot: Pilot[None], check: Callable[[], bool], tries: int = 50) -> bool:
    for _ in range(tries):
        if check():
            return True
        await pilot.pause(0.1)
    return check()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Key by key, as a user types (about 50 ms a key under Pilot: keep it short)."""
    await pilot.press(*text)


async def paste(pilot: Pilot[None], text: str) -> None:
    """A bracketed paste into the focused widget, as the terminal delivers one."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def stored(path: Path, key: int | str, user: str = "tester") -> Item:
    """The item as a fresh connection to the file sees it."""
    board = Board.open(path, user)
    try:
        return board.items.get(key)
    finally:
        board.close()


def stored_items(path: Path) -> list[Item]:
    board = Board.open(path, "tester")
    try:
        return board.items.all()
    finally:
        board.close()
