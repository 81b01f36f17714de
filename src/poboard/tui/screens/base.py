"""What every board screen shares: the header, the board, and how a write is attempted."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.worker import get_current_worker

from ...board import Board
from ...errors import Code, ConflictError, PoboardError
from ..widgets.header import BoardHeader

if TYPE_CHECKING:
    from ..app import PoboardApp


def settle_garbage() -> None:
    """A board of 10,000 items is hundreds of thousands of long-lived objects, and every
    full garbage collection walks them all: ~90 ms, stalling a random key press. So after
    each reload (when the user is already waiting) collect everything dead, then freeze
    what is alive out of the collector's way until the next reload thaws it again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class BoardScreen(Screen[None]):
    """A peer view of the board (an App mode)."""

    @property
    def poboard(self) -> PoboardApp:
        from ..app import PoboardApp

        assert isinstance(self.app, PoboardApp)
        return self.app

    @property
    def board(self) -> Board:
        return self.poboard.board

    def compose(self) -> ComposeResult:
        yield BoardHeader()
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        self.poboard.refresh_header()
        self.show_board()

    def show_board(self, keep: int | None = None) -> None:
        """Reload and redraw now; the cursor stays on `keep` or its current item."""
        self.apply(self.load(self.board), keep)
        settle_garbage()

    def load(self, board: Board) -> Any:
        """Read what this screen shows (may run in a worker thread, on its own connection)."""
        return None

    def apply(self, data: Any, keep: int | None = None) -> None:
        """Show what `load` read."""

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def reload_in_background(self) -> None:
        """Someone else changed the board: read it off the UI thread, then redraw."""
        with self.poboard.reading:
            data = self.load(self.poboard.reader())
        if get_current_worker().is_cancelled:
            return  # a newer reload is on its way; never paint older data over it
        settle_garbage()
        self.app.call_from_thread(self.apply, data)

    def attempt(
        self, write: Callable[[], Any], keep: int | None = None, success: str | None = None
    ) -> bool:
        """Run one write; a refusal is shown, never raised, and the view is reloaded."""
        try:
            result = write()
        except ConflictError as error:
            self.refuse(error)
            self.show_board(keep)
            return False
        except PoboardError as error:
            self.refuse(error)
            return False
        for message in getattr(result, "warnings", []):
            self.notify(message, title="Warning", severity="warning", timeout=6)
        if success:
            self.notify(success, timeout=3)
        self.show_board(keep)
        self.poboard.refresh_header()
        return True

    def refuse(self, refusal: PoboardError | str) -> None:
        """A calm, specific refusal: what, why, and the key that fixes it (chosen by the
        refusal's code, never by its words)."""
        message = str(refusal)
        if isinstance(refusal, PoboardError) and (hint := self.hint(refusal.code)):
            message += f" — {hint}"
        self.notify(message, title="Refused", severity="error", timeout=8)

    def hint(self, code: Code) -> str | None:
        """The key that fixes a refusal with this code, on this screen."""
        return None
