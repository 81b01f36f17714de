"""The tools' inputs: named as the CLI's options and arguments, described for an assistant.

The choices are spelled out as `Literal`s so the input schema lists them; a test
checks they match the model's enums. Other values (estimates, score inputs, partners)
are checked by the board, which refuses a bad one with `invalid_input` and says why.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from ..domain.models import ESTIMATES, PARTNERS

StatusName = Literal["backlog", "todo", "doing", "review", "done", "dropped"]
HorizonName = Literal["now", "next", "later", "unplanned"]
KindName = Literal["story", "campaign", "content", "experiment", "launch", "bug", "chore"]
CriterionStateName = Literal["met", "open", "waived"]
ReportFormat = Literal["json", "md"]


def _score(what: str) -> Any:
    return Field(description=f"Score input 1–5: {what}.")


Key = Annotated[
    str, Field(description="The item's key: #42 (42 works too).", coerce_numbers_to_str=True)
]
Keys = Annotated[
    list[Annotated[str, Field(coerce_numbers_to_str=True)]],
    Field(description="Item keys: [#42, #43]. All are committed, or none (each refusal named)."),
]
ExpectVersion = Annotated[
    int | None,
    Field(
        description="The item's version when you read it (get_item's `version`); the write "
        "is refused with `conflict` if someone changed the item since. Leave it out to "
        "write whatever the version."
    ),
]
SprintName = Annotated[str | None, Field(description="Sprint name, or 'current' (the active one).")]

Title = Annotated[str, Field(description="Short title, as the backlog shows it.")]
Kind = Annotated[KindName | None, Field(description="Kind of work (default story).")]
Owner = Annotated[str | None, Field(description="Who owns it (a team member's name).")]
Audience = Annotated[str | None, Field(description="Who it is for.")]
Promise = Annotated[str | None, Field(description="What it promises them.")]
Proof = Annotated[str | None, Field(description="The proof behind the promise.")]
Metric = Annotated[str | None, Field(description="The metric it should move.")]
Estimate = Annotated[
    int | None, Field(description=f"Points: one of {', '.join(map(str, ESTIMATES))}.")
]
Horizon = Annotated[
    HorizonName | None,
    Field(description="Roadmap horizon: now (2–4 weeks), next (1–2 quarters), later."),
]
Goal = Annotated[int | None, Field(description="Id of the goal it serves (list_goals gives ids).")]
Description = Annotated[str | None, Field(description="Markdown description.")]
Partners = Annotated[
    list[str] | None,
    Field(description=f"Partner teams, from: {', '.join(PARTNERS)}."),
]
BlockedBy = Annotated[
    list[Annotated[str, Field(coerce_numbers_to_str=True)]] | None,
    Field(description="Keys of the items blocking it: [#12]."),
]
Unblock = Annotated[
    list[Annotated[str, Field(coerce_numbers_to_str=True)]] | None,
    Field(
        description='Keys of blockers to remove: [#12] (blocked_by ["none"] removes '
        "every one). A blocker that would close a ring of items each blocked by the next "
        "is refused (blocker_cycle)."
    ),
]
ResultName = Annotated[
    Literal["ship", "iterate", "kill"] | None,
    Field(description="Experiment: the decision, once the experiment has run."),
]
ResultNote = Annotated[
    str | None,
    Field(description="Experiment: what was learned, the evidence behind the decision."),
]
Value = Annotated[int | None, _score("value to the audience")]
Urgency = Annotated[int | None, _score("urgency")]
Impact = Annotated[int | None, _score("audience impact")]
Fit = Annotated[int | None, _score("strategic fit")]
Effort = Annotated[int | None, _score("effort (lowers the score)")]
Risk = Annotated[int | None, _score("risk (lowers the score)")]
Hypothesis = Annotated[str | None, Field(description="Experiment: the hypothesis.")]
SuccessMetric = Annotated[str | None, Field(description="Experiment: success metric.")]
GuardrailMetric = Annotated[str | None, Field(description="Experiment: guardrail metric.")]
DecisionRule = Annotated[
    str | None,
    Field(description="Experiment: decision rule, e.g. ship if activation lifts 5%."),
]
AcceptanceCriteria = Annotated[
    list[str] | None,
    Field(description="Acceptance criteria, one sentence each: how the team will know it is done."),
]

CriterionNumber = Annotated[
    int, Field(description="The criterion's number, 1 first (get_item's `n`).")
]
Reason = Annotated[
    str | None,
    Field(description="Why it is waived (waived only): where and by whom it was accepted."),
]
GoalRef = Annotated[
    str, Field(description="The goal: G2 or 2 (list_goals).", coerce_numbers_to_str=True)
]
KeyResultMetric = Annotated[
    str, Field(description="The key result's metric, as list_goals names it.")
]
KeyResultValue = Annotated[float, Field(description="Its current value, in the metric's own unit.")]
Confidence = Annotated[
    Literal["on track", "at risk", "off track"] | None,
    Field(description="How sure the team is of reaching the target."),
]
CheckInNote = Annotated[str | None, Field(description="Why: what moved it, what is at risk.")]

# The item options of `add` and `edit`, as tool inputs (--goal, --partner and --ac are
# goal, partners and acceptance_criteria).
ITEM_OPTIONS = (
    "kind", "owner", "audience", "promise", "proof", "metric", "estimate", "horizon", "goal",
    "description", "partners", "blocked_by", "value", "urgency", "impact", "fit", "effort",
    "risk", "hypothesis", "success_metric", "guardrail_metric", "decision_rule",
)  # fmt: skip
