"""The board's vocabulary: pydantic models and enums shared by every layer."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .readiness import ReadyField
from .safe_text import folded_spaces, trimmed
from .text_types import MultiLineText, OneLineText

ESTIMATES = (0, 1, 2, 3, 5, 8, 13, 21)
# Tools an item may have been imported from, and how their names are written.
SOURCE_NAMES = {"jira": "Jira", "trello": "Trello", "github": "GitHub"}
SCORE_INPUTS = ("value", "urgency", "impact", "fit", "effort", "risk")
# An experiment's design and decision, in the order lists and reports give them.
EXPERIMENT_DESIGN = (
    "hypothesis", "success_metric", "guardrail_metric", "decision_rule", "result",
    "result_note",
)  # fmt: skip
PARTNERS = (
    "content",
    "design",
    "web",
    "ops",
    "sales",
    "analytics",
    "product",
    "customer success",
)


class Kind(StrEnum):
    STORY = "story"
    CAMPAIGN = "campaign"
    CONTENT = "content"
    EXPERIMENT = "experiment"
    LAUNCH = "launch"
    BUG = "bug"
    CHORE = "chore"


class Status(StrEnum):
    BACKLOG = "backlog"
    TODO = "todo"
    DOING = "doing"
    REVIEW = "review"
    DONE = "done"
    DROPPED = "dropped"


WIP_COLUMNS = ("doing", "review")
SPRINT_COLUMNS = (Status.TODO, Status.DOING, Status.REVIEW, Status.DONE)
CLOSED_STATUSES = (Status.DONE, Status.DROPPED)


class Horizon(StrEnum):
    NOW = "now"
    NEXT = "next"
    LATER = "later"
    UNPLANNED = "unplanned"


class CriterionState(StrEnum):
    OPEN = "open"
    MET = "met"
    WAIVED = "waived"


class SprintState(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"


class ExperimentResult(StrEnum):
    SHIP = "ship"
    ITERATE = "iterate"
    KILL = "kill"


class Confidence(StrEnum):
    """How sure the team is, at a check-in, that a key result will reach its target."""

    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"


class GoalMet(StrEnum):
    """Whether a closed sprint met its sprint goal."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class RetroFormat(StrEnum):
    DEFAULT = "default"
    START_STOP_CONTINUE = "start-stop-continue"
    FOUR_LS = "4ls"
    MAD_SAD_GLAD = "mad-sad-glad"


RETRO_COLUMNS: dict[RetroFormat, tuple[str, ...]] = {
    RetroFormat.DEFAULT: ("Went well", "To improve", "Standardize"),
    RetroFormat.START_STOP_CONTINUE: ("Start", "Stop", "Continue"),
    RetroFormat.FOUR_LS: ("Liked", "Learned", "Lacked", "Longed for"),
    RetroFormat.MAD_SAD_GLAD: ("Mad", "Sad", "Glad"),
}


class ActionState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CARRIED = "carried"
    DROPPED = "dropped"


KIND_TEMPLATES: dict[Kind, tuple[str, ...]] = {
    Kind.LAUNCH: (
        "Customer value stated: who it is for, what it does, why now, how it is better",
        "Proof ready: a customer quote, a data point or a demo",
        "Enablement done: sales and customer success briefed, FAQ published",
        "Instrumentation live: launch events tracked in analytics",
    ),
}


def template_missing(kind: Kind, texts: Iterable[str]) -> list[str]:
    """The kind's template criteria (a launch's readiness checklist) not among `texts`."""
    have = set(texts)
    return [text for text in KIND_TEMPLATES.get(kind, ()) if text not in have]


# What each kind needs to be ready until the team says otherwise (`config set ready.KIND`).


# How a criterion's state reads without colour: on screen, and in text files.
CRITERION_SYMBOLS = {CriterionState.OPEN: "○", CriterionState.MET: "●", CriterionState.WAIVED: "⊘"}
CRITERION_BOXES = {CriterionState.OPEN: "[ ]", CriterionState.MET: "[x]",
                   CriterionState.WAIVED: "[~]"}  # fmt: skip


class Model(BaseModel):
    """Models build their validators when first used, not when imported: a one-line
    command pays only for the models it touches."""

    model_config = ConfigDict(defer_build=True)


def required_name(value: object, refusal: str) -> object:
    """A name or title on one line: runs of whitespace (a pasted newline, a tab) become one
    space before the text rule (`OneLineText`) judges what is left."""
    if not isinstance(value, str):
        return value
    value = folded_spaces(value)
    if not value:
        raise ValueError(refusal)
    return value


def new_uid() -> str:
    """A criterion's name that survives rewording and reordering (merges and the log use it)."""
    return os.urandom(4).hex()  # as secrets.token_hex, without importing hmac and OpenSSL


class Criterion(Model):
    """One acceptance criterion; `dod` marks a line copied from the Definition of Done."""

    uid: str = Field(default_factory=new_uid, min_length=1, max_length=32)
    n: int = 0
    text: OneLineText = Field(min_length=1, max_length=500)
    state: CriterionState = CriterionState.OPEN
    dod: bool = False
    by: OneLineText | None = None
    at: str | None = None
    reason: OneLineText | None = None

    @field_validator("text")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = trimmed(value)
        if not value:
            raise ValueError("a criterion needs some text")
        return value


