"""Reading the board off the UI thread: a second connection, one read at a time on it,
closed with the app; and the insights read ahead once the board shows, so that their
first visit shows them at once."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from typing import TYPE_CHECKING

from ..board import Board
from ..domain.errors import PoboardError

if TYPE_CHECKING:
    from ..domain.measures import Insights


class BackgroundReads:
    """Hold `lock` around `reader()` and every read made with it."""

    def __init__(self, board: Board) -> None:
        self.board = board
        self.lock = threading.Lock()
        self.closed = False
        self._reader: Board | None = None
        # The insights as read ahead, and the last event they reflect; none once their
        # screen has been visited (it reads for itself from then on).
        self.insights: tuple[int, Insights] | None = None
        self.insights_visited = False

    def reader(self) -> Board:
        """The second connection, opened on first use (a read after `close` fails)."""
        if self.closed:
            raise sqlite3.ProgrammingError("the app has closed its board")
        if self._reader is None:
            self._reader = self.board.reopen()
        elif self._reader.read_only:
            self._reader.data_version()  # reopens it if the file changed under it
        return self._reader

    def close(self) -> None:
        with self.lock:  # a read on its way ends first
            self.closed = True
            if self._reader is not None:
                self._reader.close()

    def read_insights_ahead(self, today: date | None) -> None:
        """(On a thread of its own.) A read that fails here is left for the visit to
        make again and report."""
        try:
            with self.lock:
                if self.insights_visited:
                    return
                reader = self.reader()
                ahead = (reader.last_event_id(), reader.reports.insights(today))
        except (PoboardError, sqlite3.Error, OSError):
            return
        if not self.insights_visited:
            self.insights = ahead

    def take_insights(self) -> tuple[int, Insights] | None:
        """The insights read ahead, for their screen's first visit (once)."""
        ahead, self.insights = self.insights, None
        self.insights_visited = True
        return ahead
