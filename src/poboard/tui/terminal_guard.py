"""The one safeguard between the screens and the terminal: no control character of any
text reaches the terminal as a raw byte (issue #27).

The screens show user text through `text.visible` (ESC as ␛) where they build it; this is
the net under all of them — a screen, a dialog, the palette's search, a widget of
Textual's own that quotes what it was given. Every line a widget draws passes through
the app's line filters (`App.get_line_filters`, Textual's public hook, which Textual
itself uses for NO_COLOR) just before it is turned into the bytes the driver writes;
this filter draws each control character left in a line's text as its picture.

Cost: Textual keeps a filtered line with the line, so a line is filtered once, when it
is first drawn, not on every refresh; and a clean segment (nearly all) costs one
`str.isprintable`, in C. A line that held control characters is cut back to the width
it was laid out in (a control character takes no cell; its picture takes one), so the
screen's layout does not move. Segments that carry a terminal control code of
Textual's own (`Segment.control`: cursor moves) are the program's, not text, and pass.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from ..domain.safe_text import visible


class ControlPictures(LineFilter):
    """Draws every control character in a line's text as its visible picture."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        for segment in segments:
            if not segment.text.isprintable() and segment.control is None:
                break
        else:
            return segments  # clean: the line as it was
        return pictured(segments)


def pictured(segments: list[Segment]) -> list[Segment]:
    """`segments` with control characters as pictures, as wide as they were."""
    width = Segment.get_line_length(segments)
    shown = [
        segment
        if segment.control is not None or segment.text.isprintable()
        else Segment(visible(segment.text, multiline=False), segment.style)
        for segment in segments
    ]
    if Segment.get_line_length(shown) == width:
        return shown
    return Segment.adjust_line_length(shown, width)


CONTROL_PICTURES = ControlPictures()
