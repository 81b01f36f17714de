"""One goal up close, over the Roadmap: each key result from baseline through now to
target, its progress, its trend and latest confidence, and its check-ins newest first.
`k` checks one in, `a` adds one, ←/→ go through the goals; ↑↓ highlight a key result or
a check-in, and the corrections: `e` edits the goal, `r` the highlighted key result, `c`
corrects the highlighted check-in and `x` deletes it (asked first). The view follows
what others check in, as the board screens do."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import Static

from ...board import Board
from ...domain.errors import PoboardError
from ...domain.okr import sparkline
from ...domain.planning import CheckIn, Goal, KeyResult
from ..key_gate import KeyGate
from ..refusals import show_refusal
from ..text import CONFIDENCE_STYLE, bar, literal, show
from ..widgets.dialogs import ConfirmScreen
from ..widgets.lines import Line, Lines
from ..widgets.okr_forms import (
    CheckInDialog,
    CheckInEditDialog,
    GoalEditDialog,
    KeyResultDialog,
    KeyResultEditDialog,
    checked_in,
)
from ..writes import board_writes

BAR_CELLS = 10
BY_CELLS = 12  # a long user name is cut, so notes keep their room
KEYS = (  # two lines, each within an 80-column terminal
    "k check in · a add key result · e edit goal · A archive it · ←/→ goals\n"
    "↑↓ highlight · r edit key result · c correct check-in · x delete it · esc"
)
READ_KEYS = "↑↓ highlight · ←/→ goals · esc"  # a stakeholder's: they change nothing
Target = tuple[int, int | None]  # a key result's id, and one of its check-ins' (or None)


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


def targets(goal: Goal) -> list[Target]:
    """What ↑↓ highlight, in the order shown: each key result, then its check-ins, newest
    first."""
    return [
        found
        for kr in goal.key_results
        for found in [(kr.id or 0, None), *((kr.id or 0, c.id) for c in reversed(kr.checkins))]
    ]


def goal_view_lines(
    goal: Goal, value_cells: int, by_cells: int, cursor: Target | None = None
) -> tuple[list[Line], int]:
    """What the view says of the goal, a line (or a label and a note) at a time, user
    text literally; and the index of the line highlighted (`cursor`), else 0."""
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
    at = 0
    for kr in goal.key_results:
        lines.append(Content(""))
        found = key_result_lines(goal, kr, value_cells, by_cells)
        for index, (line, target) in enumerate(found):
            if target is not None and target == cursor:
                found[index] = (highlighted(line), target)
                at = len(lines) + index
        lines += [line for line, _ in found]
    return lines, at


def highlighted(line: Line) -> Line:
    """A highlighted line: reversed; a check-in's also marked ▸ (seen without colour)."""
    if isinstance(line, tuple):
        label = Content("▸") + line[0][1:]
        return (label.stylize("reverse"), line[1].stylize("reverse"))
    return line.stylize("reverse")


