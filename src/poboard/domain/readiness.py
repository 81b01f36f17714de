"""What a Definition of Ready may ask of an item, and what a write warns of, as data.

A `ReadyField`'s value is the item's field as settings and `config set ready.KIND` name
it ("success_metric", "criteria"); its `label` is how people read it ("missing success
metric, acceptance criteria"), and what `--json` lists and a board file keeps. A
`Notice` is a warning a write gives beside its result: a stable code to choose by, and
the sentence interfaces show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class ReadyField(Enum):
    """One thing a Definition of Ready may ask of an item, in the order a form shows it."""

    OWNER = "owner"
    AUDIENCE = "audience"
    PROMISE = "promise"
    PROOF = "proof"
    METRIC = "metric"
    ESTIMATE = "estimate"
    CRITERIA = "criteria"  # at least one acceptance criterion of its own
    HYPOTHESIS = "hypothesis"  # this one and the three after it: experiments' only
    SUCCESS_METRIC = "success_metric"
    GUARDRAIL_METRIC = "guardrail_metric"
    DECISION_RULE = "decision_rule"

    @property
    def label(self) -> str:
        """How people read it: "acceptance criteria", "decision rule"."""
        return LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> ReadyField | None:
        """The field a label names; None when it names none."""
        return BY_LABEL.get(label)


LABELS = {field: field.value.replace("_", " ") for field in ReadyField} | {
    ReadyField.CRITERIA: "acceptance criteria"
}
BY_LABEL = {label: field for field, label in LABELS.items()}

READY_FIELDS = tuple(ReadyField)  # in the order a form shows them
EXPERIMENT_FIELDS = READY_FIELDS[7:]  # asked of experiments only
FULL_READY = READY_FIELDS[:7]  # owner to criteria


def labels(fields: Iterable[ReadyField]) -> str:
    """Fields as a sentence names them: "owner, acceptance criteria"."""
    return ", ".join(field.label for field in fields)


class NoticeCode(Enum):
    """Stable names of what a write may warn of; choose by these, never by the words."""

    BLOCKED = "blocked"  # the item moved to Doing while items it waits on are open
    OVER_WIP = "over_wip"  # the column now holds more than its WIP limit


@dataclass(frozen=True)
class Notice:
    """A warning beside a write's result: the write happened, but someone should know."""

    code: NoticeCode
    sentence: str
