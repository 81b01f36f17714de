"""The MCP tools with the SDK's client, in-process: what an assistant sees and what the
board holds afterwards. The gates answer as they do for the CLI, with the same codes."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from poboard.assistant import inputs
from poboard.board import Board
from poboard.domain.models import CriterionState, Horizon, Kind, Status

from .talk import READY, call, cli_json, in_process, refusal

ITEM_INPUTS = {
    "kind", "owner", "audience", "promise", "proof", "metric", "estimate", "horizon", "goal",
    "description", "partners", "blocked_by", "value", "urgency", "impact", "fit", "effort",
    "risk", "hypothesis", "success_metric", "guardrail_metric", "decision_rule",
    "acceptance_criteria",
}  # fmt: skip
TOOLS = {
    "list_items": ({"status", "horizon", "sprint"}, set()),
    "get_item": ({"key"}, {"key"}),
    "add_item": ({"title"} | ITEM_INPUTS, {"title"}),
    "update_item": (
        {"key", "title", "expect_version", "unblock", "result", "result_note"} | ITEM_INPUTS,
        {"key"},
    ),
    "move_item": ({"key", "to", "expect_version"}, {"key", "to"}),
    "set_criterion": ({"key", "n", "state", "reason", "expect_version"}, {"key", "n", "state"}),
    "commit_to_sprint": ({"keys", "sprint"}, {"keys"}),
    "sprint_status": ({"sprint"}, set()),
    "sprint_report": ({"sprint", "format"}, set()),
    "list_goals": (set(), set()),
    "check_in_key_result": (
        {"goal", "metric", "value", "confidence", "note"},
        {"goal", "metric", "value"},
    ),
    "submit_request": (
        {"title", "audience", "promise", "proof", "metric", "why", "needed_by"},
        {"title"},
    ),
    "list_requests": ({"status", "mine"}, set()),
    "triage_request": ({"key", "decision", "reason", "into", "horizon"}, {"key", "decision"}),
}


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_the_tools_and_their_inputs_are_named_as_the_cli(db: Path, mode: str) -> None:
    async with in_process(db, "ana", mode) as client:
        listed = (await client.list_tools()).tools
        assert "ana" in (client.instructions or "")
    found = {
        t.name: (set(t.input_schema["properties"]), set(t.input_schema.get("required", [])))
        for t in listed
    }
    assert found == TOOLS
    for tool in listed:
        assert tool.description and len(tool.description) > 60, tool.name
        assert tool.annotations is not None
        assert tool.annotations.read_only_hint == (tool.name in READ_ONLY)
    move = next(t for t in listed if t.name == "move_item")
    assert move.input_schema["properties"]["to"]["enum"] == [s.value for s in Status]


READ_ONLY = {
    "list_items", "get_item", "sprint_status", "sprint_report", "list_goals", "list_requests"
}  # fmt: skip


def test_the_choices_in_the_schemas_are_the_models() -> None:
    assert list(get_args(inputs.StatusName)) == [s.value for s in Status]
    assert list(get_args(inputs.HorizonName)) == [h.value for h in Horizon]
    assert list(get_args(inputs.KindName)) == [k.value for k in Kind]
    assert set(get_args(inputs.CriterionStateName)) == {s.value for s in CriterionState}


async def test_add_and_move_an_item_into_the_active_sprint(demo_db: Path) -> None:
    async with in_process(demo_db, "ben") as client:
        added = await call(
            client,
            "add_item",
            title="Invite-your-team nudge in the trial",
            kind="campaign",
            partners=["product", "design"],
            acceptance_criteria=["Nudge shows on day 2", "Invites tracked in analytics"],
            **READY,
        )
        assert (added["key"], added["status"], added["ready"]) == (
            f"#{added['id']}",
            "backlog",
            True,
        )
        assert [c["text"] for c in added["criteria"]][:2] == [
            "Nudge shows on day 2",
            "Invites tracked in analytics",
        ]
        moved = await call(
            client, "move_item", key=added["key"], to="doing", expect_version=added["version"]
        )
        shown = await call(client, "get_item", key=added["id"])  # 42 works as well as #42
    assert (moved["key"], moved["status"]) == (added["key"], "doing")
    assert moved["version"] == shown["version"] > added["version"]
    assert len(moved["warnings"]) == 1  # the demo's doing column was at its WIP limit
    active = cli_json(demo_db, "list", "--sprint", "current", "--json")
    assert shown["sprint"] == active[0]["sprint"]
    assert shown["updated_by"] == "ben"  # recorded as the server's user
    assert any(c["dod"] for c in shown["criteria"])  # the Definition of Done came with it


async def test_a_move_to_done_is_refused_with_its_code_and_nothing_changes(db: Path) -> None:
    async with in_process(db, "ana") as client:
        open_one = await call(
            client, "add_item", title="Pricing page test", acceptance_criteria=["A/B live"]
        )
        bare = await call(client, "add_item", title="Webinar recap post")
        refused = await refusal(client, "move_item", key=open_one["key"], to="done")
        assert refused["error"] == "criteria_open"
        assert (
            refused["message"]
            == f'{open_one["key"]} can\'t move to done: criterion 1 "A/B live" is open'
        )
        assert refused["reasons"] == [
            {"code": "criteria_open", "message": 'criterion 1 "A/B live" is open'}
        ]
        assert (await refusal(client, "move_item", key=bare["key"], to="done"))[
            "error"
        ] == "no_criteria"
        after = await call(client, "get_item", key=open_one["key"])
        assert (after["status"], after["version"]) == ("backlog", open_one["version"])
        await call(client, "set_criterion", key=open_one["key"], n=1, state="met")
        done = await call(client, "move_item", key=open_one["key"], to="done")
    assert done["status"] == "done"


async def test_only_the_product_owner_accepts(demo_db: Path) -> None:
    in_review = cli_json(demo_db, "list", "--status", "review", "--json")[0]
    async with in_process(demo_db, "ben") as client:
        refused = await refusal(client, "move_item", key=in_review["key"], to="done")
    assert refused["error"] == "not_product_owner"
    assert "only the product owners (ana) may accept" in refused["message"]
    async with in_process(demo_db, "ana") as client:
        for criterion in in_review["criteria"]:
            if criterion["state"] == "open":
                await call(
                    client, "set_criterion", key=in_review["key"], n=criterion["n"], state="met"
                )
        accepted = await call(client, "move_item", key=in_review["key"], to="done")
    assert accepted["status"] == "done"


async def test_only_the_product_owner_accepts_done_work_again(demo_db: Path) -> None:
    """Issue 21: a member's move of a done item to done answered as if accepted."""
    done = cli_json(demo_db, "list", "--status", "done", "--json")[0]
    key = done["key"]
    board = Board.open(demo_db, "ben")
    history = board.items.history(key)
    board.close()
    async with in_process(demo_db, "ben") as client:
        before = await call(client, "get_item", key=key)
        for version in ({}, {"expect_version": before["version"]}):
            refused = await refusal(client, "move_item", key=key, to="done", **version)
            owners_only = "only the product owners (ana) may accept; it is done already"
            assert refused == {
                "error": "not_product_owner",
                "message": f"{key} can't move to done: {owners_only}",
                "reasons": [{"code": "not_product_owner", "message": owners_only}],
                "item": key,
            }
            assert await call(client, "get_item", key=key) == before
    async with in_process(demo_db, "ana") as client:
        again = await call(client, "move_item", key=key, to="done")  # accepted already
        assert await call(client, "get_item", key=key) == before
    assert (again["status"], again["version"]) == ("done", before["version"])
    board = Board.open(demo_db, "ben")
    assert board.items.history(key) == history
    board.close()


