"""The board file as the pages read it: off the event loop, on worker threads, each with
a connection of its own (a slow page, or a write waiting for another process's, never
holds up the server's other requests)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from ..board import Board

T = TypeVar("T")


class Boards:
    """One open `Board` per worker thread, on the file at `db`, as the server's account."""

    def __init__(self, db: str, wait: float) -> None:
        self.db = db
        self.wait = wait
        self.local = threading.local()
        self.opened: list[Board] = []
        self.lock = threading.Lock()

    def here(self) -> Board:
        """This thread's board, opened on first use."""
        board: Board | None = getattr(self.local, "board", None)
        if board is None:
            board = Board.open(self.db, wait=self.wait)
            self.local.board = board
            with self.lock:
                self.opened.append(board)
        return board

    async def run(self, work: Callable[[Board], T]) -> T:
        """`work` done on a worker thread's board; its result."""
        return await run_in_threadpool(lambda: work(self.here()))

    def close(self) -> None:
        with self.lock:
            for board in self.opened:
                board.close()
            self.opened.clear()
