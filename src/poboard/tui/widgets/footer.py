"""The footer, redrawn only when the keys it shows change.

Textual's Footer rebuilds itself on every focus change; on a board where focus moves
between lanes with each card move, that rebuild was most of the move's cost.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class BoardFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, bool, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (b.binding.key, b.binding.description, b.enabled, b.binding.show)
            for b in screen.active_bindings.values()
        )
        if shown == self._shown:
            return
        self._shown = shown
        super().bindings_changed(screen)
