"""The issue's command block: each write that used to slip past a gate is refused with
exit 1 and a line that says what to do, and nothing changes. With --json the refusal is
an object on stderr carrying a stable code."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from poboard.board import Board

from .conftest import Cli
from .helpers import READY, assert_clean_refusal, one_line, poboard_script, run_poboard
from .test_refusals import SPRINT_ARGS, refused

Snapshot = Callable[..., dict[str, Any]]


def accepted_board(ok: Cli, add: Callable[..., int]) -> None:
    """#1 a bare item; #2 accepted by the product owner mia in a running sprint."""
    add("bare item")
    add("Launch email", *READY, "--ac", "Copy approved")
    ok(*SPRINT_ARGS)
    ok("sprint", "commit", "2")
    ok("sprint", "start", "S1")
    ok("config", "set", "product_owners", "mia")
    ok("check", "2", "1", user="ben")
    ok("move", "2", "review", user="ben")
    ok("accept", "2", user="mia")


def test_an_unready_item_cannot_slip_into_doing(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    accepted_board(ok, add)
    before = snapshot()
    line = refused(cli, "move", "1", "doing")
    assert line.startswith("poboard: #1 is not ready: missing owner, audience")
    assert "cannot enter S1" in line
    assert snapshot() == before


def test_no_sprint_column_without_an_active_sprint(
    cli: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    add("Ready item", *READY, "--ac", "Live")
    before = snapshot()
    line = refused(cli, "move", "1", "review")
    assert "no sprint is active" in line and "plan and start a sprint first" in line
    assert snapshot() == before


def test_a_done_items_criteria_and_estimate_are_settled(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot
) -> None:
    accepted_board(ok, add)
    before = snapshot()
    for args in (
        ("uncheck", "2", "1"),
        ("edit", "2", "--ac", "new"),
        ("edit", "2", "--estimate", "13"),
        ("waive", "2", "1", "--reason", "later"),
    ):
        line = refused(cli, *args, user="ben")
        assert "#2 is done" in line and "reopen it first" in line, line
    assert snapshot() == before


def test_reopening_then_changing_is_allowed_and_counted_as_rework(
    ok: Cli, add: Callable[..., int]
) -> None:
    accepted_board(ok, add)
    ok("move", "2", "review", user="ben")
    ok("edit", "2", "--estimate", "5", "--ac", "Links UTM-tagged", user="ben")
    shown = json.loads(ok("show", "2", "--json").stdout)
    assert (shown["status"], shown["estimate"], len(shown["criteria"])) == ("review", 5, 2)
    assert "reopen" in ok("history", "2").stdout


def test_json_refusals_carry_a_code_on_stderr(cli: Cli, ok: Cli, add: Callable[..., int]) -> None:
    accepted_board(ok, add)
    result = cli("move", "1", "doing", "--json")
    assert result.exit_code == 1
    assert result.stdout == ""
    error = json.loads(result.stderr)
    assert error["error"] == "not_ready"
    assert error["message"].startswith("#1 is not ready")
    assert error["item"] == "#1"
    assert [r["code"] for r in error["reasons"]] == ["not_ready"]

    error = json.loads(cli("--json", "uncheck", "2", "1", user="ben").stderr)
    assert error["error"] == "reopen_first"

    ok("move", "2", "review", user="mia")
    error = json.loads(cli("accept", "2", "--json", user="ben").stderr)
    assert error["error"] == "not_product_owner"

    error = json.loads(cli("show", "99", "--json").stderr)
    assert error == {"error": "not_found", "message": "#99 does not exist on this board"}


NOT_PO_ON_DONE = (
    "#2 can't move to done: only the product owners (mia) may accept; it is done already"
)


def test_a_members_accept_of_done_work_is_refused_too(
    cli: Cli, ok: Cli, add: Callable[..., int], snapshot: Snapshot, db: Path
) -> None:
    """Issue 21: `--user ben accept 2` on work mia accepted said `#2 → done`, exit 0."""
    accepted_board(ok, add)
    owners_only = refused(cli, "config", "set", "product_owners", "ben", user="ben")
    assert owners_only == "poboard: only the product owners (mia) may change product_owners"
    before = snapshot()
    for args in (("accept", "2"), ("move", "2", "done")):
        assert refused(cli, *args, user="ben") == f"poboard: {NOT_PO_ON_DONE}"
        for json_args in ((*args, "--json"), ("--json", *args)):
            result = cli(*json_args, user="ben")
            assert (result.exit_code, result.stdout) == (1, "")
            assert json.loads(one_line(result.stderr)) == {
                "error": "not_product_owner",
                "message": NOT_PO_ON_DONE,
                "reasons": [
                    {
                        "code": "not_product_owner",
                        "message": "only the product owners (mia) may accept; it is done already",
                    }
                ],
                "item": "#2",
            }
    real = run_poboard("accept", "2", db=db, user="ben")
    assert (real.returncode, assert_clean_refusal(real)) == (1, f"poboard: {NOT_PO_ON_DONE}")
    assert snapshot() == before

    assert ok("accept", "2", user="mia").stdout == "#2 → done\n"  # accepted already: as it was
    assert snapshot() == before


def test_json_conflicts_say_who_and_which_version(
    cli: Cli, ok: Cli, add: Callable[..., int]
) -> None:
    add("Launch email", "--ac", "Copy approved")
    ok("edit", "1", "--owner", "dana", user="dana")
    result = cli("edit", "1", "--owner", "ben", "--expect-version", "1", "--json")
    assert result.exit_code == 1
    error = json.loads(result.stderr)
    assert (error["error"], error["by"], error["version"]) == ("conflict", "dana", 2)


def test_json_success_prints_what_changed(ok: Cli, add: Callable[..., int]) -> None:
    accepted_board(ok, add)
    ok("add", "Follow-up", *READY, "--ac", "Sent")
    moved = json.loads(ok("move", "3", "doing", "--json").stdout)
    assert (moved["key"], moved["status"], moved["warnings"]) == ("#3", "doing", [])
    checked = json.loads(ok("check", "3", "1", "--json").stdout)
    assert (checked["criterion"], checked["state"]) == (1, "met")


def test_a_closed_pipe_ends_the_command_quietly(tmp_path: Path) -> None:
    """`poboard history 1 | head -1` on a history longer than the pipe holds."""
    db = tmp_path / "board.core.db"
    board = Board.open(db, "ana")
    board.items.add("Launch email")
    with board.core.writing():
        for n in range(1500):
            board.items.edit(1, {"title": f"Launch email, take {n}"})
    board.close()
    proc = subprocess.run(
        f"'{poboard_script()}' --db '{db}' history 1 | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stderr == ""
    assert proc.stdout.count("\n") == 1
