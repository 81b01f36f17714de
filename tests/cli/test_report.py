"""`poboard report`: the sprint report on the demo board, in Markdown and JSON, to a file,
and one clear line when there is no such sprint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.demo.fill import fill_demo
from poboard.domain.flow import cycle_times
from poboard.domain.models import Kind, Status
from poboard.domain.planning import Sprint
from poboard.render.report_markdown import escape

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
    return {s.name: s for s in board.sprints.all()}


def test_report_on_the_demo_board_shows_the_active_sprint(ok: Cli, demo: Board) -> None:
    out = ok("report").stdout
    active = sprints(demo)["Sprint 14"]
    done = [i for i in demo.sprints.sprint_items("Sprint 14") if i.status is Status.DONE]
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
    carried = [i for i in demo.sprints.sprint_items("Sprint 14") if i.slipped]
    for item in carried:
        assert f"{item.key} {escape(item.title)}" in out
    assert out.count(f"from Sprint 13: {SLIPPED}") == len(carried) >= 2

    cycle = cycle_times(demo.events(), {i.id or 0 for i in done})
    assert f"- Cycle time (doing → done): median {cycle.median:.1f} days" in out
    assert "Sprint 14 has no retro yet." in out
    overdue = "- **open** Ask for customer-quote approval at case-study kickoff — dana, **overdue"
    assert overdue in out  # the demo's action due yesterday
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
    retro = next(r for r in demo.retros.all() if r.sprint_id == closed.id)
    for action in retro.actions:  # one was due yesterday: it is marked overdue
        assert action.due is not None
        due = (
            f"**overdue since {action.due}**" if action.due < date.today() else f"due {action.due}"
        )
        assert f"- **open** {escape(action.text)} — {action.owner}, {due}" in out
    assert "Most voted:" in out
    assert (
        "- [~] links checked (Definition of Done) — waived by ana: "
        "printed handout for sales calls; it has no links"
    ) in out


def test_report_as_json(ok: Cli, demo: Board) -> None:
    data = json.loads(ok("report", "--format", "json").stdout)
    assert data["sprint"]["name"] == "Sprint 14"
    assert data["sprint"]["state"] == "active"
    closed = [(s.name, s.committed_points, s.velocity) for s in demo.sprints.all() if s.velocity]
    assert [(v["sprint"], v["committed"], v["done"]) for v in data["velocity"][:2]] == closed
    done = {i.key for i in demo.sprints.sprint_items("Sprint 14") if i.status is Status.DONE}
    assert {i["key"] for i in data["accepted"]} == done
    assert all(c["state"] in ("met", "waived") for i in data["accepted"] for c in i["criteria"])
    assert {c["reason"] for c in data["carried_in"]} == {SLIPPED}
    assert data["retro"] is None
    still_open = [a for r in demo.retros.all() for a in r.actions if a.state.value == "open"]
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


# ----- the playbook: goal met, delivered promises, experiments, key results ----------------


def test_a_closed_sprints_report_says_whether_its_goal_was_met(ok: Cli, demo: Board) -> None:
    closed = sprints(demo)["Sprint 13"]
    assert closed.goal_met is not None and closed.goal_note
    out = ok("report", "--sprint", "Sprint 13").stdout
    assert f"**Goal met:** {closed.goal_met.value} — {escape(closed.goal_note)}\n" in out
    data = json.loads(ok("report", "--sprint", "Sprint 13", "--format", "json").stdout)
    assert (data["sprint"]["goal_met"], data["sprint"]["goal_note"]) == (
        closed.goal_met.value,
        closed.goal_note,
    )
    assert "**Goal met:** asked when it closes\n" in ok("report").stdout


def test_the_report_gives_each_delivered_items_promise_and_metric(ok: Cli, demo: Board) -> None:
    out = ok("report", "--sprint", "Sprint 13").stdout
    data = json.loads(ok("report", "--sprint", "Sprint 13", "--format", "json").stdout)
    done = [i for i in demo.sprints.sprint_items("Sprint 13") if i.status is Status.DONE]
    assert len(done) == len(data["accepted"]) >= 5
    for item, shown in zip(done, data["accepted"], strict=True):
        assert (shown["promise"], shown["metric"]) == (item.promise, item.metric)
        assert (
            f"*Promise:* {escape(item.promise or '')} · *Metric:* {escape(item.metric or '')}"
            in out
        )


def test_the_report_gives_each_experiments_outcome(ok: Cli, demo: Board) -> None:
    (decided,) = [i for i in demo.sprints.sprint_items("Sprint 13") if i.kind is Kind.EXPERIMENT]
    assert decided.result is not None and decided.status is Status.DONE
    out = ok("report", "--sprint", "Sprint 13").stdout
    assert f"### {decided.key} {escape(decided.title)} · done\n" in out
    assert f"- Decision rule: {escape(decided.decision_rule or '')}\n" in out
    assert f"- **Result: {decided.result.value}** — {escape(decided.result_note or '')}\n" in out
    data = json.loads(ok("report", "--sprint", "Sprint 13", "--format", "json").stdout)
    assert [(e["key"], e["result"], e["result_note"]) for e in data["experiments"]] == [
        (decided.key, decided.result.value, decided.result_note)
    ]
    running = [i for i in demo.sprints.sprint_items("Sprint 14") if i.kind is Kind.EXPERIMENT]
    assert running and all(i.result is None for i in running)
    assert "- **Result:** not decided yet\n" in ok("report").stdout


def test_the_report_gives_key_result_movement_over_the_sprint(ok: Cli, demo: Board) -> None:
    sprint = sprints(demo)["Sprint 13"]
    data = json.loads(ok("report", "--sprint", "Sprint 13", "--format", "json").stdout)
    out = ok("report", "--sprint", "Sprint 13").stdout
    moved = {m["key"]: m for m in data["metrics"]["key_results"]}
    for goal in demo.goals.all():
        for kr in goal.key_results:
            before = [c for c in kr.checkins if c.day < sprint.start]
            inside = [c for c in kr.checkins if sprint.start <= c.day <= sprint.end]
            start = before[-1].value if before else kr.baseline
            end = inside[-1].value if inside else start
            stated = [c.confidence for c in [*before, *inside] if c.confidence]
            found = moved[kr.key]
            assert (found["start"], found["end"]) == (start, end), kr.metric
            assert found["confidence"] == (stated[-1].value if stated else None)
            assert [c["day"] for c in found["checkins"]] == [c.day.isoformat() for c in inside]
    activation = moved["KR2"]
    assert len(activation["checkins"]) == 2 and activation["end"] > activation["start"]
    assert (
        f"| Lift trial activation | trial to activation % | {activation['start']:g} | "
        f"{activation['end']:g} | 40 | {activation['progress']:.0%} | "
        f"{activation['confidence']} | {activation['sparkline']} |"
    ) in out
    assert (
        "| Build brand demand | direct sessions per week | 8200 | 8200 | 11000 | 0% | — | "
        "no check-in |" in out
    )
    assert "**Check-in notes:**" in out


# ----- the quarter's update --------------------------------------------------------------


DEMO_DAY = date(2026, 11, 30)  # the demo six weeks into 2026-Q4, whatever day tests run


@pytest.fixture
def q4_demo(db: Path) -> Iterator[Board]:
    """The demo board as it stands on DEMO_DAY, so the quarter's figures are known."""
    board = Board.open(db, "tester")
    fill_demo(board, today=DEMO_DAY)
    yield board
    board.close()


