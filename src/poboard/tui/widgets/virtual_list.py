"""The base of poboard's long lists: lines drawn only while on screen, a cursor that
rests on "stops" (a row, or the first line of a card), and the keys, scrolling and
clicks that move it. A list of 10,000 costs what the 40 lines on screen cost, and a
cursor move redraws the two places it left and reached."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

CURSOR_BINDINGS: list[BindingType] = [
    Binding("up", "cursor(-1)", "Up", show=False),
    Binding("down", "cursor(1)", "Down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("home", "jump(0)", "First", show=False),
    Binding("end", "jump(-1)", "Last", show=False),
]


class VirtualList(ScrollView, can_focus=True):
    """Subclasses say how many lines there are, where the stops are, how a stop's lines
    span and how a line is drawn; this class moves the cursor between stops."""

    BINDINGS: ClassVar[list[BindingType]] = CURSOR_BINDINGS
    header_height = 0  # lines at the top that stay put (a table's column titles)

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.stops: Sequence[int] = ()
        self.cursor = -1
        self.base_style = Style()
        self.fitted_width: int | None = None  # the width `fit_width` last fitted to

    # ----- what subclasses provide -------------------------------------------------------

    def line_count(self) -> int:
        return 0

    def span(self, stop: int) -> range:
        """The lines that belong to the stop (highlighted together)."""
        return range(stop, stop + 1)

    def draw(self, line: int, width: int, under_cursor: bool) -> Strip:
        return Strip.blank(width, self.base_style)

    def draw_header(self, y: int, width: int) -> Strip:
        return Strip.blank(width, self.base_style)

    def cursor_moved(self) -> None:
        """Called after every move of the cursor (and after `relayout`)."""

    def fit_width(self) -> None:
        """Fit what is drawn to the width just given (see `render_lines`)."""

    # ----- layout and drawing ------------------------------------------------------------

    def relayout(self, keep_line: int | None = None) -> None:
        """After the lines changed: size, cursor on `keep_line` or the nearest stop, redraw."""
        if not self.stops:
            self.cursor = -1
        else:
            wanted = self.cursor if keep_line is None else keep_line
            self.cursor = self.nearest_stop(max(0, wanted))
        self.virtual_size = Size(self.content_width(), self.line_count() + self.header_height)
        self.scroll_to_cursor()
        self.refresh()
        self.cursor_moved()

    def content_width(self) -> int:
        return self.scrollable_content_region.width

    def nearest_stop(self, line: int) -> int:
        index = bisect.bisect_left(self.stops, line)
        candidates = [self.stops[i] for i in (index - 1, index) if 0 <= i < len(self.stops)]
        return min(candidates, key=lambda stop: (abs(stop - line), stop))

    def render_lines(self, crop: Region) -> list[Strip]:
        """Work out the widget's own style once a paint, not once a line (walking the
        widget's ancestors for it costs more than drawing the line). A width not seen
        before is fitted here, as the lines are about to be drawn: `on_resize` comes only
        after the first paint at a new width, which would be drawn at the old one and
        again a frame later."""
        self.base_style = self.rich_style
        width = self.scrollable_content_region.width
        if width != self.fitted_width:
            self.fitted_width = width
            self.fit_width()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y < self.header_height:
            return self.draw_header(y, width)
        line = int(self.scroll_offset.y) + y - self.header_height
        if line >= self.line_count():
            return Strip.blank(width, self.base_style)
        return self.draw(line, width, self.cursor >= 0 and line in self.span(self.cursor))

    def on_resize(self, event: events.Resize) -> None:
        """Keep the cursor in view at the new size (a first layout may have scrolled for a
        height the list never got)."""
        self.virtual_size = Size(self.content_width(), self.line_count() + self.header_height)
        self.call_after_refresh(self.scroll_to_cursor)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    # ----- moving ------------------------------------------------------------------------

    def move_to(self, stop: int) -> None:
        if not self.stops or stop == self.cursor:
            return
        old = self.cursor
        self.cursor = stop
        self.scroll_to_cursor()
        for moved in (old, stop):
            if moved >= 0:
                self.refresh_stop(moved)
        self.cursor_moved()

    def refresh_stop(self, stop: int) -> None:
        """Redraw one stop's lines (nothing when they are off screen)."""
        top = int(self.scroll_offset.y)
        lines = self.span(stop)
        self.refresh(Region(0, lines.start - top + self.header_height, self.size.width, len(lines)))

    def scroll_to_cursor(self) -> None:
        if self.cursor < 0:
            return
        lines = self.span(self.cursor)
        self.scroll_to_region(
            Region(0, lines.start + self.header_height, 1, len(lines)),
            animate=False,
            immediate=True,
            x_axis=False,
            spacing=None,
        )
        if lines.start - int(self.scroll_offset.y) < 0:
            self.scroll_to(y=lines.start, animate=False, immediate=True)

    def step(self, start: int, direction: int) -> int | None:
        """The next stop after (or before) `start`."""
        if direction > 0:
            index = bisect.bisect_right(self.stops, start)
        else:
            index = bisect.bisect_left(self.stops, start) - 1
        return self.stops[index] if 0 <= index < len(self.stops) else None

    def action_cursor(self, direction: int) -> None:
        stop = self.step(self.cursor, direction)
        if stop is not None:
            self.move_to(stop)

    def action_page(self, direction: int) -> None:
        if not self.stops:
            return
        page = max(1, self.scrollable_content_region.height - self.header_height - 1)
        target = max(0, min(self.cursor + direction * page, self.line_count() - 1))
        self.move_to(self.nearest_stop(target))

    def action_jump(self, where: int) -> None:
        if self.stops:
            self.move_to(self.stops[-1] if where < 0 else self.stops[0])

    def on_click(self, event: events.Click) -> None:
        """A click only moves the cursor: nothing in a line is ever an action."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.header_height:
            return
        line = int(self.scroll_offset.y) + offset.y - self.header_height
        if not 0 <= line < self.line_count() or not self.stops:
            return
        index = bisect.bisect_right(self.stops, line) - 1
        if index >= 0 and line in self.span(self.stops[index]):
            self.focus()
            self.move_to(self.stops[index])