class Item(Model):
    """A backlog item: the unit of work that is ranked, planned, done and accepted."""

    model_config = ConfigDict(validate_assignment=True, defer_build=True)

    id: int | None = None
    title: OneLineText = Field(max_length=200)  # emptiness is refused by _title, in plain words
    kind: Kind = Kind.STORY
    description: MultiLineText = ""
    owner: OneLineText | None = None
    audience: OneLineText | None = None
    promise: OneLineText | None = None
    proof: OneLineText | None = None
    metric: OneLineText | None = None
    partners: list[str] = Field(default_factory=list)
    goal_id: int | None = None
    key_result_id: int | None = None
    horizon: Horizon = Horizon.UNPLANNED
    sprint_id: int | None = None
    status: Status = Status.BACKLOG
    rank: float = 0.0
    estimate: int | None = None
    value: int = Field(default=3, ge=1, le=5)
    urgency: int = Field(default=3, ge=1, le=5)
    impact: int = Field(default=3, ge=1, le=5)
    fit: int = Field(default=3, ge=1, le=5)
    effort: int = Field(default=3, ge=1, le=5)
    risk: int = Field(default=3, ge=1, le=5)
    hypothesis: OneLineText | None = None
    success_metric: OneLineText | None = None
    guardrail_metric: OneLineText | None = None
    decision_rule: OneLineText | None = None
    result: ExperimentResult | None = None
    result_note: OneLineText | None = None
    slipped: int = 0
    blocked_by: list[int] = Field(default_factory=list)
    criteria: list[Criterion] = Field(default_factory=list)
    source: str | None = None  # where it was imported from: a key of SOURCE_NAMES
    source_key: OneLineText | None = None  # its key there: MKT-42, a Trello link, owner/repo#7
    source_url: OneLineText | None = None
    created_by: OneLineText = ""
    created_at: str = ""
    updated_by: OneLineText = ""
    updated_at: str = ""
    version: int = 1

    @field_validator("source")
    @classmethod
    def _source(cls, value: str | None) -> str | None:
        if value is not None and value not in SOURCE_NAMES:
            raise ValueError(f"source must be one of {', '.join(SOURCE_NAMES)}")
        return value

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> object:
        return required_name(value, "a title cannot be empty")

    @field_validator(
        "owner", "audience", "promise", "proof", "metric", "hypothesis", "success_metric",
        "guardrail_metric", "decision_rule", "result_note", mode="before",
    )  # fmt: skip
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return trimmed(value) if isinstance(value, str) else value

    @field_validator("estimate")
    @classmethod
    def _estimate(cls, value: int | None) -> int | None:
        if value is not None and value not in ESTIMATES:
            allowed = " ".join(str(e) for e in ESTIMATES)
            raise ValueError(f"estimate must be one of {allowed}")
        return value

    @field_validator("partners")
    @classmethod
    def _partners(cls, value: list[str]) -> list[str]:
        unknown = [p for p in value if p not in PARTNERS]
        if unknown:
            raise ValueError(f"unknown partner {unknown[0]!r}; choose from {', '.join(PARTNERS)}")
        return value

    @property
    def key(self) -> str:
        return f"#{self.id}"


@dataclass(slots=True)
class ItemRow:
    """An item as lists show it: its own columns without the criteria, plus what is kept
    with the row for them (readiness, open criteria, blockers). Cheap to read by the
    thousand (not frozen: a frozen dataclass takes five times as long to make, and ten
    thousand are made at a time); never changed once read. `Item` is the whole item,
    read one at a time."""

    id: int
    title: str
    kind: Kind
    description: str
    owner: str | None
    audience: str | None
    promise: str | None
    proof: str | None
    metric: str | None
    goal_id: int | None
    key_result_id: int | None
    horizon: Horizon
    sprint_id: int | None
    status: Status
    rank: float
    estimate: int | None
    value: int
    urgency: int
    impact: int
    fit: int
    effort: int
    risk: int
    slipped: int
    version: int
    partners: tuple[str, ...]
    hypothesis: str | None
    success_metric: str | None
    guardrail_metric: str | None
    decision_rule: str | None
    result: ExperimentResult | None
    result_note: str | None
    created_by: str
    created_at: str
    updated_by: str
    updated_at: str
    source: str | None
    source_key: str | None
    source_url: str | None
    missing: tuple[ReadyField, ...]  # what keeps it from the Definition of Ready
    criteria_open: int  # criteria neither met nor waived with a reason
    blocked_by: tuple[int, ...]

    @property
    def key(self) -> str:
        return f"#{self.id}"

    @property
    def ready(self) -> bool:
        return not self.missing


class Event(Model):
    id: int | None = None
    at: str
    user: str
    item_id: int | None = None
    action: str
    field: str | None = None
    old: str | None = None
    new: str | None = None
    note: str | None = None
    ref: str | None = None  # what inside the item the event is about (a criterion's uid)


def stamp(moment: datetime) -> str:
    """How every event records its time: UTC, to the second."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime | None:
    """An event's time ("2024-05-06T14:02:00Z") as an aware UTC datetime; None when an
    imported event carries a time that is not one (it is then left out)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
