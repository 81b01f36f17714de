"""What is prepared ahead once the board's first screen shows, so that what a user does
next does not pay for it.

- The item editor is built out of sight (the app's `build_editor_ahead`).
- On a thread, the other screens' code is imported (~120 ms, most of it the charts'
  library) and the insights read (~10 ms at 10,000 items): what a first visit would do
  before building anything.
- Then what is loaded by now (Textual, the screens' code and styles, hundreds of
  thousands of objects), which lives as long as the app, leaves the collector's sweeps
  (`gc.freeze`); so do each screen's widgets once it first shows. Else the first full
  collection walks it all: ~100 ms that landed in the editor's first opening, a few
  seconds after the start. The app unfreezes it as it ends.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from textual.app import App

from .screens import import_screens


class Ahead:
    """The preparing of one app."""

    def __init__(
        self,
        app: App[Any],
        build_editor: Callable[[], Awaitable[None]],
        read_ahead: Callable[[], None],
    ) -> None:
        self.app = app
        self.build_editor = build_editor
        self.read_ahead = read_ahead  # on the thread
        self.prepared = False  # once the first screen showed

    def screen_shown(self) -> None:
        """A screen has shown what it read: the first, what comes later is prepared;
        any other, its widgets leave the collector's sweeps."""
        if not self.prepared:
            self.app.call_after_refresh(self.prepare)
        else:
            self.app.call_after_refresh(gc.freeze)

    def prepare(self) -> None:
        if self.prepared:
            return
        self.prepared = True
        self.app.call_later(self.build_editor)
        visits = threading.Thread(target=self.ahead_of_visits, name="poboard-imports")
        visits.daemon = True
        visits.start()

    def ahead_of_visits(self) -> None:
        failed = import_screens()
        if failed:
            self.app.call_from_thread(
                self.app.notify,
                "Some screens could not be loaded: " + "; ".join(failed),
                title="poboard is not installed whole",
                severity="error",
                timeout=20,
            )
        self.read_ahead()
        with contextlib.suppress(RuntimeError):  # the app ended meanwhile
            self.app.call_from_thread(gc.freeze)

    @staticmethod
    def end() -> None:
        """The app ends: what it froze may go with it."""
        gc.unfreeze()
