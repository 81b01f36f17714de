"""`poboard report`: the sprint report on the demo board, in Markdown and JSON, to a file,
and one clear line when there is no such sprint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.flow import cycle_times
from poboard.models import Sprint, Status
from poboard.report_markdown import escape

from .conftest import Cli
from .helpers import READY, assert_clean_refusal, one_line, run_poboard

SLIPPED = "customer legal review and email QA ran past the sprint"


@pytest.fixture
def demo(ok: Cli, db: Path) -> Iterator[Board]:
    """The demo board, filled through the CLI, and a Board to read the real figures from."""
    ok("demo")
    board = Board.open(db, "reader")
    yield board
    board.close()


def sprints(board: Board) -> dict[str, Sprint]:
    return {s.name: s for s in board.sprints()}


def test_report_on_the_demo_board_shows_the_active_sprint(ok: Cli, demo: Board) -> None:
    out = ok("report").stdout
    active = sprints(demo)["Sprint 14"]
    done = [i for i in demo.sprint_items("Sprint 14") if i.status is Status.DONE]
    points = sum(i.estimate or 0 for i in done)

    assert out.startswith("# Sprint 14 — sprint report\n")
    assert f"**Sprint goal:** {active.goal}" in out
    assert f"- Committed: {active.committed_points} points (capacity {active.capacity})" in out
    assert f"- Done so far: {points} points" in out
    for name in ("Sprint 12", "Sprint 13"):
        closed = sprints(demo)[name]
        assert f"| {name} | {closed.committed_points} | {closed.velocity} |" in out
    assert f"| Sprint 14 (so far) | {active.committed_points} | {points} |" in out

    assert len(done) >= 3
    for item in done:
        assert f"### {item.key} {escape(item.title)} · {item.estimate} pt" in out
    assert "- [x] tracking verified in analytics (Definition of Done) — raj" in out

    assert "**Into this sprint:**" in out
    carried = [i for i in demo.sprint_items("Sprint 14") if i.slipped]
    for item in carried:
        assert f"{item.key} {escape(item.title)}" in out
    assert out.count(f"from Sprint 13: {SLIPPED}") == len(carried) >= 2

    cycle = cycle_times(demo.events(), {i.id or 0 for i in done})
    assert f"- Cycle time (doing → done): median {cycle.median:.1f} days" in out
    assert "Sprint 14 has no retro yet." in out
    assert ("- **open** Ask for customer-quote approval at case-study kickoff — dana, due ") in out
    assert "(from the Sprint 13 retro)" in out


def test_report_on_a_closed_sprint_lists_carry_overs_with_reasons_and_retro_actions(
    ok: Cli, demo: Board
) -> None:
    out = ok("report", "--sprint", "Sprint 13").stdout
    closed = sprints(demo)["Sprint 13"]
    assert out.startswith("# Sprint 13 — sprint report\n")
    assert f"**Sprint goal:** {closed.goal}" in out
    assert f"- Done: {closed.velocity} points" in out
    assert "**Out of this sprint:**" in out
    assert out.count(f"to Sprint 14: {SLIPPED}") == 2
    assert "from Sprint 12: pillar page still waiting on design review" in out

    reopened = {e.item_id for e in demo.events() if e.action == "reopen"}
    assert f"- Rework: 1 reopened (#{reopened.pop()})" in out
    retro = next(r for r in demo.retros() if r.sprint_id == closed.id)
    for action in retro.actions:
        assert f"- **open** {escape(action.text)} — {action.owner}, due {action.due}" in out
    assert "Most voted:" in out
    assert (
        "- [~] links checked (Definition of Done) — waived by ana: "
        "printed handout for sales calls; it has no links"
    ) in out


def test_report_as_json(ok: Cli, demo: Board) -> None:
    data = json.loads(ok("report", "--format", "json").stdout)
    assert data["sprint"]["name"] == "Sprint 14"
    assert data["sprint"]["state"] == "active"
    closed = [(s.name, s.committed_points, s.velocity) for s in demo.sprints() if s.velocity]
    assert [(v["sprint"], v["committed"], v["done"]) for v in data["velocity"][:2]] == closed
    done = {i.key for i in demo.sprint_items("Sprint 14") if i.status is Status.DONE}
    assert {i["key"] for i in data["accepted"]} == done
    assert all(c["state"] in ("met", "waived") for i in data["accepted"] for c in i["criteria"])
    assert {c["reason"] for c in data["carried_in"]} == {SLIPPED}
    assert data["retro"] is None
    still_open = [a for r in demo.retros() for a in r.actions if a.state.value == "open"]
    assert len(data["open_actions_from_earlier_retros"]) == len(still_open) == 3
    assert data["metrics"]["cycle_time_days"]["median"] > 0
    assert len(data["metrics"]["burndown"]) == 14

    earlier = json.loads(ok("report", "--sprint", "Sprint 13", "--format", "json").stdout)
    assert [c["to"] for c in earlier["carried_out"]] == ["Sprint 14", "Sprint 14"]
    assert [a["owner"] for a in earlier["retro"]["actions"]] == ["dana", "mei", "ben"]
    assert earlier["metrics"]["rework"]["count"] == 1


def test_report_to_a_file(ok: Cli, demo: Board, tmp_path: Path) -> None:
    target = tmp_path / "out" / "sprint-14.md"
    target.parent.mkdir()
    result = ok("report", "-o", str(target))
    assert one_line(result.stdout) == f"Sprint 14 report written to {target}"
    assert target.read_text(encoding="utf-8") == ok("report").stdout


def test_unknown_sprint_exits_1_with_one_line(ok: Cli, demo: Board, db: Path) -> None:
    proc = run_poboard("report", "--sprint", "Sprint 99", db=db)
    assert proc.returncode == 1
    assert assert_clean_refusal(proc) == "poboard: no sprint is named 'Sprint 99'"
    assert proc.stdout == ""


def test_a_board_without_sprints_has_nothing_to_report(cli: Cli) -> None:
    result = cli("report")
    assert result.exit_code == 1
    assert one_line(result.stderr) == "poboard: no sprint is active or closed yet"


def test_markup_typed_by_users_stays_literal(ok: Cli) -> None:
    title = "*Launch* [promo](http://x) | <b>#1</b>_now_"
    ok("add", title, *READY, "--ac", "Legal `ok` | signed")
    ok("sprint", "new", "Sprint [1]", "--goal", "Ship *it* | now", "--start", "2024-05-06",
       "--end", "2024-05-17", "--capacity", "5")  # fmt: skip
    ok("sprint", "commit", "1", "--sprint", "Sprint [1]")
    ok("sprint", "start", "Sprint [1]")
    ok("check", "1", "1")
    ok("move", "1", "done")
    out = ok("report").stdout
    assert out.startswith("# Sprint \\[1\\] — sprint report")
    assert "**Sprint goal:** Ship \\*it\\* \\| now" in out
    assert "### #1 \\*Launch\\* \\[promo\\](http://x) \\| \\<b\\>\\#1\\</b\\>\\_now\\_" in out
    assert "- [x] Legal \\`ok\\` \\| signed" in out
    assert "[promo](" not in out
