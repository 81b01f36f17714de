"""The Board service on a real SQLite file: writes, versions, events and the gates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from poboard.board import Board
from poboard.domain.errors import ConflictError, GateRefusal, InvalidInputError, NotFoundError
from poboard.domain.models import KIND_TEMPLATES, CriterionState, Item, Kind, SprintState, Status
from poboard.domain.readiness import Notice, NoticeCode

OpenBoard = Callable[..., Board]
AddReady = Callable[..., Item]
Running = Callable[..., None]


def events_for(board: Board, key: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(e.action, e.field, e.old, e.new) for e in board.items.history(key)]


def order(board: Board) -> list[int]:
    return [item.id or 0 for item in board.items.all()]


def sprint(board: Board, name: str = "Sprint 1", capacity: int = 20) -> None:
    board.sprints.new_sprint(
        name, "Ship the spring launch", date(2024, 5, 6), date(2024, 5, 17), capacity
    )


# ----- add and edit --------------------------------------------------------------------------


def test_add_numbers_items_and_logs_create(board: Board) -> None:
    first = board.items.add("Spring launch email")
    second = board.items.add("Webinar landing page", kind="campaign")
    assert (first.key, second.key) == ("#1", "#2")
    assert board.items.get("#2").kind == "campaign"
    assert board.items.get(1).version == 1
    assert board.items.get(1).created_by == "ana"
    assert events_for(board, "#1") == [("create", "title", None, "Spring launch email")]
    assert [e.user for e in board.items.history("#1")] == ["ana"]


def test_add_returns_the_item_as_stored(board: Board) -> None:
    added = board.items.add("Spring launch email", criteria=["Copy approved", "UTM tags set"])
    assert [c.n for c in board.items.get("#1").criteria] == [1, 2]
    assert [c.n for c in added.criteria] == [1, 2]
    assert added == board.items.get("#1")


def test_add_refuses_bad_input(board: Board) -> None:
    with pytest.raises(InvalidInputError, match="estimate"):
        board.items.add("Bad estimate", estimate=4)
    with pytest.raises(InvalidInputError):
        board.items.add("   ")
    with pytest.raises(InvalidInputError, match="blocked-by #9"):
        board.items.add("Blocked by a ghost", blocked_by=[9])
    assert board.items.all() == []
    assert board.events() == []


def test_edit_bumps_version_and_logs_old_to_new(board: Board) -> None:
    board.items.add("Spring launch email", owner="ana")
    edited = board.items.edit("#1", {"owner": "ben", "estimate": 5}, expected_version=1)
    assert edited.version == 2
    assert board.items.get("#1").version == 2
    assert board.items.get("#1").owner == "ben"
    assert events_for(board, "#1")[1:] == [
        ("edit", "owner", "ana", "ben"),
        ("edit", "estimate", None, "5"),
    ]


def test_edit_that_changes_nothing_keeps_version_and_logs_nothing(board: Board) -> None:
    board.items.add("Spring launch email", owner="ana")
    board.items.edit("#1", {"owner": "ana"})
    assert board.items.get("#1").version == 1
    assert len(board.items.history("#1")) == 1


def test_edit_refuses_status_and_unknown_fields(board: Board) -> None:
    board.items.add("Spring launch email")
    with pytest.raises(InvalidInputError, match="move"):
        board.items.edit("#1", {"status": "done"})
    with pytest.raises(InvalidInputError, match="colour"):
        board.items.edit("#1", {"colour": "red"})
    with pytest.raises(NotFoundError, match="#9"):
        board.items.edit("#9", {"owner": "ana"})


def test_stale_version_is_refused_naming_who_and_when(open_board: OpenBoard) -> None:
    ana = open_board("ana")
    dana = open_board("dana")
    ana.items.add("Spring launch email", owner="ana")
    dana.items.edit("#1", {"owner": "dana"}, expected_version=1)
    events_before = len(ana.events())

    with pytest.raises(ConflictError) as caught:
        ana.items.edit("#1", {"owner": "ben"}, expected_version=1)

    hh_mm = datetime(2024, 5, 6, 14, 2, tzinfo=UTC).astimezone().strftime("%H:%M")
    assert str(caught.value) == f"#1 was changed by dana at {hh_mm} — reloaded"
    assert caught.value.by == "dana"
    assert caught.value.item_id == 1
    current = ana.items.get("#1")
    assert (current.owner, current.version, current.updated_by) == ("dana", 2, "dana")
    assert len(ana.events()) == events_before


def test_stale_version_is_refused_for_moves_and_checks(
    open_board: OpenBoard, add_ready: AddReady, running: Running
) -> None:
    ana = open_board("ana")
    dana = open_board("dana")
    add_ready(ana, criteria=["Copy approved"])
    running(ana)
    dana.items.move("#1", "todo", expected_version=1)
    with pytest.raises(ConflictError):
        ana.items.move("#1", "doing", expected_version=1)
    with pytest.raises(ConflictError):
        ana.items.check("#1", 1, expected_version=1)
    item = ana.items.get("#1")
    assert item.status is Status.TODO
    assert item.criteria[0].state is CriterionState.OPEN
    assert item.version == 2


# ----- acceptance gate -----------------------------------------------------------------------


def test_done_is_refused_naming_the_open_criterion(
    board: Board, add_ready: AddReady, running: Running
) -> None:
    add_ready(board, criteria=["Copy approved by legal", "UTM tags set"])
    running(board, "#1")
    board.items.check("#1", 1)
    board.items.move("#1", "review")
    before = board.items.get("#1")
    events_before = len(board.events())

    with pytest.raises(GateRefusal) as caught:
        board.items.move("#1", "done")

    assert 'criterion 2 "UTM tags set" is open' in str(caught.value)
    assert caught.value.reasons == ['criterion 2 "UTM tags set" is open']
    assert caught.value.code == "criteria_open"
    after = board.items.get("#1")
    assert after.status is Status.REVIEW
    assert after.version == before.version
    assert after == before
    assert len(board.events()) == events_before


def test_done_is_refused_without_criteria(board: Board) -> None:
    board.items.add("Spring launch email")
    with pytest.raises(GateRefusal, match="no acceptance criteria"):
        board.items.accept("#1")
    assert board.items.get("#1").status is Status.BACKLOG


def test_done_when_every_criterion_is_met(board: Board) -> None:
    board.items.add("Spring launch email", criteria=["Copy approved by legal"])
    board.items.check("#1", 1)
    result = board.items.move("#1", "done")
    assert result.item.status is Status.DONE
    assert board.items.get("#1").status is Status.DONE
    assert events_for(board, "#1")[-1] == ("move", "status", "backlog", "done")


def test_only_product_owners_may_accept(
    open_board: OpenBoard, add_ready: AddReady, running: Running
) -> None:
    ana = open_board("ana")
    ben = open_board("ben")
    ana.config.configure("product_owners", "ana")
    add_ready(ana)
    running(ana, "#1")
    ben.items.check("#1", 1)
    ben.items.move("#1", "review")

    with pytest.raises(GateRefusal, match=r"only the product owners \(ana\) may accept") as caught:
        ben.items.move("#1", "done")
    assert caught.value.code == "not_product_owner"
    assert ben.items.get("#1").status is Status.REVIEW

    assert ana.items.accept("#1").item.status is Status.DONE


def test_a_done_item_is_accepted_again_by_a_product_owner_alone(
    open_board: OpenBoard, add_ready: AddReady
) -> None:
    """Issue 21: `--user ben accept 7` on a done item said `#7 → done`."""
    mia = open_board("mia")
    ben = open_board("ben")
    mia.config.configure("product_owners", "mia")
    add_ready(mia)
    mia.items.check("#1", 1)
    mia.items.accept("#1")
    before, history = mia.items.get("#1"), events_for(mia, "#1")

    for attempt in (lambda: ben.items.accept("#1"), lambda: ben.items.move("#1", "done")):
        with pytest.raises(GateRefusal) as caught:
            attempt()
        assert caught.value.code == "not_product_owner"
        assert str(caught.value) == (
            "#1 can't move to done: only the product owners (mia) may accept; it is done already"
        )
        assert ben.items.get("#1") == before
        assert events_for(ben, "#1") == history

    assert mia.items.accept("#1").item == before  # the product owner's: accepted already
    assert events_for(mia, "#1") == history
    mia.config.configure("product_owners", "")
    assert ben.items.accept("#1").item == before  # a board without product owners: anyone's
    assert events_for(ben, "#1") == history


def test_definition_of_done_attaches_on_commit_and_must_be_ticked(
    board: Board, add_ready: AddReady
) -> None:
    board.config.configure("definition_of_done", "Tracked in analytics; Legal sign-off")
    add_ready(board)
    sprint(board)
    board.sprints.commit(["#1"], "Sprint 1")

    item = board.items.get("#1")
    assert [(c.text, c.dod) for c in item.criteria] == [
        ("Copy approved by legal", False),
        ("Tracked in analytics", True),
        ("Legal sign-off", True),
    ]
    board.items.check("#1", 1)
    with pytest.raises(GateRefusal) as caught:
        board.items.move("#1", "done")
    assert caught.value.reasons == [
        'Definition of Done 2 "Tracked in analytics" is open',
        'Definition of Done 3 "Legal sign-off" is open',
    ]
    board.items.check("#1", 2)
    board.items.waive("#1", 3, "Legal pre-approved this template")
    assert board.items.move("#1", "done").item.status is Status.DONE


def test_definition_of_done_configured_after_commit_still_gates_done(board: Board) -> None:
    board.items.add("Spring launch email", criteria=["Copy approved by legal"])
    board.items.check("#1", 1)
    board.config.configure("definition_of_done", "Tracked in analytics")
    with pytest.raises(GateRefusal, match='Definition of Done "Tracked in analytics"'):
        board.items.move("#1", "done")


def test_reopen_from_done_is_logged(board: Board, add_ready: AddReady, running: Running) -> None:
    add_ready(board)
    running(board, "#1")
    board.items.check("#1", 1)
    board.items.move("#1", "done")
    result = board.items.move("#1", "doing")
    assert result.item.status is Status.DOING
    assert events_for(board, "#1")[-1] == ("reopen", "status", "done", "doing")


def test_waive_needs_a_reason(board: Board) -> None:
    board.items.add("Spring launch email", criteria=["Translated to German"])
    with pytest.raises(InvalidInputError, match="reason"):
        board.items.waive("#1", 1, "   ")
    assert board.items.get("#1").criteria[0].state is CriterionState.OPEN
    assert board.items.get("#1").version == 1

    board.items.waive("#1", 1, "DACH launch moved to Q3")
    waived = board.items.get("#1").criteria[0]
    assert (waived.state, waived.reason, waived.by) == (
        CriterionState.WAIVED,
        "DACH launch moved to Q3",
        "ana",
    )
    assert board.items.history("#1")[-1].note == "DACH launch moved to Q3"
    assert board.items.move("#1", "done").item.status is Status.DONE


def test_check_logs_one_criterion_event(board: Board) -> None:
    board.items.add("Spring launch email", criteria=["Copy approved", "UTM tags set"])
    board.items.check("#1", 2, expected_version=1)
    assert board.items.get("#1").version == 2
    assert events_for(board, "#1")[3:] == [("criterion", "criterion 2", "open", "met")]
    with pytest.raises(InvalidInputError, match="no criterion 3"):
        board.items.check("#1", 3)


# ----- sprints -------------------------------------------------------------------------------


def test_commit_refuses_unready_items_naming_what_is_missing(
    board: Board, add_ready: AddReady
) -> None:
    add_ready(board)
    board.items.add("Half-baked idea", owner="ben")
    sprint(board)
    events_before = len(board.events())

    with pytest.raises(GateRefusal) as caught:
        board.sprints.commit(["#1", "#2"], "Sprint 1")

    message = str(caught.value)
    assert "#2 is not ready" in message
    for name in ("audience", "promise", "proof", "metric", "estimate", "acceptance criteria"):
        assert name in message
    assert "#1" not in message
    for key in ("#1", "#2"):
        item = board.items.get(key)
        assert (item.sprint_id, item.status, item.version) == (None, Status.BACKLOG, 1)
    assert len(board.events()) == events_before


def test_sprint_lifecycle_closes_to_backlog(board: Board, add_ready: AddReady) -> None:
    add_ready(board, "Spring launch email", estimate=3)
    add_ready(board, "Webinar landing page", estimate=5)
    add_ready(board, "Case study", estimate=8)
    sprint(board)
    assert board.sprints.commit(["#1", "#2", "#3"], "Sprint 1") == [1, 2, 3]
    assert board.sprints.all()[0].state is SprintState.PLANNED
    assert {i.status for i in board.sprints.sprint_items("Sprint 1")} == {Status.TODO}

    started = board.sprints.start_sprint("Sprint 1")
    assert started.state is SprintState.ACTIVE
    assert started.committed_points == 16
    assert board.sprints.active() is not None

    board.items.check("#1", 1)
    board.items.move("#1", "done")
    board.items.move("#2", "doing")
    board.items.move("#3", "dropped")

    result = board.sprints.close_sprint(to="backlog", reason="Launch date moved")

    assert result.done == [1]
    assert result.carried == [2]
    assert result.sprint.velocity == 3
    closed = board.sprints.all()[0]
    assert (closed.state, closed.velocity) == (SprintState.CLOSED, 3)
    assert board.sprints.active() is None

    carried = board.items.get("#2")
    assert (carried.status, carried.sprint_id, carried.slipped) == (Status.BACKLOG, None, 1)
    rollover = [e for e in board.items.history("#2") if e.action == "rollover"]
    assert len(rollover) == 1
    assert (rollover[0].old, rollover[0].new, rollover[0].note) == (
        "Sprint 1",
        "backlog",
        "Launch date moved",
    )
    done = board.items.get("#1")
    assert (done.status, done.slipped, done.sprint_id) == (Status.DONE, 0, closed.id)
    assert board.items.get("#3").status is Status.DROPPED
    assert board.items.get("#3").slipped == 0


def test_close_sprint_to_next_moves_into_the_next_planned_sprint(
    board: Board, add_ready: AddReady
) -> None:
    add_ready(board, "Spring launch email")
    sprint(board, "Sprint 1")
    board.sprints.new_sprint("Sprint 2", "Follow-up", date(2024, 5, 20), date(2024, 5, 31), 20)
    board.sprints.commit(["#1"], "Sprint 1")
    board.sprints.start_sprint("Sprint 1")
    board.items.move("#1", "doing")

    result = board.sprints.close_sprint(to="next", reason="Needs design")

    second = board.sprints.find_sprint("Sprint 2")
    assert result.destination == "Sprint 2"
    assert result.carried == [1]
    item = board.items.get("#1")
    assert (item.sprint_id, item.slipped) == (second.id, 1)
    assert item.status not in (Status.BACKLOG, Status.DONE)
    assert [i.id for i in board.sprints.sprint_items("Sprint 2")] == [1]
    assert board.items.history("#1")[-1].action == "rollover"
    assert board.items.history("#1")[-1].new == "Sprint 2"


def test_close_sprint_to_next_needs_a_planned_sprint(board: Board, add_ready: AddReady) -> None:
    add_ready(board)
    sprint(board)
    board.sprints.commit(["#1"], "Sprint 1")
    board.sprints.start_sprint("Sprint 1")
    with pytest.raises(GateRefusal, match="no planned sprint"):
        board.sprints.close_sprint(to="next")
    assert board.sprints.active() is not None
    assert board.items.get("#1").slipped == 0


def test_only_one_active_sprint(board: Board) -> None:
    sprint(board, "Sprint 1")
    board.sprints.new_sprint("Sprint 2", "Follow-up", date(2024, 5, 20), date(2024, 5, 31), 20)
    board.sprints.start_sprint("Sprint 1")
    with pytest.raises(GateRefusal, match="still active"):
        board.sprints.start_sprint("Sprint 2")


# ----- rank ----------------------------------------------------------------------------------


def test_rank_top_bottom_before_after(board: Board) -> None:
    for title in ("One", "Two", "Three", "Four"):
        board.items.add(title)
    assert order(board) == [1, 2, 3, 4]

    board.items.rank("#4", top=True)
    assert order(board) == [4, 1, 2, 3]
    board.items.rank("#4", bottom=True)
    assert order(board) == [1, 2, 3, 4]
    board.items.rank("#3", before="#1")
    assert order(board) == [3, 1, 2, 4]
    board.items.rank("#3", after="#2")
    assert order(board) == [1, 2, 3, 4]
    board.items.rank("#1", after="#4")
    assert order(board) == [2, 3, 4, 1]
    board.items.rank("#1", before="#3")
    assert order(board) == [2, 1, 3, 4]


def test_rank_logs_positions_without_bumping_version(board: Board) -> None:
    board.items.add("One")
    board.items.add("Two")
    board.items.rank("#2", top=True)
    assert board.items.get("#2").version == 1
    assert events_for(board, "#2")[-1] == ("rank", "rank", "2", "1")


def test_rank_refuses_ambiguous_or_self_anchor(board: Board) -> None:
    board.items.add("One")
    board.items.add("Two")
    with pytest.raises(InvalidInputError):
        board.items.rank("#1", top=True, bottom=True)
    with pytest.raises(InvalidInputError):
        board.items.rank("#1")
    with pytest.raises(InvalidInputError, match="itself"):
        board.items.rank("#1", before="#1")
    assert order(board) == [1, 2]


def test_many_inserts_between_the_same_neighbours_keep_order(board: Board) -> None:
    board.items.add("Top")
    board.items.add("Bottom")
    for n in range(60):
        board.items.add(f"Squeezed {n}")
        board.items.rank(f"#{n + 3}", after="#1")
    ids = order(board)
    assert ids[0] == 1
    assert ids[-1] == 2
    assert ids[1:-1] == list(range(62, 2, -1))


def test_rank_by_score_orders_open_items_and_keeps_closed_last(board: Board) -> None:
    board.items.add("Low", value=1, urgency=1)
    board.items.add("Done high", value=5, urgency=5, criteria=["Shipped"])
    board.items.add("High", value=5, urgency=5)
    board.items.add("Middle")
    board.items.check("#2", 1)
    board.items.move("#2", "done")

    moved = board.items.rank_by_score()

    assert moved > 0
    assert order(board) == [3, 4, 1, 2]
    assert board.events()[-1].action == "rank-by-score"
    scores = [v.score for v in board.lists.list_views(positioned=True)[:3]]
    assert scores == sorted(scores, reverse=True)

    board.items.rank("#1", top=True)
    assert order(board) == [1, 3, 4, 2]


def test_board_weights_change_scores(board: Board) -> None:
    board.items.add("Valuable", value=5, urgency=1)
    before = board.lists.view("#1").score
    board.config.configure("weights.value", "4")
    assert board.lists.view("#1").score > before


def test_blocking_raises_the_blockers_score(board: Board) -> None:
    board.items.add("Blocker")
    board.items.add("Other")
    board.items.add("Blocked", blocked_by=[1])
    views = {v.item.id: v for v in board.lists.list_views(positioned=True)}
    assert views[1].blocks == 1
    assert views[1].score > views[2].score


# ----- config --------------------------------------------------------------------------------


def test_configure_unknown_key_names_valid_keys(board: Board) -> None:
    with pytest.raises(InvalidInputError) as caught:
        board.config.configure("product_owner", "ana")
    message = str(caught.value)
    for key in ("product_owners", "definition_of_done", "weights.value", "wip.doing"):
        assert key in message
    assert board.events() == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("weights.value", "lots"),
        ("weights.value", "11"),
        ("wip.doing", "0"),
        ("wip.review", "two"),
        ("retro.votes", "0"),
        ("name", "  "),
    ],
)
def test_configure_bad_value_is_refused(board: Board, key: str, value: str) -> None:
    before = board.settings()
    with pytest.raises(InvalidInputError, match=key.split(".")[0]):
        board.config.configure(key, value)
    assert board.settings() == before
    assert board.events() == []


def test_configure_stores_and_logs(board: Board) -> None:
    settings = board.config.configure("product_owners", "ana, dana")
    assert settings.product_owners == ["ana", "dana"]
    assert board.settings().product_owners == ["ana", "dana"]
    event = board.events()[-1]
    assert (event.action, event.field, event.old, event.new) == (
        "config",
        "product_owners",
        "",
        "ana,dana",
    )
    board.config.configure("wip.doing", "3")
    assert board.settings().wip["doing"] == 3
    board.config.configure("wip.doing", "off")
    assert board.settings().wip["doing"] is None


# ----- warnings ------------------------------------------------------------------------------


def test_moving_a_blocked_item_to_doing_warns_naming_the_blocker(
    board: Board, add_ready: AddReady, running: Running
) -> None:
    board.items.add("Brand guidelines")
    add_ready(board, "Launch video", blocked_by=[1])
    running(board, "#2")
    result = board.items.move("#2", "doing")
    assert result.item.status is Status.DOING
    assert result.warnings == [Notice(NoticeCode.BLOCKED, "#2 is blocked by #1")]


def test_no_blocker_warning_once_the_blocker_is_done(
    board: Board, add_ready: AddReady, running: Running
) -> None:
    board.items.add("Brand guidelines", criteria=["Signed off"])
    add_ready(board, "Launch video", blocked_by=[1])
    running(board, "#2")
    board.items.check("#1", 1)
    board.items.move("#1", "done")
    assert board.items.move("#2", "doing").warnings == []


def test_wip_limit_breach_warns(board: Board, add_ready: AddReady) -> None:
    board.config.configure("wip.doing", "1")
    add_ready(board, "One")
    add_ready(board, "Two")
    sprint(board)
    board.sprints.commit(["#1", "#2"], "Sprint 1")
    board.sprints.start_sprint("Sprint 1")
    assert board.items.move("#1", "doing").warnings == []
    result = board.items.move("#2", "doing")
    assert result.item.status is Status.DOING
    assert result.warnings == [Notice(NoticeCode.OVER_WIP, "doing is over its WIP limit (2/1 WIP)")]


# ----- retro ---------------------------------------------------------------------------------


def test_votes_are_limited_to_three_by_default(open_board: OpenBoard) -> None:
    ana = open_board("ana")
    retro = ana.retros.new_retro(None)
    card = ana.retros.add_card(retro.id or 0, "Went well", "Launch went out on time")
    assert [ana.retros.vote(card.id or 0) for _ in range(3)] == [2, 1, 0]
    with pytest.raises(GateRefusal, match="all 3 votes"):
        ana.retros.vote(card.id or 0)
    assert ana.retros.retro(retro.id or 0).cards[0].votes == 3

    ben = open_board("ben")
    assert ben.retros.vote(card.id or 0) == 2


def test_vote_limit_follows_settings(board: Board) -> None:
    board.config.configure("retro.votes", "1")
    retro = board.retros.new_retro(None)
    card = board.retros.add_card(retro.id or 0, "To improve", "Briefs arrive late")
    assert board.retros.vote(card.id or 0) == 0
    with pytest.raises(GateRefusal):
        board.retros.vote(card.id or 0)


def test_anonymous_card_has_no_author(board: Board) -> None:
    retro = board.retros.new_retro(None, "mad-sad-glad")
    card = board.retros.add_card(retro.id or 0, "Sad", "Too many meetings", anonymous=True)
    named = board.retros.add_card(retro.id or 0, "Glad", "Great launch")
    assert card.author is None
    assert named.author == "ana"
    stored = board.retros.retro(retro.id or 0).cards
    assert [c.author for c in stored] == [None, "ana"]


def test_card_in_unknown_column_is_refused(board: Board) -> None:
    retro = board.retros.new_retro(None)
    with pytest.raises(InvalidInputError, match="Went well"):
        board.retros.add_card(retro.id or 0, "Mad", "Wrong format")


# ----- the gates hold on every write, not only on move and commit ----------------------------


def test_add_cannot_create_an_item_already_done(board: Board) -> None:
    with pytest.raises((GateRefusal, InvalidInputError)):
        board.items.add("Skipped the acceptance gate", status="done")
    assert board.items.all() == []
    assert board.events() == []


def test_add_cannot_put_an_unready_item_into_a_sprint(board: Board) -> None:
    sprint(board)
    with pytest.raises((GateRefusal, InvalidInputError)):
        board.items.add("Skipped the Definition of Ready", sprint_id=1)
    assert board.items.all() == []
    assert board.sprints.sprint_items("Sprint 1") == []


def test_edit_cannot_put_an_unready_item_into_a_sprint(board: Board) -> None:
    board.items.add("Half-baked idea")
    sprint(board)
    with pytest.raises((GateRefusal, InvalidInputError)):
        board.items.edit("#1", {"sprint_id": 1})
    item = board.items.get("#1")
    assert (item.sprint_id, item.version) == (None, 1)


def test_edit_cannot_change_an_items_id(board: Board) -> None:
    board.items.add("Spring launch email")
    board.items.add("Webinar landing page")
    with pytest.raises(InvalidInputError):
        board.items.edit("#1", {"id": 2, "title": "Hijacked"})
    assert board.items.get("#1").title == "Spring launch email"
    assert board.items.get("#2").title == "Webinar landing page"
    assert board.items.get("#2").version == 1


@pytest.mark.parametrize(
    "fields",
    [{"id": 1}, {"created_by": "mallory"}],
    ids=["id", "created_by"],
)
def test_add_refuses_bookkeeping_fields_with_one_clear_error(
    board: Board, fields: dict[str, object]
) -> None:
    board.items.add("Spring launch email")
    with pytest.raises(InvalidInputError):
        board.items.add("Forged", **fields)
    assert [i.title for i in board.items.all()] == ["Spring launch email"]


def test_user_defaults_to_poboard_user(board_path: object) -> None:
    board = Board.open(str(board_path))
    try:
        assert board.user == "tester"
        assert board.items.add("Spring launch email").created_by == "tester"
        assert board.events()[0].user == "tester"
    finally:
        board.close()


# ----- the Definition of Done applies when it is set --------------------------------------


def test_a_definition_of_done_set_mid_sprint_reaches_open_sprint_work(
    board: Board, add_ready: AddReady, running: Running
) -> None:
    add_ready(board, "In review")
    add_ready(board, "Accepted already")
    add_ready(board, "Still in the backlog")
    running(board, "#1", "#2")
    board.items.check("#1", 1)
    board.items.move("#1", "review")
    board.items.check("#2", 1)
    board.items.accept("#2")

    board.config.configure("definition_of_done", "Links UTM-tagged")

    in_review = board.items.get("#1")
    assert [(c.n, c.text, c.dod) for c in in_review.criteria] == [
        (1, "Copy approved by legal", False),
        (2, "Links UTM-tagged", True),
    ]
    with pytest.raises(GateRefusal) as caught:
        board.items.accept("#1")
    assert caught.value.reasons == ['Definition of Done 2 "Links UTM-tagged" is open']
    board.items.check("#1", 2)  # where the refusal points: it can be ticked
    assert board.items.accept("#1").item.status is Status.DONE
    assert len(board.items.get("#2").criteria) == 1, "accepted work is settled"
    assert len(board.items.get("#3").criteria) == 1, "it is added when work enters a sprint"

    board.config.configure("definition_of_done", "")
    assert [c.text for c in board.items.get("#1").criteria] == [
        "Copy approved by legal",
        "Links UTM-tagged",
    ], "a done item keeps what it was accepted against"


def test_a_removed_definition_of_done_line_leaves_open_sprint_work(
    board: Board, add_ready: AddReady, running: Running
) -> None:
    board.config.configure("definition_of_done", "Links UTM-tagged; Legal ok")
    add_ready(board)
    running(board, "#1")
    board.items.check("#1", 3)  # "Legal ok" met
    board.config.configure("definition_of_done", "Legal ok")
    assert [(c.text, c.state.value) for c in board.items.get("#1").criteria] == [
        ("Copy approved by legal", "open"),
        ("Legal ok", "met"),
    ]


def test_a_sprint_starting_gains_the_definition_of_done_set_after_its_planning(
    board: Board, add_ready: AddReady
) -> None:
    add_ready(board)
    sprint(board)
    board.sprints.commit(["#1"], "Sprint 1")
    board.config.configure("definition_of_done", "Links UTM-tagged")
    board.sprints.start_sprint("Sprint 1")
    assert [c.text for c in board.items.get("#1").criteria][-1] == "Links UTM-tagged"


def test_an_item_whose_kind_becomes_launch_gains_the_checklist_once(board: Board) -> None:
    """The launch readiness checklist joins an item that becomes a launch, after its own
    criteria and logged like any added criterion; changing kind again adds nothing twice,
    and nothing already there is added twice."""
    item = board.items.add("Templates gallery", criteria=["Gallery live"])
    launched = board.items.edit(item.id or 0, {"kind": "launch"})
    texts = [c.text for c in launched.criteria]
    assert texts[0] == "Gallery live"
    assert texts[1:] == list(KIND_TEMPLATES[Kind.LAUNCH])
    assert [c.n for c in launched.criteria] == [1, 2, 3, 4, 5]
    added = [e for e in board.items.history(item.id or 0) if e.action == "criterion-added"]
    assert len(added) == 1 + len(KIND_TEMPLATES[Kind.LAUNCH])

    board.items.edit(item.id or 0, {"kind": "story"})
    again = board.items.edit(item.id or 0, {"kind": "launch"})
    assert len(again.criteria) == 5  # nothing twice
