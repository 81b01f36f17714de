"""Insights figures from crafted histories: hand-built event lists for the pure functions,
and a board played through its public methods at known moments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board
from poboard.contracts.reports import report_data
from poboard.domain.errors import NotFoundError
from poboard.domain.flow import acceptance_times, cycle_times, percentile, throughput
from poboard.domain.measures import (
    BurndownDay,
    CarryOver,
    SprintVelocity,
    burndown,
    burndown_sprint,
    carry_overs,
    key_results,
    next_planned,
    rework,
    velocity,
)
from poboard.domain.models import Confidence, Event, Item, SprintState, Status
from poboard.domain.planning import CheckIn, Goal, KeyResult, Sprint
from poboard.render.report_markdown import report_markdown


def status(at: str, item: int, new: str, action: str = "move") -> Event:
    return Event(
        at=f"2024-05-{at}:00Z", user="ana", item_id=item, action=action, field="status", new=new
    )


# Item 1: doing → review → done. Item 2: doing → done. Item 3: done, reopened, done again.
# Item 4: still in review. Item 5: done, then reopened. Item 6: review → done, never doing.
HISTORY = [
    status("06T09:00", 1, "doing"),
    status("06T12:00", 2, "doing"),
    status("06T09:00", 3, "doing"),
    status("06T18:00", 3, "review"),
    status("07T09:00", 3, "done"),
    status("07T12:00", 2, "done"),
    status("07T09:00", 4, "doing"),
    status("07T10:00", 5, "doing"),
    status("07T11:00", 5, "done"),
    status("08T09:00", 1, "review"),
    status("08T15:00", 1, "done"),
    status("08T09:00", 3, "doing", action="reopen"),
    status("08T12:00", 4, "review"),
    status("08T00:00", 6, "review"),
    status("09T09:00", 3, "review"),
    status("09T12:00", 6, "done"),
    status("10T09:00", 3, "done"),
    status("10T10:00", 5, "doing", action="reopen"),
    status("21T16:00", 7, "done"),
]


def test_cycle_time_runs_from_first_doing_to_last_done_of_items_done_now() -> None:
    times = cycle_times(HISTORY)
    assert {t.item_id: t.days for t in times.items} == {1: 2.25, 2: 1.0, 3: 4.0}
    assert times.median == 2.25
    assert times.p85 == 4.0
    assert times.items[0].start == "2024-05-06T12:00:00Z"


def test_acceptance_time_runs_from_the_last_review_before_the_last_done() -> None:
    times = acceptance_times(HISTORY)
    assert {t.item_id: t.days for t in times.items} == {1: 0.25, 3: 1.0, 6: 1.5}
    assert (times.median, times.p85) == (1.0, 1.5)


def test_flow_times_of_chosen_items_and_of_none() -> None:
    assert [t.item_id for t in cycle_times(HISTORY, {2, 4}).items] == [2]
    empty = cycle_times([])
    assert (empty.items, empty.median, empty.p85) == ((), None, None)


@pytest.mark.parametrize(
    ("values", "expected"),
    [(list(range(1, 11)), 9), (list(range(1, 21)), 17), ([5.0], 5.0), ([], None)],
)
def test_85th_percentile_is_the_nearest_rank(values: list[float], expected: float) -> None:
    assert percentile(values, 85) == expected


def test_throughput_counts_items_done_now_per_iso_week_with_empty_weeks() -> None:
    points = {1: 3, 2: 5, 3: 2, 6: 1, 7: 8}
    weeks = throughput(HISTORY, points, last=date(2024, 5, 29))
    assert [(w.week, w.monday, w.items, w.points) for w in weeks] == [
        ("2024-W19", date(2024, 5, 6), 4, 11),
        ("2024-W20", date(2024, 5, 13), 0, 0),
        ("2024-W21", date(2024, 5, 20), 1, 8),
        ("2024-W22", date(2024, 5, 27), 0, 0),
    ]
    window = throughput(HISTORY, points, date(2024, 5, 8), date(2024, 5, 12))
    assert [(w.week, w.items) for w in window] == [("2024-W19", 3)]
    assert throughput([]) == ()


def test_rework_counts_every_reopen() -> None:
    found = rework(HISTORY)
    assert (found.count, found.item_ids) == (2, (3, 5))
    assert rework(HISTORY, {3}).count == 1
    assert rework(HISTORY, last=date(2024, 5, 9)).item_ids == (3,)


def sprint(n: int, start: int, end: int, state: SprintState, **fields: Any) -> Sprint:
    return Sprint(
        id=n,
        name=f"Sprint {n}",
        start=date(2024, 5, start),
        end=date(2024, 5, end),
        capacity=10,
        state=state,
        **fields,
    )


def test_carry_overs_per_closed_sprint_with_where_and_why() -> None:
    rollovers = [
        Event(
            at="2024-05-10T17:00:00Z",
            user="ana",
            item_id=4,
            action="rollover",
            field="sprint",
            old="Sprint 1",
            new="backlog",
            note="waiting on legal",
        ),
        Event(
            at="2024-05-10T17:00:00Z",
            user="ana",
            item_id=8,
            action="rollover",
            field="sprint",
            old="Sprint 1",
            new="Sprint 2",
        ),
    ]
    sprints = [
        sprint(3, 20, 24, SprintState.ACTIVE),
        sprint(1, 6, 10, SprintState.CLOSED),
        sprint(2, 13, 17, SprintState.CLOSED),
    ]
    found = carry_overs([*HISTORY, *rollovers], sprints)
    assert [(c.sprint, c.count) for c in found] == [("Sprint 1", 2), ("Sprint 2", 0)]
    assert found[0].items == (
        CarryOver(4, "Sprint 1", "backlog", "waiting on legal", "2024-05-10T17:00:00Z"),
        CarryOver(8, "Sprint 1", "Sprint 2", None, "2024-05-10T17:00:00Z"),
    )


def test_velocity_uses_recorded_figures_of_closed_sprints_and_items_of_the_active_one() -> None:
    sprints = [
        sprint(2, 13, 17, SprintState.ACTIVE, committed_points=5),
        sprint(1, 6, 10, SprintState.CLOSED, committed_points=10, velocity=8),
        sprint(3, 20, 24, SprintState.PLANNED),
    ]
    items = [
        Item(id=1, title="a", sprint_id=2, status=Status.DONE, estimate=3),
        Item(id=2, title="b", sprint_id=2, status=Status.DOING, estimate=5),
        Item(id=3, title="c", sprint_id=2, status=Status.DROPPED, estimate=8),
    ]
    assert velocity(sprints, items) == (
        SprintVelocity("Sprint 1", SprintState.CLOSED, 10, 10, 8),
        SprintVelocity("Sprint 2", SprintState.ACTIVE, 10, 8, 3),
    )


def test_burndown_ideal_line_and_actual_points_left_each_day() -> None:
    active = sprint(1, 6, 10, SprintState.ACTIVE, committed_points=10)
    items = [
        Item(id=1, title="a", sprint_id=1, status=Status.DONE, estimate=3),
        Item(id=2, title="b", sprint_id=1, status=Status.DOING, estimate=5),
        Item(id=3, title="c", sprint_id=1, status=Status.TODO, estimate=2),
    ]
    events = [
        status("07T23:30", 1, "done"),
        status("08T16:00", 2, "done"),
        status("09T09:00", 2, "doing", action="reopen"),
        status("10T11:00", 2, "done"),
    ]
    chart = burndown(active, items, events, today=date(2024, 5, 9))
    assert chart.committed == 10
    assert chart.days == tuple(
        BurndownDay(date(2024, 5, day), ideal, actual)
        for day, ideal, actual in [(6, 10, 10), (7, 7.5, 7), (8, 5, 2), (9, 2.5, 7), (10, 0, None)]
    )


def test_the_burndown_follows_the_active_sprint_else_the_one_that_ended_last() -> None:
    first = sprint(1, 6, 10, SprintState.CLOSED, closed_at="2024-05-10T17:00:00Z")
    second = sprint(2, 13, 17, SprintState.CLOSED, closed_at="2024-05-17T16:00:00Z")
    third = sprint(3, 20, 24, SprintState.ACTIVE)
    fourth = sprint(4, 27, 31, SprintState.PLANNED)
    fifth = sprint(5, 28, 31, SprintState.PLANNED)  # made first, starts later
    assert burndown_sprint([first, second, third, fourth]) == third
    assert burndown_sprint([second, first, fourth]) == second
    assert burndown_sprint([fourth]) is None
    assert next_planned([fifth, first, fourth, third]) == fourth
    assert next_planned([first, third]) is None


def test_key_result_progress_with_its_check_ins() -> None:
    checkins = [
        CheckIn(day=date(2024, 5, 6), value=120, confidence=Confidence.AT_RISK, by="raj"),
        CheckIn(day=date(2024, 5, 13), value=150, by="raj"),
    ]
    kr = KeyResult(id=1, metric="signups", baseline=100, target=200, current=150, checkins=checkins)
    goal = Goal(id=1, title="Grow sign-ups", key_results=[kr])
    (progress,) = key_results([goal])
    assert (progress.goal, progress.metric, progress.fraction) == ("Grow sign-ups", "signups", 0.5)
    assert (progress.baseline, progress.current, progress.target) == (100, 150, 200)
    assert progress.history == (("2024-05-06", 120.0), ("2024-05-13", 150.0))
    assert progress.confidence is None  # the latest check-in, a number alone, stated none


# ----- a board played at known moments ---------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2024, 5, 6, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment

    def set(self, day: int, hour: int, minute: int = 0) -> None:
        self.moment = datetime(2024, 5, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def played(board_path: Path, add_ready: Callable[..., Item]) -> Iterator[tuple[Board, Clock]]:
    """Sprint 1 (Mon 6 – Fri 10 May): A and B done, C carried over "waiting on legal".
    Sprint 2 (13 – 24 May, active): C done, D done then reopened and done again, E open."""
    clock = Clock()
    board = Board.open(board_path, "ana", clock=clock)
    for title, points in (("A", 3), ("B", 5), ("C", 2)):
        add_ready(board, title, estimate=points)
    board.sprints.new_sprint(
        "Sprint 1", "Launch the spring campaign", date(2024, 5, 6), date(2024, 5, 10), 10
    )
    board.sprints.commit(["#1", "#2", "#3"], "Sprint 1")
    board.sprints.start_sprint("Sprint 1")

    def flow(key: str, *steps: tuple[int, int, int, str]) -> None:
        for day, hour, minute, target in steps:
            clock.set(day, hour, minute)
            if target == "review":
                board.items.check(key, 1)
            board.items.move(key, target)

    flow("#1", (6, 9, 0, "doing"), (7, 9, 0, "review"), (7, 15, 0, "done"))
    flow("#2", (6, 12, 0, "doing"), (8, 12, 0, "review"), (9, 12, 0, "done"))
    flow("#3", (8, 9, 0, "doing"))
    clock.set(10, 17)
    board.sprints.close_sprint("backlog", "waiting on legal")
    clock.set(10, 17, 30)
    board.sprints.new_sprint(
        "Sprint 2", "Fill the webinar", date(2024, 5, 13), date(2024, 5, 24), 8
    )
    add_ready(board, "D", estimate=1)
    add_ready(board, "E", estimate=5)
    board.sprints.commit(["#3", "#4"], "Sprint 2")
    clock.set(13, 8)
    board.sprints.start_sprint("Sprint 2")
    clock.set(13, 8, 30)
    board.sprints.commit(["#5"], "Sprint 2")
    flow("#3", (13, 9, 0, "doing"), (14, 9, 0, "review"), (14, 21, 0, "done"))
    flow("#4", (13, 10, 0, "doing"), (13, 16, 0, "review"), (13, 18, 0, "done"))
    flow("#4", (14, 9, 0, "doing"), (15, 9, 0, "review"), (15, 15, 0, "done"))
    goal = board.goals.add_goal("Grow sign-ups", key_results=["signups:100:200"])
    clock.set(15, 16)
    board.goals.update_key_result(goal.key_results[0].id or 0, 150)
    yield board, clock
    board.close()


def test_board_insights_from_its_own_history(played: tuple[Board, Clock]) -> None:
    board, _ = played
    found = board.reports.insights(date(2024, 5, 16))

    assert found.velocity == (
        SprintVelocity("Sprint 1", SprintState.CLOSED, 10, 10, 8),
        SprintVelocity("Sprint 2", SprintState.ACTIVE, 8, 8, 3),
    )
    assert {t.item_id: t.days for t in found.cycle_time.items} == {
        1: 1.25,
        2: 3.0,
        3: 6.5,
        4: 53 / 24,
    }
    assert found.cycle_time.median == (53 / 24 + 3.0) / 2
    assert found.cycle_time.p85 == 6.5
    assert {t.item_id: t.days for t in found.acceptance_time.items} == {
        1: 0.25,
        2: 1.0,
        3: 0.5,
        4: 0.25,
    }
    assert (found.acceptance_time.median, found.acceptance_time.p85) == (0.375, 1.0)
    assert [(w.week, w.items, w.points) for w in found.throughput] == [
        ("2024-W19", 2, 8),
        ("2024-W20", 2, 3),
    ]
    assert (found.rework.count, found.rework.item_ids) == (1, (4,))
    assert [
        (c.sprint, [(m.item_id, m.to, m.reason) for m in c.items]) for c in found.carry_overs
    ] == [("Sprint 1", [(3, "backlog", "waiting on legal")])]
    (kr,) = found.key_results
    assert (kr.fraction, [value for _, value in kr.history]) == (0.5, [150.0])


def test_board_burndown_of_the_active_sprint(played: tuple[Board, Clock]) -> None:
    board, _ = played
    chart = board.reports.insights(date(2024, 5, 16)).burndown
    assert chart is not None and (chart.sprint, chart.committed) == ("Sprint 2", 8)
    assert [d.actual for d in chart.days] == [7, 6, 5, 5, *[None] * 8]
    assert [d.ideal for d in chart.days] == [round(8 * (11 - n) / 11, 2) for n in range(12)]
    assert chart.days[0].day == date(2024, 5, 13) and chart.days[-1].day == date(2024, 5, 24)


def test_closed_sprint_burndown_counts_what_it_carried_over(
    played: tuple[Board, Clock],
) -> None:
    board, _ = played
    first = next(s for s in board.sprints.all() if s.name == "Sprint 1")
    chart = burndown(first, board.items.all(), board.events(), date(2024, 5, 16))
    assert [d.actual for d in chart.days] == [10, 7, 7, 2, 2]
    assert [d.ideal for d in chart.days] == [10, 7.5, 5, 2.5, 0]


def test_right_after_a_close_the_burndown_is_the_sprint_that_ended(
    played: tuple[Board, Clock],
) -> None:
    """Sprint 2 (13 – 24 May) closes early on the 16th, #5 open; Sprint 3 is planned.
    #4, done in Sprint 2, is reopened on the 20th: that belongs to no line of Sprint 2."""
    board, clock = played
    clock.set(16, 17)
    board.sprints.close_sprint("backlog", "out of time")
    board.sprints.new_sprint("Sprint 3", "Next", date(2024, 5, 27), date(2024, 6, 7), 8)
    clock.set(20, 9)
    board.items.move("#4", "backlog")
    assert [e.action for e in board.events() if e.item_id == 4][-1] == "reopen"

    found = board.reports.insights(date(2024, 5, 22))
    chart = found.burndown
    assert chart is not None
    assert (chart.sprint, chart.state, chart.committed) == ("Sprint 2", SprintState.CLOSED, 8)
    assert (chart.start, chart.end, chart.closed_on) == (
        date(2024, 5, 13),
        date(2024, 5, 24),
        date(2024, 5, 16),
    )
    assert [d.actual for d in chart.days] == [7, 6, 5, 5, *[None] * 8]
    assert found.next_sprint is not None and found.next_sprint.name == "Sprint 3"

    board.sprints.start_sprint("Sprint 3")
    running = board.reports.insights(date(2024, 5, 22))
    assert running.burndown is not None and running.burndown.sprint == "Sprint 3"
    assert running.next_sprint is None


