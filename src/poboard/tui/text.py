"""User text, shown exactly as typed: never read as markup, control codes made visible."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from ..domain.models import Confidence

CONTROL_PICTURES = {code: 0x2400 + code for code in range(32) if code not in (9, 10)}
CONTROL_PICTURES[127] = 0x2421
# A confidence is always written in words; the colour only underlines them.
CONFIDENCE_STYLE = {
    Confidence.ON_TRACK: "$text-success",
    Confidence.AT_RISK: "$text-warning",
    Confidence.OFF_TRACK: "$text-error",
}


def visible(text: str) -> str:
    """Control characters (an ESC starting a colour code, say) become their ␛ pictures."""
    return text.translate(CONTROL_PICTURES)


def literal(text: str, style: str = "") -> Content:
    return Content.styled(visible(text), style) if style else Content(visible(text))


def cell(text: str, style: str = "") -> Text:
    """A DataTable cell: a Rich Text, which the table never parses as markup."""
    return Text(visible(text), style=style, no_wrap=True, overflow="ellipsis")


def bar(fraction: float, cells: int) -> str:
    """A progress bar in text (▓ done, ░ to go), readable without colour."""
    filled = round(max(0.0, min(1.0, fraction)) * cells)
    return "▓" * filled + "░" * (cells - filled)


def show(widget: Static, content: Content) -> None:
    """Redraw a Static only when what it says changes, and ask for a layout pass (it
    costs more than the redraw) only when the widget's height follows its text."""
    shown = widget.content
    if isinstance(shown, Content) and (shown.plain, shown.spans) == (content.plain, content.spans):
        return
    height = widget.styles.height
    widget.update(content, layout=height is None or height.is_auto)


def fitted(choices: list[Content], width: int) -> Content:
    """The first of `choices` (fullest first) that fits in `width` cells; else the last,
    cut with an ellipsis."""
    for choice in choices:
        if choice.cell_length <= width:
            return choice
    return choices[-1].truncate(max(1, width), ellipsis=True)
