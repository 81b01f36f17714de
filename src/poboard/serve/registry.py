"""The server's open sessions, kept in the board file (so `poboard sessions` lists and
ends them from any process), and the watch that tells the server, within a second, that
the board changed (a product owner ended a session, a member or key was removed).

The board file is written from one thread of its own with its own connection: a busy
board never stalls the event loop every member's session runs on. The watch only
reads (PRAGMA data_version, then the sessions and keys when something changed).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..board import Board
from ..domain.errors import PoboardError
from ..services.sharing import OpenSession

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")
WATCH_SECONDS = 0.25
WRITE_WAIT_SECONDS = 5.0


class Endable(Protocol):
    """What the registry needs of a session (session.PoboardSession)."""

    member: str
    fingerprint: str
    registered: Future[int | None] | None

    def end_with(self, line: str) -> None: ...


class Registry:
    def __init__(self, board: Board, log: Callable[[str], None]) -> None:
        self.board = board  # the server's own connection, on the event loop: reads only
        self.log = log
        self.writer: Board | None = None
        self.thread = ThreadPoolExecutor(1, "poboard-registry", initializer=self._open_writer)
        self.version = -1

    def _open_writer(self) -> None:
        self.writer = self.board.reopen(wait=WRITE_WAIT_SECONDS)

    def _write(self, what: str, write: Callable[[Board], T]) -> Future[T | None]:
        def run() -> T | None:
            assert self.writer is not None
            try:
                return write(self.writer)
            except (PoboardError, OSError) as error:  # the board stays served
                self.log(f"could not record {what}: {error}")
                return None

        return self.thread.submit(run)

    def started(self) -> None:
        self._write(
            "the sessions of a server that is gone",
            lambda board: board.members.forget_dead_servers(),
        )

    def opened(self, session: Endable, address: str, what: str, command: str | None) -> None:
        record = OpenSession(
            id=0,
            server=os.getpid(),
            member=session.member,
            fingerprint=session.fingerprint,
            address=address,
            what=what,
            command=command,
            started_at=self.board.core.now(),
            ended_by=None,
        )
        session.registered = self._write(
            "a session", lambda board: board.members.session_opened(record)
        )

    def closed(self, session: Endable) -> None:
        opened = session.registered
        if opened is None:
            return

        def close(board: Board) -> None:
            if (opened_id := opened.result()) is not None:  # done: this thread opened it
                board.members.sessions_closed([opened_id])

        self._write("a session's end", close)

    def key_used(self, fingerprint: str) -> None:
        self._write("a key's use", lambda board: board.members.key_used(fingerprint))

    async def watch(self, changed: Callable[[], None]) -> None:
        """Until cancelled: `changed()` whenever anyone wrote the board."""
        while True:  # SQLite tells no other process of a commit: it is asked, as the TUI does
            await asyncio.sleep(WATCH_SECONDS)
            try:
                version = self.board.data_version()
                if version != self.version:
                    self.version = version
                    changed()
            except PoboardError as error:
                self.log(f"cannot read the board's sessions: {error}")

    def end_asked(self, sessions: list[Endable]) -> None:
        """End the sessions someone asked to end (`poboard sessions end`), saying who."""
        asked = self.board.members.sessions_asked_to_end()
        for session in sessions:
            opened = session.registered
            opened_id = opened.result() if opened is not None and opened.done() else None
            if opened_id is not None and opened_id in asked:
                session.end_with(f"poboard: {asked[opened_id]} ended this session")

    def stop(self) -> None:
        """Forget this server's sessions and close the writer (after what is queued)."""
        self._write(
            "the end of the server's sessions", lambda board: board.members.forget_dead_servers()
        )
        self.thread.submit(self._close_writer)
        self.thread.shutdown(wait=True)

    def _close_writer(self) -> None:
        if self.writer is not None:
            self.writer.close()
