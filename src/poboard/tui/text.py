"""User text, shown exactly as typed: never read as markup, control codes made visible
(`safe_text.visible`, the one rule every output follows), and only web and mail
addresses made links."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content
from textual.widgets import Static

from ..domain.models import Confidence
from ..domain.safe_text import is_link
from ..domain.safe_text import visible as visible  # the one rule; screens take it from here

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# A confidence is always written in words; the colour only underlines them.
CONFIDENCE_STYLE = {
    Confidence.ON_TRACK: "$text-success",
    Confidence.AT_RISK: "$text-warning",
    Confidence.OFF_TRACK: "$text-error",
}


class ControlPictures(Highlighter):
    """An Input's highlighter that draws what is typed or pasted with its control
    characters as pictures (the value keeps them, for the rule to refuse by name):
    one picture a character, so the cursor stays where it was."""

    def highlight(self, text: Text) -> None:
        shown = visible(text.plain, multiline=False)
        if shown != text.plain:
            text.plain = shown


CONTROL_PICTURES = ControlPictures()


def link_safe_markdown() -> MarkdownIt:
    """The parser a Markdown view of user text uses: Textual's own, except that a link to
    anything but a web or mail address (`javascript:`, `file:`) stays plain text."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like")
    parser.validateLink = is_link  # type: ignore[method-assign]
    return parser


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
