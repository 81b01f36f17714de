"""Terminal escapes over `poboard serve` (issue #27, items 1 and 2): a teammate's
`ssh HOST show 1` gets no ESC or BEL byte from the text someone else wrote (OSC 52
would write their clipboard), and a member's command holding one is refused in one
line, nothing stored. A real server, asyncssh as the client, bytes as they arrive."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from poboard.board import Board

from .served import make_board, start_server

CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"  # OSC 52: writes the reader's clipboard


def everything(db: Path) -> object:
    """All the board holds, as `export --format json` writes it (the server keeps its
    sessions in the file too, so its bytes change with every connection)."""
    board = Board.open(db, "po")
    try:
        return board.transfer.export_data()
    finally:
        board.close()


def poison(db: Path) -> None:
    """An item's title and description holding OSC 52, as a board from before the rule."""
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE items SET title = title || ?, description = ? WHERE id = 1",
            (CLIPBOARD, f"Copy this {CLIPBOARD}\x9b2J"),
        )
    connection.close()


async def test_a_served_show_sends_no_escape_and_refuses_one(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    keys = make_board(db, tmp_path, ("ana",))
    poison(db)
    server = start_server(tmp_path, db, "--max-sessions", "4")
    try:
        async with server.connect(keys["ana"]) as conn:
            shown = await conn.run("show 1", term_type="xterm", encoding=None, check=False)
            listed = await conn.run("list", encoding=None, check=False)
            before = everything(db)
            refused = await conn.run(f"add 'Evil {CLIPBOARD} title'", encoding=None, check=False)
            after = everything(db)
    finally:
        assert server.stop() == 0
    for result in (shown, listed):
        assert result.exit_status == 0, result.stderr
        output = bytes(result.stdout) + bytes(result.stderr)
        assert b"\x1b" not in output and b"\x07" not in output
        assert "\x9b".encode() not in output
        assert "␛]52;c;cHduZWQ=␇".encode() in output
    assert refused.exit_status == 2
    assert bytes(refused.stderr) == (
        b"poboard: title: holds a control character, ESC (0x1b): type plain text\n"
    )
    assert after == before
