"""The sprint's life in forms: planning the next sprint (name, dates, goal, capacity), and
closing one (was its goal met, and where each unfinished item goes, and why)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from ...board import Board, rules
from ...domain import wording
from ...domain.models import GoalMet, ItemRow, Status
from ...domain.planning import Sprint
from ..text import literal
from ..writes import Write
from .choice import Choice
from .forms import FormDialog, _Refused, labelled_choice, parse_date, row


def next_sprint_name(names: list[str]) -> str:
    """After "Sprint 14" comes "Sprint 15"; a team's own naming is followed when it ends
    in a number."""
    for name in reversed(names):
        match = re.match(r"^(.*?)(\d+)$", name.strip())
        if match:
            return f"{match.group(1)}{int(match.group(2)) + 1}"
    return f"Sprint {len(names) + 1}"


class NewSprintDialog(FormDialog):
    title_text = "Plan a new sprint"

    def fields(self) -> ComposeResult:
        sprints = self.board.sprints.all()
        closed = [s for s in sprints if s.velocity is not None]
        start = max((s.end for s in sprints), default=date.today() - timedelta(days=1))
        start += timedelta(days=1)
        name = next_sprint_name([s.name for s in sprints])
        capacity = str(closed[-1].velocity) if closed else ""
        yield from row("Name", Input(name, id="name", compact=True))
        yield from row(
            "Sprint goal", Input(id="goal", compact=True, placeholder="one sentence: the outcome")
        )
        yield from row("Start", Input(start.isoformat(), id="start", compact=True))
        yield from row(
            "End", Input((start + timedelta(days=13)).isoformat(), id="end", compact=True)
        )
        yield from row(
            "Capacity", Input(capacity, id="capacity", compact=True, placeholder="points")
        )
        guide = (
            f"Last velocity: {closed[-1].velocity} points ({closed[-1].name})"
            if closed
            else "No closed sprint yet: no velocity to guide capacity."
        )
        yield Static(Content.styled(guide, "dim"), classes="hint")

    def save(self) -> Write[Sprint]:
        capacity = self.value("capacity")
        if not capacity.removeprefix("-").isdecimal():  # below 0: the board says so
            raise _Refused(wording.not_whole("capacity", capacity))
        name, goal = self.value("name"), self.value("goal")
        start = parse_date(self.value("start"), "start")
        end = parse_date(self.value("end"), "end")
        return lambda board: board.sprints.new_sprint(name, goal, start, end, int(capacity))


class CloseSprintDialog(FormDialog):
    """Close the active sprint: was its goal met, and for each unfinished item, where it
    goes and why it slipped. Into the next planned sprint by default, when there is one;
    ctrl+a gives every item the destination and reason of the one being edited. An empty
    reason is asked about once: a second ctrl+s closes with it empty, on purpose."""

    title_text = "Close the sprint"
    BINDINGS = [
        *FormDialog.BINDINGS,
        Binding("ctrl+a", "same_for_all", "Same for all", priority=True),
    ]

    def __init__(self, board: Board, sprint: Sprint, unfinished: Sequence[ItemRow]) -> None:
        super().__init__(board)
        self.sprint = sprint
        self.unfinished = unfinished
        self.following = board.sprints.next_planned()
        self.empty_asked = False
        # each unfinished item's row: where it goes, and why it slipped
        self.slips: list[tuple[Choice[str], Input]] = []

    def fields(self) -> ComposeResult:
        items = self.board.sprints.sprint_items(self.sprint.name)
        done = rules.points([i for i in items if i.status is Status.DONE])
        yield Static(
            literal(
                f"{self.sprint.name} “{self.sprint.goal}”: {done} of {rules.points(items)} "
                f"points done, {len(self.unfinished)} unfinished. Velocity is recorded "
                "when you save."
            )
        )
        yield from row(
            "Goal met?", labelled_choice(GOAL_MET_LABELS, "was the sprint goal met?", "goal-met")
        )
        yield from row(
            "Goal note", Input(id="goal-note", compact=True, placeholder="what happened (optional)")
        )
        if not self.unfinished:
            yield Static(Content.styled("Everything committed is done.", "dim"))
            return
        yield Static(
            Content.assemble(
                ("Unfinished work", "bold"),
                ("   where each goes, and why · ctrl+a: same for all", "dim"),
            ),
            classes="close-heading",
        )
        choices: list[tuple[Content, str]] = [(Content("back to the backlog"), "backlog")]
        if self.following is not None:
            choices.append((literal(f"into {self.following.name}"), "next"))
        default = "next" if self.following is not None else "backlog"
        for item in self.unfinished:
            slipped = f" (slipped ×{item.slipped})" if item.slipped else ""
            yield Static(
                literal(f"{item.key} {item.title} · {item.status.value}{slipped}", "bold"),
                classes="close-item",
            )
            with Horizontal(classes="field"):
                to = Choice(choices, value=default, allow_blank=False, id=f"to-{item.id}")
                why = Input(
                    id=f"why-{item.id}",
                    compact=True,
                    placeholder="why it slipped",
                    classes="reason",
                )
                self.slips.append((to, why))
                yield to
                yield why

    def first_field(self) -> Widget:
        return self.query_one("#goal-met", Choice)

    def action_same_for_all(self) -> None:
        """Every unfinished item takes the destination and reason of the one in focus
        (the first, when focus is elsewhere)."""
        if not self.unfinished:
            return
        focused = self.focused
        to, why = next((row for row in self.slips if focused in row), self.slips[0])
        for others_to, others_why in self.slips:
            others_to.value, others_why.value = to.value, why.value
        # short and brief: at 80x24 a toast sits over the form's Save row
        self.app.notify(f"Same way and reason for all {len(self.slips)}", timeout=2)

    def save(self) -> Write[Any]:
        met = self.query_one("#goal-met", Choice).value
        if met is Choice.NULL:
            raise _Refused("say whether the sprint goal was met: yes, partly or no")
        decisions: dict[int, tuple[str, str | None]] = {}
        for item in self.unfinished:
            to = self.query_one(f"#to-{item.id}", Choice).value
            decisions[item.id or 0] = (str(to), self.value(f"why-{item.id}") or None)
        empty = [item.key for item in self.unfinished if decisions[item.id or 0][1] is None]
        if empty and not self.empty_asked:
            self.empty_asked = True
            raise _Refused(
                f"no reason for {', '.join(empty)}: write why each slipped (ctrl+a copies "
                "one to all), or press ctrl+s again to close with them empty"
            )
        note = self.value("goal-note") or None
        return lambda board: board.sprints.close_sprint(
            decisions=decisions, goal_met=str(met), goal_note=note
        )


GOAL_MET_LABELS = {
    GoalMet.YES: "yes: the goal was met",
    GoalMet.PARTLY: "partly",
    GoalMet.NO: "no: the goal was missed",
}
