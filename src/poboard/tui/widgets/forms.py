"""Form dialogs that write through the board and stay open, with what was typed, when the
board refuses: an experiment's decision, new goal, retro and its actions. Sprints have
theirs in sprint_forms.py, key results in okr_forms.py."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from ...board import Board
from ...domain.errors import InvalidInputError, PoboardError
from ...domain.models import RETRO_COLUMNS, ExperimentResult, ItemRow, RetroFormat
from ...domain.okr import quarter_name
from ...domain.planning import Sprint
from ..text import literal
from ..writes import Write, board_writes, dismiss_once_shown
from .choice import Choice
from .dialogs import leave_form
from .held_keys import HoldsKeys


class FormDialog(HoldsKeys[Any]):
    """A titled form; `save()` reads it and returns its one write through the board (see
    `writes`), or raises a refusal; the form closes with the write's result."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save", priority=True),
    ]
    title_text = ""
    save: Callable[[], Write[Any]]

    def __init__(self, board: Board) -> None:
        super().__init__()
        self.board = board
        self.as_opened: dict[str, object] = {}  # see `form_values`

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
        self.as_opened = self.form_values()

    def form_values(self) -> dict[str, object]:
        """Every field's value, by its id: what the form held when it opened, compared
        with what it holds now, says whether anything was typed or chosen."""
        values: dict[str, object] = {}
        for widget in self.query(".form-body Input, .form-body Choice"):
            values[widget.id or ""] = getattr(widget, "value", None)
        return values

    def first_field(self) -> Widget | None:
        """Where the cursor starts: the first text field, unless a dialog says else."""
        return self.query(Input).first() if self.query(Input) else None

    def action_submit(self) -> None:
        self.show_refusal(None)
        try:
            write = self.save()
        except PoboardError as error:
            self.show_refusal(error)
            return
        board_writes(self).run(write, self.saved, self.show_refusal)

    def saved(self, result: Any) -> None:
        dismiss_once_shown(self, result)

    def action_cancel(self) -> None:
        """Esc: what was typed is asked about before it goes (see `leave_form`)."""
        if not board_writes(self).keeps_open(self):
            changed = self.form_values() != self.as_opened
            leave_form(self, changed, self.action_submit, lambda: self.dismiss(None))

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
        self.action_cancel()

    def value(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()


def row(label: str, widget: Any, refusable: bool = False) -> ComposeResult:
    """A labelled field; a refusable one has a line under it for what is wrong with it."""
    with Horizontal(classes="field"):
        yield Label(label)
        yield widget
    if refusable:
        yield Static(id=f"error-{widget.id}", classes="field-error")


E = TypeVar("E", bound=StrEnum)


def labelled_choice(labels: Mapping[E, str], prompt: str, id: str) -> Choice[str]:
    """A choice of one of an enum's values (in their order), each shown by its label."""
    options = [(label, value.value) for value, label in labels.items()]
    return Choice(options, prompt=prompt, id=id)


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
        yield from row("Result", labelled_choice(RESULT_LABELS, "ship, iterate or kill?", "result"))
        yield from row(
            "What we learned",
            Input(item.result_note or "", id="note", compact=True, placeholder="the evidence"),
            refusable=True,
        )

    def first_field(self) -> Widget:
        return self.query_one("#result", Choice)

    def save(self) -> Write[Any]:
        result = self.query_one("#result", Choice).value
        if result is Choice.NULL:
            raise _Refused("choose the result: ship, iterate or kill")
        note = self.value("note") or None
        if note is None:  # the acceptance gate asks for it (rules.unexplained)
            raise _Refused("write what was learned: the evidence behind the decision", "note")
        item_id, version = self.item.id, self.item.version
        return lambda board: board.items.edit(
            item_id, {"result": result, "result_note": note}, version
        )


RESULT_LABELS = {
    ExperimentResult.SHIP: "ship: it worked, roll it out",
    ExperimentResult.ITERATE: "iterate: promising, change and test again",
    ExperimentResult.KILL: "kill: it did not work, stop",
}


class GoalDialog(FormDialog):
    """A new goal: its objective, quarter (2026-Q4, or blank), key results and whether
    it is the North Star. A missing objective or a quarter in another form is said under
    its field."""

    title_text = "Add a goal"

    def fields(self) -> ComposeResult:
        yield from row("Objective", Input(id="title", compact=True), True)
        yield from row("Quarter", Input(id="quarter", compact=True, placeholder="2026-Q4"), True)
        yield from row(
            "Key results", Input(id="krs", compact=True, placeholder="metric:baseline:target; …")
        )
        yield from row(
            "North Star",
            Choice(
                [("no", "no"), ("yes: this is the North Star", "yes")],
                value="no",
                allow_blank=False,
                id="north-star",
            ),
        )

    def save(self) -> Write[Any]:
        krs = [kr.strip() for kr in self.value("krs").split(";") if kr.strip()]
        north = self.query_one("#north-star", Choice).value == "yes"
        title = self.value("title")
        if not title:
            raise _Refused("a goal needs an objective", "title")
        try:
            quarter = quarter_name(self.value("quarter"))
        except InvalidInputError as error:
            raise _Refused(str(error), "quarter") from None
        return lambda board: board.goals.add_goal(title, quarter, north, krs)


class ActionDialog(FormDialog):
    title_text = "Add an action item"

    def __init__(self, board: Board, retro_id: int) -> None:
        super().__init__(board)
        self.retro_id = retro_id

    def fields(self) -> ComposeResult:
        yield from row("Action", Input(id="text", compact=True, placeholder="what will change"))
        yield from row("Owner", Input(self.board.user, id="owner", compact=True))
        yield from row("Due", Input(id="due", compact=True, placeholder="2026-12-01 (optional)"))

    def save(self) -> Write[Any]:
        due = parse_date(self.value("due"), "due") if self.value("due") else None
        retro_id, text, owner = self.retro_id, self.value("text"), self.value("owner") or None
        return lambda board: board.retros.add_action(retro_id, text, owner, due)


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
            Choice(
                formats,
                value=RetroFormat.DEFAULT.value,
                allow_blank=False,
                id="format",
            ),
        )

    def first_field(self) -> Widget:
        return self.query_one("#format", Choice)

    def save(self) -> Write[Any]:
        chosen = str(self.query_one("#format", Choice).value)
        sprint_id = self.sprint.id
        return lambda board: board.retros.open_retro(sprint_id, chosen)
