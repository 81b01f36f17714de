"""The two header lines every screen shows: board, user and sprint; then the screen tabs."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from ...board import SprintProgress
from ..text import fitted, show


class BoardHeader(Widget):
    """Answers "what matters now" at a glance; plain text, so user words stay literal."""

    def compose(self) -> ComposeResult:
        yield Static(id="header-line")
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
        left = Content.assemble(("poboard", "bold"), " · ", (board_name, "bold"))
        who = f"{user} (PO)" if is_po else user
        if read_only:
            who += f" · read-only ({why})" if why else " · read-only"
        width = max(self.size.width - 2, 40)
        choices = [Content(f"{who} · no sprint running" + (f" · {next_up}" if next_up else ""))]
        if next_up:  # narrower: the next sprint matters more than saying none runs
            choices += [Content(f"{who} · {next_up}"), Content(next_up)]
        if progress is not None:
            sprint = progress.sprint
            numbers = (
                f"{progress.days_left}d left · {progress.done}/{progress.committed} pts"
                f" done · cap {sprint.capacity}"
            )
            short = f"{progress.days_left}d left · {progress.done}/{progress.committed} pts"
            choices = [
                Content(f'{who} · {sprint.name} "{sprint.goal}" · {numbers}'),
                Content(f"{who} · {sprint.name} · {numbers}"),
                Content(f"{who} · {sprint.name} · {short}"),
            ]
        right = fitted(choices, max(10, width - left.cell_length - 2))
        gap = max(2, width - left.cell_length - right.cell_length)
        show(self.query_one("#header-line", Static), Content.assemble(left, " " * gap, right))
        parts: list[Content | str | tuple[str, str]] = []
        for key, label, current in tabs:
            parts.append((f" {key} {label} ", "reverse bold" if current else ""))
            parts.append(" ")
        show(self.query_one("#tabs-line", Static), Content.assemble(*parts))
