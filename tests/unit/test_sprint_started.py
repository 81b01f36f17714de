"""Figures from what happened: a sprint started before its planned first day is reported
from the day it started (header, throughput, burndown, key results), starting it early
is asked for, and an old board learns when its sprints started from its events log."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from poboard.board import Board, progress_of, sprint_timing
from poboard.contracts.reports import report_data
from poboard.domain.errors import GateRefusal
from poboard.domain.models import SprintState
from poboard.render.report_markdown import report_markdown

FIXTURE = Path(__file__).parents[1] / "fixtures" / "board-schema-1.db"
READY = dict(owner="ana", audience="B2B marketers", promise="p", proof="q", metric="m")
METRIC = "trial to activation %"


class Clock:
    """The board's clock, moved by the test."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def at(self, day: int, hour: int) -> None:
        self.moment = datetime(2026, 12, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


@pytest.fixture
def played(board_path: Path, clock: Clock) -> Path:
    """Sprint 15, planned Dec 07 – Dec 18 (capacity 18, 16 committed), started and
    closed on Dec 06 with #1 and #2 (6 points) accepted; KR1 went 31 → 32.4 that day."""
    board = Board.open(board_path, "ana", clock=clock)
    try:
        goal = board.goals.add_goal("Activation", "2026-Q4", key_results=[f"{METRIC}:28:40"])
        board.goals.check_in(goal.id or 0, METRIC, 31, "on track")
        for title, estimate in (("One", 3), ("Two", 3), ("Three", 5), ("Four", 5)):
            board.items.add(title, criteria=["done"], estimate=estimate, **READY)
        board.sprints.new_sprint(
            "Sprint 15", "Lift activation", date(2026, 12, 7), date(2026, 12, 18), 18
        )
        board.sprints.commit(["1", "2", "3", "4"], "Sprint 15")
        clock.at(6, 9)
        board.sprints.start_sprint("Sprint 15")
        for key in ("1", "2"):
            board.items.move(key, "doing")
            board.items.check(key, 1)
            board.items.move(key, "review")
            board.items.accept(key)
        board.goals.check_in(goal.id or 0, METRIC, 32.4, "at risk")
        clock.at(6, 17)
        board.sprints.close_sprint()
    finally:
        board.close()
    return board_path


def test_the_day_a_sprint_started_is_stored(played: Path) -> None:
    board = Board.open(played, "ben")
    try:
        sprint = board.sprints.find_sprint("Sprint 15")
    finally:
        board.close()
    assert (sprint.start, sprint.started_at) == (date(2026, 12, 7), "2026-12-06T09:00:00Z")
    assert sprint.closed_at == "2026-12-06T17:00:00Z"


def test_the_report_of_a_sprint_started_early_counts_from_the_day_it_started(
    played: Path,
) -> None:
    board = Board.open(played, "ben")
    try:
        report = board.reports.sprint_report("Sprint 15", today=date(2026, 12, 9))
    finally:
        board.close()
    page = report_markdown(report)
    head = page.splitlines()[2]
    assert head.endswith(
        "· planned 2026-12-07 – 2026-12-18 · started 2026-12-06 · closed 2026-12-06"
    ), head
    assert "| 2026-W49 | 2 | 6 |" in page and "none yet" not in page
    assert "| 2026-12-06 | 16 | 10 |" in page  # the burndown's first day has its actual
    assert f"| Activation | {METRIC} | 31 | 32.4 | 40 | 37% | at risk | ▁█ |" in page
    data = report_data(report)
    assert data["sprint"]["started_at"] == "2026-12-06T09:00:00Z"
    assert [(w["items"], w["points"]) for w in data["metrics"]["throughput"]] == [(2, 6)]
    assert data["metrics"]["burndown"][0] == {"day": "2026-12-06", "ideal": 16, "actual": 10}
    (moved,) = data["metrics"]["key_results"]
    assert (moved["start"], moved["end"], len(moved["checkins"])) == (31, 32.4, 1)


def test_insights_draw_the_burndown_from_the_day_it_started(played: Path) -> None:
    board = Board.open(played, "ben")
    try:
        chart = board.reports.insights(today=date(2026, 12, 9)).burndown
    finally:
        board.close()
    assert chart is not None
    assert (chart.start, chart.end, chart.closed_on) == (
        date(2026, 12, 6),
        date(2026, 12, 18),
        date(2026, 12, 6),
    )
    assert [(d.day, d.actual) for d in chart.days[:2]] == [
        (date(2026, 12, 6), 10),
        (date(2026, 12, 7), None),
    ]


def test_a_running_early_sprint_reports_its_day_and_days_left(
    board_path: Path, clock: Clock
) -> None:
    clock.at(6, 9)
    board = Board.open(board_path, "ana", clock=clock)
    try:
        board.sprints.new_sprint(
            "Sprint 15", "Lift activation", date(2026, 12, 7), date(2026, 12, 18), 18
        )
        board.sprints.start_sprint("Sprint 15")
        sprint = board.sprints.find_sprint("Sprint 15")
        page = report_markdown(board.reports.sprint_report("Sprint 15", today=date(2026, 12, 6)))
    finally:
        board.close()
    assert "· started 2026-12-06 · active, day 1 of 13" in page
    assert progress_of(sprint, [], date(2026, 12, 6)).days_left == 13
    assert sprint_timing(sprint, date(2026, 12, 6)) == "13 days left"


def test_a_sprint_closed_early_says_it_ended_the_day_it_closed(played: Path) -> None:
    board = Board.open(played, "ben")
    try:
        sprint = board.sprints.find_sprint("Sprint 15")
    finally:
        board.close()
    assert sprint_timing(sprint, date(2026, 12, 9)) == "ended Dec 06"


def test_starting_before_the_planned_day_is_refused_unless_early(
    board_path: Path, clock: Clock
) -> None:
    clock.at(6, 9)
    board = Board.open(board_path, "ana", clock=clock)
    try:
        board.sprints.new_sprint(
            "Sprint 15", "Lift activation", date(2026, 12, 7), date(2026, 12, 18), 18
        )
        assert board.sprints.starts_early(board.sprints.find_sprint("Sprint 15"))
        with pytest.raises(GateRefusal) as refused:
            board.sprints.start_sprint("Sprint 15", early=False)
        assert refused.value.codes == {"sprint_not_due"}
        assert str(refused.value) == "Sprint 15 is planned to start Mon Dec 07, not today"
    finally:
        board.close()
    fresh = Board.open(board_path, "ben")
    try:
        sprint = fresh.sprints.find_sprint("Sprint 15")
        assert (sprint.state, sprint.started_at) == (SprintState.PLANNED, None)
    finally:
        fresh.close()
    clock.at(7, 8)
    on_time = Board.open(board_path, "ana", clock=clock)
    try:
        started = on_time.sprints.start_sprint("Sprint 15", early=False)
    finally:
        on_time.close()
    assert (started.state, started.started_at) == (SprintState.ACTIVE, "2026-12-07T08:00:00Z")


def test_an_old_board_learns_when_its_sprints_started_from_its_log(tmp_path: Path) -> None:
    before = json.loads(FIXTURE.with_suffix(".json").read_text(encoding="utf-8"))
    starts = {
        e["new"].removesuffix(" active"): e["at"]
        for e in before["events"]
        if e["action"] == "sprint" and e["field"] == "state" and e["old"] == "planned"
    }
    path = tmp_path / "board.db"
    shutil.copy(FIXTURE, path)
    board = Board.open(path, "ana")
    try:
        sprints = board.sprints.all()
    finally:
        board.close()
    ran = {s.name: s.started_at for s in sprints if s.state is not SprintState.PLANNED}
    assert ran and ran == {name: starts[name] for name in ran}
    assert all(s.started_at is None for s in sprints if s.state is SprintState.PLANNED)


def test_an_export_keeps_the_day_a_sprint_started(played: Path, tmp_path: Path) -> None:
    board = Board.open(played, "ana")
    try:
        data = board.transfer.export_data()
    finally:
        board.close()
    copy = Board.open(tmp_path / "copy.db", "ana")
    try:
        copy.transfer.import_data(data)
        assert copy.sprints.find_sprint("Sprint 15").started_at == "2026-12-06T09:00:00Z"
    finally:
        copy.close()