async def test_items_read_as_show_and_list_print_them(demo_db: Path) -> None:
    async with in_process(demo_db, "ana") as client:
        listed = await call(client, "list_items")
        in_sprint = await call(client, "list_items", sprint="current", status="doing")
        one = await call(client, "get_item", key="#21")
    assert listed == cli_json(demo_db, "list", "--json")
    assert in_sprint == cli_json(
        demo_db, "list", "--sprint", "current", "--status", "doing", "--json"
    )
    assert one == cli_json(demo_db, "show", "#21", "--json")


async def test_criteria_are_met_opened_and_waived_with_a_reason(db: Path) -> None:
    async with in_process(db, "ana") as client:
        item = await call(
            client, "add_item", title="Launch email", acceptance_criteria=["Sent", "Tracked"]
        )
        key = item["key"]
        met = await call(client, "set_criterion", key=key, n=1, state="met")
        assert met == {"key": key, "criterion": 1, "state": "met", "version": item["version"] + 1}
        assert (await refusal(client, "set_criterion", key=key, n=2, state="waived"))[
            "error"
        ] == "invalid_input"
        assert (await refusal(client, "set_criterion", key=key, n=1, state="met", reason="x"))[
            "error"
        ] == "invalid_input"
        assert (await refusal(client, "set_criterion", key=key, n=9, state="met"))[
            "error"
        ] == "invalid_input"
        await call(client, "set_criterion", key=key, n=2, state="waived", reason="tracked by ops")
        await call(client, "set_criterion", key=key, n=1, state="open")
        shown = await call(client, "get_item", key=key)
    assert [(c["state"], c["reason"]) for c in shown["criteria"]] == [
        ("open", None),
        ("waived", "tracked by ops"),
    ]


