"""Keys typed as a form opens reach its first field, in order, never the screen behind.

A form takes a moment to show: its widgets are built and its first field focused a
refresh or two after the key that opened it. Keys typed meanwhile (`,` then ctrl+u and
a new name, at a typist's speed or from a script) would reach a screen with no focused
field and be lost, or act on the board behind. Every form is a `HoldsKeys` screen: until
it says it is ready (`KeysWelcome`, once its first field has the focus) the app holds the
keys that come (`tui.typeahead`), then sends them on in order; never for longer
than `HOLD_SECONDS`.
"""

from __future__ import annotations

from textual import events, on
from textual.message import Message
from textual.screen import ModalScreen, ScreenResultType

HOLD_SECONDS = 3.0  # a form not ready by then gets the keys held for it anyway
READY_TRIES = 20  # refreshes to wait for the first field's focus before giving up


class KeysWelcome(Message):
    """A form shows, its first field focused: the keys held for it may come."""


class HoldsKeys(ModalScreen[ScreenResultType]):
    """A form the app holds keys for while it opens (see the module)."""

    keys_welcome = False  # ready for keys: its first field has the focus

    def hold_keys(self) -> None:
        """Hold the keys typed from now until the form is ready again (a form that is
        shown anew, as the item editor is for each item, calls it as it is loaded)."""
        self.keys_welcome = False

    def ready_for_keys(self) -> bool:
        """Whether keys may come: the form shows, a field of it focused."""
        return self.app.screen is self and self.focused is not None

    @on(events.ScreenResume)
    def _await_ready(self) -> None:
        if not self.keys_welcome:
            self.call_after_refresh(self._welcome_when_ready, READY_TRIES)

    def _welcome_when_ready(self, tries: int) -> None:
        if self.keys_welcome:
            return
        if self.ready_for_keys() or tries <= 0:
            self.welcome_keys()
        else:
            self.call_after_refresh(self._welcome_when_ready, tries - 1)

    def welcome_keys(self) -> None:
        """Ready (or given up waiting): the keys held come now, and the next go straight."""
        self.keys_welcome = True
        self.post_message(KeysWelcome())
