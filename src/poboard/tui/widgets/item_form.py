"""The item editor's form: its fields, laid out as a label and a widget each in two grids
(the second for experiments only, built when first needed); what is wrong with a field,
on the line under it; an item's values as the form holds them, and the form's values as
item fields."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from ...domain.models import (
    ESTIMATES,
    PARTNERS,
    SCORE_INPUTS,
    ExperimentResult,
    Horizon,
    Item,
    Kind,
)
from ...domain.readiness import ReadyField
from ...domain.scales import points
from ..text import CONTROL_PICTURES, visible
from .choice import Choice

TEXT_FIELDS = {
    "title": "Title",
    "owner": "Owner",
    "audience": "Audience",
    "promise": "Promise",
    "proof": "Proof",
    "metric": "Metric",
}
EXPERIMENT_FIELDS = {
    "hypothesis": "Hypothesis",
    "success_metric": "Success metric",
    "guardrail_metric": "Guardrail",
    "decision_rule": "Decision rule",
    "result_note": "Result note",
}
LABELS = {
    **TEXT_FIELDS,
    **EXPERIMENT_FIELDS,
    "kind": "Kind",
    "estimate": "Estimate",
    "horizon": "Horizon",
    "goal_id": "Goal",
    "key_result_id": "Key result",
    "partners": "Partners",
    "blocked_by": "Blocked by",
    "result": "Result",
    "description": "Description",
    **{name: name.capitalize() for name in SCORE_INPUTS},
}
FORM_FIELDS = (
    *TEXT_FIELDS, "kind", "estimate", "horizon", "goal_id", "key_result_id", "partners",
    "blocked_by",
    *SCORE_INPUTS, *EXPERIMENT_FIELDS, "result", "description", "criteria",
)  # fmt: skip
EXPERIMENT_FORM = (*EXPERIMENT_FIELDS, "result")  # the form's fields for experiments only
# The form's field for each thing the Definition of Ready may ask; criteria have a tab.
READY_INPUTS: dict[ReadyField, str] = {
    ReadyField.OWNER: "owner",
    ReadyField.AUDIENCE: "audience",
    ReadyField.PROMISE: "promise",
    ReadyField.PROOF: "proof",
    ReadyField.METRIC: "metric",
    ReadyField.ESTIMATE: "estimate",
    ReadyField.HYPOTHESIS: "hypothesis",
    ReadyField.SUCCESS_METRIC: "success_metric",
    ReadyField.GUARDRAIL_METRIC: "guardrail_metric",
    ReadyField.DECISION_RULE: "decision_rule",
}


def text_input(name: str, placeholder: str = "", value: str = "") -> Input:
    """A one-line field that keeps its text on focus: the first key typed adds to it,
    never replaces it (Textual's Input selects all on focus by default). It is valid
    from the start (it has nothing to validate): Textual would mark it valid at its first
    change of value, restyling it then."""
    return Input(
        value, id=name, placeholder=placeholder, compact=True, select_on_focus=False,
        classes="-valid", highlighter=CONTROL_PICTURES,
    )  # fmt: skip


def field(label: str, widget: Any) -> ComposeResult:
    """A field in the form's grid: its label, then its widget. What is wrong with it
    goes on the line under it, added only when something is (see `show_problems`)."""
    yield Label(label)
    yield widget


# The fields sit in grids of label and widget, not in a row container each: half the
# widgets to build when the editor is first opened, and siblings alike are styled once
# for all (Textual caches by parent). The experiments' grid is built the first time the
# form shows an experiment: most items are not, and it is a sixth of the form.


def details() -> ComposeResult:
    with Grid(classes="fields"):
        for name, label in TEXT_FIELDS.items():
            yield from field(label, text_input(name))
        yield from field(
            "Kind", Choice([(k.value, k.value) for k in Kind], allow_blank=False, id="kind")
        )
        yield from field(
            "Estimate",
            Choice([(points(e), e) for e in ESTIMATES], prompt="not estimated", id="estimate"),
        )
        yield from field(
            "Horizon",
            Choice([(h.value, h.value) for h in Horizon], allow_blank=False, id="horizon"),
        )
        yield from field("Goal", Choice[int]([], prompt="no goal", id="goal_id"))
        yield from field("Key result", Choice[int]([], prompt="no key result", id="key_result_id"))
        yield from field(
            "Partners",
            text_input("partners", "e.g. content, design (" + " · ".join(PARTNERS) + ")"),
        )
        yield from field("Blocked by", text_input("blocked_by", "e.g. #3 #5"))
        for label, names in (
            ("Raises score", SCORE_INPUTS[:4]),
            ("Lowers score", SCORE_INPUTS[4:]),
        ):
            yield Label(label)
            with Horizontal(classes="scores"):
                for name in names:
                    options = [(f"{name} {n}", n) for n in range(1, 6)]
                    yield Choice(options, allow_blank=False, id=name)
    yield Label("Description (Markdown)")
    yield TextArea(id="description")


def experiment_inputs(values: dict[str, Any]) -> dict[str, Input | Choice[str]]:
    """The experiment's fields by name, holding these form values (as `values_of`
    gives them)."""
    inputs: dict[str, Input | Choice[str]] = {
        name: text_input(name, value=values[name]) for name in EXPERIMENT_FIELDS
    }
    inputs["result"] = Choice[str](
        [(r.value, r.value) for r in ExperimentResult],
        prompt="no decision yet",
        value=Choice.NULL if values["result"] is None else values["result"],
        id="result",
    )
    return inputs


def experiment_details(inputs: dict[str, Input | Choice[str]]) -> Grid:
    """The experiment's grid of fields (see `experiment_inputs`)."""
    return Grid(
        *(part for name, widget in inputs.items() for part in field(LABELS[name], widget)),
        classes="fields experiment",
    )


