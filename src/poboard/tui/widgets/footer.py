"""The footer: redrawn only when the keys it shows change, and fitted to the width.

Textual's Footer rebuilds itself on every focus change; on a board where focus moves
between lanes with each card move, that rebuild was most of the move's cost. Here it
rebuilds only when the keys it shows change, and once for changes that come together
(a screen's first showing changed them eight times). And it cuts
whatever does not fit ("n Ne▏"): here the keys are listed most used first, and those
that do not fit are left out whole — `?` (every key) always stays.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, KeyGroup

HELP_KEY = "question_mark"
MEASURE_TRIES = 5


class BoardFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[tuple[str, str, bool, bool], ...] | None = None
        self._widths: list[int] | None = None  # of each unit, measured with all shown
        self._tries = 0  # paints waited for the units to be laid out
        self._pending = False  # a rebuild is asked for: keys that change meanwhile join it

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (b.binding.key, b.binding.description, b.enabled, b.binding.show)
            for b in screen.active_bindings.values()
        )
        if shown == self._shown:
            return
        self._shown = shown
        if self._pending:
            return  # the rebuild already asked for shows the keys as they are by then
        super().bindings_changed(screen)  # asks for a rebuild after the next refresh
        self._pending = bool(screen.app.app_focus and self.is_attached and screen is self.screen)

    async def recompose(self) -> None:
        self._pending = False
        await super().recompose()
        self._widths = None
        self.call_after_refresh(self.fit_keys)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_keys)

    def units(self) -> list[list[Widget]]:
        """The footer's parts in order: a key, or a group of keys with its label."""
        units: list[list[Widget]] = []
        for child in self.children:
            if child.has_class("-command-palette"):
                continue
            if units and isinstance(units[-1][0], KeyGroup) and len(units[-1]) == 1:
                units[-1].append(child)  # the label after a group
            else:
                units.append([child])
        return units

    def fit_keys(self) -> None:
        if not self.size.width:
            return  # not on screen yet: fitted on its first resize
        units = self.units()
        if not units:
            return
        if self._widths is None or len(self._widths) != len(units):
            hidden = [part for unit in units for part in unit if not part.display]
            if hidden:  # measure with everything shown first
                for part in hidden:
                    part.display = True
                self.call_after_refresh(self.fit_keys)
                return
            widths = [
                sum(p.outer_size.width + p.styles.margin.left + p.styles.margin.right for p in u)
                for u in units
            ]
            if not all(widths):  # shown parts not laid out yet: measure after the next paint
                self._tries += 1
                if self._tries <= MEASURE_TRIES:
                    self.call_after_refresh(self.fit_keys)
                return
            self._tries = 0
            self._widths = widths
        palette = sum(c.outer_size.width for c in self.children if c.has_class("-command-palette"))
        room = self.size.width - palette - 1
        is_help = [isinstance(u[0], FooterKey) and u[0].key == HELP_KEY for u in units]
        used = sum(w for w, help_unit in zip(self._widths, is_help, strict=True) if help_unit)
        full = False
        for unit, width, help_unit in zip(units, self._widths, is_help, strict=True):
            keep = help_unit or (not full and used + width <= room)
            if not help_unit:
                full = full or not keep
                used += width if keep else 0
            for part in unit:
                if part.display != keep:
                    part.display = keep
