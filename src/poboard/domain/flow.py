"""Flow figures from the events log: each item's status history, cycle and acceptance
times with median and 85th percentile, and throughput per ISO week.

Pure functions over events; `insights` and the sprint report build on them.
Event times are UTC; a day is a UTC day.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .models import Event, Status, parse_time, stamp
from .rules import AnyItem

STATUS_ACTIONS = frozenset({"move", "reopen"})
DAY_SECONDS = 86_400


@dataclass(frozen=True)
class ItemTime:
    """How long one item took between two moves, in days."""

    item_id: int
    start: str
    end: str
    days: float


@dataclass(frozen=True)
class FlowTimes:
    """Per-item times with their median and 85th percentile (None when there are none)."""

    items: tuple[ItemTime, ...]
    median: float | None
    p85: float | None


@dataclass(frozen=True)
class WeekCount:
    """Items (and their points) that reached done in one ISO week."""

    week: str
    monday: date
    items: int
    points: int


def status_history(
    events: Iterable[Event], item_ids: Collection[int] | None = None
) -> dict[int, list[tuple[datetime, str]]]:
    """Each item's status changes in time order: (when, new status)."""
    found: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for event in events:
        if event.action not in STATUS_ACTIONS or event.field != "status" or not event.item_id:
            continue
        if item_ids is not None and event.item_id not in item_ids:
            continue
        moment = parse_time(event.at)
        if moment is not None:
            found[event.item_id].append((moment, event.new or ""))
    for changes in found.values():
        changes.sort(key=lambda change: change[0])
    return dict(found)


def cycle_times(events: Iterable[Event], item_ids: Collection[int] | None = None) -> FlowTimes:
    """From an item's first move into doing to its last move to done, for items done now."""
    times = []
    for item_id, changes in status_history(events, item_ids).items():
        end = _last_done(changes)
        start = next((when for when, new in changes if new == Status.DOING.value), None)
        if end is not None and start is not None and start <= end:
            times.append(_item_time(item_id, start, end))
    return flow_times(times)


def acceptance_times(events: Iterable[Event], item_ids: Collection[int] | None = None) -> FlowTimes:
    """From the move into review that preceded an item's last move to done, to that move:
    how long accepted work waited for acceptance."""
    times = []
    for item_id, changes in status_history(events, item_ids).items():
        end = _last_done(changes)
        if end is None:
            continue
        start = next(
            (w for w, new in reversed(changes) if new == Status.REVIEW.value and w <= end), None
        )
        if start is not None:
            times.append(_item_time(item_id, start, end))
    return flow_times(times)


def _last_done(changes: Sequence[tuple[datetime, str]]) -> datetime | None:
    """When the item last reached done, if that is where it still is."""
    if not changes or changes[-1][1] != Status.DONE.value:
        return None
    return changes[-1][0]


def _item_time(item_id: int, start: datetime, end: datetime) -> ItemTime:
    days = (end - start).total_seconds() / DAY_SECONDS
    return ItemTime(item_id, stamp(start), stamp(end), days)


def flow_times(times: Iterable[ItemTime]) -> FlowTimes:
    ordered = tuple(sorted(times, key=lambda t: (t.end, t.item_id)))
    values = [t.days for t in ordered]
    return FlowTimes(ordered, median(values), percentile(values, 85))


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], p: float) -> float | None:
    """Nearest rank: the smallest value that p% of the values are at or below, so "85% of
    items took at most this long" holds exactly."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def throughput(
    events: Iterable[Event],
    points: Mapping[int, int] | None = None,
    first: date | None = None,
    last: date | None = None,
    item_ids: Collection[int] | None = None,
) -> tuple[WeekCount, ...]:
    """Items done now, counted once in the ISO week of their last move to done; every week
    from `first` (default: the first such week) to `last` is listed, empty ones too."""
    points = points or {}
    done_days: dict[int, date] = {}
    for item_id, changes in status_history(events, item_ids).items():
        end = _last_done(changes)
        if end is None:
            continue
        day = end.date()
        if (first is None or day >= first) and (last is None or day <= last):
            done_days[item_id] = day
    if not done_days and (first is None or last is None):
        return ()
    start = monday(first or min(done_days.values()))
    stop = monday(last or max(done_days.values()))
    counts: dict[date, list[int]] = {}
    week = start
    while week <= stop:
        counts[week] = [0, 0]
        week += timedelta(days=7)
    for item_id, day in done_days.items():
        tally = counts[monday(day)]
        tally[0] += 1
        tally[1] += points.get(item_id, 0)
    return tuple(WeekCount(iso_week(week), week, n, p) for week, (n, p) in counts.items())


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def estimates(items: Iterable[AnyItem]) -> dict[int, int]:
    return {i.id or 0: i.estimate or 0 for i in items}
