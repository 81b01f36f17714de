"""A quarter's update for stakeholders: its goals with their check-ins, what shipped
(done items by sprint, with points) and the roadmap's Now / Next / Later; the same as
JSON-able data (`quarter_markdown` renders it as a page).

Pure functions over models and the events log: a quarter is calendar months (Q4 is
October to December); an item shipped on the UTC day of its last move to done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .errors import InvalidInputError
from .flow import status_history
from .measures import started_on
from .models import Event, Goal, Horizon, Kind, Retro, RetroAction, Sprint, Status, parse_time
from .okr import Movement, movements, quarter_name
from .rules import AnyItem
from .sprint_report import action_data, experiment_data, movement_data, open_actions

ROADMAP = (Horizon.NOW, Horizon.NEXT, Horizon.LATER)
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[-/ ]?\s*q([1-4])$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^q([1-4])\s*[-/ ]?\s*(\d{4})$", re.IGNORECASE)


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def read_quarter(text: str | None) -> Quarter | None:
    """A quarter as people write it ("2026-Q4", "2026 Q4", "Q4 2026"); None if it is not one."""
    cleaned = " ".join((text or "").split())
    if found := _YEAR_FIRST.match(cleaned):
        return Quarter(int(found[1]), int(found[2]))
    if found := _QUARTER_FIRST.match(cleaned):
        return Quarter(int(found[2]), int(found[1]))
    return None


def parse_quarter(text: str, today: date) -> Quarter:
    """`--quarter`: a quarter, or "current" for today's."""
    if text.strip().lower() == "current":
        return quarter_of(today)
    try:
        found = read_quarter(quarter_name(text))
    except InvalidInputError:
        found = None
    if found is None:
        raise InvalidInputError(f"quarter {text!r} should read like 2026-Q4, or current")
    return found


@dataclass(frozen=True)
class GoalUpdate:
    """A goal and how each of its key results moved over the quarter."""

    goal: Goal
    key_results: tuple[Movement, ...]

    @property
    def progress(self) -> float:
        """The goal's progress at the quarter's end (or today), not as it stands now."""
        if not self.key_results:
            return 0.0
        return sum(m.progress for m in self.key_results) / len(self.key_results)


@dataclass(frozen=True)
class Shipped:
    """Work done in the quarter within one sprint (`sprint` None: outside any sprint)."""

    sprint: str | None
    items: tuple[AnyItem, ...]

    @property
    def points(self) -> int:
        return sum(i.estimate or 0 for i in self.items)


@dataclass(frozen=True)
class QuarterReport:
    board: str
    quarter: Quarter
    today: date
    goals: tuple[GoalUpdate, ...]
    shipped: tuple[Shipped, ...]
    roadmap: Mapping[Horizon, tuple[AnyItem, ...]]
    goal_titles: Mapping[int, str]
    open_actions: tuple[tuple[str, RetroAction], ...] = ()  # (its retro, the action)

    @property
    def points(self) -> int:
        return sum(s.points for s in self.shipped)


def ongoing(goal: Goal, quarter: Quarter) -> bool:
    """A goal with no quarter of its own: the North Star, in every quarter; any other
    once it was set (before the quarter ended)."""
    if read_quarter(goal.quarter) is not None:
        return False
    created = parse_time(goal.created_at)
    return goal.north_star or created is None or created.date() <= quarter.last


def build_quarter(
    *,
    board: str,
    quarter: Quarter,
    goals: Sequence[Goal],
    sprints: Sequence[Sprint],
    done: Sequence[AnyItem],
    open_items: Sequence[AnyItem],
    events: Iterable[Event],
    today: date,
    retros: Sequence[Retro] = (),
) -> QuarterReport:
    """The goals set for the quarter and the ongoing ones (no quarter set: the North
    Star, and others set by the quarter's end), with their key results from the day the
    quarter began to its end (or today); the done items whose last move to done fell in
    the quarter, by sprint in the order they ran; the open items of each roadmap
    horizon, in rank order; the retro actions still open (overdue ones are marked)."""
    last = min(quarter.last, max(today, quarter.first))
    chosen = [g for g in goals if read_quarter(g.quarter) == quarter or ongoing(g, quarter)]
    updates = tuple(GoalUpdate(g, movements([g], quarter.first, last)) for g in chosen)
    return QuarterReport(
        board=board,
        quarter=quarter,
        today=today,
        goals=updates,
        shipped=_shipped(quarter, sprints, done, events),
        roadmap={h: tuple(i for i in open_items if i.horizon is h) for h in ROADMAP},
        goal_titles={g.id or 0: g.title for g in goals},
        open_actions=open_actions(retros, sprints),
    )


def _shipped(
    quarter: Quarter, sprints: Sequence[Sprint], done: Sequence[AnyItem], events: Iterable[Event]
) -> tuple[Shipped, ...]:
    ids = {i.id or 0 for i in done}
    accepted = {}
    for item_id, changes in status_history(events, ids).items():
        last_done = [when for when, new in changes if new == Status.DONE.value]
        if last_done:
            accepted[item_id] = last_done[-1].date()
    inside = [i for i in done if (day := accepted.get(i.id or 0)) and quarter.holds(day)]
    order = sorted(sprints, key=lambda s: (started_on(s), s.id or 0))
    groups = [Shipped(s.name, tuple(i for i in inside if i.sprint_id == s.id)) for s in order]
    known = {s.id for s in sprints}
    groups.append(Shipped(None, tuple(i for i in inside if i.sprint_id not in known)))
    return tuple(g for g in groups if g.items)


# ----- JSON ------------------------------------------------------------------------------


def quarter_data(report: QuarterReport) -> dict[str, Any]:
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
        "open_actions": [
            {**action_data(a, report.today), "from": where} for where, a in report.open_actions
        ],
    }


def _shipped_data(item: AnyItem, goals: Mapping[int, str]) -> dict[str, Any]:
    found: dict[str, Any] = {
        "key": item.key,
        "title": item.title,
        "kind": item.kind.value,
        "estimate": item.estimate,
        "owner": item.owner,
        "goal": goals.get(item.goal_id) if item.goal_id else None,
        "promise": item.promise,
        "metric": item.metric,
    }
    if item.kind is Kind.EXPERIMENT:
        found["experiment"] = experiment_data(item)
    return found


def _roadmap_data(item: AnyItem, goals: Mapping[int, str]) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "kind": item.kind.value,
        "status": item.status.value,
        "estimate": item.estimate,
        "owner": item.owner,
        "goal": goals.get(item.goal_id) if item.goal_id else None,
    }


__all__ = [
    "GoalUpdate",
    "Quarter",
    "QuarterReport",
    "Shipped",
    "build_quarter",
    "parse_quarter",
    "quarter_data",
    "quarter_of",
    "read_quarter",
]
