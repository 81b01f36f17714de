"""Insights: figures and charts from the events log, on a board whose history happened on
known days (the board's clock is set for each step), so every number can be predicted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual_plotext import PlotextPlot

from poboard.board import Board
from poboard.tui.app import PoboardApp

from .conftest import READY, USER, make_app, running, settle, text_of


class Clock:
    """The board's clock, set by hand: 09:00 UTC on the day given."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 9, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: int, month: int = 11, hour: int = 9) -> None:
        self.now = datetime(2026, month, day, hour, tzinfo=UTC)


def history(path: Path) -> None:
    """Sprint 1 (Nov 2–13): A (3) takes 2 days doing → done, 1 in review; B (5) 6 days, 3 in
    review; C (2) is not started and carried to the backlog. Sprint 2 (Nov 16–27, running):
    C done in 2 days, reopened, done again on day 4; D (3) not started.
    Key results checked in half-way."""
    clock = Clock()
    board = Board.open(path, USER, clock=clock)
    try:
        board.add_goal(
            "Lift activation",
            "2026 Q4",
            False,
            ["activation %:30:40", "days to first board:6:3"],
        )
        for title, points in (("A", 3), ("B", 5), ("C", 2), ("D", 3)):
            board.add(title, criteria=["done right"], **{**READY, "estimate": points})
        board.new_sprint("Sprint 1", "First", date(2026, 11, 2), date(2026, 11, 13), 12)
        board.commit([1, 2, 3], "Sprint 1")
        clock.on(2)
        board.start_sprint("Sprint 1")
        clock.on(3)
        board.move(1, "doing")
        board.move(2, "doing")
        clock.on(4)
        board.move(1, "review")
        clock.on(5)
        board.check(1, 1)
        board.move(1, "done")
        clock.on(6)
        board.move(2, "review")
        clock.on(9)
        board.check(2, 1)
        board.move(2, "done")
        clock.on(13, hour=17)
        board.close_sprint(reason="waiting on legal")

        board.new_sprint("Sprint 2", "Second", date(2026, 11, 16), date(2026, 11, 27), 8)
        board.commit([3, 4], "Sprint 2")
        clock.on(16)
        board.start_sprint("Sprint 2")
        board.move(3, "doing")
        clock.on(17)
        board.move(3, "review")
        clock.on(18)
        board.check(3, 1)
        board.move(3, "done")
        clock.on(19)
        board.move(3, "review")  # reopened: rework
        clock.on(20)
        board.move(3, "done")
        board.update_key_result(1, 35)
        board.update_key_result(2, 4.5)
    finally:
        board.close()


@pytest.fixture
def history_db(db_path: Path) -> Path:
    history(db_path)
    return db_path


def summary(app: PoboardApp) -> list[str]:
    return text_of(app.screen.query_one("#insights-summary")).splitlines()


def key_results(app: PoboardApp) -> list[str]:
    return text_of(app.screen.query_one("#key-results")).splitlines()


def chart(app: PoboardApp, plot_id: str) -> str:
    """The chart as drawn, without its colours."""
    plot = app.screen.query_one(f"#{plot_id}", PlotextPlot)
    visual = plot.render()
    return getattr(visual, "plain", str(visual))


async def test_the_summary_shows_velocity_flow_times_rework_carry_overs_and_throughput(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert app.screen.title == "Insights"
        assert summary(app) == [
            "Velocity, done/committed points: Sprint 1 8/10 · Sprint 2 2/5 so far",
            "Cycle time (doing → done) median 4.0 d · p85 6.0 d (3 items)",
            "Acceptance time (review → done) median 1.0 d · p85 3.0 d (3 items)",
            "Rework 1 reopened · Carry-overs 1 (1 from Sprint 1) · "
            "throughput, last 4 weeks: 1 1 1 0",
        ]

    # The figures come from what the file holds.
    saved = open_board()
    sprint = saved.find_sprint("Sprint 1")
    assert (sprint.velocity, sprint.committed_points) == (8, 10)
    assert [(e.item_id, e.new, e.note) for e in saved.events() if e.action == "rollover"] == [
        (3, "backlog", "waiting on legal")
    ]
    assert [e.item_id for e in saved.events() if e.action == "reopen"] == [3]


async def test_key_results_show_baseline_current_target_and_progress(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db)
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert key_results(app) == [
            "Key results",
            "▓▓▓▓▓░░░░░  50% activation %: 30 → 35 (target 40) · Lift activation",
            "▓▓▓▓▓░░░░░  50% days to first board: 6 → 4.5 (target 3) · Lift activation",
        ]

    saved = open_board()
    assert [(kr.baseline, kr.current, kr.target) for kr in saved.goal(1).key_results] == [
        (30, 35, 40),
        (6, 4.5, 3),
    ]


async def test_the_four_charts_are_drawn(history_db: Path):
    app = make_app(history_db)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        plots = app.screen.query(PlotextPlot)
        assert [p.id for p in plots] == ["velocity", "burndown", "throughput", "cycle"]
        assert all(p.size.width > 20 and p.size.height > 5 for p in plots)

        velocity = chart(app, "velocity")
        assert "Velocity: committed vs done (points)" in velocity
        assert "S1" in velocity and "S2" in velocity
        assert "committed" in velocity and "done" in velocity

        burndown = chart(app, "burndown")
        assert "Burndown Sprint 2: ideal · actual" in burndown
        assert "sprint day" in burndown

        throughput = chart(app, "throughput")
        assert "Throughput: items done per week" in throughput
        assert all(week in throughput for week in ("Nov 02", "Nov 09", "Nov 16", "Nov 23"))

        cycle = chart(app, "cycle")
        assert "Cycle time, doing → done (days per item)" in cycle
        assert "days" in cycle


async def test_r_refreshes_with_what_happened_since(
    history_db: Path, open_board: Callable[..., Board]
):
    app = make_app(history_db, poll_seconds=60)  # no live refresh: only r reloads
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert summary(app)[0].endswith("Sprint 2 2/5 so far")
        other = Board.open(history_db, "dana")
        other.move(4, "doing")
        other.check(4, 1)
        other.move(4, "done")
        other.close()
        await pilot.press("r")
        await settle(pilot)
        assert summary(app)[0].endswith("Sprint 2 5/5 so far")

    saved = open_board()
    assert saved.item(4).status.value == "done"


async def test_an_empty_board_says_there_is_nothing_to_show_yet(
    db_path: Path, open_board: Callable[..., Board]
):
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("5")
        await settle(pilot)
        assert summary(app) == [
            "Velocity, done/committed points: —",
            "Cycle time (doing → done) median — · p85 — (0 items)",
            "Acceptance time (review → done) median — · p85 — (0 items)",
            "Rework 0 reopened · Carry-overs 0 · throughput, last 0 weeks: —",
        ]
        assert key_results(app) == [
            "Key results",
            "No key results yet: add goals on the Roadmap (2).",
        ]
        assert "Burndown: no active sprint" in chart(app, "burndown")

    saved = open_board()
    assert saved.events() == []
