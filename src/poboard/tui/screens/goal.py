"""One goal up close, over the Roadmap: each key result from baseline through now to
target, its progress, its trend and latest confidence, and its check-ins newest first.
`k` checks one in, `a` adds one, ←/→ go through the goals; the view follows what
others check in, as the board screens do."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ...board import Board
from ...errors import PoboardError
from ...models import CheckIn, Goal, KeyResult
from ...okr import sparkline
from ..text import CONFIDENCE_STYLE, bar, literal, show
from ..widgets.lines import Line, Lines
from ..widgets.okr_forms import CheckInDialog, KeyResultDialog, checked_in

BAR_CELLS = 10
BY_CELLS = 12  # a long user name is cut, so notes keep their room


def confidence_words(checkin: CheckIn | None, kr: KeyResult | None = None) -> Content:
    """The confidence in words (coloured too), or a dash when none was stated."""
    stated = checkin.confidence if checkin is not None else kr.confidence if kr else None
    if stated is None:
        return Content.styled("—", "dim")
    return Content.styled(stated.value, CONFIDENCE_STYLE[stated])


def history_label(checkin: CheckIn, value_cells: int, by_cells: int) -> Content:
    """Date, value, confidence and who: the columns before a check-in's note."""
    by = checkin.by if len(checkin.by) <= by_cells else checkin.by[: by_cells - 1] + "…"
    confidence = confidence_words(checkin)
    return Content.assemble(
        (f"{checkin.day}  ", "dim"),
        (f"{checkin.value:,g}".rjust(value_cells), "bold"),
        "  ",
        confidence.pad_right(len("off track") - confidence.cell_length),
        "  ",
        literal(by.ljust(by_cells)),
    )


def history_width(goal: Goal) -> tuple[int, int, int]:
    """Cells for the value and the name columns, and the label they make (with the
    indent and the gaps), alike for every key result of the goal."""
    checkins = [c for kr in goal.key_results for c in kr.checkins]
    value_cells = max((len(f"{c.value:,g}") for c in checkins), default=5)
    by_cells = min(BY_CELLS, max((len(c.by) for c in checkins), default=2))
    return value_cells, by_cells, 2 + 10 + 2 + value_cells + 2 + 9 + 2 + by_cells + 2


def goal_view_lines(goal: Goal, value_cells: int, by_cells: int) -> list[Line]:
    """What the view says of the goal, a line (or a label and a note) at a time; user
    text literally."""
    count = len(goal.key_results)
    lines: list[Line] = [
        Content.assemble(
            (f"{bar(goal.progress, BAR_CELLS)} {goal.progress:.0%}", "bold"),
            (
                f"  of the way: the mean of its {count} key result{'s' * (count != 1)}"
                if count
                else "",
                "dim",
            ),
        )
    ]
    if not goal.key_results:
        lines += [Content(""), Content.styled("No key results yet: a adds one.", "dim")]
    for kr in goal.key_results:
        lines += [Content(""), *key_result_lines(goal, kr, value_cells, by_cells)]
    return lines


def key_result_lines(goal: Goal, kr: KeyResult, value_cells: int, by_cells: int) -> list[Line]:
    lines: list[Line] = [
        Content.assemble((f"{kr.key} ", "bold $text-accent"), literal(kr.metric, "bold")),
        Content.assemble(
            "  ",
            literal(f"{kr.baseline:,g} → {kr.current:,g} → {kr.target:,g}"),
            ("  baseline → now → target", "dim"),
        ),
        Content.assemble(
            "  ",
            (f"{bar(kr.progress, BAR_CELLS)} {kr.progress:.0%}", "bold"),
            ("   confidence ", "dim"),
            confidence_words(None, kr),
        ),
    ]
    if not kr.checkins:
        lines.append(
            Content.styled("  no check-ins yet: k records today's value", "dim"),
        )
        return lines
    many = len(kr.checkins)
    lines.append(
        Content.assemble(
            ("  trend ", "dim"),
            (sparkline(kr.values), "bold"),
            (f"  baseline, then {many} check-in{'s' * (many != 1)}; newest first:", "dim"),
        )
    )
    for checkin in reversed(kr.checkins):
        label = Content("  ") + history_label(checkin, value_cells, by_cells)
        lines.append((label, literal(checkin.note or "")))
    return lines


class GoalScreen(ModalScreen[None]):
    """A goal with its key results and their check-ins; esc goes back to the Roadmap."""

    TITLE = "Goal"
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("k", "check_in", "Check in"),
        Binding("a", "add_key_result", "Add key result"),
        Binding("left", "step(-1)", "Previous goal", key_display="←", priority=True),
        Binding("right", "step(1)", "Next goal", key_display="→", priority=True),
    ]

    def __init__(self, board: Board, goal_ids: Sequence[int], goal_id: int) -> None:
        super().__init__()
        self.board = board
        self.goal_ids = list(goal_ids) or [goal_id]
        self.goal_id = goal_id
        self.goal: Goal | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="goal-view"):
            yield Static(id="goal-title")
            with VerticalScroll(id="goal-body"):
                yield Lines("goal-lines", 0)
            yield Static(
                Content.styled(
                    "k check in · a add key result · ←/→ other goal · ↑↓ scroll · esc close",
                    "dim",
                ),
                id="goal-keys",
            )

    def on_mount(self) -> None:
        self.catch_up()
        self.query_one("#goal-body").focus()

    def catch_up(self) -> None:
        """Read the goal again (one goal and its check-ins: a small read) and show it."""
        try:
            goal = self.board.goal(self.goal_id)
        except PoboardError as error:
            self.app.notify(str(error), title="Goal gone", severity="warning")
            self.dismiss(None)
            return
        self.show_goal(goal)

    def show_goal(self, goal: Goal) -> None:
        self.goal = goal
        star = "★ North Star · " if goal.north_star else ""
        quarter = f" ({goal.quarter})" if goal.quarter else ""
        where = self.goal_ids.index(goal.id) + 1 if goal.id in self.goal_ids else 0
        show(
            self.query_one("#goal-title", Static),
            Content.assemble(
                (star, "bold"),
                (f"G{goal.id} ", "bold"),
                literal(f"{goal.title}{quarter}", "bold"),
                (f"   goal {where} of {len(self.goal_ids)}" if where else "", "dim"),
            ),
        )
        value_cells, by_cells, label_cells = history_width(goal)
        lines = self.query_one(Lines)
        lines.label_width = label_cells
        lines.show(goal_view_lines(goal, value_cells, by_cells))
        lines.refresh(layout=True)

    def action_step(self, step: int) -> None:
        if len(self.goal_ids) < 2:
            return
        index = self.goal_ids.index(self.goal_id) if self.goal_id in self.goal_ids else 0
        self.goal_id = self.goal_ids[(index + step) % len(self.goal_ids)]
        self.query_one("#goal-body", VerticalScroll).scroll_home(animate=False)
        self.catch_up()

    def action_check_in(self) -> None:
        goal = self.goal
        if goal is None:
            return
        if not goal.key_results:
            self.app.notify("This goal has no key results yet: a adds one", severity="warning")
            return
        chosen = goal.key_results[0].id
        self.app.push_screen(CheckInDialog(self.board, [goal], chosen), self._checked_in)

    def _checked_in(self, checkin: CheckIn | None) -> None:
        self.catch_up()
        if checkin is not None and self.goal is not None:
            self.app.notify(checked_in(self.goal, checkin), timeout=4)

    def action_add_key_result(self) -> None:
        dialog = KeyResultDialog(self.board, self.board.goals(), self.goal_id)
        self.app.push_screen(dialog, lambda added: self.catch_up())
