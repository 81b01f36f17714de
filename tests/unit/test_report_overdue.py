"""Overdue retro actions in the reports (issue #23, item 13): an open action whose due day
has passed reads "overdue since DAY" in the sprint report and the quarterly update, as
the retro screen marks it; a done one, or one due today or later, reads "due DAY"."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from poboard.board import Board
from poboard.cli import main
from poboard.contracts.quarters import quarter_data
from poboard.contracts.reports import report_data
from poboard.domain.sprint_report import action_overdue
from poboard.render.quarter_markdown import quarter_markdown
from poboard.render.report_markdown import report_markdown

READY = dict(owner="ana", audience="B2B marketers", promise="p", proof="q", metric="m")


@pytest.fixture
def retro_board(board_path: Path) -> Path:
    """Sprint 14 (Nov 16 – Nov 27) closed, its retro with three actions written Nov 27:
    due Nov 30 (left open), due Dec 01 (done), due Dec 10 (open); Sprint 15 running."""
    moment = [datetime(2026, 11, 16, 9, 0, tzinfo=UTC)]
    board = Board.open(board_path, "ana", clock=lambda: moment[0])
    try:
        board.items.add("Onboarding emails", criteria=["sent"], estimate=3, **READY)
        board.sprints.new_sprint(
            "Sprint 14", "Activation", date(2026, 11, 16), date(2026, 11, 27), 20
        )
        board.sprints.commit(["1"], "Sprint 14")
        board.sprints.start_sprint("Sprint 14")
        moment[0] = datetime(2026, 11, 27, 16, 0, tzinfo=UTC)
        board.sprints.close_sprint()
        retro = board.retros.open_retro()
        board.retros.add_action(retro.id or 0, "Brief [design] earlier", "mei", date(2026, 11, 30))
        done = board.retros.add_action(retro.id or 0, "Runbook", "ben", date(2026, 12, 1))
        board.retros.set_action_state(done.id or 0, "done")
        board.retros.add_action(retro.id or 0, "Quote approvals", "dana", date(2026, 12, 10))
        board.sprints.new_sprint(
            "Sprint 15", "Pipeline", date(2026, 11, 30), date(2026, 12, 11), 20
        )
        moment[0] = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
        board.sprints.start_sprint("Sprint 15")
    finally:
        board.close()
    return board_path


def test_the_sprint_report_marks_an_open_action_past_its_due_day(
    retro_board: Path, open_board
) -> None:
    board = open_board("ana")
    page = report_markdown(board.reports.sprint_report("Sprint 15", today=date(2026, 12, 6)))
    assert (
        "- **open** Brief \\[design\\] earlier — mei, **overdue since 2026-11-30** "
        "(from the Sprint 14 retro)"
    ) in page
    assert "- **open** Quote approvals — dana, due 2026-12-10 (from the Sprint 14 retro)" in page
    assert "Runbook" not in page  # done: not among the open ones


def test_the_retro_s_own_report_marks_only_open_actions_past_due(
    retro_board: Path, open_board
) -> None:
    board = open_board("ana")
    page = report_markdown(board.reports.sprint_report("Sprint 14", today=date(2026, 12, 6)))
    assert "- **open** Brief \\[design\\] earlier — mei, **overdue since 2026-11-30**" in page
    assert "- **done** Runbook — ben, due 2026-12-01" in page  # done: never overdue
    assert "- **open** Quote approvals — dana, due 2026-12-10" in page
    before = report_markdown(board.reports.sprint_report("Sprint 14", today=date(2026, 11, 30)))
    assert "overdue" not in before  # due today is not overdue yet


def test_the_quarterly_update_lists_open_actions_with_the_overdue_marked(
    retro_board: Path, open_board
) -> None:
    board = open_board("ana")
    page = quarter_markdown(board.reports.quarter_report("2026-Q4", today=date(2026, 12, 6)))
    section = page.split("## Retro actions still open (2)\n\n", 1)[1]
    assert section.splitlines() == [
        "- **open** Brief \\[design\\] earlier — mei, **overdue since 2026-11-30** "
        "(from the Sprint 14 retro)",
        "- **open** Quote approvals — dana, due 2026-12-10 (from the Sprint 14 retro)",
    ]


def overdue_fields(action: dict[str, object]) -> tuple[object, ...]:
    return action["text"], action["due"], action["overdue"], action["overdue_since"]


def test_the_sprint_report_s_json_flags_overdue_actions(retro_board: Path, open_board) -> None:
    board = open_board("ana")
    data = report_data(board.reports.sprint_report("Sprint 14", today=date(2026, 12, 6)))
    assert [overdue_fields(a) for a in data["retro"]["actions"]] == [
        ("Brief [design] earlier", "2026-11-30", True, "2026-11-30"),
        ("Runbook", "2026-12-01", False, None),  # done: never overdue
        ("Quote approvals", "2026-12-10", False, None),
    ]
    later = report_data(board.reports.sprint_report("Sprint 15", today=date(2026, 12, 6)))
    earlier = later["open_actions_from_earlier_retros"]
    assert [(*overdue_fields(a), a["from"]) for a in earlier] == [
        ("Brief [design] earlier", "2026-11-30", True, "2026-11-30", "the Sprint 14 retro"),
        ("Quote approvals", "2026-12-10", False, None, "the Sprint 14 retro"),
    ]
    on_the_day = report_data(board.reports.sprint_report("Sprint 14", today=date(2026, 11, 30)))
    assert not any(a["overdue"] for a in on_the_day["retro"]["actions"])  # due today


def test_the_quarterly_update_s_json_lists_open_actions(retro_board: Path, open_board) -> None:
    board = open_board("ana")
    data = quarter_data(board.reports.quarter_report("2026-Q4", today=date(2026, 12, 6)))
    assert [(*overdue_fields(a), a["state"], a["from"]) for a in data["open_actions"]] == [
        ("Brief [design] earlier", "2026-11-30", True, "2026-11-30", "open", "the Sprint 14 retro"),
        ("Quote approvals", "2026-12-10", False, None, "open", "the Sprint 14 retro"),
    ]
    done = CliRunner().invoke(
        main,
        ["--db", str(retro_board), "--user", "ana", "report", "--quarter", "2026-Q4",
         "--format", "json"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    printed = json.loads(done.stdout)["open_actions"]  # the CLI prints them, as of today
    assert [a["text"] for a in printed] == ["Brief [design] earlier", "Quote approvals"]
    assert {"due", "overdue", "overdue_since"} <= set(printed[0])


def test_the_retro_screen_marks_by_the_reports_rule() -> None:
    """One rule: the retro screen's lines mark what `action_overdue` calls overdue."""
    from poboard.domain.models import ActionState
    from poboard.domain.planning import RetroAction
    from poboard.tui.screens import retro_cards

    assert not hasattr(retro_cards, "is_overdue")  # no copy of the rule of its own
    today = date(2026, 12, 6)
    for state in ActionState:
        for due in (None, date(2026, 12, 5), today, date(2026, 12, 7)):
            action = RetroAction(id=1, retro_id=1, text="Runbook", state=state, due=due)
            line = retro_cards.action_line(action, today)
            assert (line.tone == "warning") == action_overdue(action, today), (state, due)
