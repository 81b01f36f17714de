"""The archived goals, over the Roadmap (`A` there): each with its quarter, the day it
was archived and its key results. `r` or enter restores the highlighted one to the
Roadmap, the lists, the pickers and the reports, through the same service method as
`poboard goal archive GOAL --restore`; esc goes back."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...board import Board
from ...domain.errors import PoboardError
from ...domain.planning import Goal
from ..key_gate import KeyGate
from ..refusals import show_refusal
from ..text import literal
from ..writes import board_writes

KEYS = "↑↓ highlight · r or enter restores the goal · esc back to the Roadmap"
READ_KEYS = "↑↓ highlight · esc back to the Roadmap"  # a stakeholder's: they restore none
NONE_ARCHIVED = "No archived goals. A goal's view archives it with A."


def archived_label(goal: Goal) -> Content:
    """One archived goal: its key and objective (literal), then its quarter, the day it
    was archived and what it measured."""
    quarter = f" ({goal.quarter})" if goal.quarter else ""
    day = (goal.archived_at or "")[:10]
    metrics = " · ".join(kr.metric for kr in goal.key_results) or "no key results"
    return Content.assemble(
        (f"G{goal.id} ", "bold"),
        literal(f"{goal.title}{quarter}", "bold"),
        (f"\n   archived {day} · ", "dim"),
        literal(metrics, "dim"),
    )


class ArchivedGoalsScreen(KeyGate, ModalScreen[bool]):
    """Lists the archived goals and restores one; returns whether any was restored."""

    TITLE = "Archived goals"
    WRITES = frozenset({"restore"})
    BINDINGS = [
        Binding("escape,q", "close", "Close"),
        Binding("r", "restore", "Restore goal"),
    ]

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board
        self.goals: list[Goal] = []
        self.restored = False

    def compose(self) -> ComposeResult:
        with Vertical(id="archived-view"):
            yield Static(Content.styled("Archived goals", "bold"), id="archived-title")
            yield OptionList(id="archived-goals")
            keys = READ_KEYS if self.read_only() else KEYS
            yield Static(Content.styled(keys, "dim"), id="archived-keys")

    def on_mount(self) -> None:
        self.catch_up()
        self.query_one(OptionList).focus()

    def catch_up(self) -> None:
        """Read the archived goals again (a few goals: a small read) and list them."""
        self.goals = self.board.goals.archived_goals()
        listed = self.query_one(OptionList)
        highlighted = listed.highlighted
        listed.clear_options()
        if not self.goals:
            listed.add_option(Option(Content.styled(NONE_ARCHIVED, "dim"), disabled=True))
            return
        listed.add_options(Option(archived_label(g), id=f"G{g.id}") for g in self.goals)
        last = len(self.goals) - 1
        listed.highlighted = min(highlighted or 0, last)

    def action_restore(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if not self.goals or highlighted is None or highlighted >= len(self.goals):
            self.app.notify("No archived goal to restore", severity="warning")
            return
        goal = self.goals[highlighted]
        goal_id = goal.id or 0
        board_writes(self).run(
            lambda board: board.goal_edits.archive_goal(goal_id, restore=True),
            lambda restored: self._restored(restored),
            lambda error: self._refused(error),
        )

    def _restored(self, goal: Goal) -> None:
        self.restored = True
        self.app.notify(f"G{goal.id} {goal.title} restored: back on the Roadmap", timeout=4)
        self.catch_up()

    def _refused(self, error: PoboardError) -> None:
        show_refusal(self, error, title="Not restored")
        self.catch_up()

    @on(OptionList.OptionSelected)
    async def _selected(self) -> None:
        await self.run_action("restore")  # through the gate, as the key is

    def action_close(self) -> None:
        self.dismiss(self.restored)