def show_problems(form: Widget, problems: dict[str, str]) -> None:
    """Each problem on the line under its field; the lines of fields now right go."""
    for shown in form.query(FieldProblem):
        shown.set_class(shown.field in problems, "-shown")
    for name, message in problems.items():
        if line := error_line(form, name):
            line.update(Content(f"↳ {message}"))
            line.add_class("-shown")


class FieldProblem(Static):
    """The line under one field of the item form for what is wrong with it."""

    def __init__(self, field: str) -> None:
        super().__init__(id=f"error-{field}", classes="field-error")
        self.field = field


def error_line(form: Widget, name: str) -> Static | None:
    """The line under a field for what is wrong with it, added the first time it is
    needed (None: no such field in the form)."""
    if found := form.query(f"#error-{name}"):
        return found.only_one(FieldProblem)
    fields = form.query(".scores" if name == "scores" else f"#details-scroll #{name}")
    if not fields or not isinstance(grid := (field := fields.last()).parent, Widget):
        return None
    line = FieldProblem(name)
    grid.mount(line, after=field)
    return line


def values_of(item: Item) -> dict[str, Any]:
    """The item's values as the form holds them (what `ItemEditor.read` gives back)."""
    values: dict[str, Any] = {
        name: visible(getattr(item, name) or "", multiline=False)
        for name in (*TEXT_FIELDS, *EXPERIMENT_FIELDS)
    }
    values.update(
        kind=item.kind.value,
        estimate=item.estimate,
        horizon=item.horizon.value,
        goal_id=item.goal_id,
        key_result_id=item.key_result_id,
        partners=", ".join(item.partners),
        blocked_by=" ".join(f"#{b}" for b in item.blocked_by),
        result=item.result.value if item.result else None,
        description=visible(item.description),  # a board from before the text rule
        criteria=item.criteria,
        **{name: getattr(item, name) for name in SCORE_INPUTS},
    )
    return values


def to_fields(values: dict[str, Any], base: Item) -> tuple[dict[str, Any], dict[str, str]]:
    """Form values as item fields, and the problems found in each field (checked as
    `base`, the item edited, would be with them)."""
    fields = {
        k: (v or None) if k in TEXT_FIELDS or k in EXPERIMENT_FIELDS else v
        for k, v in values.items()
    }
    fields["title"] = values["title"]
    problems: dict[str, str] = {}
    fields["partners"] = [p.strip() for p in values["partners"].split(",") if p.strip()]
    try:
        fields["blocked_by"] = [int(k.lstrip("#")) for k in values["blocked_by"].split()]
    except ValueError:
        problems["blocked_by"] = "write keys like #3 #5"
    data = {**base.model_dump(), **fields}
    try:
        Item.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            name = str(detail["loc"][0]) if detail["loc"] else "title"
            message = detail["msg"].removeprefix("Value error, ")
            problems.setdefault("scores" if name in SCORE_INPUTS else name, message)
    return fields, problems