def test_insights_default_to_today_by_the_boards_clock(
    played: tuple[Board, Clock],
) -> None:
    board, clock = played
    clock.set(14, 12)
    found = board.reports.insights()
    assert found.today == clock().astimezone().date()
    assert found.burndown is not None
    left = {date(2024, 5, 13): 7, date(2024, 5, 14): 6, date(2024, 5, 15): 5}
    assert [d.actual for d in found.burndown.days if d.actual is not None][-1] == left[found.today]


def test_sprint_report_of_a_closed_sprint(played: tuple[Board, Clock]) -> None:
    board, _ = played
    report = board.reports.sprint_report("sprint 1", date(2024, 5, 16))
    assert (report.figures.committed, report.figures.done) == (10, 8)
    assert [i.id for i in report.accepted] == [1, 2]
    assert [(c.item_id, c.to, c.reason) for c in report.carried_out] == [
        (3, "backlog", "waiting on legal")
    ]
    assert [t.item_id for t in report.cycle_time.items] == [1, 2]
    assert [(w.week, w.items, w.points) for w in report.throughput] == [("2024-W19", 2, 8)]
    assert report.rework.count == 0
    text = report_markdown(report)
    assert "| Sprint 1 | 10 | 8 |" in text
    assert "#3 C · 2 pts · ana — to backlog: waiting on legal" in text
    assert "median 2.1 days, 85th percentile 3.0 days (2 items)" in text
    data = report_data(report)
    assert data["metrics"]["cycle_time_days"]["median"] == (1.25 + 3.0) / 2
    assert data["carried_out"][0]["reason"] == "waiting on legal"


def test_sprint_report_defaults_to_the_active_sprint(played: tuple[Board, Clock]) -> None:
    board, _ = played
    report = board.reports.sprint_report(today=date(2024, 5, 16))
    assert report.sprint.name == "Sprint 2"
    assert [(c.item_id, c.sprint) for c in report.carried_in] == [(3, "Sprint 1")]
    assert (report.rework.count, report.rework.item_ids) == (1, (4,))
    with pytest.raises(NotFoundError, match="no sprint is named 'Sprint 9'"):
        board.reports.sprint_report("Sprint 9")
