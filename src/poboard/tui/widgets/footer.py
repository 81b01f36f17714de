"""The footer: the keys that act here, on one line, fitted to the width.

Textual's Footer is a widget per key, rebuilt (composed, mounted, styled and laid out
with the whole screen) whenever the keys change: a screen's first showing rebuilt it
twice after its first paint, ~100 ms of a first visit to the roadmap at 10,000 items.
Here the footer is one line drawn from the screen's active bindings, so a change of keys
redraws one line and lays nothing out.

A key its screen says cannot act now (see `key_gate`) is left out. The keys are listed
most used first (the order of the bindings); those that do not fit
are left out whole, and `?` (every key) always stays. The command palette's key sits at
the right. A click on a key presses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from ..key_gate import hidden

HELP_KEY = "question_mark"
DIM = Style(dim=True)  # a key shown that cannot act now


@dataclass(frozen=True)
class KeyUnit:
    """A key, or a group of keys with one description, as the footer shows it."""

    keys: tuple[str, ...]  # as bound: the first is pressed on a click
    shown: tuple[str, ...]  # as displayed, one per key
    description: str
    enabled: bool

    @property
    def label(self) -> str:
        return f" {''.join(self.shown)} "

    @property
    def width(self) -> int:
        return cell_len(self.label) + (cell_len(self.description) + 1 if self.description else 0)

    @property
    def is_help(self) -> bool:
        return HELP_KEY in self.keys


def key_units(screen: Screen[object]) -> tuple[list[KeyUnit], KeyUnit | None]:
    """The keys to show for the screen's focus, in order, and the command palette's."""
    app = screen.app
    active = screen.active_bindings
    first_of_action: dict[str, tuple[Binding, bool]] = {}
    for node, binding, enabled, _tooltip in active.values():
        if binding.show and not hidden(node, binding.action):
            first_of_action.setdefault(binding.action, (binding, enabled))
    units: list[KeyUnit] = []
    for group, members in groupby(first_of_action.values(), lambda pair: pair[0].group):
        pairs = list(members)
        if group is not None and len(pairs) > 1:
            units.append(
                KeyUnit(
                    tuple(b.key for b, _ in pairs),
                    tuple(app.get_key_display(b) for b, _ in pairs),
                    group.description,
                    any(enabled for _, enabled in pairs),
                )
            )
        else:
            units.extend(one_key(screen, b, enabled) for b, enabled in pairs)
    palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
    return units, one_key(screen, palette.binding, palette.enabled) if palette else None


def one_key(screen: Screen[object], binding: Binding, enabled: bool) -> KeyUnit:
    shown = screen.app.get_key_display(binding)
    return KeyUnit((binding.key,), (shown,), binding.description, enabled)


def fitted(units: list[KeyUnit], room: int) -> list[KeyUnit]:
    """The units that fit in `room` cells: in order until one does not, and help always."""
    used = sum(unit.width for unit in units if unit.is_help)
    kept: list[KeyUnit] = []
    full = False
    for unit in units:
        if not unit.is_help:
            full = full or used + unit.width > room
            if full:
                continue
            used += unit.width
        kept.append(unit)
    return kept


class BoardFooter(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "board-footer--key",
        "board-footer--description",
        "board-footer--hover",
        "board-footer--separator",
    }
    DEFAULT_CSS = """
    BoardFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .board-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .board-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .board-footer--hover {
            background: $block-hover-background;
        }
        & > .board-footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.units: list[KeyUnit] = []
        self.palette: KeyUnit | None = None
        self.spans: list[tuple[int, int, KeyUnit]] = []  # as drawn: start, end, unit
        self.hovered: KeyUnit | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        units, palette = key_units(screen)
        if (units, palette) != (self.units, self.palette):
            self.units, self.palette = units, palette
            self.refresh()

    def shown_keys(self) -> list[str]:
        """The keys drawn at the footer's width, as a user reads them."""
        return [key for _start, _end, unit in self.spans for key in unit.shown]

    def render(self) -> Text:
        width = self.size.width
        palette = self.palette
        room = width - (palette.width + 1 if palette else 0)
        line = Text(no_wrap=True, overflow="crop")
        self.spans = []
        for unit in fitted(self.units, room):
            self._draw(line, unit)
        if palette:
            line.append(" " * max(0, room - line.cell_len))
            line.append("▏", self.get_component_rich_style("board-footer--separator"))
            self._draw(line, palette)
        return line

    def _draw(self, line: Text, unit: KeyUnit) -> None:
        start = line.cell_len
        key_style = self.get_component_rich_style("board-footer--key")
        description_style = self.get_component_rich_style("board-footer--description")
        if unit == self.hovered:
            hover = self.get_component_rich_style("board-footer--hover")
            key_style, description_style = key_style + hover, description_style + hover
        if not unit.enabled:
            key_style, description_style = key_style + DIM, description_style + DIM
        line.append(unit.label, key_style)
        if unit.description:
            line.append(f"{unit.description} ", description_style)
        self.spans.append((start, line.cell_len, unit))

    def unit_at(self, x: int) -> KeyUnit | None:
        return next((unit for start, end, unit in self.spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        unit = self.unit_at(event.x)
        if unit is None:
            return
        if unit.enabled:
            self.app.simulate_key(unit.keys[0])
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.unit_at(event.x))

    def on_leave(self) -> None:
        self._hover(None)

    def _hover(self, unit: KeyUnit | None) -> None:
        if unit != self.hovered:
            self.hovered = unit
            self.refresh()
