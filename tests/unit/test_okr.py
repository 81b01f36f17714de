"""Key results over time and quarters, as pure functions on hand-built goals."""

from __future__ import annotations

from datetime import date

import pytest

from poboard.domain.errors import InvalidInputError
from poboard.domain.models import Confidence, Event
from poboard.domain.okr import (
    checkins_from_events,
    confidence_on,
    movement,
    parse_confidence,
    quarter_name,
    sparkline,
    value_on,
)
from poboard.domain.planning import CheckIn, Goal, KeyResult
from poboard.domain.quarter_update import Quarter, parse_quarter, quarter_of, read_quarter

ON, RISK, OFF = Confidence.ON_TRACK, Confidence.AT_RISK, Confidence.OFF_TRACK


def kr(*checkins: tuple[date, float, Confidence | None]) -> KeyResult:
    return KeyResult(
        id=2,
        metric="trial to activation %",
        baseline=31,
        target=40,
        current=checkins[-1][1] if checkins else 31,
        checkins=[CheckIn(day=d, value=v, confidence=c, by="raj") for d, v, c in checkins],
    )


ACTIVATION = kr(
    (date(2026, 11, 1), 31.6, ON),
    (date(2026, 11, 8), 32.4, RISK),
    (date(2026, 11, 15), 33.1, None),
    (date(2026, 11, 22), 34.0, ON),
)
GOAL = Goal(id=2, title="Lift trial activation", key_results=[ACTIVATION])


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("on track", ON),
        ("on-track", ON),
        ("On_Track", ON),
        ("  at   risk ", RISK),
        ("at-risk", RISK),
        ("OFF-TRACK", OFF),
        (OFF, OFF),
        (None, None),
        ("", None),
    ],
)
def test_a_confidence_reads_as_people_type_it(typed: str | None, meant: Confidence) -> None:
    assert parse_confidence(typed) is meant


def test_an_unknown_confidence_names_the_three() -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_confidence("maybe")
    assert str(refused.value) == (
        'confidence \'maybe\' should be one of "on track", "at risk", "off track"'
    )


def test_sparkline_from_low_to_high() -> None:
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([6, 5.5, 5, 3]) == "█▇▆▁"
    assert sparkline([1240, 1262, 1301, 1334, 1362, 1385]) == "▁▂▄▆▇█"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    assert sparkline([]) == ""


def test_a_key_results_values_start_at_its_baseline() -> None:
    assert ACTIVATION.values == [31, 31.6, 32.4, 33.1, 34.0]
    assert ACTIVATION.key == "KR2"


def test_the_confidence_on_a_day_is_that_of_the_latest_check_in_by_then() -> None:
    assert ACTIVATION.confidence is ON
    assert confidence_on(ACTIVATION, date(2026, 11, 14)) is RISK
    assert confidence_on(ACTIVATION, date(2026, 11, 20)) is None  # 15 Nov stated none
    assert confidence_on(ACTIVATION, date(2026, 10, 31)) is None
    assert kr().confidence is None


def test_the_value_on_a_day_is_the_latest_check_in_by_then() -> None:
    assert value_on(ACTIVATION, date(2026, 10, 1)) == 31  # the baseline
    assert value_on(ACTIVATION, date(2026, 11, 8)) == 32.4
    assert value_on(ACTIVATION, date(2026, 11, 14)) == 32.4
    assert value_on(ACTIVATION, date(2026, 12, 31)) == 34.0


def test_movement_over_a_sprint_starts_from_the_value_entering_it() -> None:
    moved = movement(GOAL, ACTIVATION, date(2026, 11, 9), date(2026, 11, 22))
    assert (moved.start, moved.end) == (32.4, 34.0)
    assert [c.value for c in moved.checkins] == [33.1, 34.0]
    assert moved.confidence is ON
    assert moved.change == pytest.approx(1.6)
    assert moved.progress == pytest.approx(3 / 9)


def test_movement_without_a_check_in_in_the_period_stands_still() -> None:
    moved = movement(GOAL, ACTIVATION, date(2026, 12, 1), date(2026, 12, 14))
    assert (moved.start, moved.end, moved.checkins) == (34.0, 34.0, ())


def test_old_key_result_events_become_check_ins() -> None:
    shared = KeyResult(id=3, metric="signups", baseline=1, target=2, current=1)
    twin = KeyResult(id=4, metric="signups", baseline=1, target=2, current=1)
    goals = [GOAL, Goal(id=3, title="Twins", key_results=[shared, twin])]

    def logged(field: str, old: str | None, new: str, at: str = "2026-11-01T09:16:00Z") -> Event:
        return Event(at=at, user="raj", action="key-result", field=field, old=old, new=new)

    events = [
        logged("trial to activation %", None, "31.0"),  # added, at its baseline: not a check-in
        logged("trial to activation %", "31.0", "31.6"),
        logged("trial to activation %", "31.6", "32.4", "2026-11-08T09:16:00Z"),
        logged("trial to activation %", "32.4", "not a number"),
        logged("signups", "1.0", "1.5"),  # two key results share the metric: whose is it?
    ]
    found = checkins_from_events(goals, events)
    assert list(found) == [2]
    assert [(c.key_result_id, c.day, c.value, c.by) for c in found[2]] == [
        (2, date(2026, 11, 1), 31.6, "raj"),
        (2, date(2026, 11, 8), 32.4, "raj"),
    ]


# ----- quarters ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2026-Q4", "2026 Q4", "2026q4", "Q4 2026", "q4-2026", "2026/Q4"])
def test_a_quarter_reads_as_people_write_it(text: str) -> None:
    assert read_quarter(text) == Quarter(2026, 4)


@pytest.mark.parametrize("text", ["2026-Q5", "Q4", "2026", "next quarter", "", None])
def test_what_is_not_a_quarter(text: str | None) -> None:
    assert read_quarter(text) is None


def test_a_quarters_days() -> None:
    assert (Quarter(2026, 1).first, Quarter(2026, 1).last) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (Quarter(2024, 1).last, Quarter(2026, 2).last) == (date(2024, 3, 31), date(2026, 6, 30))
    assert (Quarter(2026, 4).first, Quarter(2026, 4).last) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert Quarter(2026, 3).label == "2026-Q3"
    assert quarter_of(date(2026, 11, 30)) == Quarter(2026, 4)


def test_the_current_quarter_and_a_bad_one() -> None:
    assert parse_quarter("current", date(2026, 2, 3)) == Quarter(2026, 1)
    assert parse_quarter(" 2025-Q3 ", date(2026, 2, 3)) == Quarter(2025, 3)
    with pytest.raises(InvalidInputError, match="should read like 2026-Q4, or current"):
        parse_quarter("autumn", date(2026, 2, 3))


@pytest.mark.parametrize(("text", "name"), [("2026-Q1", "2026-Q1"), (" 2026-q4 ", "2026-Q4"),
                                            ("", None), (None, None)])  # fmt: skip
def test_a_goals_quarter_is_written_one_way(text: str | None, name: str | None) -> None:
    assert quarter_name(text) == name


@pytest.mark.parametrize("text", ["2026", "Q1", "2026 Q1", "Q1 2026", "2026/Q1", "2026-Q0"])
def test_a_goals_quarter_in_another_form_is_refused_with_the_form(text: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        quarter_name(text)
    assert str(refused.value) == (
        f"quarter {text!r} should read like 2026-Q1: the year, a dash, Q and 1 to 4"
    )
    with pytest.raises(InvalidInputError, match="should read like 2026-Q4, or current"):
        parse_quarter(text, date(2026, 2, 3))
