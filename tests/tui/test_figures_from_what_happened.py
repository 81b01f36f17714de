"""Figures from what happened, on screen: `S` asks before starting a sprint ahead of its
planned day, the ended line gives velocity of what was committed (capacity apart), and
a key result whose latest check-in stated no confidence shows none."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from textual.widgets import Label

from poboard.board import Board
from poboard.domain.models import SprintState
from poboard.tui.app import PoboardApp
from poboard.tui.screens.goal import GoalScreen
from poboard.tui.widgets.dialogs import ConfirmScreen
from poboard.tui.widgets.lines import Lines

from .conftest import READY, USER, running, settle, text_of, toasts

TODAY = date(2026, 12, 6)
MORNING = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


def at_nine() -> datetime:
    return MORNING


def app_on(path: Path) -> PoboardApp:
    """The app with the board's clock and its today on the same morning."""
    return PoboardApp(Board.open(path, USER, clock=at_nine), today=TODAY)


def planned(path: Path, *, start: bool = False) -> None:
    """Sprint 15, planned Dec 07 – Dec 18 with capacity 18, four items (16 points)
    committed; when `start`, started today and closed with #1 and #2 (6 points) done."""
    board = Board.open(path, USER, clock=at_nine)
    try:
        for title, estimate in (("One", 3), ("Two", 3), ("Three", 5), ("Four", 5)):
            board.items.add(title, criteria=["done"], **{**READY, "estimate": estimate})
        board.sprints.new_sprint(
            "Sprint 15", "Lift activation", date(2026, 12, 7), date(2026, 12, 18), 18
        )
        board.sprints.commit(["1", "2", "3", "4"], "Sprint 15")
        if start:
            board.sprints.start_sprint("Sprint 15")
            for key in ("1", "2"):
                board.items.move(key, "doing")
                board.items.check(key, 1)
                board.items.move(key, "review")
                board.items.accept(key)
            board.sprints.close_sprint()
    finally:
        board.close()


def stored_sprint(path: Path) -> tuple[SprintState, str | None]:
    board = Board.open(path, "tester")
    try:
        sprint = board.sprints.find_sprint("Sprint 15")
        return sprint.state, sprint.started_at
    finally:
        board.close()


async def test_s_before_the_planned_day_asks_to_start_it_today(db_path: Path) -> None:
    planned(db_path)
    app = app_on(db_path)
    async with running(app) as pilot:
        await pilot.press("3", "S")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert text_of(app.screen.query_one(Label)) == (
            "Sprint 15 is planned to start Mon Dec 07; start it today instead?"
        )
        await pilot.press("n")
        await settle(pilot)
        assert stored_sprint(db_path) == (SprintState.PLANNED, None)

        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "Sprint 15 started" in toasts(app)
        head = text_of(app.screen.query_one("#sprint-head"))
        assert "Dec 07 – Dec 18 · started Dec 06 · 13 days left" in head, head
    assert stored_sprint(db_path) == (SprintState.ACTIVE, "2026-12-06T09:00:00Z")


async def test_the_ended_line_gives_velocity_of_committed_with_capacity_apart(
    db_path: Path,
) -> None:
    planned(db_path, start=True)
    app = app_on(db_path)
    async with running(app, size=(160, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        ended = text_of(app.screen.query_one("#no-sprint")).splitlines()[0]
        assert ended == (
            "✓ Sprint 15 “Lift activation” ended Dec 06 · velocity 6 of 16 pts committed · cap 18"
        )
    board = Board.open(db_path, "tester")
    try:
        sprint = board.sprints.find_sprint("Sprint 15")
    finally:
        board.close()
    assert (sprint.velocity, sprint.committed_points, sprint.capacity) == (6, 16, 18)


async def test_a_check_in_without_confidence_shows_none(db_path: Path) -> None:
    board = Board.open(db_path, USER, clock=at_nine)
    try:
        goal = board.goals.add_goal("Lift NPS", "2026-Q4", key_results=["NPS:18:24"])
        board.goals.check_in(goal.id or 0, "NPS", 20, "on track", day=date(2026, 12, 1))
        board.goals.check_in(goal.id or 0, "NPS", -5)  # a typo, and no confidence given
    finally:
        board.close()
    app = app_on(db_path)
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("2", "o")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        lines = app.screen.query_one(Lines).text
        assert "  18 → -5 → 24  baseline → now → target" in lines
        assert any(line.endswith("confidence —") for line in lines), lines
        assert not any("confidence on track" in line for line in lines), lines
    board = Board.open(db_path, "tester")
    try:
        (kr,) = board.goals.all()[0].key_results
    finally:
        board.close()
    assert [c.confidence for c in kr.checkins][-1] is None and kr.confidence is None
