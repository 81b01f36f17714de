"""How the team delivers, computed from the events log: velocity, burndown, cycle and
acceptance times, throughput, rework, carry-overs and key-result progress.

Pure functions over models, so the Insights screen, the sprint report and the tests all
get the same figures from the same history (flow times live in `flow`). Event times are
UTC; a day is a UTC day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from . import rules
from .flow import (
    FlowTimes,
    ItemTime,
    WeekCount,
    acceptance_times,
    cycle_times,
    estimates,
    status_history,
    throughput,
)
from .models import Confidence, Event, SprintState, Status, parse_time
from .planning import Goal, Sprint
from .rules import AnyItem, last_closed

__all__ = [
    "Burndown",
    "BurndownDay",
    "CarryOver",
    "FlowTimes",
    "Insights",
    "ItemTime",
    "KeyResultProgress",
    "Rework",
    "SprintCarryOvers",
    "SprintVelocity",
    "WeekCount",
    "burndown",
    "burndown_sprint",
    "carry_overs",
    "compute",
    "key_results",
    "last_closed",
    "next_planned",
    "rework",
    "sprint_days",
    "sprint_scope",
    "sprint_velocity",
    "started_on",
    "velocity",
]


@dataclass(frozen=True)
class SprintVelocity:
    """Committed and done points of one sprint (the active one: done so far)."""

    sprint: str
    state: SprintState
    capacity: int
    committed: int
    done: int


@dataclass(frozen=True)
class BurndownDay:
    """Points left at the end of a day; `actual` is None for days still to come."""

    day: date
    ideal: float
    actual: int | None


@dataclass(frozen=True)
class Burndown:
    """A sprint's points left day by day; `state` tells a running sprint from one that
    closed (on `closed_on`, where its line stops)."""

    sprint: str
    committed: int
    days: tuple[BurndownDay, ...]
    state: SprintState = SprintState.ACTIVE
    start: date | None = None
    end: date | None = None
    closed_on: date | None = None


@dataclass(frozen=True)
class Rework:
    """Reopened items: each reopen counts, `item_ids` lists the items once each."""

    count: int
    item_ids: tuple[int, ...]


@dataclass(frozen=True)
class CarryOver:
    item_id: int
    sprint: str
    to: str
    reason: str | None
    at: str


@dataclass(frozen=True)
class SprintCarryOvers:
    sprint: str
    items: tuple[CarryOver, ...]

    @property
    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class KeyResultProgress:
    """A key result with its share of the way from baseline to target, and its check-ins."""

    goal: str
    north_star: bool
    metric: str
    baseline: float
    current: float
    target: float
    fraction: float
    history: tuple[tuple[str, float], ...]  # (day, value) of each check-in, oldest first
    confidence: Confidence | None = None  # at its latest check-in


@dataclass(frozen=True)
class Insights:
    today: date
    velocity: tuple[SprintVelocity, ...]
    burndown: Burndown | None
    cycle_time: FlowTimes
    acceptance_time: FlowTimes
    throughput: tuple[WeekCount, ...]
    rework: Rework
    carry_overs: tuple[SprintCarryOvers, ...]
    key_results: tuple[KeyResultProgress, ...]
    next_sprint: Sprint | None = None  # the planned sprint that starts first


def compute(
    events: Sequence[Event],
    sprints: Sequence[Sprint],
    items: Sequence[AnyItem],
    goals: Sequence[Goal],
    today: date,
) -> Insights:
    """Every figure the Insights screen shows, for the whole board and the sprint of the
    moment (`burndown_sprint`)."""
    shown = burndown_sprint(sprints)
    return Insights(
        today=today,
        velocity=velocity(sprints, items),
        burndown=burndown(shown, items, events, _last_day(shown, today)) if shown else None,
        cycle_time=cycle_times(events),
        acceptance_time=acceptance_times(events),
        throughput=throughput(events, estimates(items), last=today),
        rework=rework(events),
        carry_overs=carry_overs(events, sprints),
        key_results=key_results(goals),
        next_sprint=next_planned(sprints),
    )


def burndown_sprint(sprints: Sequence[Sprint]) -> Sprint | None:
    """The sprint whose burndown matters now: the active one; between sprints, the one
    that just ended, so the team can look back on it before the next starts."""
    active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
    return active or last_closed(sprints)


def next_planned(sprints: Iterable[Sprint]) -> Sprint | None:
    """The planned sprint that starts first."""
    planned = [s for s in sprints if s.state is SprintState.PLANNED]
    return min(planned, key=lambda s: (s.start, s.id or 0), default=None)


def _last_day(sprint: Sprint, today: date) -> date:
    """A closed sprint's line stops on the day it closed: later moves of its items (a
    reopen, say) belong to other sprints."""
    closed = _closed_on(sprint)
    return min(today, closed) if closed is not None else today


def _closed_on(sprint: Sprint) -> date | None:
    closed = parse_time(sprint.closed_at) if sprint.closed_at else None
    return closed.date() if closed is not None else None


def started_on(sprint: Sprint) -> date:
    """The day a sprint started, which may be before or after its planned start; a
    planned one (or one whose start was not recorded) goes by its planned start."""
    started = parse_time(sprint.started_at) if sprint.started_at else None
    return started.date() if started is not None else sprint.start


def sprint_days(sprint: Sprint, today: date) -> tuple[date, date]:
    """The days a sprint's figures cover: from the day it started to the day it closed
    (one still running: to today; a closed one that does not say when: its last day)."""
    first = started_on(sprint)
    if sprint.state is not SprintState.CLOSED:
        return first, max(first, today)
    return first, max(first, _closed_on(sprint) or sprint.end)


# ----- velocity and burndown -------------------------------------------------------------


def sprint_velocity(sprint: Sprint, items: Iterable[AnyItem]) -> SprintVelocity:
    """A closed sprint's figures are those recorded when it closed (work reopened later
    does not rewrite them); an open sprint's are what its items add up to now."""
    mine = [i for i in items if i.sprint_id == sprint.id]
    done_now = rules.points(i for i in mine if i.status is Status.DONE)
    if sprint.state is SprintState.CLOSED:
        done = sprint.velocity if sprint.velocity is not None else done_now
        committed = max(sprint.committed_points, done)
    else:
        done = done_now
        committed = rules.points(mine)
    return SprintVelocity(sprint.name, sprint.state, sprint.capacity, committed, done)


