"""`sprint start` before a sprint's planned first day asks for --early; values the board
refuses are told in poboard's words, on one line (not the validation library's, not
click's usage error)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from poboard.board import Board

from .conftest import Cli
from .helpers import assert_clean_refusal, one_line, run_poboard


def plan(ok: Cli, start: date, name: str = "Sprint 15") -> None:
    end = start + timedelta(days=11)
    ok("sprint", "new", name, "--goal", "Lift activation", "--start", start.isoformat(),
       "--end", end.isoformat(), "--capacity", "18")  # fmt: skip


def test_starting_before_the_planned_day_needs_early(ok: Cli, cli: Cli, db) -> None:
    start = date.today() + timedelta(days=3)
    plan(ok, start)
    result = cli("sprint", "start", "Sprint 15")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        f"poboard: Sprint 15 is planned to start {start:%a %b %d}, not today; to start it "
        "today instead: poboard sprint start 'Sprint 15' --early"
    )
    error = json.loads(one_line(cli("--json", "sprint", "start", "Sprint 15").stderr))
    assert error["error"] == "sprint_not_due"
    board = Board.open(db, "ana")
    try:
        assert board.sprints.find_sprint("Sprint 15").started_at is None
    finally:
        board.close()

    out = ok("sprint", "start", "Sprint 15", "--early").stdout
    assert out == f"Sprint 15 started (planned for {start}): 0 of 18 points committed\n"
    listed = ok("sprint", "list").stdout
    assert f"· started {datetime.now(UTC).date()}" in listed  # a day is a UTC day
    board = Board.open(db, "ana")
    try:
        assert board.sprints.find_sprint("Sprint 15").started_at is not None
    finally:
        board.close()


def test_a_sprint_due_starts_without_early(ok: Cli) -> None:
    plan(ok, date.today() - timedelta(days=1))
    assert ok("sprint", "start", "Sprint 15").stdout == (
        "Sprint 15 started: 0 of 18 points committed\n"
    )
    assert f"· started {datetime.now(UTC).date()}" in ok("sprint", "list").stdout  # late


def sprint_new(start: str, end: str, capacity: str) -> tuple[str, ...]:
    return ("sprint", "new", "S1", "--goal", "g", "--start", start, "--end", end,
            "--capacity", capacity)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("add", "Webinar", "--value", "7"), "poboard: value should be 5 or less, not 7"),
        (
            sprint_new("2026-02-30", "2026-03-13", "20"),
            "poboard: --start should be a date such as 2026-12-01 (year-month-day), "
            "not '2026-02-30'",
        ),
        (
            sprint_new("2026-03-02", "2026-03-13", "-20"),
            "poboard: --capacity should be 0 or more, not -20",
        ),
        (
            sprint_new("2026-03-02", "2026-03-13", "lots"),
            "poboard: --capacity should be a whole number, not 'lots'",
        ),
    ],
)
def test_refused_values_are_said_in_poboards_words(
    cli: Cli, args: tuple[str, ...], said: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert one_line(result.stderr) == said
    assert "Input should" not in result.stderr and "Usage:" not in result.stderr


def test_a_check_in_on_a_day_the_calendar_lacks_is_one_line(ok: Cli, db) -> None:
    ok("goal", "add", "Activation", "--kr", "activation:30:40")
    proc = run_poboard("goal", "checkin", "G1", "activation", "32", "--day", "2026-02-30", db=db)
    assert assert_clean_refusal(proc) == (
        "poboard: --day should be a date such as 2026-12-01 (year-month-day), not '2026-02-30'"
    )
    assert proc.returncode == 2
    board = Board.open(db, "ana")
    try:
        assert board.goals.all()[0].key_results[0].checkins == []
    finally:
        board.close()
