"""Rules that must hold on the command line (issue 23, items 9, 10 and 12): an experiment
is ready with its design and accepted with its decision and a note; blockers form no
cycle and can be removed; each kind has its own Definition of Ready, set with `config`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from poboard.board import Board
from poboard.domain.readiness import ReadyField

from .conftest import Cli
from .helpers import READY, one_line

DESIGN = (
    "--hypothesis", "A shorter form lifts signups",
    "--success-metric", "signup rate",
    "--guardrail-metric", "SQL rate",
    "--decision-rule", "ship if signups +5% and SQL rate flat",
)  # fmt: skip


def shown(ok: Cli, key: str | int) -> dict[str, Any]:
    return json.loads(ok("show", str(key), "--json").stdout)


def stored(db: Path, key: int) -> Any:
    board = Board.open(db, "check")
    try:
        return board.items.get(key)
    finally:
        board.close()


def running(ok: Cli) -> None:
    ok("sprint", "new", "S1", "--goal", "Ship", "--start", "2026-03-02", "--end", "2026-03-13",
       "--capacity", "20")  # fmt: skip
    ok("sprint", "start", "S1")


# ----- experiments ---------------------------------------------------------------------------


def test_an_experiment_without_its_design_is_not_ready_and_cannot_be_committed(
    ok: Cli, cli: Cli, add: Callable[..., int], db: Path
) -> None:
    key = add("Exit survey test", "--kind", "experiment", *READY, "--ac", "Ran two weeks")
    item = shown(ok, key)
    assert (item["ready"], item["missing"]) == (
        False,
        ["hypothesis", "success metric", "guardrail metric", "decision rule"],
    )
    assert "ready ✗ missing hypothesis, success metric" in ok("show", str(key)).stdout
    running(ok)
    refused = cli("sprint", "commit", str(key))
    assert refused.exit_code == 1
    assert one_line(refused.stderr) == (
        f"poboard: #{key} is not ready: missing hypothesis, success metric, guardrail metric, "
        "decision rule"
    )
    assert stored(db, key).sprint_id is None
    ok("edit", str(key), *DESIGN)
    assert shown(ok, key)["ready"] is True
    ok("sprint", "commit", str(key))
    assert stored(db, key).sprint_id is not None


def test_a_decision_without_a_note_does_not_reach_done(
    ok: Cli, cli: Cli, add: Callable[..., int], db: Path
) -> None:
    key = add("Exit survey test", "--kind", "experiment", *READY, *DESIGN, "--ac", "Ran")
    running(ok)
    ok("sprint", "commit", str(key))
    for n in range(1, len(stored(db, key).criteria) + 1):
        ok("check", str(key), str(n))
    ok("edit", str(key), "--result", "kill")
    refused = cli("move", str(key), "done", "--json")
    assert refused.exit_code == 1
    error = json.loads(refused.stderr)
    assert error["error"] == "experiment_undecided"
    assert error["message"] == (
        f"#{key} can't move to done: the experiment's decision (kill) has no note: record "
        "what was learned with it"
    )
    ok("edit", str(key), "--result-note", "   ")  # blank is no note
    assert cli("move", str(key), "done").exit_code == 1
    assert stored(db, key).status.value == "todo"
    ok("edit", str(key), "--result-note", "no lift in replies; the form was not the problem")
    ok("move", str(key), "done")
    done = stored(db, key)
    assert (done.status.value, done.result.value if done.result else None) == ("done", "kill")
    assert done.result_note == "no lift in replies; the form was not the problem"


# ----- blockers --------------------------------------------------------------------------------


def test_a_blocker_that_closes_a_ring_is_refused_with_the_ring_named(
    ok: Cli, cli: Cli, add: Callable[..., int], db: Path
) -> None:
    a, b, c = (add(title) for title in ("Pricing page", "Pricing copy", "Pricing data"))
    ok("edit", str(a), "--blocked-by", str(b))
    two = cli("edit", str(b), "--blocked-by", str(a))
    assert two.exit_code == 1
    assert one_line(two.stderr) == (
        f"poboard: #{b} cannot be blocked by #{a}: the blockers would form a cycle "
        f"(#{b} → #{a} → #{b}, each blocked by the next)"
    )
    ok("edit", str(b), "--blocked-by", str(c))
    three = cli("edit", str(c), "--blocked-by", str(a), "--json")
    assert json.loads(three.stderr)["error"] == "blocker_cycle"
    assert f"(#{c} → #{a} → #{b} → #{c}," in json.loads(three.stderr)["message"]
    assert (stored(db, b).blocked_by, stored(db, c).blocked_by) == ([c], [])


def test_unblock_removes_one_blocker_and_none_removes_them_all(
    ok: Cli, cli: Cli, add: Callable[..., int], db: Path
) -> None:
    a, b, c = (add(title) for title in ("Webinar", "Webinar deck", "Webinar page"))
    ok("edit", str(a), "--blocked-by", str(b), "--blocked-by", str(c))
    assert ok("edit", str(a), "--unblock", f"#{b}").stdout.strip() == f"#{a} updated (version 3)"
    assert stored(db, a).blocked_by == [c]
    not_there = cli("edit", str(a), "--unblock", str(b))
    assert one_line(not_there.stderr) == f"poboard: #{a} is not blocked by #{b}"
    ok("edit", str(a), "--blocked-by", str(b), "--blocked-by", str(c))
    ok("edit", str(a), "--blocked-by", "none")
    assert stored(db, a).blocked_by == []
    assert "blocked by" not in ok("show", str(a)).stdout
    both = cli("edit", str(a), "--blocked-by", "none", "--blocked-by", str(b))
    assert (
        one_line(both.stderr) == "poboard: --blocked-by none removes every blocker: give it alone"
    )
    history = ok("history", str(a)).stdout
    assert f"blocked_by: {b}, {c} → —" in history


# ----- a Definition of Ready per kind ----------------------------------------------------------


def test_bugs_need_owner_estimate_and_a_criterion_by_default(
    ok: Cli, add: Callable[..., int]
) -> None:
    bug = add("Fix broken UTM", "--kind", "bug", "--owner", "raj", "--estimate", "1")
    assert shown(ok, bug)["missing"] == ["acceptance criteria"]
    ok("edit", str(bug), "--ac", "UTM kept on redirect")
    assert shown(ok, bug)["ready"] is True
    running(ok)
    assert ok("sprint", "commit", str(bug)).exit_code == 0


def test_config_sets_a_kinds_rule_and_the_marks_and_gate_follow(
    ok: Cli, cli: Cli, add: Callable[..., int], db: Path
) -> None:
    bug = add("Fix broken UTM", "--kind", "bug", "--owner", "raj", "--estimate", "1", "--ac", "Ok")
    story = add("Pricing page", *READY, "--ac", "Live")
    assert "ready.bug = owner,estimate,criteria" in ok("config", "show").stdout
    ok("config", "set", "ready.bug", "full")
    rows = {row["key"]: row for row in json.loads(ok("list", "--json").stdout)}
    assert rows[f"#{bug}"]["missing"] == ["audience", "promise", "proof", "metric"]
    assert rows[f"#{story}"]["ready"] is True  # another kind: unchanged
    listed = ok("list").stdout
    assert next(line for line in listed.splitlines() if f"#{bug} " in line).count("✗") == 1
    running(ok)
    refused = cli("sprint", "commit", str(bug))
    assert one_line(refused.stderr).endswith("missing audience, promise, proof, metric")
    ok("config", "set", "ready.bug", "owner, Acceptance criteria")
    assert shown(ok, bug)["ready"] is True
    ok("sprint", "commit", str(bug))
    assert ok("config", "show").stdout.count("ready.bug = owner,criteria") == 1
    board = Board.open(db, "check")
    try:
        assert board.settings().ready["bug"] == [ReadyField.OWNER, ReadyField.CRITERIA]
        assert [e.field for e in board.events() if e.action == "config"][-1] == "ready.bug"
    finally:
        board.close()


def test_a_bad_rule_is_one_line_and_changes_nothing(ok: Cli, cli: Cli) -> None:
    for value, said in (
        ("owner,hypothesis", "'hypothesis' is not a field it can ask for (an experiment's only)"),
        ("owner,colour", "'colour' is not a field it can ask for;"),
        ("", "ready.story takes fields like owner,estimate,criteria, or none"),
    ):
        result = cli("config", "set", "ready.story", value)
        assert result.exit_code == 2  # a bad value, as for every setting
        assert said in one_line(result.stderr)
    ok("config", "set", "ready.chore", "none")
    assert "ready.chore = none" in ok("config", "show").stdout
    assert "ready.story = owner,audience,promise,proof,metric,estimate,criteria" in (
        ok("config", "show").stdout
    )


def test_only_product_owners_change_the_definition_of_ready(ok: Cli, cli: Cli) -> None:
    ok("config", "set", "product_owners", "ana", user="ana")
    refused = cli("config", "set", "ready.bug", "owner", user="raj")
    assert one_line(refused.stderr) == "poboard: only the product owners (ana) may change ready.bug"
    ok("config", "set", "ready.bug", "owner", user="ana")