async def test_a_stale_version_is_refused_as_a_conflict(db: Path) -> None:
    async with in_process(db, "ana") as client:
        item = await call(client, "add_item", title="SEO cluster: onboarding")
        updated = await call(
            client, "update_item", key=item["key"], owner="mei", expect_version=item["version"]
        )
        assert (updated["owner"], updated["version"]) == ("mei", item["version"] + 1)
        stale = await refusal(
            client, "update_item", key=item["key"], owner="raj", expect_version=item["version"]
        )
        assert stale["error"] == "conflict"
        assert (stale["by"], stale["version"]) == ("ana", updated["version"])
        nothing = await refusal(client, "update_item", key=item["key"])
        assert nothing["error"] == "invalid_input"
        missing = await refusal(client, "get_item", key="#999")
    assert missing == {"error": "not_found", "message": "#999 does not exist on this board"}


async def test_commit_to_sprint_holds_the_definition_of_ready(demo_db: Path) -> None:
    async with in_process(demo_db, "ana") as client:
        unready = await call(client, "add_item", title="Partner co-marketing webinar")
        ready = await call(
            client, "add_item", title="Referral landing page", acceptance_criteria=["Live"], **READY
        )
        refused = await refusal(client, "commit_to_sprint", keys=[unready["key"], ready["key"]])
        assert refused["error"] == "not_ready"
        assert (await call(client, "get_item", key=ready["key"]))["sprint"] is None  # none of them
        committed = await call(client, "commit_to_sprint", keys=[ready["key"]], sprint="current")
        status = await call(client, "sprint_status")
    assert committed["committed"] == [ready["key"]]
    assert committed["sprint"] == status["sprint"]["name"]
    assert committed["committed_points"] == status["committed"]
    assert ready["key"] in [i["key"] for i in status["columns"]["todo"]]


async def test_sprint_status_and_report_on_the_demo_board(demo_db: Path) -> None:
    async with in_process(demo_db, "ana") as client:
        status = await call(client, "sprint_status", sprint="current")
        report = await call(client, "sprint_report")
        page = await client.call_tool("sprint_report", {"format": "md"})
        unknown = await refusal(client, "sprint_status", sprint="Sprint 99")
    board = Board.open(demo_db, "ana")
    try:
        active = board.sprints.active()
        assert active is not None
        progress = board.sprints.progress(active, board.today())
    finally:
        board.close()
    assert status["sprint"]["name"] == active.name and status["sprint"]["state"] == "active"
    assert (status["committed"], status["done"], status["days_left"]) == (
        progress.committed,
        progress.done,
        progress.days_left,
    )
    assert list(status["columns"]) == ["todo", "doing", "review", "done"]
    assert all(i["status"] == column for column, items in status["columns"].items() for i in items)
    assert report == cli_json(demo_db, "report", "--format", "json")
    text = page.content[0].text  # type: ignore[union-attr]
    assert not page.is_error and active.name in text and text.startswith("#")
    assert unknown["error"] == "not_found"


async def test_goals_and_a_key_result_check_in(demo_db: Path) -> None:
    async with in_process(demo_db, "raj") as client:
        goals = await call(client, "list_goals")
        goal = goals[0]
        kr = goal["key_results"][0]
        checked = await call(
            client,
            "check_in_key_result",
            goal=goal["key"],
            metric=kr["metric"].upper(),
            value=kr["target"],
            confidence="at risk",
            note="launch slipped a week",
        )
        again = await call(client, "list_goals")
        wrong = await refusal(
            client, "check_in_key_result", goal=goal["id"], metric="no such metric", value=1
        )
        bad_goal = await refusal(client, "check_in_key_result", goal="north", metric="x", value=1)
    assert (checked["metric"], checked["current"], checked["progress"]) == (
        kr["metric"],
        kr["target"],
        1.0,
    )
    assert checked["previous"] == kr["current"] and checked["goal"] == goal["key"]
    assert (checked["confidence"], checked["note"]) == ("at risk", "launch slipped a week")
    assert again[0]["key_results"][0]["current"] == kr["target"]
    assert wrong["error"] == "not_found" and kr["metric"] in wrong["message"]
    assert bad_goal["error"] == "invalid_input"
