"""A board held by another process's write: how long a write waits for it is chosen by
whoever opens the board, and a write that cannot get it is one clear refusal that
changed nothing. A second real process holds the write transaction."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.domain.errors import BoardBusyError, BoardFileError, Code

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
"""


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Another process holds the board's write lock until the block ends."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        assert process.stdout.readline().strip() == "holding"
        yield
    finally:
        process.stdin.write("\n")
        process.stdin.close()
        process.wait(timeout=10)


@pytest.fixture
def board_file(tmp_path: Path) -> Path:
    path = tmp_path / "board.core.db"
    board = Board.open(path, "ana")
    try:
        board.items.add("Onboarding emails")
        board.items.add("Pricing page test")
    finally:
        board.close()
    return path


def busy_timeout(board: Board) -> int:
    return int(board.core.db.conn.execute("PRAGMA busy_timeout").fetchone()[0])


def test_a_command_waits_fifteen_seconds_and_whoever_opens_a_board_may_choose_less(
    board_file: Path,
):
    board = Board.open(board_file, "ana")
    short = Board.open(board_file, "ana", wait=2)
    try:
        assert busy_timeout(board) == 15_000  # the CLI, serve and the assistant, as before
        assert busy_timeout(short) == 2_000
        again = short.reopen()
        assert busy_timeout(again) == 2_000  # another thread's connection waits alike
        again.close()
        with short.without_waiting():
            assert busy_timeout(short) == 0
        assert busy_timeout(short) == 2_000
    finally:
        board.close()
        short.close()


def test_a_write_the_board_is_held_from_is_refused_as_busy_and_changes_nothing(
    board_file: Path,
):
    board = Board.open(board_file, "ben", wait=0.2)
    try:
        with held(board_file), pytest.raises(BoardBusyError) as refused:
            board.items.rank(2, before=1)
        assert refused.value.code is Code.BOARD_BUSY
        assert isinstance(refused.value, BoardFileError)
        assert str(refused.value) == (
            "the board is busy: another process held it for 0.2 seconds — nothing was "
            "changed, try again"
        )
        assert [item.id for item in board.items.all()] == [1, 2]
        board.items.rank(2, before=1)  # once it is free, the same write goes through
        assert [item.id for item in board.items.all()] == [2, 1]
    finally:
        board.close()


def test_without_waiting_a_write_is_refused_at_once_and_the_wait_comes_back(
    board_file: Path,
):
    board = Board.open(board_file, "ben", wait=60)
    try:
        with held(board_file):
            asked = time.monotonic()
            with board.without_waiting(), pytest.raises(BoardBusyError):
                board.items.edit(1, {"title": "Welcome emails"})
            assert time.monotonic() - asked < 30  # not the minute it would otherwise wait
            assert busy_timeout(board) == 60_000
        assert board.items.get(1).title == "Onboarding emails"
    finally:
        board.close()
