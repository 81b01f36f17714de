"""A lane or column of one-line cards. Like the item table it draws only the lines on
screen, so a lane of thousands of cards paints as fast as a lane of ten, and a move
redraws the lines that changed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..text import visible
from .item_table import CURSOR_BINDINGS, fit


@dataclass(frozen=True)
class Line:
    """One line of a lane: part of a card (with its id) or a group heading (no id).
    Consecutive lines with the same id are one card, highlighted and stepped over together."""

    text: str
    item_id: int | None = None
    right: str = ""
    tone: str = ""  # "", "warning", "muted", "heading"


class CardList(ScrollView, can_focus=True):
    """Cards with a cursor that skips headings."""

    BINDINGS: ClassVar[list[BindingType]] = CURSOR_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-list--cursor",
        "card-list--heading",
        "card-list--warning",
        "card-list--muted",
        "card-list--empty",
    }
    DEFAULT_CSS = """
    CardList { background: $surface; }
    CardList > .card-list--cursor { background: $block-cursor-blurred-background; }
    CardList:focus > .card-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold;
    }
    CardList > .card-list--heading { color: $text-accent; text-style: bold; }
    CardList > .card-list--warning { color: $text-warning; }
    CardList > .card-list--muted { color: $text-muted; }
    CardList > .card-list--empty { color: $text-muted; text-style: italic; }
    """

    @dataclass
    class Highlighted(Message):
        cards: CardList
        item_id: int | None

    def __init__(self, empty: str = "nothing here", id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []
        self.cursor = -1
        self.empty = empty

    @property
    def current_id(self) -> int | None:
        if 0 <= self.cursor < len(self.lines):
            return self.lines[self.cursor].item_id
        return None

    @property
    def card_ids(self) -> list[int]:
        return [line.item_id for line in self.lines if line.item_id is not None]

    def texts(self) -> list[str]:
        """The lines as shown, for tests and screen readers of the board."""
        return [f"{line.text} {line.right}".rstrip() for line in self.lines]

    def show(self, lines: Sequence[Line], keep: int | None = None) -> None:
        keep = self.current_id if keep is None else keep
        self.lines = list(lines)
        cards = [n for n, line in enumerate(self.lines) if line.item_id is not None]
        chosen = next((n for n in cards if self.lines[n].item_id == keep), None)
        if chosen is None and cards:
            chosen = (
                min(cards, key=lambda n: abs(n - self.cursor)) if self.cursor >= 0 else cards[0]
            )
        self.cursor = -1 if chosen is None else chosen
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, len(self.lines)))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_id))

    def select(self, item_id: int) -> bool:
        row = next((n for n, line in enumerate(self.lines) if line.item_id == item_id), None)
        if row is None:
            return False
        self._move_to(row)
        return True

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_offset.y) + y
        base = self.rich_style
        if not self.lines:
            if y == 0:
                style = base + self.get_component_rich_style("card-list--empty")
                return Strip([Segment(fit(self.empty, width), style)])
            return Strip.blank(width, base)
        if row >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[row]
        style = base
        if line.tone:
            style = style + self.get_component_rich_style(f"card-list--{line.tone}")
        if line.item_id is not None and line.item_id == self.current_id:
            style = style + self.get_component_rich_style("card-list--cursor")
        right = f" {line.right}" if line.right else ""
        if cell_len(right) > width * 0.45:
            right = fit(right, max(2, int(width * 0.45)))
        left_width = max(1, width - cell_len(right) - 1)
        text = " " + fit(visible(line.text), left_width) + right
        return Strip([Segment(fit(text, width), style)])

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, len(self.lines)))

    def _move_to(self, row: int) -> None:
        self.cursor = row
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_id))

    def _scroll_to_cursor(self) -> None:
        if self.cursor >= 0:
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1), animate=False, immediate=True, x_axis=False
            )

    def _step(self, start: int, step: int) -> int | None:
        """The first line of the next (or previous) card from `start`."""
        here = self.lines[start].item_id if 0 <= start < len(self.lines) else None
        row = start + step
        while 0 <= row < len(self.lines):
            item_id = self.lines[row].item_id
            if item_id is not None and item_id != here:
                while row > 0 and self.lines[row - 1].item_id == item_id:
                    row -= 1
                return row
            row += 1 if step > 0 else -1
        return None

    def action_cursor(self, step: int) -> None:
        row = self._step(self.cursor, step)
        if row is not None:
            self._move_to(row)

    def action_page(self, step: int) -> None:
        target = self.cursor + step * max(1, self.scrollable_content_region.height - 1)
        target = max(0, min(target, len(self.lines) - 1))
        row = self._step(target - (1 if step > 0 else -1), 1 if step > 0 else -1)
        if row is None:
            row = self._step(target, -1 if step > 0 else 1)
        if row is not None:
            self._move_to(row)

    def action_jump(self, where: int) -> None:
        row = self._step(-1, 1) if where == 0 else self._step(len(self.lines), -1)
        if row is not None:
            self._move_to(row)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = int(self.scroll_offset.y) + offset.y
        if 0 <= row < len(self.lines) and self.lines[row].item_id is not None:
            self.focus()
            self.select(self.lines[row].item_id or 0)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()