def key_result_lines(
    goal: Goal, kr: KeyResult, value_cells: int, by_cells: int
) -> list[tuple[Line, Target | None]]:
    """The key result's lines, each with what it shows that ↑↓ can highlight."""
    head: Line = Content.assemble((f"{kr.key} ", "bold $text-accent"), literal(kr.metric, "bold"))
    lines: list[Line] = [
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
        return [(head, (kr.id or 0, None)), *((line, None) for line in lines)]
    many = len(kr.checkins)
    lines.append(
        Content.assemble(
            ("  trend ", "dim"),
            (sparkline(kr.values), "bold"),
            (f"  baseline, then {many} check-in{'s' * (many != 1)}; newest first:", "dim"),
        )
    )
    found: list[tuple[Line, Target | None]] = [(head, (kr.id or 0, None))]
    found += [(line, None) for line in lines]
    for checkin in reversed(kr.checkins):
        label = Content("  ") + history_label(checkin, value_cells, by_cells)
        found.append(((label, literal(checkin.note or "")), (kr.id or 0, checkin.id)))
    return found


class GoalScreen(KeyGate, ModalScreen[None]):
    """A goal with its key results and their check-ins; esc goes back to the Roadmap."""

    TITLE = "Goal"
    WRITES = frozenset(
        {"check_in", "add_key_result", "edit_goal", "edit_key_result", "correct_check_in"}
        | {"delete_check_in", "archive_goal"}
    )
    BINDINGS = [
        Binding("escape,q", "dismiss", "Close"),
        Binding("k", "check_in", "Check in"),
        Binding("a", "add_key_result", "Add key result"),
        Binding("e", "edit_goal", "Edit goal"),
        Binding("r", "edit_key_result", "Edit key result"),
        Binding("c", "correct_check_in", "Correct check-in"),
        Binding("x,delete", "delete_check_in", "Delete check-in"),
        Binding("A", "archive_goal", "Archive goal"),
        Binding("up", "highlight(-1)", "Highlight above", key_display="↑", priority=True),
        Binding("down", "highlight(1)", "Highlight below", key_display="↓", priority=True),
        Binding("left", "step(-1)", "Previous goal", key_display="←", priority=True),
        Binding("right", "step(1)", "Next goal", key_display="→", priority=True),
    ]

    def __init__(self, board: Board, goal_ids: Sequence[int], goal_id: int) -> None:
        super().__init__()
        self.board = board
        self.goal_ids = list(goal_ids) or [goal_id]
        self.goal_id = goal_id
        self.goal: Goal | None = None
        self.cursor: Target | None = None  # what is highlighted: see `targets`
        self.highlighted_line = 0  # its index among the view's lines

    def compose(self) -> ComposeResult:
        with Vertical(id="goal-view"):
            yield Static(id="goal-title")
            with VerticalScroll(id="goal-body"):
                yield Lines("goal-lines", 0)
            keys = READ_KEYS if self.read_only() else KEYS
            yield Static(Content.styled(keys, "dim"), id="goal-keys")

    def on_mount(self) -> None:
        self.catch_up()
        self.query_one("#goal-body").focus()

    def catch_up(self) -> None:
        """Read the goal again (one goal and its check-ins: a small read) and show it."""
        try:
            goal = self.board.goals.goal(self.goal_id)
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
        shown = targets(goal)
        if self.cursor not in shown:  # gone (deleted, or another goal): the first there is
            kr_ids = [kr for kr, _ in shown]
            same_kr = self.cursor is not None and self.cursor[0] in kr_ids
            self.cursor = (self.cursor[0], None) if same_kr and self.cursor else None
            self.cursor = self.cursor or (shown[0] if shown else None)
        value_cells, by_cells, label_cells = history_width(goal)
        lines = self.query_one(Lines)
        lines.label_width = label_cells
        view, self.highlighted_line = goal_view_lines(goal, value_cells, by_cells, self.cursor)
        lines.show(view)
        lines.refresh(layout=True)

    def action_highlight(self, step: int) -> None:
        """Move the highlight to the key result or check-in above or below, scrolled
        into view; with nothing to highlight, scroll."""
        body = self.query_one("#goal-body", VerticalScroll)
        shown = targets(self.goal) if self.goal is not None else []
        if not shown:
            (body.scroll_up if step < 0 else body.scroll_down)(animate=False)
            return
        index = shown.index(self.cursor) if self.cursor in shown else 0
        self.cursor = shown[max(0, min(len(shown) - 1, index + step))]
        if self.goal is not None:
            self.show_goal(self.goal)
        self.call_after_refresh(self._scroll_to_highlight)

    def _scroll_to_highlight(self) -> None:
        lines = self.query_one(Lines)
        row = lines.row_of(self.highlighted_line)
        rows = lines.row_of(self.highlighted_line + 1) - row  # a long note wraps
        body = self.query_one("#goal-body", VerticalScroll)
        first = targets(self.goal)[0] if self.goal is not None else None
        top = 0 if self.cursor == first else row  # the first shows the goal's progress too
        body.scroll_to_region(Region(0, top, 1, row + rows - top), animate=False)

    def action_step(self, step: int) -> None:
        if len(self.goal_ids) < 2:
            return
        index = self.goal_ids.index(self.goal_id) if self.goal_id in self.goal_ids else 0
        self.goal_id = self.goal_ids[(index + step) % len(self.goal_ids)]
        self.cursor = None
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
        dialog = KeyResultDialog(self.board, self.board.goals.all(), self.goal_id)
        self.app.push_screen(dialog, lambda added: self.catch_up())

    def highlighted_parts(self) -> tuple[Goal, KeyResult, CheckIn | None] | None:
        """The goal, the highlighted key result and check-in (None: its heading)."""
        goal, cursor = self.goal, self.cursor
        if goal is None or cursor is None:
            return None
        kr = next((k for k in goal.key_results if k.id == cursor[0]), None)
        if kr is None:
            return None
        return goal, kr, next((c for c in kr.checkins if c.id == cursor[1]), None)

    def action_edit_goal(self) -> None:
        if self.goal is not None:
            self.app.push_screen(GoalEditDialog(self.board, self.goal), self._edited)

    def action_edit_key_result(self) -> None:
        found = self.highlighted_parts()
        if found is None:
            self.app.notify("This goal has no key results yet: a adds one", severity="warning")
            return
        goal, kr, _ = found
        self.app.push_screen(KeyResultEditDialog(self.board, goal, kr), self._edited)

    def _checkin_or_say(self, doing: str) -> tuple[Goal, KeyResult, CheckIn] | None:
        found = self.highlighted_parts()
        if found is None or found[2] is None:
            self.app.notify(f"Highlight a check-in (↑↓) to {doing} it", severity="warning")
            return None
        return found[0], found[1], found[2]

    def action_correct_check_in(self) -> None:
        found = self._checkin_or_say("correct")
        if found is not None:
            self.app.push_screen(CheckInEditDialog(self.board, *found), self._edited)

    def action_delete_check_in(self) -> None:
        found = self._checkin_or_say("delete")
        if found is None:
            return
        goal, kr, checkin = found
        goal_id, which = goal.id or 0, f"#{checkin.id}"
        said = f"{kr.key} {kr.metric}: {checkin.value:,g} on {checkin.day}"

        def answered(go: bool | None) -> None:
            if go:
                board_writes(self).run(
                    lambda board: board.goal_edits.delete_checkin(goal_id, kr.key, which),
                    lambda _: self._edited(f"Check-in deleted ({said}); the log keeps it"),
                    lambda error: show_refusal(self, error, title="Not deleted"),
                )

        question = f"Delete the check-in {said}? The events log keeps what it was."
        self.app.push_screen(ConfirmScreen(question, "Delete"), answered)

    def action_archive_goal(self) -> None:
        """Archive the goal, once confirmed: it leaves the Roadmap, the lists and the
        reports, and keeps its history (`A` on the Roadmap lists and restores it)."""
        goal = self.goal
        if goal is None:
            return
        goal_id = goal.id or 0

        def archived(_: object) -> None:
            self.app.notify(
                f"G{goal_id} archived; A on the Roadmap lists archived goals and restores them",
                timeout=6,
            )
            self.dismiss(None)

        def answered(go: bool | None) -> None:
            if go:
                board_writes(self).run(
                    lambda board: board.goal_edits.archive_goal(goal_id),
                    archived,
                    lambda error: show_refusal(self, error, title="Not archived"),
                )

        question = (
            f"Archive G{goal_id} “{goal.title}”? It leaves the Roadmap, the lists and the "
            "reports; its key results and check-ins are kept."
        )
        self.app.push_screen(ConfirmScreen(question, "Archive"), answered)

    def _edited(self, result: object) -> None:
        self.catch_up()
        if isinstance(result, str):
            self.app.notify(result, timeout=4)
