"""Goals and key results corrected from the command line: `goal edit`, `goal archive`
(and `goal list --archived`), `goal kr-edit`, `goal checkin-edit`, `goal checkin-delete`;
what they print, what the board then holds and what the events log keeps, and one clear
line when refused. A quarter is written 2026-Q1, and only so."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from .conftest import Cli
from .helpers import assert_clean_refusal, one_line, run_poboard

TODAY = date.today().isoformat()
KR = "trial to activation %"


@pytest.fixture
def goals(ok: Cli) -> Cli:
    """G1 (KR1, KR2) with two check-ins on KR1 today, the second a typo (-5); G2 (KR3)."""
    ok("goal", "add", "Lift trial activation", "--quarter", "2026-Q4",
       "--kr", f"{KR}:31:40", "--kr", "median days to first board:6:3")  # fmt: skip
    ok("goal", "add", "Grow qualified pipeline", "--kr", "MQL to SQL %:18:25")
    ok("goal", "checkin", "G1", KR, "32", "--confidence", "on track", "--note", "email 2 live")
    ok("goal", "checkin", "G1", KR, "-5")
    return ok


def shown(ok: Cli, goal: str = "G1") -> dict[str, object]:
    return dict(json.loads(ok("goal", "show", goal, "--json").stdout))


def logged(db: Path, action: str) -> list[tuple[str, str | None, str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT field, old, new, note FROM events WHERE action = ? ORDER BY id", [action]
        )
        return [tuple(row) for row in rows]


def test_a_typo_check_in_is_corrected_and_the_log_keeps_what_it_was(goals: Cli, db: Path) -> None:
    out = goals(
        "goal", "checkin-edit", "G1", KR, "#2", "--value", "32.4", "--confidence", "at risk"
    )
    assert one_line(out.stdout) == f"corrected: #2   {TODAY}        32.4  at risk    tester"
    kr = shown(goals)["key_results"][0]  # type: ignore[index]
    assert (kr["current"], kr["confidence"]) == (32.4, "at risk")
    assert [(c["id"], c["value"]) for c in kr["checkins"]] == [(1, 32.0), (2, 32.4)]
    assert logged(db, "check-in") == [
        (KR, f"{TODAY} -5 · no confidence", f"{TODAY} 32.4 · at risk", "corrected")
    ]
    assert "-5" not in goals("goal", "show", "G1").stdout


def test_a_check_in_is_named_by_its_day_when_it_is_the_only_one(goals: Cli) -> None:
    goals("goal", "checkin", "G2", "MQL to SQL %", "19")
    goals("goal", "checkin-edit", "G2", "KR3", TODAY, "--note", "from the CRM")
    checkin = shown(goals, "G2")["key_results"][0]["checkins"][0]  # type: ignore[index]
    assert (checkin["value"], checkin["note"]) == (19.0, "from the CRM")
    goals("goal", "checkin-edit", "G2", "KR3", TODAY, "--note", "")
    checkin = shown(goals, "G2")["key_results"][0]["checkins"][0]  # type: ignore[index]
    assert checkin["note"] is None


def test_a_deleted_check_in_leaves_the_history_and_the_current_value(goals: Cli, db: Path) -> None:
    out = goals("goal", "checkin-delete", "G1", KR, "2")
    assert one_line(out.stdout) == f"deleted: #2   {TODAY}          -5  —          tester"
    kr = shown(goals)["key_results"][0]  # type: ignore[index]
    assert (kr["current"], [c["value"] for c in kr["checkins"]]) == (32.0, [32.0])
    assert logged(db, "check-in") == [(KR, f"{TODAY} -5 · no confidence", None, "deleted")]
    goals("goal", "checkin-delete", "G1", KR, "1")
    kr = shown(goals)["key_results"][0]  # type: ignore[index]
    assert (kr["current"], kr["checkins"]) == (31.0, [])  # back to the baseline


@pytest.mark.parametrize(
    ("which", "said"),
    [
        (TODAY, f"KR1 has 2 check-ins on {TODAY}: name one by id (#1, #2)"),
        (
            "2020-01-01",
            f"KR1 {KR} has no check-in on 2020-01-01; its check-ins: #1 {TODAY} 32, #2 {TODAY} -5",
        ),
        ("#9", f"KR1 {KR} has no check-in #9; its check-ins: #1 {TODAY} 32, #2 {TODAY} -5"),
        ("yesterday", "check-in 'yesterday' should be a day (YYYY-MM-DD) or an id such as #12"),
    ],
)
def test_a_check_in_that_cannot_be_named_is_refused_in_one_line(
    goals: Cli, cli: Cli, which: str, said: str
) -> None:
    before = shown(goals)
    for args in (["checkin-edit", "G1", KR, which, "--value", "1"],
                 ["checkin-delete", "G1", KR, which]):  # fmt: skip
        result = cli("goal", *args)
        assert result.exit_code != 0
        assert one_line(result.stderr) == f"poboard: {said}"
    assert shown(goals) == before


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["edit", "G1"], "say what to change: --title, --quarter or --north-star"),
        (["kr-edit", "G1", KR], "say what to change: --metric, --baseline or --target"),
        (["checkin-edit", "G1", KR, "1"], "say what to change: --value, --confidence or --note"),
        (
            ["checkin-edit", "G1", KR, "1", "--value", "many"],
            "value 'many' should be a number, e.g. 34.8",
        ),
        (
            ["checkin-edit", "G1", KR, "1", "--confidence", "sure"],
            'confidence \'sure\' should be one of "on track", "at risk", "off track"',
        ),
        (["kr-edit", "G1", KR, "--baseline", "x"], "baseline 'x' should be a number, e.g. 34.8"),
        (
            ["kr-edit", "G1", "churn", "--baseline", "1"],
            "G1 \"Lift trial activation\" has no key result 'churn'; "
            "its key results: trial to activation %; median days to first board",
        ),
        (
            ["edit", "G1", "--quarter", "2026"],
            "quarter '2026' should read like 2026-Q1: the year, a dash, Q and 1 to 4",
        ),
        (["edit", "G1", "--title", " "], "title: a goal needs a title"),
        (
            ["archive", "G9"],
            "no goal 'G9' (name it by id, e.g. G2, or exact title); "
            "goals: G1 Lift trial activation; G2 Grow qualified pipeline",
        ),
    ],
)
def test_a_wrong_correction_is_one_line_and_changes_nothing(
    goals: Cli, cli: Cli, args: list[str], said: str
) -> None:
    before = (shown(goals), shown(goals, "G2"))
    result = cli("goal", *args)
    assert result.exit_code != 0
    assert one_line(result.stderr) == f"poboard: {said}"
    assert (shown(goals), shown(goals, "G2")) == before


@pytest.mark.parametrize("quarter", ["2026", "Q1", "2026 Q1", "Q1 2026", "2026-Q5"])
def test_a_quarter_is_written_2026_q1_and_only_so(cli: Cli, quarter: str) -> None:
    result = cli("goal", "add", "Lift activation", "--quarter", quarter)
    assert result.exit_code != 0
    assert one_line(result.stderr) == (
        f"poboard: quarter '{quarter}' should read like 2026-Q1: the year, a dash, Q and 1 to 4"
    )
    assert cli("goal", "list").stdout == "no goals yet; add one with: poboard goal add\n"
    report = cli("report", "--quarter", quarter)
    assert report.exit_code != 0
    assert "should read like 2026-Q4, or current" in one_line(report.stderr)


def test_a_goal_is_edited_and_one_north_star_stays(goals: Cli, db: Path) -> None:
    goals("goal", "edit", "G2", "--north-star")
    out = goals("goal", "edit", "Lift trial activation", "--title", "Lift activation",
                "--quarter", "2027-q1", "--north-star")  # fmt: skip
    assert one_line(out.stdout) == "G1 ★ Lift activation (2027-Q1) — 0%"
    assert goals("goal", "list").stdout.splitlines()[0::3] == [
        "G1 ★ Lift activation (2027-Q1) — 0%",
        "G2 Grow qualified pipeline — 0%",
    ]
    goals("goal", "edit", "G1", "--quarter", "", "--no-north-star")
    assert shown(goals)["quarter"] is None and shown(goals)["north_star"] is False
    assert logged(db, "goal")[2:] == [
        ("north star", "no", "yes", None),
        ("title", "Lift trial activation", "Lift activation", None),
        ("quarter", "2026-Q4", "2027-Q1", None),
        ("north star", "no", "yes", None),
        ("quarter", "2027-Q1", None, None),
        ("north star", "yes", "no", None),
    ]


def test_a_key_result_is_renamed_and_rebaselined(goals: Cli, db: Path) -> None:
    out = goals("goal", "kr-edit", "G1", "KR2", "--metric", "days to first board",
                "--baseline", "7", "--target", "2.5")  # fmt: skip
    assert one_line(out.stdout) == "KR2 days to first board: 7 → 7 (target 2.5)"
    goals("goal", "kr-edit", "G1", KR, "--baseline", "30")  # its check-ins stay
    first, second = shown(goals)["key_results"]  # type: ignore[misc]
    assert (first["baseline"], first["current"], len(first["checkins"])) == (30.0, -5.0, 2)
    assert (second["metric"], second["baseline"], second["current"], second["target"]) == (
        "days to first board",
        7.0,
        7.0,
        2.5,
    )
    goals("goal", "checkin", "G1", "days to first board", "6")  # the new name checks in
    assert logged(db, "key-result-edit") == [
        ("metric", "median days to first board", "days to first board", None),
        ("baseline", "6.0", "7.0", None),
        ("target", "3.0", "2.5", None),
        ("baseline", "31.0", "30.0", None),
    ]


def test_an_archived_goal_leaves_the_lists_and_keeps_its_history(goals: Cli, db: Path) -> None:
    out = goals("goal", "archive", "G1")
    assert (
        one_line(out.stdout) == "G1 Lift trial activation: archived (goal list --archived shows it)"
    )
    assert [line for line in goals("goal", "list").stdout.splitlines() if line[0] == "G"] == [
        "G2 Grow qualified pipeline — 0%"
    ]
    assert goals("goal", "list", "--archived").stdout.splitlines()[0] == (
        "G1 Lift trial activation (2026-Q4) — 0%"
    )
    assert goals("goal", "show", "G1").stdout.splitlines()[1].startswith("  archived ")
    assert len(shown(goals)["key_results"][0]["checkins"]) == 2  # type: ignore[index]
    report = json.loads(goals("report", "--quarter", "2026-Q4", "--format", "json").stdout)
    titles = [g["title"] for g in report["goals"]]
    assert "Lift trial activation" not in titles
    exported = json.loads(goals("export", "--format", "json").stdout)
    assert [g["title"] for g in exported["goals"]] == [
        "Lift trial activation", "Grow qualified pipeline"
    ]  # fmt: skip
    goals("goal", "archive", "G1", "--restore")
    assert goals("goal", "list", "--archived").stdout == "no archived goals\n"
    assert logged(db, "goal")[2:] == [("archived", "live", "archived", None),
                                      ("archived", "archived", "live", None)]  # fmt: skip


def test_the_real_script_refuses_a_bad_check_in_correction_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    run_poboard("goal", "add", "Lift", "--kr", "a:1:2", db=db)
    line = assert_clean_refusal(run_poboard("goal", "checkin-delete", "G1", "a", "#1", db=db))
    assert line == "poboard: KR1 a has no check-in #1; its check-ins: none yet"
