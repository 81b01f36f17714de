"""A lane or column of cards, each one or more lines. Like the item table it draws only
the lines on screen, so a lane of thousands of cards paints as fast as a lane of ten."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar, NamedTuple, overload

from rich.cells import cell_len
from rich.segment import Segment
from textual.message import Message
from textual.strip import Strip

from ..text import visible
from .item_table import fit
from .virtual_list import VirtualList


class Line(NamedTuple):
    """One line of a lane: part of a card (with its id) or a group heading (no id).
    Consecutive lines with the same id are one card, highlighted and stepped over together.
    (A tuple: a lane of thousands is built in a blink, where a frozen dataclass was slow.)"""

    text: str
    item_id: int | None = None
    right: str = ""
    tone: str = ""  # "", "warning", "muted", "heading"
    wrap: bool = False  # a card's title: onto a second line when the lane is too narrow


def cells(text: str) -> int:
    """Terminal cells `text` takes (plain ASCII, the common case, without a lookup)."""
    return len(text) if text.isascii() else cell_len(text)


def fits(line: Line, width: int) -> bool:
    """Whether the line is drawn as given at this width (else it takes two)."""
    if not line.wrap or width <= 0:
        return True
    text = line.text if line.text.isascii() and line.text.isprintable() else visible(line.text)
    return cells(text) + (cells(line.right) + 1 if line.right else 0) + 1 <= width


def wrapped(line: Line, width: int) -> list[Line]:
    """A title line as it fits `width` cells: one line when key, title and the right-hand
    part fit; else the title's first words, then the rest of it with the right-hand part
    on a second line (the rest cut with an ellipsis if it is still too long)."""
    if fits(line, width):
        return [line]
    text = visible(line.text)
    if text.isascii():  # a cell a character: after a leading space, the words that fit
        cut = len(text) if len(text) < width else text.rfind(" ", 0, width)
        if cut < 0:
            cut = text.find(" ")  # one long word: it goes first whole, cut at the edge
        first, rest = (text[:cut], text[cut + 1 :]) if cut >= 0 else (text, "")
    else:
        words = text.split(" ")
        used = 1 + cell_len(words[0])  # the leading space, then the first word
        taken = 1
        while taken < len(words) and used + 1 + (size := cell_len(words[taken])) <= width:
            used += 1 + size
            taken += 1
        first = " ".join(words[:taken])
        rest = " ".join(words[taken:])
    return [
        Line(first, line.item_id, tone=line.tone),
        Line(f"   {rest}" if rest else "", line.item_id, line.right, line.tone),
    ]


class LaidOut(Sequence[Line]):
    """Lines as drawn at a width. Whether a line takes one or two is quick to tell; how
    a title splits is worked out only for the lines asked for (those on screen, or
    under the cursor), so laying out a lane of 10,000 cards costs a count, not a wrap."""

    def __init__(self, source: Sequence[Line], width: int) -> None:
        self.source = source
        self.width = width
        self.starts = list(
            accumulate((1 if fits(line, width) else 2 for line in source), initial=0)
        )
        self.split: dict[int, list[Line]] = {}

    def __len__(self) -> int:
        return self.starts[-1]

    @overload
    def __getitem__(self, index: int) -> Line: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Line]: ...
    def __getitem__(self, index: int | slice) -> Line | Sequence[Line]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        n = index + len(self) if index < 0 else index
        if not 0 <= n < len(self):
            raise IndexError(index)
        at = bisect.bisect_right(self.starts, n) - 1
        if self.starts[at + 1] - self.starts[at] == 1:
            return self.source[at]
        if at not in self.split:
            self.split[at] = wrapped(self.source[at], self.width)
        return self.split[at][n - self.starts[at]]

    def item_id(self, n: int) -> int | None:
        """The item of drawn line `n`, without splitting any title."""
        return self.source[bisect.bisect_right(self.starts, n) - 1].item_id

    def stops(self) -> list[int]:
        """The first drawn line of each card."""
        source, starts = self.source, self.starts
        return [
            starts[i]
            for i, line in enumerate(source)
            if line.item_id is not None and (i == 0 or source[i - 1].item_id != line.item_id)
        ]


class CardList(VirtualList):
    """Cards with a cursor that skips headings."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card-list--cursor",
        "card-list--heading",
        "card-list--warning",
        "card-list--muted",
        "card-list--empty",
    }

    @dataclass
    class Highlighted(Message):
        cards: CardList
        item_id: int | None

    def __init__(self, empty: str = "nothing here", id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: LaidOut = LaidOut([], 0)  # as drawn: wrapped to the width
        self.source: list[Line] = []  # as given
        self.laid_width = 0
        self.empty = empty
        self.shown = False  # until the first show, the board is still being read

    @property
    def current_id(self) -> int | None:
        return self.lines.item_id(self.cursor) if 0 <= self.cursor < len(self.lines) else None

    @property
    def card_ids(self) -> list[int]:
        """The item of every card line as given (a card with a note is there twice)."""
        return [line.item_id for line in self.source if line.item_id is not None]

    def texts(self) -> list[str]:
        """The cards' lines as given (before wrapping to the width), for tests."""
        return [f"{line.text} {line.right}".rstrip() for line in self.source]

    def show(self, lines: Sequence[Line], keep: int | None = None) -> None:
        """Show these lines; the cursor stays on `keep` (or its current card) when it is
        still here, else on the card nearest where it was."""
        self.shown = True
        self.source = list(lines)
        self.lay_out(self.current_id if keep is None else keep)

    def lay_out(self, keep: int | None) -> None:
        region = self.scrollable_content_region
        width = region.width
        if 0 < region.height < len(self.source) and not self.show_vertical_scrollbar:
            width -= self.styles.scrollbar_size_vertical  # it will need one: wrap once
        self.laid_width = width
        self.lines = LaidOut(self.source, width)
        self.stops = self.lines.stops()
        kept = next((n for n in self.stops if self.lines.item_id(n) == keep), None)
        self.relayout(kept if kept is not None else self.cursor)

    def rewrap(self) -> None:
        """Lay the cards out again when the width they were wrapped to has changed."""
        if self.scrollable_content_region.width != self.laid_width and any(
            line.wrap for line in self.source
        ):
            self.lay_out(self.current_id)

    def fit_width(self) -> None:
        self.rewrap()

    def watch_show_vertical_scrollbar(self) -> None:
        self.call_after_refresh(self.rewrap)

    def select(self, item_id: int) -> bool:
        stop = next((n for n in self.stops if self.lines.item_id(n) == item_id), None)
        if stop is None:
            return False
        self.move_to(stop)
        return True

    def span(self, stop: int) -> range:
        end = stop + 1
        item_id = self.lines.item_id(stop) if stop < len(self.lines) else None
        while end < len(self.lines) and self.lines.item_id(end) == item_id:
            end += 1
        return range(stop, end)

    def line_count(self) -> int:
        return len(self.lines)

    def cursor_moved(self) -> None:
        self.post_message(self.Highlighted(self, self.current_id))

    def render_line(self, y: int) -> Strip:
        if not self.lines and y == 0:
            width = self.scrollable_content_region.width
            style = self.base_style + self.get_component_rich_style("card-list--empty")
            empty = self.empty if self.shown else "Reading the board…"
            return Strip([Segment(fit(empty, width), style)])
        return super().render_line(y)

    def draw(self, line: int, width: int, under_cursor: bool) -> Strip:
        card = self.lines[line]
        style = self.base_style
        if card.tone:
            style = style + self.get_component_rich_style(f"card-list--{card.tone}")
        if under_cursor:
            style = style + self.get_component_rich_style("card-list--cursor")
        right = f" {visible(card.right)}" if card.right else ""  # an owner is user text
        if cell_len(right) > width * 0.45:
            right = fit(right, max(2, int(width * 0.45)))
        left_width = max(1, width - cell_len(right) - 1)
        text = " " + fit(visible(card.text), left_width) + right
        return Strip([Segment(fit(text, width), style)])