def test_the_current_quarter_is_todays(ok: Cli, demo: Board) -> None:
    today = date.today()
    label = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    out = ok("report", "--quarter", "current").stdout
    assert out.startswith(f"# growth-team — {label} update\n")
    assert out == ok("report", "--quarter", label).stdout


def test_the_quarters_update_on_the_demo_board(ok: Cli, q4_demo: Board) -> None:
    demo = q4_demo
    out = ok("report", "--quarter", "2026-Q4").stdout
    assert out.startswith("# growth-team — 2026-Q4 update\n\n2026-10-01 – 2026-12-31")
    data = json.loads(ok("report", "--quarter", "2026-q4", "--format", "json").stdout)
    assert data["quarter"] == {"name": "2026-Q4", "first": "2026-10-01", "last": "2026-12-31"}

    titles = [g["title"] for g in data["goals"]]
    assert titles == [g.title for g in demo.goals.all()]  # the North Star and this quarter's goals
    checkins = [c for g in demo.goals.all() for kr in g.key_results for c in kr.checkins]
    assert data["checkins"] == len(checkins) == 30
    for checkin in (c for c in checkins if c.note):
        assert escape(checkin.note or "") in out
    assert "| weekly active teams | 1240 | 1385 | 2000 | 19% | at risk | ▁▂▄▆▇█ |" in out
    assert "### G2 Lift trial activation (2026-Q4) — 44%" in out

    done = [i for i in demo.items.all() if i.status is Status.DONE]
    shipped = [i["key"] for group in data["shipped"] for i in group["items"]]
    assert sorted(shipped) == sorted(i.key for i in done)
    assert data["points"] == sum(i.estimate or 0 for i in done) == 60
    assert [g["sprint"] for g in data["shipped"]] == ["Sprint 12", "Sprint 13", "Sprint 14"]
    by_sprint = {s.id: s.name for s in demo.sprints.all()}
    for group in data["shipped"]:
        mine = [i for i in done if by_sprint[i.sprint_id] == group["sprint"]]
        assert group["points"] == sum(i.estimate or 0 for i in mine)
        assert f"### {group['sprint']} ({group['points']} points)" in out
    decided = [i for group in data["shipped"] for i in group["items"] if "experiment" in i]
    assert [i["experiment"]["result"] for i in decided] == ["ship", "ship"]
    assert "· experiment: **ship** (signups +11.4%, SQL rate flat (19.1% vs 19.4%))" in out

    for horizon in ("now", "next", "later"):
        open_items = [
            i.key
            for i in demo.items.all()
            if i.horizon.value == horizon and i.status not in (Status.DONE, Status.DROPPED)
        ]
        assert [i["key"] for i in data["roadmap"][horizon]] == open_items
        assert f"### {horizon.title()} ({len(open_items)} items)" in out


