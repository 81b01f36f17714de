"""Units and scales that make figures readable on a chart and in a sentence: durations in
the unit their range reads best in (minutes, hours, days, weeks), numbers without stray
decimals, round tick steps, and the bins of a histogram.

Pure functions over floats. Durations come in days (as `flow` measures them); a chart and
its summary text take one unit from the same values, so they always agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "DAYS",
    "HOURS",
    "MINUTES",
    "WEEKS",
    "Bin",
    "TimeUnit",
    "count_ticks",
    "duration",
    "histogram",
    "nice_step",
    "number",
    "points",
    "spread",
    "time_unit",
]


@dataclass(frozen=True)
class TimeUnit:
    name: str  # "hours", for an axis or a title
    short: str  # "h", after a figure
    days: float  # the length of one unit in days


MINUTES = TimeUnit("minutes", "min", 1 / 1440)
HOURS = TimeUnit("hours", "h", 1 / 24)
DAYS = TimeUnit("days", "d", 1.0)
WEEKS = TimeUnit("weeks", "w", 7.0)


@dataclass(frozen=True)
class Bin:
    """Durations from `low` up to `high` (in a unit), and how many fell there."""

    low: float
    high: float
    count: int

    @property
    def label(self) -> str:
        return f"{number(self.low)}–{number(self.high)}"


def time_unit(durations: Iterable[float]) -> TimeUnit:
    """The unit durations (in days) read best in, chosen by the longest, so neither the
    axis nor the median comes out as 0.00046 days or 2,880 minutes: minutes under an hour,
    hours under two days, days under twelve weeks, weeks beyond."""
    longest = max(durations, default=0.0)
    if longest < HOURS.days:
        return MINUTES
    if longest < 2:
        return HOURS
    if longest < 84:
        return DAYS
    return WEEKS


def number(value: float) -> str:
    """A figure with the decimals it needs: 12, 3.5, 4 (not 4.0), and "<0.1" for a sliver
    that would otherwise read as nothing."""
    magnitude = abs(value)
    if magnitude == 0:
        return "0"
    if magnitude < 0.05:
        return "<0.1" if value > 0 else "-<0.1"
    if magnitude >= 9.95:
        return f"{value:,.0f}"
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def points(estimate: int) -> str:
    """An estimate as a team says it: "1 pt", "3 pts"."""
    return f"{estimate} pt" if estimate == 1 else f"{estimate} pts"


def duration(days: float | None, unit: TimeUnit) -> str:
    """A duration given in days, in `unit`: "3.5 d", "40 min"; "—" when there is none."""
    return "—" if days is None else f"{number(days / unit.days)} {unit.short}"


def nice_step(span: float, most: int) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten that covers `span` in at most
    `most` steps (1 for an empty span)."""
    if span <= 0 or most < 1:
        return 1.0
    power = 10.0 ** math.floor(math.log10(span / most))
    for base in (1, 2, 5, 10):
        step = base * power
        if math.ceil(round(span / step, 9)) <= most:
            return step
    return 10 * power  # unreachable: 10 × power always covers the span


def count_ticks(highest: float, most: int = 5) -> list[int]:
    """Whole-number ticks from 0 to at least `highest` (a count or points never has a
    fraction): 0 5 10 15 for 12, 0 1 for nothing."""
    step = max(1, round(nice_step(highest, most)))
    top = max(1, math.ceil(round(highest / step, 9))) * step
    return list(range(0, top + 1, step))


def spread(count: int, most: int) -> list[int]:
    """Up to `most` evenly spaced positions among `count` (where to label an axis of days),
    the first and the last among them; the last takes the place of the one before it if
    the two would stand closer than the rest."""
    if count <= 1 or most <= 1:
        return list(range(min(count, 1)))
    step = -(-(count - 1) // (most - 1))
    positions = list(range(0, count - 1, step))
    if len(positions) > 1 and count - 1 - positions[-1] < step:
        positions.pop()
    return [*positions, count - 1]


def histogram(durations: Iterable[float], unit: TimeUnit, most: int = 8) -> tuple[Bin, ...]:
    """Durations (in days) counted in equal bins of a round width in `unit`, from zero to
    the longest; a duration on an edge counts in the bin it starts (the longest, in the
    last)."""
    values = [d / unit.days for d in durations]
    longest = max(values, default=0.0)
    width = nice_step(longest, most)
    size = max(1, math.ceil(round(longest / width, 9)))
    counts = [0] * size
    for value in values:
        counts[min(size - 1, math.floor(round(value / width, 9)))] += 1
    return tuple(Bin(n * width, (n + 1) * width, c) for n, c in enumerate(counts))
