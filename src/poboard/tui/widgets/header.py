"""The two header lines every screen shows: board, user and sprint; then the screen tabs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...board import SprintProgress
from ..text import fitted, show, visible


class HeaderLine(Static):
    """The board on the left; on the right the user and the sprint, in the fullest of
    their forms that fits. Fitted as it is drawn, so it is right at any width from its
    first paint (fitted when shown, it was cut short until the next resize)."""

    def __init__(self, id: str) -> None:
        super().__init__(id=id)
        self.left = Content()
        self.choices = [Content()]  # fullest first

    def set(self, left: Content, choices: list[Content]) -> None:
        if (left, choices) != (self.left, self.choices):
            self.left, self.choices = left, choices
            self.refresh()

    def render(self) -> Content:
        width = self.content_size.width or self.app.size.width - 2
        right = fitted(self.choices, max(10, width - self.left.cell_length - 2))
        gap = max(2, width - self.left.cell_length - right.cell_length)
        return Content.assemble(self.left, " " * gap, right)


class BoardHeader(Widget):
    """Answers "what matters now" at a glance; plain text, so user words stay literal."""

    def compose(self) -> ComposeResult:
        yield HeaderLine(id="header-line")
        yield Static(id="tabs-line")

    def show(
        self,
        board_name: str,
        user: str,
        is_po: bool,
        progress: SprintProgress | None,
        tabs: list[tuple[str, str, bool]],
        read_only: bool = False,
        why: str = "",
        next_up: str = "",
    ) -> None:
        """`why` is the short form of what stops this account writing (a file, its owner
        and mode); the full sentence comes up as a notification. `next_up` says when the
        next sprint starts, while none is running."""
        # user text (the board's, its sprint's names) with control characters as pictures
        board_name, next_up = visible(board_name), visible(next_up)
        left = Content.assemble(("poboard", "bold"), " · ", (board_name, "bold"))
        who = f"{user} (PO)" if is_po else user
        if read_only:
            who += f" · read-only ({why})" if why else " · read-only"
        choices = [Content(f"{who} · no sprint running" + (f" · {next_up}" if next_up else ""))]
        if next_up:  # narrower: the next sprint matters more than saying none runs
            choices += [Content(f"{who} · {next_up}"), Content(next_up)]
        if progress is not None:
            sprint = progress.sprint
            name, goal = visible(sprint.name), visible(sprint.goal)
            numbers = (
                f"{progress.days_left}d left · {progress.done}/{progress.committed} pts"
                f" done · cap {sprint.capacity}"
            )
            short = f"{progress.days_left}d left · {progress.done}/{progress.committed} pts"
            choices = [
                Content(f"{who} · {name} “{goal}” · {numbers}"),
                Content(f"{who} · {name} · {numbers}"),
                Content(f"{who} · {name} · {short}"),
            ]
        self.query_one(HeaderLine).set(left, choices)
        parts: list[Content | str | tuple[str, str]] = []
        for key, label, current in tabs:
            parts.append((f" {key} {label} ", "reverse bold" if current else ""))
            parts.append(" ")
        show(self.query_one("#tabs-line", Static), Content.assemble(*parts))
