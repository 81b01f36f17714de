"""Goals on a real board file: check-ins by goal and metric, items that serve a key
result, the sprint goal's outcome at a close, experiments accepted with their decision,
and all of it through an export and back."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board
from poboard.domain.errors import Code, GateRefusal, InvalidInputError, NotFoundError
from poboard.domain.models import Confidence, GoalMet, Item, Kind, Status

TODAY = date(2024, 5, 6)  # the fixed clock of conftest.py
METRICS = ("trial to activation %:31:40", "median days to first board:6:3")


@pytest.fixture
def goals(board: Board) -> Board:
    """G1 with two key results (KR1, KR2); G2 with one (KR3)."""
    board.goals.add_goal("Lift trial activation", "2024-Q2", key_results=METRICS)
    board.goals.add_goal("Grow qualified pipeline", "2024-Q2", key_results=["MQL to SQL %:18:25"])
    return board


def current(board: Board, goal_id: int, n: int = 0) -> tuple[float, list[float]]:
    kr = board.goals.goal(goal_id).key_results[n]
    return kr.current, [c.value for c in kr.checkins]


# ----- check-ins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "goal", [1, "1", "G1", "g1", "Lift trial activation", "LIFT TRIAL activation"]
)
def test_a_goal_is_named_by_id_or_title(goals: Board, goal: int | str) -> None:
    checkin = goals.goals.check_in(goal, "trial to activation %", 32.5)
    assert checkin.key_result_id == 1
    assert current(goals, 1) == (32.5, [32.5])


def test_a_check_in_keeps_its_day_value_confidence_note_and_author(goals: Board) -> None:
    checkin = goals.goals.check_in(
        "G1", "median days to first board", 5.4, "at-risk", "  mobile   boards double-counted "
    )
    assert (checkin.day, checkin.value, checkin.confidence, checkin.note) == (
        TODAY,
        5.4,
        Confidence.AT_RISK,
        "mobile boards double-counted",
    )
    assert (checkin.by, checkin.at) == ("ana", "2024-05-06T14:02:00Z")
    kr = goals.goals.goal(1).key_results[1]
    assert (kr.current, kr.confidence, kr.checkins) == (5.4, Confidence.AT_RISK, [checkin])
    logged = goals.events()[-1]
    assert (logged.action, logged.field, logged.old, logged.new) == (
        "key-result",
        "median days to first board",
        "6.0",
        "5.4",
    )
    assert (logged.note, logged.ref, logged.item_id) == (
        "at risk · mobile boards double-counted",
        "KR2",
        None,
    )


def test_a_back_dated_check_in_fills_history_without_overwriting_the_latest(goals: Board) -> None:
    goals.goals.check_in(1, "trial to activation %", 33.0, day=date(2024, 5, 6))
    goals.goals.check_in(
        1, "trial to activation %", 32.0, day=date(2024, 4, 29), note="from the sheet"
    )
    assert current(goals, 1) == (33.0, [32.0, 33.0])
    assert goals.events()[-1].note == "for 2024-04-29 · from the sheet"


def test_update_key_result_is_a_check_in_of_a_value_alone(goals: Board) -> None:
    goals.goals.check_in(1, "trial to activation %", 32.0, Confidence.ON_TRACK)
    kr = goals.goals.update_key_result(1, 33.5)
    assert kr.current == 33.5
    (_, second) = goals.goals.goal(1).key_results[0].checkins
    assert (second.value, second.confidence, second.note) == (33.5, None, None)
    # a value alone states no confidence: the earlier one is not carried onto it
    assert goals.goals.goal(1).key_results[0].confidence is None


def test_a_metric_is_matched_ignoring_case_or_by_its_key(goals: Board) -> None:
    goals.goals.check_in(1, "Median Days To First Board", 5.0)
    goals.goals.check_in(1, "kr2", 4.8)
    assert current(goals, 1, 1) == (4.8, [5.0, 4.8])


@pytest.mark.parametrize(
    ("goal", "metric", "value", "extra", "error", "message"),
    [
        (
            "G1",
            "activation",
            32.0,
            {},
            NotFoundError,
            "G1 \"Lift trial activation\" has no key result 'activation'; its key results: "
            "trial to activation %; median days to first board",
        ),
        (
            "G1",
            "KR3",
            32.0,
            {},
            NotFoundError,
            "G1 \"Lift trial activation\" has no key result 'KR3'; its key results: "
            "trial to activation %; median days to first board",
        ),
        (
            "G9",
            "x",
            1.0,
            {},
            NotFoundError,
            "no goal 'G9' (name it by id, e.g. G2, or exact title); goals: "
            "G1 Lift trial activation; G2 Grow qualified pipeline",
        ),
        (
            "G1",
            "kr1",
            32.0,
            {"confidence": "probably"},
            InvalidInputError,
            'confidence \'probably\' should be one of "on track", "at risk", "off track"',
        ),
        (
            "G1",
            "kr1",
            32.0,
            {"day": date(2024, 5, 7)},
            InvalidInputError,
            "a check-in records what was measured: 2024-05-07 is after today",
        ),
        ("G1", "kr1", math.nan, {}, InvalidInputError, "value should be a number, not nan"),
        ("G1", "kr1", 1.0, {"note": "x" * 501}, InvalidInputError, "note is too long: 500 "),
    ],
)
def test_a_refused_check_in_says_why_and_changes_nothing(
    goals: Board,
    goal: str,
    metric: str,
    value: float,
    extra: dict[str, Any],
    error: type[Exception],
    message: str,
) -> None:
    before = (goals.goals.all(), len(goals.events()))
    with pytest.raises(error) as refused:
        goals.goals.check_in(goal, metric, value, **extra)
    assert str(refused.value).startswith(message)
    assert (goals.goals.all(), len(goals.events())) == before


def test_a_goal_without_key_results_says_so(board: Board) -> None:
    board.goals.add_goal("Build brand demand")
    with pytest.raises(NotFoundError, match='G1 "Build brand demand" has no key results yet'):
        board.goals.check_in("G1", "branded search", 3200)


def test_a_board_without_goals_says_how_to_add_one(board: Board) -> None:
    with pytest.raises(NotFoundError, match="add one with: poboard goal add"):
        board.goals.find_goal("Lift trial activation")


def test_a_goal_comes_with_its_key_results_and_check_ins_in_day_order(goals: Board) -> None:
    goals.goals.check_in(2, "MQL to SQL %", 19.0, day=date(2024, 5, 3))
    goals.goals.check_in(2, "MQL to SQL %", 18.5, day=date(2024, 4, 26))
    goal = goals.goals.goal(2)
    assert [kr.metric for kr in goal.key_results] == ["MQL to SQL %"]
    assert [c.day for c in goal.key_results[0].checkins] == [date(2024, 4, 26), date(2024, 5, 3)]
    assert goals.reports.insights(TODAY).key_results[2].history == (
        ("2024-04-26", 18.5),
        ("2024-05-03", 19.0),
    )


# ----- items serve a key result ------------------------------------------------------------


def test_an_items_goal_follows_its_key_result(goals: Board) -> None:
    item = goals.items.add("Onboarding email v2", key_result_id=2)
    assert (item.key_result_id, item.goal_id) == (2, 1)
    moved = goals.items.edit(item.id or 0, {"key_result_id": 3})
    assert (moved.key_result_id, moved.goal_id) == (3, 2)
    view = goals.lists.view(item.id or 0)
    assert (view.item.key_result_id, view.key_result, view.goal) == (
        3,
        "MQL to SQL %",
        "Grow qualified pipeline",
    )
    unlinked = goals.items.edit(item.id or 0, {"key_result_id": None})
    assert (unlinked.key_result_id, unlinked.goal_id) == (None, 2)


def test_the_goal_given_with_a_key_result_must_be_its_own(goals: Board) -> None:
    assert goals.items.add("Email v2", goal_id=1, key_result_id=1).goal_id == 1
    with pytest.raises(InvalidInputError) as refused:
        goals.items.add("Email v3", goal_id=2, key_result_id=1)
    assert str(refused.value) == (
        "key result KR1 (trial to activation %) belongs to G1, not G2: "
        "choose a key result of G2, or none"
    )


def test_changing_the_goal_of_an_item_that_serves_a_key_result_is_refused(goals: Board) -> None:
    item = goals.items.add("Email v2", key_result_id=1)
    with pytest.raises(InvalidInputError, match="belongs to G1, not G2"):
        goals.items.edit(item.id or 0, {"goal_id": 2})
    with pytest.raises(InvalidInputError, match="unlink the key result to leave the item"):
        goals.items.edit(item.id or 0, {"goal_id": None})
    both = goals.items.edit(item.id or 0, {"goal_id": 2, "key_result_id": 3})
    assert (both.goal_id, both.key_result_id, both.version) == (2, 3, 2)
    same = goals.items.edit(item.id or 0, {"goal_id": 2, "key_result_id": 3, "title": "Email v3"})
    assert same.version == 3


def test_a_key_result_that_does_not_exist_is_refused(goals: Board) -> None:
    with pytest.raises(InvalidInputError, match="key result 9 does not exist"):
        goals.items.add("Email v2", key_result_id=9)
    assert goals.items.all() == []


def test_linking_a_key_result_is_in_the_items_history(goals: Board) -> None:
    item = goals.items.add("Email v2")
    goals.items.edit(item.id or 0, {"key_result_id": 2})
    changes = [(e.field, e.old, e.new) for e in goals.items.history(item.id or 0)[1:]]
    assert changes == [("goal_id", None, "1"), ("key_result_id", None, "2")]


# ----- the sprint goal at a close ----------------------------------------------------------


def test_a_close_records_whether_the_sprint_goal_was_met(
    board: Board, add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    add_ready(board)
    running(board, "1")
    result = board.sprints.close_sprint(
        goal_met="Partly", goal_note=" webinar closed at 268  of 300 "
    )
    assert (result.sprint.goal_met, result.sprint.goal_note) == (
        GoalMet.PARTLY,
        "webinar closed at 268 of 300",
    )
    stored = board.sprints.find_sprint("Sprint 1")
    assert (stored.goal_met, stored.goal_note) == (GoalMet.PARTLY, "webinar closed at 268 of 300")
    assert board.events()[-1].note == "velocity 0; goal met: partly — webinar closed at 268 of 300"


@pytest.mark.parametrize(
    ("met", "note", "message"),
    [
        ("maybe", None, "goal met 'maybe' should be one of yes, partly, no"),
        (None, "we nearly made it", "a note on the sprint goal goes with whether it was met"),
    ],
)
def test_a_goal_outcome_that_does_not_read_is_refused_before_closing(
    board: Board, running: Callable[..., None], met: str | None, note: str | None, message: str
) -> None:
    running(board)
    with pytest.raises(InvalidInputError, match=message):
        board.sprints.close_sprint(goal_met=met, goal_note=note)
    assert board.sprints.active() is not None


def test_a_close_without_an_outcome_records_none(
    board: Board, running: Callable[..., None]
) -> None:
    running(board)
    closed = board.sprints.close_sprint().sprint
    assert (closed.goal_met, closed.goal_note) == (None, None)
    assert board.events()[-1].note == "velocity 0"


# ----- experiments are accepted with their decision ----------------------------------------


def test_an_experiment_reaches_done_once_its_result_is_recorded(
    board: Board, add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    item = add_ready(
        board,
        "Founder note vs product tour",
        kind=Kind.EXPERIMENT,
        hypothesis="A founder note gets more trials to a first board",
        success_metric="trial to activation %",
        guardrail_metric="support tickets",
        decision_rule="ship if activation lifts 5% with no rise in support tickets",
    )
    running(board, "1")
    board.items.check(1, 1)
    with pytest.raises(GateRefusal) as refused:
        board.items.move(1, "done")
    assert refused.value.codes == {Code.EXPERIMENT_UNDECIDED}
    assert str(refused.value) == (
        "#1 can't move to done: the experiment is undecided: record its result: ship, iterate "
        "or kill, with a note"
    )
    board.items.edit(item.id or 0, {"result": "iterate", "result_note": "activation +2%, not 5%"})
    assert board.items.move(1, "done").item.status is Status.DONE
    with pytest.raises(GateRefusal, match="its result is settled: reopen it first"):
        board.items.edit(1, {"result": "ship"})


# ----- an export and back ------------------------------------------------------------------


def _filled(board: Board) -> dict[str, Any]:
    board.goals.add_goal("Lift trial activation", "2024-Q2", key_results=METRICS)
    board.goals.add_goal("Grow qualified pipeline", "2024-Q2", key_results=["MQL to SQL %:18:25"])
    board.goals.check_in(1, "kr2", 5.5, "on track", day=date(2024, 4, 29))
    board.goals.check_in(2, "MQL to SQL %", 19.1, "off track", "lead scoring still v1")
    board.items.add("Lead scoring v2", key_result_id=3)
    return board.transfer.export_data()


def test_check_ins_and_key_result_links_survive_a_restore(tmp_path: Path) -> None:
    clock = lambda: datetime(2024, 5, 6, 14, 2, tzinfo=UTC)  # noqa: E731
    source = Board.open(tmp_path / "a.db", "ana", clock=clock)
    exported = _filled(source)
    source.close()
    restored = Board.open(tmp_path / "b.db", "ana", clock=clock)
    try:
        restored.transfer.import_data(exported)
        assert restored.transfer.export_data()["goals"] == exported["goals"]
        assert restored.items.get(1).key_result_id == 3
    finally:
        restored.close()


def test_an_import_into_a_board_in_use_renumbers_key_results_and_their_links(
    tmp_path: Path,
) -> None:
    clock = lambda: datetime(2024, 5, 6, 14, 2, tzinfo=UTC)  # noqa: E731
    source = Board.open(tmp_path / "a.db", "ana", clock=clock)
    exported = _filled(source)
    source.close()
    target = Board.open(tmp_path / "b.db", "ben", clock=clock)
    try:
        target.goals.add_goal("Build brand demand", key_results=["branded search clicks:3100:4500"])
        target.transfer.import_data(exported)
        goals = {g.title: g for g in target.goals.all()}
        pipeline = goals["Grow qualified pipeline"].key_results[0]
        assert pipeline.id == 4
        assert [(c.value, c.confidence, c.note) for c in pipeline.checkins] == [
            (19.1, Confidence.OFF_TRACK, "lead scoring still v1")
        ]
        (item,) = target.items.all()
        assert (item.key_result_id, item.goal_id) == (4, goals["Grow qualified pipeline"].id)
    finally:
        target.close()


def test_an_import_whose_item_serves_a_missing_key_result_is_refused(
    board: Board, tmp_path: Path
) -> None:
    data = {
        "format": "poboard-board",
        "schema": 5,
        "goals": [],
        "items": [{"id": 1, "title": "Lead scoring v2", "key_result_id": 7}],
    }
    with pytest.raises(InvalidInputError) as refused:
        board.transfer.import_data(data)
    assert str(refused.value) == (
        "item #1 serves key result 7, which the file does not have; nothing was imported"
    )
