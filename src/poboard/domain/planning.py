"""What the team plans and reviews with: goals, their key results and check-ins;
sprints; retros with their cards, votes and actions."""

from __future__ import annotations

from datetime import date

from pydantic import Field, field_validator

from .models import (
    RETRO_COLUMNS,
    ActionState,
    Confidence,
    GoalMet,
    Model,
    RetroFormat,
    SprintState,
    required_name,
)
from .safe_text import folded_spaces
from .text_types import OneLineText


class CheckIn(Model):
    """One reading of a key result: its value on a day, how sure the team is, and why."""

    id: int | None = None
    key_result_id: int | None = None
    day: date
    value: float = Field(allow_inf_nan=False)
    confidence: Confidence | None = None
    note: OneLineText | None = Field(default=None, max_length=500)
    by: OneLineText = ""
    at: str = ""

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: object) -> object:
        if isinstance(value, str):
            return folded_spaces(value) or None
        return value


class KeyResult(Model):
    id: int | None = None
    goal_id: int | None = None
    metric: OneLineText = Field(min_length=1)
    baseline: float
    target: float
    current: float
    checkins: list[CheckIn] = Field(default_factory=list)  # oldest first

    @property
    def key(self) -> str:
        return f"KR{self.id}"

    @property
    def confidence(self) -> Confidence | None:
        """The latest check-in's confidence: none when it stated none (an earlier
        judgement is not carried onto a value it was not made about)."""
        return self.checkins[-1].confidence if self.checkins else None

    @property
    def values(self) -> list[float]:
        """The baseline, then every check-in's value: the trend a sparkline draws."""
        return [self.baseline, *(c.value for c in self.checkins)]

    @property
    def progress(self) -> float:
        """Share of the way from baseline to target, clamped to 0..1."""
        span = self.target - self.baseline
        if span == 0:
            return 1.0 if self.current == self.target else 0.0
        return max(0.0, min(1.0, (self.current - self.baseline) / span))


class Goal(Model):
    id: int | None = None
    title: OneLineText = Field(max_length=200)
    quarter: OneLineText | None = None
    north_star: bool = False
    key_results: list[KeyResult] = Field(default_factory=list)
    created_by: OneLineText = ""
    created_at: str = ""
    archived_at: str | None = None  # an archived goal leaves the lists, keeps its history

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: object) -> object:
        return required_name(value, "a goal needs a title")

    @property
    def progress(self) -> float:
        if not self.key_results:
            return 0.0
        return sum(kr.progress for kr in self.key_results) / len(self.key_results)


class Sprint(Model):
    id: int | None = None
    name: OneLineText = Field(max_length=80)
    goal: OneLineText = ""
    start: date
    end: date
    capacity: int = Field(ge=0)
    state: SprintState = SprintState.PLANNED
    committed_points: int = 0
    velocity: int | None = None
    started_at: str | None = None  # when it did start: before or after `start`, maybe
    closed_at: str | None = None
    goal_met: GoalMet | None = None
    goal_note: OneLineText | None = None

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        return required_name(value, "a sprint needs a name")

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, value: date, info: object) -> date:
        start = getattr(info, "data", {}).get("start")
        if start is not None and value < start:
            raise ValueError("the end date is before the start date")
        return value


class RetroCard(Model):
    id: int | None = None
    retro_id: int | None = None
    column: OneLineText
    text: OneLineText = Field(min_length=1, max_length=500)
    author: OneLineText | None = None
    created_at: str = ""
    votes: int = 0


class RetroVote(Model):
    id: int | None = None
    card_id: int
    user: OneLineText
    at: str


class RetroAction(Model):
    id: int | None = None
    retro_id: int | None = None
    text: OneLineText = Field(min_length=1, max_length=300)
    owner: OneLineText | None = None
    due: date | None = None
    state: ActionState = ActionState.OPEN
    item_id: int | None = None
    carried_from: int | None = None


class Retro(Model):
    id: int | None = None
    sprint_id: int | None = None
    format: RetroFormat = RetroFormat.DEFAULT
    created_by: OneLineText = ""
    created_at: str = ""
    cards: list[RetroCard] = Field(default_factory=list)
    actions: list[RetroAction] = Field(default_factory=list)
    votes: list[RetroVote] = Field(default_factory=list)

    @property
    def columns(self) -> tuple[str, ...]:
        return RETRO_COLUMNS[self.format]
