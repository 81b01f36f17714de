"""What the board's screens and palette commands use of the app they run in.

The app (`app.PoboardApp`) imports every screen to make its modes; a screen that
imported the app back would tie the two into one knot, each loadable and testable only
with the other. So a screen knows the app only as a `BoardHost`: the board and its
background reads and writes, the header, the item editor, and the few moves a screen
asks of the app as a whole. `PoboardApp` is the one host.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from ..board import Board, ItemView, SprintProgress
from ..domain.models import Item
from .reads import BackgroundReads
from .served_session import MemberSafeApp
from .writes import BoardWrites

if TYPE_CHECKING:
    from .widgets.item_editor import ItemEditor


class BoardHost(MemberSafeApp):
    """The app as its screens see it (what each method does is told where the app does
    it, in `app.PoboardApp`)."""

    board: Board
    reads: BackgroundReads  # a second connection, for reading off the UI thread
    writes: BoardWrites  # this user's writes, one at a time, waiting for a busy board
    today: date | None  # a fixed date (tests and the demo), or None: the clock's
    # The open items as the backlog last showed them, and the last event they reflect:
    # the roadmap starts from these instead of reading them all again.
    open_views: tuple[int, list[ItemView]] | None = None
    screens_made = 0

    def screen_made(self) -> bool:
        """Count a board screen as it is made: whether another was made before it (the
        first is made as the app starts, before it has a size; the others, while it
        runs, start at the app's width)."""
        self.screens_made += 1
        return self.screens_made > 1

    # What the app does for its screens, declared for the type checker only: the app
    # (`app.PoboardApp`) defines each; no body here can be called by mistake.
    if TYPE_CHECKING:

        def screen_shown(self) -> None: ...

        def refresh_header(self, progress: SprintProgress | None = None) -> None: ...

        def item_editor(
            self,
            item_id: int | None = None,
            tab: str = "details",
            focus_missing: bool = False,
            draft: Item | None = None,
            add: Callable[..., Item] | None = None,
            heading: str = "New item",
        ) -> ItemEditor: ...

        async def show_item(self, item_id: int) -> None: ...

        def show_report_by_ssh(self) -> None: ...

        def action_write_report(self) -> None: ...
