"""Goals and key results corrected through the board service, on a real board file: a
check-in corrected or deleted (the key result's current value follows, the log keeps
what it was), a key result renamed and re-baselined, a goal edited and archived (out of
the lists and reports, kept in the export)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from poboard.board import Board
from poboard.domain.errors import InvalidInputError, NotFoundError
from poboard.domain.models import Confidence

TODAY = date(2024, 5, 6)  # the fixed clock of conftest.py


@pytest.fixture
def goals(board: Board) -> Board:
    """G1 (KR1: 31 → 32 on 05-01, → -5 today by mistake); G2 (KR2) the North Star."""
    board.goals.add_goal("Lift trial activation", "2024-Q2", key_results=["activation %:31:40"])
    board.goals.add_goal("Build brand demand", None, True, ["branded clicks:3100:4500"])
    board.goals.check_in("G1", "activation %", 32, "on track", "email 2", date(2024, 5, 1))
    board.goals.check_in("G1", "activation %", -5)
    return board


def checkins(board: Board) -> list[tuple[int | None, date, float, Confidence | None]]:
    kr = board.goals.goal(1).key_results[0]
    return [(c.id, c.day, c.value, c.confidence) for c in kr.checkins]


def test_a_corrected_check_in_moves_the_current_value(
    goals: Board, open_board: Callable[..., Board]
) -> None:
    goals.goal_edits.edit_checkin("G1", "KR1", str(TODAY), value=32.4, confidence="at risk")
    fresh = open_board("raj")
    kr = fresh.goals.goal(1).key_results[0]
    assert (kr.current, kr.confidence) == (32.4, Confidence.AT_RISK)
    assert checkins(fresh) == [
        (1, date(2024, 5, 1), 32.0, Confidence.ON_TRACK),
        (2, TODAY, 32.4, Confidence.AT_RISK),
    ]
    goals.goal_edits.edit_checkin("G1", "KR1", "#2", confidence="none")
    assert checkins(fresh)[1][3] is None


def test_correcting_an_older_check_in_leaves_the_current_value(goals: Board) -> None:
    goals.goal_edits.edit_checkin("G1", "activation %", "2024-05-01", value=33)
    assert goals.goals.goal(1).key_results[0].current == -5


def test_a_correction_that_changes_nothing_logs_nothing(goals: Board) -> None:
    before = len(goals.events())
    goals.goal_edits.edit_checkin("G1", "KR1", "1", value=32)
    assert len(goals.events()) == before


def test_deleting_check_ins_falls_back_to_the_one_before_then_the_baseline(
    goals: Board,
) -> None:
    goals.goal_edits.delete_checkin("G1", "KR1", "2")
    assert goals.goals.goal(1).key_results[0].current == 32
    goals.goal_edits.delete_checkin("G1", "KR1", "2024-05-01")
    kr = goals.goals.goal(1).key_results[0]
    assert (kr.current, kr.checkins, kr.confidence) == (31, [], None)
    with pytest.raises(NotFoundError, match="has no check-in #1; its check-ins: none yet"):
        goals.goal_edits.delete_checkin("G1", "KR1", "1")


def test_a_key_result_without_check_ins_follows_its_new_baseline(goals: Board) -> None:
    kr = goals.goal_edits.edit_key_result(
        "G2", "branded clicks", "branded search clicks", 3000, 5000
    )
    assert (kr.metric, kr.baseline, kr.current, kr.target) == (
        "branded search clicks",
        3000,
        3000,
        5000,
    )
    assert goals.goals.goal(2).key_results[0] == kr
    with pytest.raises(InvalidInputError, match="a key result needs a metric"):
        goals.goal_edits.edit_key_result("G2", "KR2", " ")


def test_marking_a_north_star_unmarks_the_other(goals: Board) -> None:
    goals.goal_edits.edit_goal("G1", north_star=True)
    assert [(g.id, g.north_star) for g in goals.goals.all()] == [(1, True), (2, False)]


def test_an_archived_goal_leaves_lists_and_reports_and_keeps_its_history(
    goals: Board,
) -> None:
    archived = goals.goal_edits.archive_goal("Lift trial activation")
    assert archived.archived_at is not None
    assert [g.id for g in goals.goals.all()] == [2]
    assert [g.id for g in goals.goals.archived_goals()] == [1]
    assert len(goals.goals.goal(1).key_results[0].checkins) == 2
    report = goals.reports.quarter_report("2024-Q2", TODAY)
    assert [u.goal.id for u in report.goals] == [2]
    assert [g["id"] for g in goals.transfer.export_data()["goals"]] == [2, 1]
    assert goals.goals.find_goal("lift TRIAL activation").id == 1  # still named by its title
    goals.goal_edits.archive_goal("G1", restore=True)
    assert [g.id for g in goals.goals.all()] == [2, 1]
