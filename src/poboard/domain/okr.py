"""Key results over time, as pure functions: a check-in's confidence from what people type,
a key result's value and confidence on a given day, its movement over a period, and the
sparkline of its values.

The CLI, the reports and the TUI read a key result's history through these, so "the
value at the start of the sprint" means the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .errors import InvalidInputError
from .models import Confidence, Event, parse_time
from .planning import CheckIn, Goal, KeyResult

SPARKS = "▁▂▃▄▅▆▇█"
CONFIDENCE_NAMES = ", ".join(f'"{c.value}"' for c in Confidence)
QUARTER_FORM = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


def quarter_name(text: str | None) -> str | None:
    """A goal's quarter as `2026-Q1` and only so (`2026-q1` is written `2026-Q1`); blank
    is none. `2026`, `Q1` or `2026 Q1` are refused with the form to use."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    found = QUARTER_FORM.match(cleaned)
    if found is None:
        raise InvalidInputError(
            f"quarter {cleaned!r} should read like 2026-Q1: the year, a dash, Q and 1 to 4"
        )
    return f"{found[1]}-Q{found[2]}"


def parse_confidence(value: Confidence | str | None) -> Confidence | None:
    """ "on track", "on-track", "On_Track" all name the same confidence; blank is none."""
    if value is None or isinstance(value, Confidence):
        return value
    words = " ".join(value.replace("-", " ").replace("_", " ").lower().split())
    if not words:
        return None
    try:
        return Confidence(words)
    except ValueError:
        raise InvalidInputError(
            f"confidence {value!r} should be one of {CONFIDENCE_NAMES}"
        ) from None


def sparkline(values: Sequence[float]) -> str:
    """One block a value, low to high (▁ to █); a flat series sits in the middle."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return SPARKS[len(SPARKS) // 2 - 1] * len(values)
    steps = len(SPARKS) - 1
    return "".join(SPARKS[round((v - low) / (high - low) * steps)] for v in values)


def as_of(kr: KeyResult, day: date) -> CheckIn | None:
    """The latest check-in on or before `day`."""
    return next((c for c in reversed(kr.checkins) if c.day <= day), None)


def value_on(kr: KeyResult, day: date) -> float:
    """The key result's value at the end of `day`: its latest check-in by then, else
    its baseline."""
    found = as_of(kr, day)
    return kr.baseline if found is None else found.value


def confidence_on(kr: KeyResult, day: date) -> Confidence | None:
    """The confidence of the latest check-in on or before `day`: none if it stated none."""
    found = as_of(kr, day)
    return None if found is None else found.confidence


@dataclass(frozen=True)
class Movement:
    """How a key result moved over a period: its value the day before the period began,
    its value at the end, the check-ins made inside it and the confidence at its end."""

    goal: str
    north_star: bool
    kr: KeyResult
    start: float
    end: float
    checkins: tuple[CheckIn, ...]
    confidence: Confidence | None

    @property
    def change(self) -> float:
        return self.end - self.start

    @property
    def progress(self) -> float:
        """Share of the way from baseline to target at the period's end, clamped to 0..1."""
        return self.kr.model_copy(update={"current": self.end}).progress


def movement(goal: Goal, kr: KeyResult, first: date, last: date) -> Movement:
    """From the value entering `first` to the value at the end of `last`."""
    before = [c for c in kr.checkins if c.day < first]
    inside = tuple(c for c in kr.checkins if first <= c.day <= last)
    return Movement(
        goal=goal.title,
        north_star=goal.north_star,
        kr=kr,
        start=before[-1].value if before else kr.baseline,
        end=value_on(kr, last),
        checkins=inside,
        confidence=confidence_on(kr, last),
    )


def movements(goals: Iterable[Goal], first: date, last: date) -> tuple[Movement, ...]:
    return tuple(movement(g, kr, first, last) for g in goals for kr in g.key_results)


def checkins_from_events(
    goals: Sequence[Goal], events: Iterable[Event]
) -> dict[int, list[CheckIn]]:
    """The check-ins an older board kept as `key-result` events, by key result id: each
    update (not the creation, at the baseline) of a key result whose metric no other key
    result shares. The schema migration applies the same rule inside the file; this is
    for an export written before check-ins existed."""
    by_metric: dict[str, list[int]] = {}
    for goal in goals:
        for kr in goal.key_results:
            by_metric.setdefault(kr.metric, []).append(kr.id or 0)
    found: dict[int, list[CheckIn]] = {}
    for e in events:
        ids = by_metric.get(e.field or "", [])
        if e.action != "key-result" or e.item_id is not None or e.old is None or len(ids) != 1:
            continue
        moment, value = parse_time(e.at), _number(e.new)
        if moment is None or value is None:
            continue
        checkin = CheckIn(key_result_id=ids[0], day=moment.date(), value=value, by=e.user, at=e.at)
        found.setdefault(ids[0], []).append(checkin)
    return found


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and value == value and abs(value) != float("inf") else None
