"""Lines of text, each whole or a label with its value beside it, wrapped by the widget
itself: the figures on Insights, a key result's check-ins in the goal view."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

Line = Content | tuple[Content, Content]  # whole, or a label and its value


class Lines(Widget):
    """Lines of text, each whole or a label with its value beside it; a long value wraps
    under itself (a hanging indent), never under its label. One widget that wraps its
    own text, so new figures cost a repaint, not a mount of a widget a line."""

    def __init__(self, lines_id: str, label_width: int) -> None:
        super().__init__(id=lines_id, classes="lines")
        self.label_width = label_width
        self.lines: list[Line] = []

    def show(self, lines: Sequence[Line]) -> None:
        if list(lines) != self.lines:
            self.lines = list(lines)
            self.refresh(layout=True)

    def wrapped(self, width: int) -> list[Content]:
        indent = Content(" " * self.label_width)
        room = max(1, width - self.label_width)
        found: list[Content] = []
        for line in self.lines:
            if isinstance(line, tuple):
                label, value = line
                head, *rest = value.wrap(room) or [Content()]
                label = label.truncate(self.label_width - 1)
                found.append(label.pad_right(self.label_width - label.cell_length) + head)
                found += [indent + part for part in rest]
            else:
                found += line.wrap(max(1, width)) or [Content()]
        return found

    def row_of(self, index: int) -> int:
        """The row line `index` starts on, once wrapped to the widget's width."""
        width = self.content_size.width or self.size.width or 80
        shown, self.lines = self.lines, self.lines[:index]
        try:
            return len(self.wrapped(width))
        finally:
            self.lines = shown

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.wrapped(width))

    def render(self) -> Content:
        return Content("\n").join(self.wrapped(self.content_size.width))

    @property
    def text(self) -> list[str]:
        """Each line unwrapped, as plain text: a label and its value a space apart."""
        return [
            f"{line[0].plain} {line[1].plain}" if isinstance(line, tuple) else line.plain
            for line in self.lines
        ]
