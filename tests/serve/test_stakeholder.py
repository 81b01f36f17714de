"""A stakeholder over a real `poboard serve --ssh` (issue #25): with their own key they
read the board, ask and follow their requests, and every other write is refused with
`not_allowed`, the board unchanged after each refusal."""

from __future__ import annotations

import json
from pathlib import Path

from poboard.board import Board

from .served import make_board, start_server

REFUSED = (
    "add 'Sneaky item'",
    "edit 1 --title Renamed",
    "move 1 todo",
    "config set wip.doing 3",
    "goal add 'Grow trials'",
    "request accept 3",
)


def everything(db: Path) -> object:
    """What the board holds (not its sessions, which the server keeps in the file)."""
    board = Board.open(db, "po")
    try:
        return (board.transfer.export_data(), board.requests.all(), board.members.all())
    finally:
        board.close()


async def test_a_served_stakeholder_reads_asks_and_follows_and_changes_nothing_else(
    tmp_path: Path,
) -> None:
    db = tmp_path / "board.db"
    keys = make_board(db, tmp_path, ("ana", "sam"))
    board = Board.open(db, "po")
    try:
        board.members.set_role("sam", "stakeholder")
    finally:
        board.close()
    server = start_server(tmp_path, db, "--max-sessions", "4")
    try:
        async with server.connect(keys["sam"]) as conn:
            for line in ("list", "show 1", "request list"):
                read = await conn.run(line, check=False)
                assert read.exit_status == 0, (line, read.stderr)
            asked = await conn.run("request add 'Partner portal' --audience partners")
            assert str(asked.stdout).strip() == "#3"
            for line in REFUSED:
                before = everything(db)
                refused = await conn.run(line, check=False)
                assert refused.exit_status == 1, (line, refused.stdout, refused.stderr)
                assert str(refused.stderr).startswith("poboard: sam is a stakeholder:"), line
                assert everything(db) == before, line
            coded = await conn.run("--json add 'Sneaky item'", check=False)
            assert json.loads(str(coded.stderr))["error"] == "not_allowed"

            owner = Board.open(db, "po")
            try:
                owner.requests.accept(3, "next")
            finally:
                owner.close()
            followed = await conn.run("request list --mine --json")
    finally:
        assert server.stop() == 0
    (mine,) = json.loads(str(followed.stdout))
    assert (mine["key"], mine["status"], mine["item"], mine["item_status"]) == (
        "#3",
        "accepted",
        "#3",
        "backlog",
    )
    assert server.noise == []
