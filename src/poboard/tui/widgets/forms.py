"""Form dialogs that write through the board and stay open, with what was typed, when the
board refuses: new sprint, close sprint, an experiment's decision, new goal, retro and
its actions. Key results have theirs in okr_forms.py."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from ...board import Board, rules
from ...errors import PoboardError
from ...models import (
    RETRO_COLUMNS,
    ExperimentResult,
    GoalMet,
    ItemRow,
    RetroFormat,
    Sprint,
    Status,
)
from ..text import literal


class FormDialog(ModalScreen[Any]):
    """A titled form; `save()` writes and returns a result, or raises a refusal."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+s", "submit", "Save", priority=True),
    ]
    title_text = ""
    save: Callable[[], Any]  # each dialog's one write through the board

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(
                Content.assemble(
                    literal(self.title_text, "bold"), ("   ctrl+s saves · esc cancels", "dim")
                ),
                classes="form-title",
            )
            with VerticalScroll(classes="form-body"):
                yield from self.fields()
            yield Static(id="form-error", classes="notice -error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel (esc)", id="cancel")
                yield Button("Save (ctrl+s)", id="save", variant="primary")

    def fields(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one("#form-error").display = False
        first = self.first_field()
        if first is not None:
            first.focus()

    def first_field(self) -> Widget | None:
        """Where the cursor starts: the first text field, unless a dialog says else."""
        return self.query(Input).first() if self.query(Input) else None

    def action_submit(self) -> None:
        self.show_refusal(None)
        try:
            result = self.save()
        except PoboardError as error:
            self.show_refusal(error)
            return
        self.dismiss(result)

    def show_refusal(self, error: PoboardError | None) -> None:
        """Say why the form was not saved: under the field at fault (which takes the
        focus, its text kept) when the refusal names one with a place for it, else
        above the buttons. None clears what an earlier try said."""
        for notice in self.query(".field-error"):
            notice.display = False
        form_error = self.query_one("#form-error", Static)
        form_error.display = False
        if error is None:
            return
        field = error.field if isinstance(error, _Refused) else None
        under = self.query(f"#error-{field}") if field else None
        if field and under:
            notice = under.only_one(Static)
            notice.update(literal(f"↳ {error}"))
            notice.display = True
            self.query_one(f"#{field}").focus()
            return
        form_error.update(literal(f"Not saved: {error}"))
        form_error.display = True

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()


def row(label: str, widget: Any, refusable: bool = False) -> ComposeResult:
    """A labelled field; a refusable one has a line under it for what is wrong with it."""
    with Horizontal(classes="field"):
        yield Label(label)
        yield widget
    if refusable:
        yield Static(id=f"error-{widget.id}", classes="field-error")


def parse_date(text: str, label: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _Refused(f"{label} should be a date like 2026-12-01") from None


class _Refused(PoboardError):
    """A value the form itself can tell is wrong before asking the board; naming its
    `field` says it under that field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def parse_number(text: str, field: str | None = None) -> float:
    """A number as people write it (`34.8`, `1,240`, `-12`); anything else is refused,
    under `field` when there is one."""
    try:
        number = float(text.replace(",", "").strip())
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        said = f"“{text}” is not a number: write one" if text else "write a number"
        raise _Refused(f"{said} like 34.8 or 1,240", field)
    return number


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
        sprints = self.board.sprints()
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

    def save(self) -> Sprint:
        capacity = self.value("capacity")
        if not capacity.isdecimal():
            raise _Refused("capacity should be a whole number of points")
        return self.board.new_sprint(
            self.value("name"),
            self.value("goal"),
            parse_date(self.value("start"), "start"),
            parse_date(self.value("end"), "end"),
            int(capacity),
        )


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
        self.following = board.next_planned()
        self.empty_asked = False

    def fields(self) -> ComposeResult:
        items = self.board.sprint_items(self.sprint.name)
        done = rules.points([i for i in items if i.status is Status.DONE])
        yield Static(
            literal(
                f"{self.sprint.name} “{self.sprint.goal}”: {done} of {rules.points(items)} "
                f"points done, {len(self.unfinished)} unfinished. Velocity is recorded "
                "when you save."
            )
        )
        yield from row(
            "Goal met?",
            Select(
                [(GOAL_MET_LABELS[g], g.value) for g in GoalMet],
                prompt="was the sprint goal met?",
                compact=True,
                id="goal-met",
            ),
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
                yield Select(
                    choices, value=default, allow_blank=False, compact=True, id=f"to-{item.id}"
                )
                yield Input(
                    id=f"why-{item.id}",
                    compact=True,
                    placeholder="why it slipped",
                    classes="reason",
                )

    def first_field(self) -> Widget:
        return self.query_one("#goal-met", Select)

    def action_same_for_all(self) -> None:
        """Every unfinished item takes the destination and reason of the one in focus
        (the first, when focus is elsewhere)."""
        if not self.unfinished:
            return
        focused = self.focused.id or "" if self.focused else ""
        source = focused.removeprefix("to-").removeprefix("why-")
        ids = [str(item.id) for item in self.unfinished]
        source = source if source in ids else ids[0]
        to = self.query_one(f"#to-{source}", Select).value
        why = self.query_one(f"#why-{source}", Input).value
        for item_id in ids:
            self.query_one(f"#to-{item_id}", Select).value = to
            self.query_one(f"#why-{item_id}", Input).value = why
        self.app.notify(f"All {len(ids)} unfinished items now go the same way, for the same reason")

    def save(self) -> Any:
        met = self.query_one("#goal-met", Select).value
        if met is Select.NULL:
            raise _Refused("say whether the sprint goal was met: yes, partly or no")
        decisions: dict[int, tuple[str, str | None]] = {}
        for item in self.unfinished:
            to = self.query_one(f"#to-{item.id}", Select).value
            decisions[item.id or 0] = (str(to), self.value(f"why-{item.id}") or None)
        empty = [item.key for item in self.unfinished if decisions[item.id or 0][1] is None]
        if empty and not self.empty_asked:
            self.empty_asked = True
            raise _Refused(
                f"no reason for {', '.join(empty)}: write why each slipped (ctrl+a copies "
                "one to all), or press ctrl+s again to close with them empty"
            )
        return self.board.close_sprint(
            decisions=decisions, goal_met=str(met), goal_note=self.value("goal-note") or None
        )


GOAL_MET_LABELS = {
    GoalMet.YES: "yes: the goal was met",
    GoalMet.PARTLY: "partly",
    GoalMet.NO: "no: the goal was missed",
}


class ExperimentResultDialog(FormDialog):
    """An experiment is accepted with its decision: what the result was (ship, iterate or
    kill) and what was learned. Saved on the item; the move to Done follows."""

    title_text = "Decide the experiment"

    def __init__(self, board: Board, item: ItemRow) -> None:
        super().__init__(board)
        self.item = item

    def fields(self) -> ComposeResult:
        item = self.item
        yield Static(literal(f"{item.key} {item.title}", "bold"))
        for label, value in (
            ("Hypothesis", item.hypothesis),
            ("Success metric", item.success_metric),
            ("Guardrail", item.guardrail_metric),
            ("Decision rule", item.decision_rule),
        ):
            if value:
                yield Static(Content.assemble((f"{label}: ", "dim"), literal(value)))
        yield from row(
            "Result",
            Select(
                [(RESULT_LABELS[r], r.value) for r in ExperimentResult],
                prompt="ship, iterate or kill?",
                compact=True,
                id="result",
            ),
        )
        yield from row(
            "What we learned",
            Input(item.result_note or "", id="note", compact=True, placeholder="the evidence"),
        )

    def first_field(self) -> Widget:
        return self.query_one("#result", Select)

    def save(self) -> Any:
        result = self.query_one("#result", Select).value
        if result is Select.NULL:
            raise _Refused("choose the result: ship, iterate or kill")
        note = self.value("note") or None
        return self.board.edit(
            self.item.id, {"result": result, "result_note": note}, self.item.version
        )


RESULT_LABELS = {
    ExperimentResult.SHIP: "ship: it worked, roll it out",
    ExperimentResult.ITERATE: "iterate: promising, change and test again",
    ExperimentResult.KILL: "kill: it did not work, stop",
}


class GoalDialog(FormDialog):
    title_text = "Add a goal"

    def fields(self) -> ComposeResult:
        yield from row("Objective", Input(id="title", compact=True))
        yield from row("Quarter", Input(id="quarter", compact=True, placeholder="2026 Q4"))
        yield from row(
            "Key results", Input(id="krs", compact=True, placeholder="metric:baseline:target; …")
        )
        yield from row(
            "North Star",
            Select(
                [("no", "no"), ("yes: this is the North Star", "yes")],
                value="no",
                allow_blank=False,
                compact=True,
                id="north-star",
            ),
        )

    def save(self) -> Any:
        krs = [kr.strip() for kr in self.value("krs").split(";") if kr.strip()]
        north = self.query_one("#north-star", Select).value == "yes"
        return self.board.add_goal(self.value("title"), self.value("quarter") or None, north, krs)


class ActionDialog(FormDialog):
    title_text = "Add an action item"

    def __init__(self, board: Board, retro_id: int) -> None:
        super().__init__(board)
        self.retro_id = retro_id

    def fields(self) -> ComposeResult:
        yield from row("Action", Input(id="text", compact=True, placeholder="what will change"))
        yield from row("Owner", Input(self.board.user, id="owner", compact=True))
        yield from row("Due", Input(id="due", compact=True, placeholder="2026-12-01 (optional)"))

    def save(self) -> Any:
        due = parse_date(self.value("due"), "due") if self.value("due") else None
        return self.board.add_action(
            self.retro_id, self.value("text"), self.value("owner") or None, due
        )


class RetroDialog(FormDialog):
    title_text = "Start the retro"

    def __init__(self, board: Board, sprint: Sprint) -> None:
        super().__init__(board)
        self.sprint = sprint

    def fields(self) -> ComposeResult:
        yield Static(literal(f"The retro for {self.sprint.name} “{self.sprint.goal}”."))
        formats = [(" / ".join(RETRO_COLUMNS[f]), f.value) for f in RetroFormat]
        yield from row(
            "Format",
            Select(
                formats,
                value=RetroFormat.DEFAULT.value,
                allow_blank=False,
                compact=True,
                id="format",
            ),
        )

    def first_field(self) -> Widget:
        return self.query_one("#format", Select)

    def save(self) -> Any:
        chosen = str(self.query_one("#format", Select).value)
        return self.board.open_retro(self.sprint.id, chosen)
