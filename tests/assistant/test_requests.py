"""Requests through the MCP tools (issue #25): a stakeholder submits and lists, and every
other write tool refuses them with `not_allowed`, the board unchanged; a product owner
triages with triage_request and the requester's list_requests shows each outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from poboard.board import Board

from .talk import READY, call, in_process, refusal


def board_with_roles(db: Path) -> None:
    """#1 a ready item with a criterion; product owner mia; stakeholder sam."""
    board = Board.open(db, "mia")
    try:
        board.items.add("Invite flow", criteria=["Two clicks"], **READY)
        board.config.configure("product_owners", "mia")
        board.members.add_member("sam", [], "stakeholder")
    finally:
        board.close()


def everything(db: Path) -> Any:
    board = Board.open(db, "mia")
    try:
        return (board.transfer.export_data(), board.requests.all(), board.last_event_id())
    finally:
        board.close()


async def test_a_stakeholder_submits_and_follows_and_writes_nothing_else(db: Path) -> None:
    board_with_roles(db)
    async with in_process(db, "sam") as client:
        await call(client, "list_items")
        await call(client, "get_item", key="#1")
        made = await call(client, "submit_request", title="CSV export", audience="sales")
        assert (made["key"], made["status"], made["requested_by"]) == ("#2", "new", "sam")
        before = everything(db)
        for tool, arguments in (
            ("add_item", {"title": "Sneaky"}),
            ("update_item", {"key": "#1", "title": "Renamed"}),
            ("move_item", {"key": "#1", "to": "todo"}),
            ("set_criterion", {"key": "#1", "n": 1, "state": "met"}),
            ("commit_to_sprint", {"keys": ["#1"]}),
            ("triage_request", {"key": "#2", "decision": "accept"}),
        ):
            found = await refusal(client, tool, **arguments)
            assert found["error"] == "not_allowed", (tool, found)
            assert "sam is a stakeholder" in found["message"]
            assert everything(db) == before, tool
        for title in ("Dark mode", "Export to CSV"):
            await call(client, "submit_request", title=title)  # #3, #4

    async with in_process(db, "mia") as client:
        declined = await refusal(client, "triage_request", key="#3", decision="decline")
        assert declined["error"] == "invalid_input"
        await call(client, "triage_request", key="#2", decision="accept", horizon="now")
        await call(client, "triage_request", key="#3", decision="decline", reason="Not now")
        merged = await call(client, "triage_request", key="#4", decision="merge", into="#2")
        assert merged["where"].startswith("#2 in the backlog, rank 2")

    async with in_process(db, "sam") as client:
        listed = await call(client, "list_requests", mine=True)
    outcome = {r["key"]: (r["status"], r["item"], r["reason"]) for r in listed["requests"]}
    assert outcome == {
        "#2": ("accepted", "#2", None),
        "#3": ("declined", None, "Not now"),
        "#4": ("merged", "#2", None),
    }
