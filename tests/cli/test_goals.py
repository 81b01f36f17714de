"""`poboard goal checkin`, `goal show`, `goal list`, `--kr` on items, `--result` on
experiments, and `sprint close --goal-met`: what they print, and one clear line when
refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from .conftest import Cli
from .helpers import READY, assert_clean_refusal, one_line, run_poboard

TODAY = date.today().isoformat()


@pytest.fixture
def goals(ok: Cli) -> Cli:
    ok("goal", "add", "Lift trial activation", "--quarter", "2026-Q4",
       "--kr", "trial to activation %:31:40", "--kr", "median days to first board:6:3")  # fmt: skip
    ok("goal", "add", "Grow qualified pipeline", "--kr", "MQL to SQL %:18:25")
    return ok


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("on track", "on track"),
        ("on-track", "on track"),
        ("at risk", "at risk"),
        ("at-risk", "at risk"),
        ("off track", "off track"),
        ("Off-Track", "off track"),
    ],
)
def test_checkin_takes_each_confidence_as_typed(goals: Cli, given: str, stored: str) -> None:
    out = goals("goal", "checkin", "G1", "trial to activation %", "32.5", "--confidence", given)
    assert one_line(out.stdout) == (
        f"KR1 trial to activation %: 32.5 on {TODAY} · {stored} (17% of the way to 40) ▁█"
    )
    shown = json.loads(goals("goal", "show", "1", "--json").stdout)
    assert shown["key_results"][0]["confidence"] == stored


def test_checkin_by_title_with_a_note_and_a_day(goals: Cli) -> None:
    out = goals("goal", "checkin", "Lift trial activation", "median days to first board", "5.5",
                "--note", "[bold]mobile[/] double-counted", "--day", "2026-01-05",
                "--json").stdout  # fmt: skip
    data = json.loads(out)
    assert {k: data[k] for k in ("key_result", "day", "value", "confidence", "note", "by")} == {
        "key_result": 2,
        "day": "2026-01-05",
        "value": 5.5,
        "confidence": None,
        "note": "[bold]mobile[/] double-counted",
        "by": "tester",
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("G1", "activation", "33"),
            1,
            "poboard: G1 \"Lift trial activation\" has no key result 'activation'; its key "
            "results: trial to activation %; median days to first board",
        ),
        (
            ("G7", "activation", "33"),
            1,
            "poboard: no goal 'G7' (name it by id, e.g. G2, or exact title); goals: "
            "G1 Lift trial activation; G2 Grow qualified pipeline",
        ),
        (
            ("G1", "kr1", "thirty"),
            2,
            "poboard: value 'thirty' should be a number, e.g. 34.8",
        ),
        (
            ("G1", "kr1", "33", "--confidence", "likely"),
            2,
            'poboard: confidence \'likely\' should be one of "on track", "at risk", "off track"',
        ),
    ],
)
def test_a_bad_checkin_is_one_line_and_an_exit_code(
    goals: Cli, db: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = goals("goal", "show", "G1", "--json").stdout
    proc = run_poboard("goal", "checkin", *args, db=db)
    assert proc.returncode == code
    assert assert_clean_refusal(proc) == message
    assert goals("goal", "show", "G1", "--json").stdout == before


def test_a_bad_metric_with_json_names_its_code(goals: Cli, cli: Cli) -> None:
    result = cli("--json", "goal", "checkin", "G2", "pipeline", "1")
    assert result.exit_code == 1
    error = json.loads(one_line(result.stderr))
    assert (error["error"], error["message"]) == (
        "not_found",
        "G2 \"Grow qualified pipeline\" has no key result 'pipeline'; its key results: "
        "MQL to SQL %",
    )


def test_goal_show_lists_check_ins_with_the_trend(goals: Cli) -> None:
    for value, confidence, note in (("32", "on track", "email 2 live"), ("33.5", "at-risk", None),
                                    ("35", None, None)):  # fmt: skip
        args = ["goal", "checkin", "G1", "trial to activation %", value]
        args += ["--confidence", confidence] if confidence else []
        args += ["--note", note] if note else []
        goals(*args)
    out = goals("goal", "show", "Lift trial activation").stdout
    assert out.splitlines() == [
        "G1 Lift trial activation (2026-Q4) — 22%",
        "",
        "  KR1 trial to activation %",
        "    31 → 35 → 40 (baseline → current → target) · 44%",  # 35 stated no confidence
        "    trend ▁▃▅█  (baseline, then each check-in)",
        f"    #1   {TODAY}          32  on track   tester  email 2 live",
        f"    #2   {TODAY}        33.5  at risk    tester",
        f"    #3   {TODAY}          35  —          tester",
        "",
        "  KR2 median days to first board",
        "    6 → 6 → 3 (baseline → current → target) · 0%",
        '    no check-ins yet: poboard goal checkin G1 "median days to first board" VALUE',
    ]
    data = json.loads(goals("goal", "show", "G1", "--json").stdout)
    assert (data["key"], data["title"], data["quarter"], data["progress"]) == (
        "G1",
        "Lift trial activation",
        "2026-Q4",
        0.222,
    )
    first = data["key_results"][0]
    assert {k: first[k] for k in ("key", "baseline", "current", "target", "sparkline")} == {
        "key": "KR1",
        "baseline": 31.0,
        "current": 35.0,
        "target": 40.0,
        "sparkline": "▁▃▅█",
    }
    assert [(c["value"], c["confidence"], c["note"]) for c in first["checkins"]] == [
        (32.0, "on track", "email 2 live"),
        (33.5, "at risk", None),
        (35.0, None, None),
    ]
    assert first["confidence"] is None  # the latest check-in's: it stated none
    assert data["key_results"][1]["checkins"] == []


def test_goal_list_shows_the_latest_confidence(goals: Cli) -> None:
    goals("goal", "checkin", "G2", "MQL to SQL %", "18.6", "--confidence", "off-track")
    assert goals("goal", "list").stdout.splitlines() == [
        "G1 Lift trial activation (2026-Q4) — 0%",
        "    KR1 trial to activation %: 31 → 31 (target 40)",
        "    KR2 median days to first board: 6 → 6 (target 3)",
        "G2 Grow qualified pipeline — 9%",
        "    KR3 MQL to SQL %: 18 → 18.6 (target 25) · off track",
    ]


def test_goal_show_of_an_unknown_goal_is_one_line(cli: Cli) -> None:
    result = cli("goal", "show", "Brand")
    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        "poboard: no goal 'Brand' (name it by id, e.g. G2, or exact title); "
        "add one with: poboard goal add"
    )


# ----- items serve a key result ------------------------------------------------------------


def test_kr_links_an_item_and_its_goal_follows(goals: Cli) -> None:
    goals("add", "Onboarding email v2", "--kr", "KR2")
    shown = json.loads(goals("show", "1", "--json").stdout)
    assert (shown["goal"], shown["key_result"], shown["key_result_metric"]) == (
        1,
        2,
        "median days to first board",
    )
    assert "  serves    KR2 median days to first board" in goals("show", "1").stdout.splitlines()
    goals("edit", "1", "--kr", "3")
    assert json.loads(goals("show", "1", "--json").stdout)["goal"] == 2
    goals("edit", "1", "--kr", "none")
    shown = json.loads(goals("show", "1", "--json").stdout)
    assert (shown["goal"], shown["key_result"]) == (2, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--goal", "2", "--kr", "1"),
            "poboard: key result KR1 (trial to activation %) belongs to G1, not G2: choose a "
            "key result of G2, or none",
        ),
        (("--kr", "9"), "poboard: key result 9 does not exist"),
        (
            ("--kr", "pipeline"),
            "poboard: --kr 'pipeline' should be a key result id like 3 or KR3, or none",
        ),
    ],
)
def test_a_bad_kr_is_one_line(goals: Cli, cli: Cli, args: tuple[str, ...], message: str) -> None:
    result = cli("add", "Onboarding email v2", *args)
    assert result.exit_code == 2
    assert one_line(result.stderr) == message
    assert json.loads(goals("list", "--json").stdout) == []


# ----- experiments -------------------------------------------------------------------------

EXPERIMENT = (
    "--kind", "experiment",
    "--hypothesis", "A founder note gets more trials to a first board",
    "--success-metric", "board created within 3 days",
    "--guardrail-metric", "unsubscribes",
    "--decision-rule", "ship if activation lifts 5% with no rise in support tickets",
)  # fmt: skip


def test_show_gives_an_experiments_design_and_decision(ok: Cli) -> None:
    ok("add", "Founder note vs tour", *EXPERIMENT)
    lines = ok("show", "1").stdout.splitlines()
    design = lines[lines.index("  experiment:") : lines.index("  experiment:") + 6]
    assert design == [
        "  experiment:",
        "   hypothesis      A founder note gets more trials to a first board",
        "   success metric  board created within 3 days",
        "   guardrail       unsubscribes",
        "   decision rule   ship if activation lifts 5% with no rise in support tickets",
        "   result          — not decided yet (ship, iterate or kill)",
    ]
    ok("edit", "1", "--result", "kill", "--result-note", "activation flat, unsubscribes up")
    assert "   result          kill: activation flat, unsubscribes up" in ok("show", "1").stdout
    assert json.loads(ok("show", "1", "--json").stdout)["experiment"] == {
        "hypothesis": "A founder note gets more trials to a first board",
        "success_metric": "board created within 3 days",
        "guardrail_metric": "unsubscribes",
        "decision_rule": "ship if activation lifts 5% with no rise in support tickets",
        "result": "kill",
        "result_note": "activation flat, unsubscribes up",
    }
    ok("add", "Webinar", "--kind", "campaign")
    assert json.loads(ok("show", "2", "--json").stdout)["experiment"] is None
    assert "experiment:" not in ok("show", "2").stdout


def test_a_bad_result_is_one_line(ok: Cli, cli: Cli) -> None:
    ok("add", "Founder note vs tour", *EXPERIMENT)
    result = cli("edit", "1", "--result", "maybe")
    assert result.exit_code == 2
    assert one_line(result.stderr) == (
        "poboard: result should be ship, iterate or kill, not 'maybe'"
    )


def test_an_undecided_experiment_is_refused_done_with_its_code(ok: Cli, cli: Cli) -> None:
    ok("add", "Founder note vs tour", *EXPERIMENT, *READY, "--ac", "Both variants live")
    ok("sprint", "new", "S1", "--goal", "Activation", "--start", "2026-01-05", "--end",
       "2026-01-16", "--capacity", "10")  # fmt: skip
    ok("sprint", "commit", "1")
    ok("sprint", "start", "S1")
    ok("check", "1", "1")
    result = cli("--json", "move", "1", "done")
    assert result.exit_code == 1
    error = json.loads(one_line(result.stderr))
    assert error["error"] == "experiment_undecided"
    assert error["message"] == (
        "#1 can't move to done: the experiment is undecided: record its result: ship, "
        "iterate or kill, with a note"
    )
    ok("edit", "1", "--result", "ship", "--result-note", "activation +6%, tickets flat")
    assert ok("move", "1", "done").stdout.strip() == "#1 → done"


def test_the_markdown_export_shows_experiments(ok: Cli) -> None:
    ok("add", "Founder note vs tour", *EXPERIMENT)
    ok("edit", "1", "--result", "iterate", "--result-note", "*promising*: +3%")
    out = ok("export", "--format", "md").stdout
    assert (
        "  - Hypothesis: A founder note gets more trials to a first board\n"
        "  - Success metric: board created within 3 days\n"
        "  - Guardrail metric: unsubscribes\n"
        "  - Decision rule: ship if activation lifts 5% with no rise in support tickets\n"
        "  - **Result: iterate** — \\*promising\\*: +3%\n"
    ) in out


def test_the_markdown_export_shows_confidence_and_trend(goals: Cli) -> None:
    goals("goal", "checkin", "G1", "kr1", "33", "--confidence", "at risk")
    goals("goal", "checkin", "G1", "kr1", "36")
    out = goals("export", "--format", "md").stdout
    assert "  - trial to activation %: 31 → 36 (target 40) · ▁▄█" in out  # 36: no confidence


# ----- the sprint goal at a close ----------------------------------------------------------


def _one_sprint(ok: Cli) -> None:
    ok("sprint", "new", "S1", "--goal", "Ship the onboarding emails", "--start", "2026-01-05",
       "--end", "2026-01-16", "--capacity", "10")  # fmt: skip
    ok("sprint", "start", "S1")


def test_sprint_close_records_the_goal_met(ok: Cli) -> None:
    _one_sprint(ok)
    out = ok("sprint", "close", "--goal-met", "partly", "--goal-note", "4 of 5 emails live")
    assert one_line(out.stdout) == (
        "S1 closed: velocity 0; goal met: partly; carried to backlog: none"
    )
    assert "velocity 0 · goal met: partly" in ok("sprint", "list").stdout
    sprint = json.loads(ok("export", "--format", "json").stdout)["sprints"][0]
    assert (sprint["goal_met"], sprint["goal_note"]) == ("partly", "4 of 5 emails live")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--goal-met", "mostly"), "poboard: goal met 'mostly' should be one of yes, partly, no"),
        (
            ("--goal-note", "close enough"),
            "poboard: a note on the sprint goal goes with whether it was met: yes, partly or no",
        ),
    ],
)
def test_a_bad_goal_met_is_one_line_and_the_sprint_stays_open(
    ok: Cli, cli: Cli, args: tuple[str, ...], message: str
) -> None:
    _one_sprint(ok)
    result = cli("sprint", "close", *args)
    assert result.exit_code == 2
    assert one_line(result.stderr) == message
    assert "▶ S1" in ok("sprint", "list").stdout


def test_a_negative_value_is_a_value(ok: Cli) -> None:
    ok("goal", "add", "Loyalty", "--kr", "NPS:-20:30")
    out = ok("goal", "checkin", "G1", "NPS", "-12", "--confidence", "at risk").stdout
    assert one_line(out) == f"KR1 NPS: -12 on {TODAY} · at risk (16% of the way to 30) ▁█"