def test_a_past_quarter_has_its_own_figures(ok: Cli, q4_demo: Board) -> None:
    data = json.loads(ok("report", "--quarter", "2026-Q3", "--format", "json").stdout)
    assert [g["title"] for g in data["goals"]] == ["Weekly active teams"]
    north = data["goals"][0]["key_results"][0]
    assert (north["start"], north["end"], north["checkins"]) == (1240, 1240, [])
    assert (data["shipped"], data["points"]) == ([], 0)
    out = ok("report", "--quarter", "2026-Q3").stdout
    assert "Nothing reached done in this quarter." in out
    assert "No check-ins this quarter." in out


def test_a_goal_with_no_quarter_is_in_each_quarter_from_when_it_was_set(ok: Cli, db: Path) -> None:
    """`goal add` without --quarter sets an ongoing goal: this quarter's update shows
    it; a quarter that ended before it was set does not."""
    ok("goal", "add", "Lift trial activation", "--kr", "activation rate %:20:30")
    ok("goal", "checkin", "G1", "activation rate %", "24", "--confidence", "at risk")
    today = date.today()
    this = json.loads(ok("report", "--quarter", "current", "--format", "json").stdout)
    assert [g["title"] for g in this["goals"]] == ["Lift trial activation"]
    earlier = json.loads(
        ok("report", "--quarter", f"{today.year - 1}-Q1", "--format", "json").stdout
    )
    assert earlier["goals"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--quarter", "2026-Q5"),
            "poboard: quarter '2026-Q5' should read like 2026-Q4, or current",
        ),
        (
            ("--quarter", "current", "--sprint", "Sprint 13"),
            "poboard: choose --sprint or --quarter, not both",
        ),
    ],
)
def test_a_bad_quarter_is_one_line(
    ok: Cli, demo: Board, db: Path, args: tuple[str, ...], message: str
) -> None:
    proc = run_poboard("report", *args, db=db)
    assert proc.returncode == 2
    assert assert_clean_refusal(proc) == message
    assert proc.stdout == ""
