"""Units and scales for charts: a duration's unit chosen by its range, figures without
stray decimals, round ticks and histogram bins."""

from __future__ import annotations

import pytest

from poboard.domain.scales import (
    DAYS,
    HOURS,
    MINUTES,
    WEEKS,
    Bin,
    TimeUnit,
    count_ticks,
    duration,
    histogram,
    nice_step,
    number,
    points,
    spread,
    time_unit,
)

MINUTE = 1 / 1440
HOUR = 1 / 24


@pytest.mark.parametrize(
    ("durations", "unit"),
    [
        ([0.00046, 0.00122], MINUTES),  # the issue's axis: 40 s and 105 s
        ([59 * MINUTE], MINUTES),
        ([10 * MINUTE, HOUR], HOURS),
        ([2 * HOUR, 47 * HOUR], HOURS),
        ([0.5, 2.0], DAYS),
        ([1.0, 3.5, 7.0, 83.0], DAYS),
        ([3.0, 84.0], WEEKS),
        ([], MINUTES),
    ],
)
def test_the_unit_follows_the_longest_duration(durations: list[float], unit: TimeUnit) -> None:
    assert time_unit(durations) == unit


@pytest.mark.parametrize(
    ("days", "unit", "text"),
    [
        (0.00046, MINUTES, "0.7 min"),
        (0.00122, MINUTES, "1.8 min"),
        (4 * HOUR, HOURS, "4 h"),
        (2.5 * HOUR, HOURS, "2.5 h"),
        (0.8, HOURS, "19 h"),
        (4.0, DAYS, "4 d"),
        (3.5, DAYS, "3.5 d"),
        (12.4, DAYS, "12 d"),
        (21.0, WEEKS, "3 w"),
        (30 / 86_400, HOURS, "<0.1 h"),  # half a minute, among hours
        (0.0, DAYS, "0 d"),
        (None, DAYS, "—"),
    ],
)
def test_a_duration_reads_in_its_unit(days: float | None, unit: TimeUnit, text: str) -> None:
    assert duration(days, unit) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (4.0, "4"), (3.46, "3.5"), (9.96, "10"), (1234.5, "1,234"), (-2.5, "-2.5")],
)
def test_numbers_carry_only_the_decimals_they_need(value: float, text: str) -> None:
    assert number(value) == text


@pytest.mark.parametrize(
    ("span", "most", "step"),
    [(35, 5, 10), (12, 5, 5), (4, 5, 1), (16.6, 10, 2), (1.76, 8, 0.5), (100, 10, 10), (0, 5, 1)],
)
def test_steps_are_one_two_or_five_times_a_power_of_ten(
    span: float, most: int, step: float
) -> None:
    assert nice_step(span, most) == pytest.approx(step)


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [(34, [0, 10, 20, 30, 40]), (12, [0, 5, 10, 15]), (4, [0, 1, 2, 3, 4]), (0, [0, 1])],
)
def test_count_ticks_are_whole_and_reach_the_highest(highest: int, ticks: list[int]) -> None:
    assert count_ticks(highest) == ticks


def test_histogram_bins_are_round_and_start_at_zero() -> None:
    cycle = [0.6, 3.0, 5.0, 7.0, 16.6]
    counts = [1, 1, 1, 1, 0, 0, 0, 0, 1]  # 0.6 · 3 · 5 · 7 · … · 16.6, in two-day bins
    assert histogram(cycle, DAYS, most=10) == tuple(
        Bin(2 * n, 2 * n + 2, count) for n, count in enumerate(counts)
    )
    assert [b.label for b in histogram(cycle, DAYS, most=4)] == ["0–5", "5–10", "10–15", "15–20"]


def test_histogram_in_hours_counts_an_edge_in_the_bin_it_starts() -> None:
    bins = histogram([2 * HOUR, 4 * HOUR, 6 * HOUR], HOURS, most=8)
    assert [(b.label, b.count) for b in bins] == [
        ("0–1", 0),
        ("1–2", 0),
        ("2–3", 1),
        ("3–4", 0),
        ("4–5", 1),
        ("5–6", 1),  # the longest closes the last bin
    ]


def test_histogram_of_the_issues_minutes_has_readable_edges() -> None:
    bins = histogram([0.00046, 0.00122], MINUTES)
    assert [(b.label, b.count) for b in bins] == [
        ("0–0.5", 0),
        ("0.5–1", 1),
        ("1–1.5", 0),
        ("1.5–2", 1),
    ]
    assert histogram([], DAYS) == (Bin(0, 1, 0),)


@pytest.mark.parametrize(
    ("count", "most", "positions"),
    [
        (12, 8, [0, 2, 4, 6, 8, 11]),
        (14, 8, [0, 2, 4, 6, 8, 10, 13]),
        (5, 8, [0, 1, 2, 3, 4]),
        (12, 2, [0, 11]),
        (1, 5, [0]),
        (0, 5, []),
    ],
)
def test_spread_labels_the_first_and_last_day_and_evenly_between(
    count: int, most: int, positions: list[int]
) -> None:
    assert spread(count, most) == positions


def test_an_estimate_reads_as_a_team_says_it() -> None:
    assert [points(n) for n in (0, 1, 2, 13)] == ["0 pts", "1 pt", "2 pts", "13 pts"]
