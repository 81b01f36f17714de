"""What poboard really prints and answers holds to its contract's schema: the CLI's
--json (run in-process on a demo board, a real SQLite file), its refusals on standard
error, the sprint report's parts, and the MCP tools through the SDK's own client."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import asyncssh
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from mcp import Client

from poboard.assistant.server import create_server
from poboard.board import Board
from poboard.cli import main

HERE = Path(__file__).parent
Check = Callable[[str, Any], None]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    done = CliRunner().invoke(main, ["--db", str(path), "--user", "ana", "demo"])
    assert done.exit_code == 0, done.output
    return path


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(template, path)
    return path


@pytest.fixture
def holds() -> Iterator[Check]:
    """`holds(shape, data)` fails naming the field when data breaks the shape's schema
    (its snapshot in tests/contracts, each read once a test)."""
    validators: dict[str, Draft202012Validator] = {}

    def check(shape: str, data: Any) -> None:
        if shape not in validators:
            schema = json.loads((HERE / f"{shape}.schema.json").read_text(encoding="utf-8"))
            validators[shape] = Draft202012Validator(schema)
        errors = sorted(validators[shape].iter_errors(data), key=lambda e: list(e.path))
        assert not errors, f"{shape}: {errors[0].message} at {list(errors[0].path)}"

    yield check


def run(db: Path, *args: str, code: int = 0) -> Any:
    done = CliRunner().invoke(main, ["--db", str(db), "--user", "ana", *args])
    assert done.exit_code == code, f"poboard {' '.join(args)}: {done.output}"
    return json.loads(done.stdout if code == 0 else done.stderr)


def items_in(db: Path, status: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = run(db, "list", "--status", status, "--json")
    assert found, f"the demo board has no {status} item"
    return found


def test_the_clis_json_holds_to_the_contracts(db: Path, holds: Check) -> None:
    listed = run(db, "list", "--json")
    assert len(listed) > 30
    for item in listed:
        holds("item", item)
    experiment = next(i for i in listed if i["kind"] == "experiment")
    holds("item", run(db, "show", experiment["key"], "--json"))
    added = run(db, "add", "A contract's check", "--ac", "it holds", "--json")
    holds("item_ref", added)
    holds("item_ref", run(db, "edit", added["key"], "--owner", "ben", "--json"))
    doing = items_in(db, "doing")[0]
    holds("criterion_change", run(db, "check", doing["key"], "2", "--json"))
    moved = run(db, "move", items_in(db, "todo")[0]["key"], "doing", "--json")
    holds("move", moved)
    goal = run(db, "goal", "show", "1", "--json")
    holds("goal", goal)
    metric = goal["key_results"][0]["metric"]
    holds("checkin", run(db, "goal", "checkin", "1", metric, "42", "--note", "up", "--json"))


def test_a_refusal_on_standard_error_holds_to_the_contract(db: Path, holds: Check) -> None:
    doing = items_in(db, "doing")[0]
    gate = run(db, "--json", "move", doing["key"], "done", code=1)
    assert gate["error"] == "criteria_open" and gate["reasons"]
    holds("refusal", gate)
    stale = run(db, "--json", "move", doing["key"], "review", "--expect-version", "1", code=1)
    assert stale["error"] == "conflict"
    holds("refusal", stale)
    holds("refusal", run(db, "--json", "show", "999", code=1))


def test_the_reports_hold_to_theirs_and_give_sprints_checkins_and_criteria_as_all_do(
    db: Path, holds: Check
) -> None:
    report = run(db, "report", "--sprint", "Sprint 13", "--format", "json")
    holds("sprint_report", report)
    holds("quarter_update", run(db, "report", "--quarter", "current", "--format", "json"))
    holds("sprint", report["sprint"])
    checkins = [c for kr in report["metrics"]["key_results"] for c in kr["checkins"]]
    criteria = [c for item in report["accepted"] for c in item["criteria"]]
    assert checkins and criteria
    for checkin in checkins:
        holds("checkin", checkin)
    for criterion in criteria:
        holds("criterion", criterion)


def answer(result: Any) -> Any:
    (content,) = result.content
    return json.loads(content.text)


async def test_the_mcp_tools_answer_in_the_contracts(db: Path, holds: Check) -> None:
    todo = items_in(db, "todo")[0]["key"]
    doing = items_in(db, "doing")[0]["key"]
    board = Board.open(db, "ana")
    try:
        async with Client(create_server(board), mode="legacy") as client:

            async def call(tool: str, **arguments: Any) -> Any:
                result = await client.call_tool(tool, arguments)
                assert not result.is_error, result.content
                return answer(result)

            for item in await call("list_items"):
                holds("item", item)
            holds("item", await call("get_item", key=todo))
            holds("item", await call("add_item", title="From the assistant"))
            holds("move", await call("move_item", key=todo, to="doing"))
            holds("criterion_change", await call("set_criterion", key=doing, n=2, state="met"))
            ready = next(i["key"] for i in await call("list_items", status="backlog") if i["ready"])
            holds("commit", await call("commit_to_sprint", keys=[ready]))
            holds("sprint_status", await call("sprint_status"))
            holds("sprint_report", await call("sprint_report", format="json"))
            for goal in await call("list_goals"):
                holds("goal", goal)
            checked = await call("check_in_key_result", goal="G1", metric="KR1", value=3)
            holds("checkin_result", checked)
            refused = await client.call_tool("move_item", {"key": doing, "to": "done"})
            assert refused.is_error
            holds("refusal", answer(refused))
    finally:
        board.close()


def test_an_imports_plan_holds_to_the_contract(tmp_path: Path, holds: Check) -> None:
    """`import --dry-run --json` writes nothing and prints the plan (here with rows the
    board refuses); `import --json` prints the same shape for what it wrote."""
    fixtures = HERE.parent / "fixtures" / "import"
    db = tmp_path / "board.db"
    plan = run(db, "import", "--dry-run", "--json", str(fixtures / "github-bad-rows.json"))
    assert plan["dry_run"] and not plan["would_import"] and plan["refused"]
    assert not db.exists()
    holds("import_plan", plan)
    done = run(db, "import", "--json", str(fixtures / "jira-all-fields.csv"))
    assert not done["dry_run"] and done["new"] == len(done["steps"]) > 0
    holds("import_plan", done)
    assert len(run(db, "list", "--json")) == done["new"]


def test_the_export_holds_to_the_contract(db: Path, holds: Check) -> None:
    exported = run(db, "export")
    assert exported["items"] and exported["goals"] and exported["events"]
    holds("board_export", exported)


def test_the_member_list_holds_to_the_contract(tmp_path: Path, holds: Check) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519", comment="ana@laptop")
    public = tmp_path / "ana.pub"
    public.write_bytes(key.export_public_key())
    db = tmp_path / "board.db"
    argv = ["--db", str(db), "--user", "ana", "member", "add", "ana", "--key", str(public)]
    added = CliRunner().invoke(main, argv)
    assert added.exit_code == 0, added.output
    (member,) = run(db, "member", "list", "--json")
    assert member["keys"]
    holds("member", member)
    assert run(db, "sessions", "--json") == []  # none open: `serve` opens them
