"""The demo board: a realistic growth team's board, built only through the Board's gates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.demo.fill import fill_demo
from poboard.domain.models import Confidence, GoalMet, Horizon, Kind, SprintState, Status

TODAY = date(2024, 6, 20)


def _demo(path: Path, extra: int = 0) -> Board:
    board = Board.open(path, "tester")
    fill_demo(board, extra, today=TODAY)
    return board


@pytest.fixture
def board(tmp_path: Path) -> Iterator[Board]:
    board = _demo(tmp_path / "b.db")
    yield board
    board.close()


def test_items_cover_every_kind_and_horizon(board: Board) -> None:
    items = board.items.all()
    assert len(items) >= 35
    assert {i.kind for i in items} == set(Kind)
    assert {i.horizon for i in items} == set(Horizon)
    assert all(i.owner for i in items)
    assert sum(1 for i in items if i.description) >= 15
    assert any(i.blocked_by for i in items)


def test_settings_and_goals(board: Board) -> None:
    settings = board.settings()
    assert settings.name == "growth-team"
    assert settings.product_owners == ["ana"]
    assert 2 <= len(settings.definition_of_done) <= 3
    assert settings.wip["doing"] == 3
    goals = board.goals.all()
    north = [g for g in goals if g.north_star]
    assert len(north) == 1 and north[0].title == "Weekly active teams"
    assert len(goals) >= 3
    assert all(g.key_results for g in goals)
    assert sum(1 for g in goals if g.progress > 0) >= 3
    assert sum(1 for i in board.items.all() if i.goal_id) >= 30


def test_readiness_is_visible(board: Board) -> None:
    views = board.lists.list_views(positioned=True)
    not_ready = [v for v in views if not v.ready]
    assert 1 <= len(not_ready) <= 10
    assert sum(v.ready for v in views) >= 25
    missing = {m.label for v in not_ready for m in v.missing}
    assert {"proof", "metric", "estimate", "acceptance criteria"} <= missing


def test_sprints_history_and_active_sprint(board: Board) -> None:
    sprints = {s.name: s for s in board.sprints.all()}
    assert [s.state for s in sprints.values()].count(SprintState.ACTIVE) == 1
    for name in ("Sprint 12", "Sprint 13"):
        closed = sprints[name]
        assert closed.state is SprintState.CLOSED
        assert closed.velocity and closed.velocity > 0
        assert closed.end < TODAY
    active = board.sprints.active()
    assert active is not None and active.name == "Sprint 14"
    assert active.start < TODAY < active.end
    statuses = Counter(i.status for i in board.sprints.sprint_items("Sprint 14"))
    assert all(statuses[s] > 0 for s in (Status.TODO, Status.DOING, Status.REVIEW, Status.DONE))
    assert statuses[Status.DOING] <= board.settings().wip["doing"]
    assert sprints["Sprint 15"].state is SprintState.PLANNED
    assert board.sprints.sprint_items("Sprint 15")
    assert any(i.slipped for i in board.items.all())


def test_done_work_passed_the_acceptance_gate(board: Board) -> None:
    done = [i for i in board.items.all() if i.status is Status.DONE]
    assert len(done) >= 10
    for item in done:
        assert all(c.state.value in ("met", "waived") for c in item.criteria)
        assert any(c.dod for c in item.criteria)
        acceptances = [e for e in board.items.history(item.id or 0) if e.new == "done"]
        assert acceptances and {e.user for e in acceptances} == {"ana"}
    waived = [c for i in done for c in i.criteria if c.state.value == "waived"]
    assert waived and all(c.reason for c in waived)


def test_experiments_and_launches(board: Board) -> None:
    items = board.items.all()
    for item in (i for i in items if i.kind is Kind.EXPERIMENT):
        assert item.hypothesis and item.success_metric and item.guardrail_metric
        assert item.decision_rule and item.decision_rule.startswith("ship if")
    assert any(i.result for i in items)
    for item in (i for i in items if i.kind is Kind.LAUNCH):
        texts = " ".join(c.text.lower() for c in item.criteria)
        for word in ("customer value", "proof", "enablement", "instrumentation"):
            assert word in texts


def test_retro_with_cards_votes_and_actions(board: Board) -> None:
    retros = board.retros.all()
    sprint_13 = next(s for s in board.sprints.all() if s.name == "Sprint 13")
    retro = next(r for r in retros if r.sprint_id == sprint_13.id)
    assert retro.columns == ("Went well", "To improve", "Standardize")
    assert len(retro.cards) >= 6
    assert {c.column for c in retro.cards} == set(retro.columns)
    assert any(c.author is None for c in retro.cards)
    assert sum(c.votes for c in retro.cards) >= 5
    per_user = Counter(v.user for v in retro.votes)
    assert max(per_user.values()) <= board.settings().retro_votes
    assert len(retro.actions) >= 2
    assert all(a.owner and a.due for a in retro.actions)


def test_events_spread_over_time_and_people(board: Board) -> None:
    events = board.events()
    assert len({e.user for e in events}) >= 4
    assert "tester" not in {e.user for e in events}
    stamps = [e.at for e in events]
    assert stamps == sorted(stamps)
    assert stamps[-1] < datetime.combine(TODAY, datetime.min.time(), UTC).strftime("%Y-%m-%d")
    assert len({s[:10] for s in stamps}) >= 20
    assert {"create", "move", "criterion", "reopen", "rollover"} <= {e.action for e in events}


def test_user_and_clock_are_restored(tmp_path: Path) -> None:
    board = Board.open(tmp_path / "b.db", "tester")
    clock = board.core.clock
    fill_demo(board, today=TODAY)
    assert board.user == "tester"
    assert board.core.clock is clock
    board.close()


def test_deterministic(tmp_path: Path) -> None:
    one, two = _demo(tmp_path / "one.db", 30), _demo(tmp_path / "two.db", 30)
    assert [(i.title, i.status, i.created_at, i.owner) for i in one.items.all()] == [
        (i.title, i.status, i.created_at, i.owner) for i in two.items.all()
    ]
    one.close()
    two.close()


def test_extra_items_adds_exactly_n(tmp_path: Path, board: Board) -> None:
    bigger = _demo(tmp_path / "big.db", 250)
    extra = bigger.items.all()[len(board.items.all()) :]
    assert len(bigger.items.all()) == len(board.items.all()) + 250
    assert len(extra) == 250
    assert len({i.kind for i in extra}) == len(Kind)
    assert len({i.title for i in extra}) > 100
    extra_ids = {i.id for i in extra}
    views = [v for v in bigger.lists.list_views(positioned=True) if v.item.id in extra_ids]
    assert 0 < sum(v.ready for v in views) < 250
    bigger.close()


def test_key_results_have_check_ins_with_confidence_and_notes(board: Board) -> None:
    krs = [kr for g in board.goals.all() for kr in g.key_results]
    checked = [kr for kr in krs if kr.checkins]
    assert len(checked) >= 5
    for kr in checked:
        assert kr.current == kr.checkins[-1].value
        assert all(c.confidence is not None and c.by == "raj" for c in kr.checkins)
        assert [c.day for c in kr.checkins] == sorted(c.day for c in kr.checkins)
        assert all(c.day < TODAY for c in kr.checkins)
    confidences = {c.confidence for kr in checked for c in kr.checkins}
    assert confidences == set(Confidence)
    assert sum(1 for kr in checked for c in kr.checkins if c.note) >= 6


def test_closed_sprints_record_whether_their_goal_was_met(board: Board) -> None:
    closed = [s for s in board.sprints.all() if s.state is SprintState.CLOSED]
    assert [(s.name, s.goal_met) for s in closed] == [
        ("Sprint 12", GoalMet.YES),
        ("Sprint 13", GoalMet.PARTLY),
    ]
    assert all(s.goal_note for s in closed)


def test_done_experiments_were_decided_before_their_acceptance(board: Board) -> None:
    done = [i for i in board.items.all() if i.kind is Kind.EXPERIMENT and i.status is Status.DONE]
    assert len(done) >= 2
    for item in done:
        assert item.result is not None and item.result_note
        history = board.items.history(item.id or 0)
        decided = next(n for n, e in enumerate(history) if e.field == "result")
        accepted = next(n for n, e in enumerate(history) if e.new == "done")
        assert decided < accepted


def test_items_serve_key_results_of_their_goal(board: Board) -> None:
    kr_goals = {kr.id: g.id for g in board.goals.all() for kr in g.key_results}
    linked = [i for i in board.items.all() if i.key_result_id is not None]
    assert len(linked) >= 3
    assert all(i.goal_id == kr_goals[i.key_result_id] for i in linked)
