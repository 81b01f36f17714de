"""Writing the board without freezing the screen.

Every write takes the board file's write lock (BEGIN IMMEDIATE), which another process may
hold for a while: a teammate's import, a backup. The UI thread never waits for it. A
write is first tried at once on the app's own connection: when the board is free, as it
nearly always is, it is done within the key press, as before. When another process holds
the board, the write goes to a thread, on a connection of its own that waits at most
`WAIT_SECONDS`, while keys still move the cursor and screens switch; after a moment a
notification says that it waits. Its result comes back to the UI thread; or, the board
still held, it is given up with "the board is busy — try again", nothing stored.

One write at a time: one asked for while another waits is refused, so two never cross.
A write landed from the thread changes the file under the app's connection, so the live
updates (`PoboardApp.check_for_changes`) see it as they see a teammate's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from ..board import Board
from ..domain.errors import BoardBusyError, BoardFileError, PoboardError
from .refusals import show_refusal

if TYPE_CHECKING:
    from textual.app import App

WAIT_SECONDS = 2.0  # the longest a screen's write waits for another process's
MOMENT_SECONDS = 0.3  # a write waiting longer than this says so
WAITING = "Waiting for the board: another process is writing it…"
STILL_WAITING = "still waiting for the board to take your last change — try again in a moment"
STILL_SAVING = "Still saving: waiting for the board…"

T = TypeVar("T")
Write = Callable[[Board], T]


class BoardWrites:
    """The app's writes, one at a time; see the module's docstring."""

    def __init__(self, app: App[Any], board: Board) -> None:
        self.app = app
        self.board = board
        self.lock = threading.Lock()  # held around every use of the writer's connection
        self.closed = False
        self.waiting_on: Screen[Any] | None = None  # the screen whose write waits, if any
        self.late = False  # see `run`
        self.said_waiting = False
        self._writer: Board | None = None

    @property
    def waiting(self) -> bool:
        return self.waiting_on is not None

    def keeps_open(self, screen: Screen[Any]) -> bool:
        """Whether this screen's write waits for the board, saying so: a form stays open
        until its write lands or is given up, so what it shows is what was saved."""
        if self.waiting_on is not screen:
            return False
        self.app.notify(STILL_SAVING, title="Saving", severity="warning", timeout=3)
        return True

    def run(
        self,
        write: Write[T],
        done: Callable[[T], object],
        refused: Callable[[PoboardError], object],
    ) -> None:
        """Write, then `done(result)`, or `refused(error)` when the board says no. Both
        come at once when the board is free; after a wait for it, later, with `late`
        set: the user may have moved on meanwhile, so the screen should not move the
        cursor. A write given up because the board stayed busy calls neither: it is
        said in a notification, and a form stays open with what was typed."""
        if self.waiting:
            self.app.notify(STILL_WAITING, title="Not saved", severity="warning", timeout=5)
            return
        try:
            with self.board.without_waiting():
                result = write(self.board)
        except BoardBusyError:
            self._wait_for_board(write, done, refused)
            return
        except PoboardError as error:
            refused(error)
            return
        done(result)

    def _wait_for_board(
        self,
        write: Write[T],
        done: Callable[[T], object],
        refused: Callable[[PoboardError], object],
    ) -> None:
        self.waiting_on = self.app.screen
        self.said_waiting = False
        timer = self.app.set_timer(MOMENT_SECONDS, self._say_waiting)
        worker: Worker[T] = self.app.run_worker(
            partial(self._write, write), thread=True, group="write", exit_on_error=False
        )
        self.app.run_worker(self._land(worker, done, refused, timer), group="write")

    def _say_waiting(self) -> None:
        if self.waiting:
            self.said_waiting = True
            self.app.notify(WAITING, title="Saving", timeout=WAIT_SECONDS + 1)

    def _write(self, write: Write[T]) -> T:
        """(On a thread.) The write on the writer's connection, which waits for the board."""
        with self.lock:
            if self.closed:
                raise BoardFileError("the app has closed its board")
            if self._writer is None:
                self._writer = self.board.reopen(wait=WAIT_SECONDS)
            return write(self._writer)

    async def _land(
        self,
        worker: Worker[T],
        done: Callable[[T], object],
        refused: Callable[[PoboardError], object],
        timer: Timer,
    ) -> None:
        """(On the UI thread.) The waiting write's outcome, shown where it was asked."""
        error: BaseException | None = None
        try:
            result = await worker.wait()
        except WorkerCancelled:
            return  # the app is closing
        except WorkerFailed as failed:
            error = failed.error
        timer.stop()
        self.waiting_on = None
        if self.said_waiting:
            self.app.clear_notifications()  # the "waiting" one is over (and nothing else
            # removes one notification): what came meanwhile is older than the outcome
        if isinstance(error, BoardBusyError):
            show_refusal(self.app, error, title="Not saved", seconds=10)
            return
        if error is not None and not isinstance(error, PoboardError):
            raise error  # a fault, not a refusal: it ends the app, as it would at once
        self.late = True
        try:
            if isinstance(error, PoboardError):
                refused(error)
                return
            done(result)
        finally:
            self.late = False
        if self.said_waiting:
            self.app.notify("Saved, once the board was free", timeout=4)

    def close(self) -> None:
        with self.lock:  # a write on its way ends first
            self.closed = True
            if self._writer is not None:
                self._writer.close()


def board_writes(node: MessagePump) -> BoardWrites:
    """The writes of the app this screen or widget is in: the app's `writes` (see
    `host.BoardHost`, which imports this module, so is not imported back)."""
    writes = getattr(node.app, "writes", None)
    assert isinstance(writes, BoardWrites)
    return writes


def dismiss_once_shown(screen: Screen[T], result: T) -> None:
    """A form whose write has landed closes with its result: now, or, when a dialog was
    opened over it while the write waited for the board, as soon as that dialog closes
    (what the form shows was saved; left open, a second save would save it twice)."""
    if screen.is_active:
        screen.dismiss(result)
        return
    changes = screen.app.screen_change_signal

    def shown(current: Screen[Any]) -> None:
        if current is screen:
            changes.unsubscribe(screen)
            screen.dismiss(result)

    changes.subscribe(screen, shown)
