"""The assistant's tools hold the rules of issue 23 as the CLI does: blockers form no
cycle and are removed with `unblock`; an experiment is decided with a note."""

from __future__ import annotations

from pathlib import Path

from poboard.board import Board

from .talk import call, in_process, refusal


async def test_update_item_refuses_a_blocker_cycle_and_removes_blockers(db: Path) -> None:
    async with in_process(db, "ana") as client:
        a = await call(client, "add_item", title="Pricing page")
        b = await call(client, "add_item", title="Pricing copy")
        c = await call(client, "add_item", title="Pricing data")
        await call(client, "update_item", key=a["key"], blocked_by=[b["key"], c["key"]])
        ring = await refusal(client, "update_item", key=b["key"], blocked_by=[a["key"]])
        assert ring["error"] == "blocker_cycle"
        assert f"({b['key']} → {a['key']} → {b['key']}," in ring["message"]
        after = await call(client, "update_item", key=a["key"], unblock=[b["key"]])
        assert after["blocked_by"] == [c["key"]]
        await call(client, "update_item", key=a["key"], blocked_by=["none"])
    board = Board.open(db, "check")
    try:
        assert (board.items.get(a["id"]).blocked_by, board.items.get(b["id"]).blocked_by) == (
            [],
            [],
        )
    finally:
        board.close()


async def test_an_experiment_is_decided_with_a_note(db: Path) -> None:
    async with in_process(db, "ana") as client:
        item = await call(
            client, "add_item", title="Exit survey test", kind="experiment",
            acceptance_criteria=["Ran two weeks"],
        )  # fmt: skip
        await call(client, "set_criterion", key=item["key"], n=1, state="met")
        await call(client, "update_item", key=item["key"], result="kill")
        undecided = await refusal(client, "move_item", key=item["key"], to="done")
        assert undecided["error"] == "experiment_undecided"
        assert "has no note" in undecided["message"]
        await call(client, "update_item", key=item["key"], result_note="no lift in replies")
        done = await call(client, "move_item", key=item["key"], to="done")
    assert done["status"] == "done"
    board = Board.open(db, "check")
    try:
        assert board.items.get(item["id"]).result_note == "no lift in replies"
    finally:
        board.close()