def velocity(sprints: Iterable[Sprint], items: Sequence[AnyItem]) -> tuple[SprintVelocity, ...]:
    """Closed sprints and the active one, in the order they ran; planned ones are left out."""
    ran = [s for s in sprints if s.state is not SprintState.PLANNED]
    ran.sort(key=lambda s: (started_on(s), s.id or 0))
    return tuple(sprint_velocity(s, items) for s in ran)


def sprint_scope(sprint: Sprint, items: Iterable[AnyItem], events: Iterable[Event]) -> set[int]:
    """The items a sprint worked on: those still in it, and those it carried over."""
    scope = {
        i.id or 0 for i in items if i.sprint_id == sprint.id and i.status is not Status.DROPPED
    }
    scope |= {
        e.item_id for e in events if e.action == "rollover" and e.old == sprint.name and e.item_id
    }
    return scope


def burndown(
    sprint: Sprint,
    items: Sequence[AnyItem],
    events: Sequence[Event],
    today: date,
    committed: int | None = None,
) -> Burndown:
    """Points left at the end of each sprint day, from the day it started (before its
    planned start, maybe) to its planned last day: ideal falls in a straight line from the
    committed points on the first day to zero on the last; actual is committed minus the
    points of the sprint's items that were done at that day's end (a reopen adds them back).
    """
    if committed is None:
        committed = sprint_velocity(sprint, items).committed
    scope = sprint_scope(sprint, items, events)
    points = estimates(items)
    history = status_history(events, scope)
    first = started_on(sprint)
    length = (max(sprint.end, first) - first).days + 1
    days = []
    for n in range(length):
        day = first + timedelta(days=n)
        ideal = committed * (length - 1 - n) / (length - 1) if length > 1 else 0.0
        actual = None
        if day <= today:
            done = sum(points.get(i, 0) for i in scope if _status_on(history.get(i, []), day))
            actual = max(0, committed - done)
        days.append(BurndownDay(day, round(ideal, 2), actual))
    return Burndown(
        sprint.name,
        committed,
        tuple(days),
        sprint.state,
        first,
        first + timedelta(days=length - 1),
        _closed_on(sprint),
    )


def _status_on(changes: Sequence[tuple[datetime, str]], day: date) -> bool:
    """Whether the item was done at the end of that (UTC) day."""
    status = None
    for moment, new in changes:
        if moment.date() > day:
            break
        status = new
    return status == Status.DONE.value


# ----- rework, carry-overs, key results --------------------------------------------------


def rework(
    events: Iterable[Event],
    item_ids: Collection[int] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> Rework:
    """Done items reopened (the events log marks each such move as "reopen")."""
    reopened = []
    for e in events:
        if e.action != "reopen" or (item_ids is not None and e.item_id not in item_ids):
            continue
        moment = parse_time(e.at)
        if moment is None:
            continue
        if (first is None or moment.date() >= first) and (last is None or moment.date() <= last):
            reopened.append(e.item_id or 0)
    return Rework(len(reopened), tuple(sorted(set(reopened))))


def carry_overs(
    events: Iterable[Event], sprints: Sequence[Sprint] = ()
) -> tuple[SprintCarryOvers, ...]:
    """Items each sprint carried over when it closed, with where they went and why; every
    closed sprint is listed, with none if it carried nothing."""
    by_sprint: dict[str, list[CarryOver]] = defaultdict(list)
    for e in events:
        if e.action == "rollover" and e.item_id and e.old:
            by_sprint[e.old].append(CarryOver(e.item_id, e.old, e.new or "backlog", e.note, e.at))
    names = [
        s.name
        for s in sorted(sprints, key=lambda s: (started_on(s), s.id or 0))
        if s.state is SprintState.CLOSED or s.name in by_sprint
    ]
    names += [name for name in by_sprint if name not in names]
    return tuple(SprintCarryOvers(name, tuple(by_sprint.get(name, ()))) for name in names)


def key_results(goals: Iterable[Goal]) -> tuple[KeyResultProgress, ...]:
    """Every goal's key results with their check-ins."""
    return tuple(
        KeyResultProgress(
            goal=goal.title,
            north_star=goal.north_star,
            metric=kr.metric,
            baseline=kr.baseline,
            current=kr.current,
            target=kr.target,
            fraction=kr.progress,
            history=tuple((c.day.isoformat(), c.value) for c in kr.checkins),
            confidence=kr.confidence,
        )
        for goal in goals
        for kr in goal.key_results
    )
