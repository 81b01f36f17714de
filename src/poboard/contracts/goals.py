"""A goal, its key results and their check-ins as `goal show --json`, `goal checkin
--json`, the reports and the assistant's `list_goals` and `check_in_key_result` give
them: one shape each, everywhere."""

from __future__ import annotations

from typing_extensions import TypedDict

from ..domain.models import Confidence
from ..domain.okr import sparkline
from ..domain.planning import CheckIn, Goal, KeyResult
from .shapes import closed


@closed
class CheckInJson(TypedDict):
    """A key result's value on a day, with how sure the team was and why."""

    id: int | None  # what `goal checkin-edit` and `checkin-delete` take
    key_result: int | None  # the key result's id
    day: str  # YYYY-MM-DD
    value: float
    confidence: Confidence | None
    note: str | None
    by: str
    at: str  # when it was recorded


@closed
class KeyResultJson(TypedDict):
    """A key result: baseline → current → target, its progress and its check-ins."""

    id: int | None
    key: str  # "KR3"
    metric: str
    baseline: float
    current: float
    target: float
    progress: float  # 0–1, to three places
    confidence: Confidence | None  # the latest check-in's
    sparkline: str  # its values as ▁▂▄▆█
    checkins: list[CheckInJson]  # oldest first


@closed
class GoalJson(TypedDict):
    """A goal with its key results."""

    id: int | None
    key: str  # "G2"
    title: str
    quarter: str | None
    north_star: bool
    archived_at: str | None
    progress: float  # 0–1, to three places
    key_results: list[KeyResultJson]


@closed
class CheckInResultJson(TypedDict):
    """What the assistant's `check_in_key_result` answers: the key result after the
    check-in, the goal it serves, its value before and the note given."""

    goal: str  # "G2"
    goal_title: str
    id: int | None
    key: str
    metric: str
    baseline: float
    current: float
    target: float
    progress: float
    confidence: Confidence | None
    sparkline: str
    checkins: list[CheckInJson]
    previous: float
    note: str | None


def checkin_json(c: CheckIn) -> CheckInJson:
    return {
        "id": c.id,
        "key_result": c.key_result_id,
        "day": c.day.isoformat(),
        "value": c.value,
        "confidence": c.confidence,
        "note": c.note,
        "by": c.by,
        "at": c.at,
    }


def key_result_json(kr: KeyResult) -> KeyResultJson:
    return {
        "id": kr.id,
        "key": kr.key,
        "metric": kr.metric,
        "baseline": kr.baseline,
        "current": kr.current,
        "target": kr.target,
        "progress": round(kr.progress, 3),
        "confidence": kr.confidence,
        "sparkline": sparkline(kr.values),
        "checkins": [checkin_json(c) for c in kr.checkins],
    }


def goal_json(g: Goal) -> GoalJson:
    return {
        "id": g.id,
        "key": f"G{g.id}",
        "title": g.title,
        "quarter": g.quarter,
        "north_star": g.north_star,
        "archived_at": g.archived_at,
        "progress": round(g.progress, 3),
        "key_results": [key_result_json(kr) for kr in g.key_results],
    }


def checkin_result_json(
    goal: Goal, updated: KeyResult, previous: float, note: str | None
) -> CheckInResultJson:
    return {
        "goal": f"G{goal.id}",
        "goal_title": goal.title,
        **key_result_json(updated),
        "previous": previous,
        "note": note,
    }
