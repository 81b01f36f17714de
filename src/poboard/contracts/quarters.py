"""A quarter's update as `report --quarter Q --format json` gives it: its goals with
their key results' movement (as the sprint report gives them), what shipped by sprint
and the roadmap's Now / Next / Later."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NotRequired

from typing_extensions import TypedDict

from ..domain.models import Kind, Status
from ..domain.quarter_update import ROADMAP, QuarterReport
from ..domain.rules import AnyItem
from .reports import (
    EarlierActionJson,
    ExperimentReportJson,
    MovementJson,
    earlier_action,
    experiment_data,
    movement_data,
)
from .requests import AskedJson, asked_json
from .shapes import closed


@closed
class QuarterJson(TypedDict):
    name: str  # "2026-Q4"
    first: str  # its first and last days
    last: str


@closed
class GoalUpdateJson(TypedDict):
    key: str
    title: str
    quarter: str | None
    north_star: bool
    progress: float
    key_results: list[MovementJson]


@closed
class ShippedItemJson(TypedDict):
    key: str
    title: str
    kind: Kind
    estimate: int | None
    owner: str | None
    goal: str | None  # the goal's title
    promise: str | None
    metric: str | None
    experiment: NotRequired[ExperimentReportJson]  # an experiment's only


@closed
class ShippedJson(TypedDict):
    sprint: str | None  # none: done outside any sprint
    points: int
    items: list[ShippedItemJson]


@closed
class RoadmapItemJson(TypedDict):
    key: str
    title: str
    kind: Kind
    status: Status
    estimate: int | None
    owner: str | None
    goal: str | None


@closed
class QuarterUpdateJson(TypedDict):
    """The update: the quarter's goals, what shipped, the points and the roadmap."""

    board: str
    quarter: QuarterJson
    today: str
    goals: list[GoalUpdateJson]
    checkins: int  # made in the quarter
    shipped: list[ShippedJson]
    points: int
    roadmap: dict[str, list[RoadmapItemJson]]  # now, next, later
    requests_delivered: list[AskedJson]
    open_actions: list[EarlierActionJson]  # retro actions still open, overdue ones marked


def quarter_data(report: QuarterReport) -> QuarterUpdateJson:
    """The quarter's update as plain data (`json.dumps` takes it as is)."""
    q = report.quarter
    return {
        "board": report.board,
        "quarter": {"name": q.label, "first": q.first.isoformat(), "last": q.last.isoformat()},
        "today": report.today.isoformat(),
        "goals": [
            {
                "key": f"G{u.goal.id}",
                "title": u.goal.title,
                "quarter": u.goal.quarter,
                "north_star": u.goal.north_star,
                "progress": round(u.progress, 3),
                "key_results": [movement_data(m) for m in u.key_results],
            }
            for u in report.goals
        ],
        "checkins": sum(len(m.checkins) for u in report.goals for m in u.key_results),
        "shipped": [
            {
                "sprint": s.sprint,
                "points": s.points,
                "items": [_shipped_data(i, report.goal_titles) for i in s.items],
            }
            for s in report.shipped
        ],
        "points": report.points,
        "roadmap": {
            h.value: [_roadmap_data(i, report.goal_titles) for i in report.roadmap[h]]
            for h in ROADMAP
        },
        "requests_delivered": asked_json(report.asked),
        "open_actions": [
            earlier_action(a, where, report.today) for where, a in report.open_actions
        ],
    }


def _shipped_data(item: AnyItem, goals: Mapping[int, str]) -> ShippedItemJson:
    found: ShippedItemJson = {
        "key": item.key,
        "title": item.title,
        "kind": item.kind,
        "estimate": item.estimate,
        "owner": item.owner,
        "goal": goals.get(item.goal_id) if item.goal_id else None,
        "promise": item.promise,
        "metric": item.metric,
    }
    if item.kind is Kind.EXPERIMENT:
        found["experiment"] = experiment_data(item)
    return found


def _roadmap_data(item: AnyItem, goals: Mapping[int, str]) -> RoadmapItemJson:
    return {
        "key": item.key,
        "title": item.title,
        "kind": item.kind,
        "status": item.status,
        "estimate": item.estimate,
        "owner": item.owner,
        "goal": goals.get(item.goal_id) if item.goal_id else None,
    }
