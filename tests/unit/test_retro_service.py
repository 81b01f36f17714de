"""Retros through the board: anonymous cards, votes, own cards only, the sprint's one
retro, actions that become backlog items and actions the next retro reviews."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from poboard.board import Board
from poboard.domain.errors import GateRefusal, InvalidInputError, NotFoundError
from poboard.domain.models import ActionState, Horizon, Kind, RetroFormat
from poboard.domain.planning import RetroCard
from poboard.services.retros import actions_to_review, cards_by_votes

OpenBoard = Callable[..., Board]


def closed_sprint(board: Board, name: str, start: date, end: date) -> int:
    """A sprint planned, started and closed (nothing in it), for a retro to belong to."""
    sprint = board.sprints.new_sprint(name, f"{name} goal", start, end, 10)
    board.sprints.start_sprint(name)
    board.sprints.close_sprint()
    return sprint.id or 0


@pytest.fixture
def retro_id(board: Board) -> int:
    sprint_id = closed_sprint(board, "Sprint 13", date(2024, 4, 22), date(2024, 5, 3))
    return board.retros.open_retro(sprint_id).id or 0


# ----- cards ---------------------------------------------------------------------------------


def test_anonymous_card_stores_no_author_and_its_event_names_nobody(
    board: Board, retro_id: int
) -> None:
    card = board.retros.add_card(
        retro_id, "To improve", "Legal review took nine days", anonymous=True
    )
    assert board.retros.card(card.id or 0).author is None
    assert [c.author for c in board.retros.retro(retro_id).cards] == [None]
    event = board.events()[-1]
    assert (event.action, event.user, event.new) == (
        "card",
        "anonymous",
        "Legal review took nine days",
    )
    assert "ana" not in {event.user, event.old, event.new, event.note}
    stored = board.core.db.execute("SELECT author FROM retro_cards WHERE id = ?", [card.id])
    assert stored.fetchall() == [(None,)]


def test_only_the_author_edits_or_deletes_a_card(open_board: OpenBoard, retro_id: int) -> None:
    ana, ben = open_board("ana"), open_board("ben")
    card = ana.retros.add_card(retro_id, "Went well", "Webinar drew 268 sign-ups")
    with pytest.raises(GateRefusal, match="card 1 is ana's; only its author may edit it"):
        ben.retros.edit_card(card.id or 0, "Webinar flopped")
    with pytest.raises(GateRefusal, match="only its author may delete it"):
        ben.retros.delete_card(card.id or 0)
    assert ana.retros.card(card.id or 0).text == "Webinar drew 268 sign-ups"

    edited = ana.retros.edit_card(card.id or 0, "  Webinar drew 268 registrations  ")
    assert edited.text == "Webinar drew 268 registrations"
    assert ben.retros.card(card.id or 0).text == "Webinar drew 268 registrations"
    event = ana.events()[-1]
    assert (event.user, event.old, event.new) == (
        "ana",
        "Webinar drew 268 sign-ups",
        "Webinar drew 268 registrations",
    )
    with pytest.raises(InvalidInputError):
        ana.retros.edit_card(card.id or 0, "   ")


def test_nobody_edits_or_deletes_an_anonymous_card(board: Board, retro_id: int) -> None:
    card = board.retros.add_card(retro_id, "To improve", "Too many meetings", anonymous=True)
    with pytest.raises(GateRefusal, match="anonymous, so nobody can edit it"):
        board.retros.edit_card(card.id or 0, "Fewer meetings")
    with pytest.raises(GateRefusal, match="anonymous, so nobody can delete it"):
        board.retros.delete_card(card.id or 0)
    assert board.retros.card(card.id or 0).text == "Too many meetings"


def test_deleting_a_card_gives_its_votes_back(open_board: OpenBoard, retro_id: int) -> None:
    ana, ben = open_board("ana"), open_board("ben")
    card = ana.retros.add_card(retro_id, "Standardize", "Design review at planning")
    ben.retros.vote(card.id or 0)
    assert ben.retros.votes_left(retro_id) == 2
    ana.retros.delete_card(card.id or 0)
    assert ben.retros.votes_left(retro_id) == 3
    assert ana.retros.retro(retro_id).cards == []
    with pytest.raises(NotFoundError, match="card 1 does not exist"):
        ana.retros.card(card.id or 0)


# ----- votes ---------------------------------------------------------------------------------


def test_votes_run_out_then_refuse_and_unvote_gives_one_back(
    open_board: OpenBoard, retro_id: int
) -> None:
    ana, ben = open_board("ana"), open_board("ben")
    one = ana.retros.add_card(retro_id, "Went well", "Pricing test read out on time")
    two = ana.retros.add_card(retro_id, "To improve", "Quotes stuck in legal")
    assert ana.retros.votes_left(retro_id) == 3
    assert [
        ana.retros.vote(two.id or 0),
        ana.retros.vote(two.id or 0),
        ana.retros.vote(one.id or 0),
    ] == [2, 1, 0]
    with pytest.raises(GateRefusal, match="ana has used all 3 votes in this retro"):
        ana.retros.vote(one.id or 0)
    assert ana.retros.votes_left(retro_id) == 0
    assert ben.retros.votes_left(retro_id) == 3

    assert ana.retros.unvote(two.id or 0) == 1
    assert ana.retros.retro(retro_id).cards[1].votes == 1
    with pytest.raises(GateRefusal, match="ben has no vote on card 2 to take back"):
        ben.retros.unvote(two.id or 0)
    assert ana.retros.vote(one.id or 0) == 0


def test_vote_limit_is_a_board_setting(board: Board, retro_id: int) -> None:
    board.config.configure("retro.votes", "1")
    card = board.retros.add_card(retro_id, "Went well", "Shipped on time")
    assert board.retros.vote(card.id or 0) == 0
    with pytest.raises(GateRefusal, match="all 1 votes"):
        board.retros.vote(card.id or 0)


def test_cards_sorted_by_votes_keep_their_order_on_ties() -> None:
    cards = [
        RetroCard(id=1, column="Went well", text="a", votes=1),
        RetroCard(id=2, column="To improve", text="b", votes=3),
        RetroCard(id=3, column="Went well", text="c", votes=2),
        RetroCard(id=4, column="Went well", text="d", votes=1),
    ]
    assert [c.id for c in cards_by_votes(cards)] == [2, 3, 1, 4]
    assert [c.id for c in cards_by_votes(cards, "Went well")] == [3, 1, 4]


# ----- one retro per sprint --------------------------------------------------------------------


def test_a_retro_belongs_to_the_last_closed_sprint_by_default(board: Board) -> None:
    with pytest.raises(NotFoundError, match="no sprint is closed yet"):
        board.retros.open_retro()
    closed_sprint(board, "Sprint 12", date(2024, 4, 8), date(2024, 4, 19))
    last = closed_sprint(board, "Sprint 13", date(2024, 4, 22), date(2024, 5, 3))
    retro = board.retros.open_retro(format="mad-sad-glad")
    assert (retro.sprint_id, retro.format) == (last, RetroFormat.MAD_SAD_GLAD)
    assert retro.columns == ("Mad", "Sad", "Glad")

    again = board.retros.open_retro(last, "4ls")
    assert (again.id, again.format) == (retro.id, RetroFormat.MAD_SAD_GLAD)
    assert board.retros.retro_for() == again
    assert board.retros.retro_for("Sprint 12") is None
    with pytest.raises(GateRefusal, match="Sprint 13 already has a retro"):
        board.retros.new_retro(last)
    assert len(board.retros.all()) == 1
    with pytest.raises(InvalidInputError, match="unknown retro format 'fun'"):
        board.retros.open_retro(format="fun")
    with pytest.raises(NotFoundError, match="no sprint is named 'Sprint 99'"):
        board.retros.retro_for("Sprint 99")


# ----- actions ---------------------------------------------------------------------------------


def test_an_action_becomes_a_backlog_item_linked_both_ways(board: Board, retro_id: int) -> None:
    action = board.retros.add_action(
        retro_id, "Add a brief template for design requests", "mei", date(2099, 5, 10)
    )
    item = board.retros.action_to_item(action.id or 0)

    assert item.title == "Add a brief template for design requests"
    assert (item.owner, item.kind, item.horizon) == ("mei", Kind.CHORE, Horizon.NOW)
    assert item.description.startswith(
        "From the Sprint 13 retro: Add a brief template for design requests"
    )
    assert "retro action 1" in item.description and "due 2099-05-10" in item.description
    assert board.retros.action(action.id or 0).item_id == item.id
    assert board.retros.retro(retro_id).actions[0].item_id == item.id
    history = board.items.history(item.id or 0)
    assert [(e.action, e.field) for e in history] == [("create", "title"), ("action", "item")]
    assert history[-1].new == item.key
    with pytest.raises(GateRefusal, match=f"action 1 is already backlog item {item.key}"):
        board.retros.action_to_item(action.id or 0)
    assert len(board.items.all()) == 1


def test_only_an_open_action_becomes_an_item(board: Board, retro_id: int) -> None:
    action = board.retros.add_action(retro_id, "Write the webinar runbook")
    board.retros.set_action_state(action.id or 0, "dropped")
    with pytest.raises(GateRefusal, match="action 1 is dropped"):
        board.retros.action_to_item(action.id or 0)
    assert board.items.all() == []


def test_an_action_drafts_its_item_without_saving_it(board: Board, retro_id: int) -> None:
    action = board.retros.add_action(
        retro_id, "Write the webinar runbook", "ben", date(2099, 5, 10)
    )
    draft = board.retros.action_item_draft(action.id or 0)

    assert (draft.id, draft.title, draft.owner) == (None, "Write the webinar runbook", "ben")
    assert (draft.kind, draft.horizon) == (Kind.CHORE, Horizon.NOW)
    assert draft.description == (
        "From the Sprint 13 retro: Write the webinar runbook\n\n"
        "retro action 1 · owner ben · due 2099-05-10"
    )
    assert board.items.all() == []
    assert board.retros.action(action.id or 0).item_id is None


def test_a_completed_draft_becomes_the_item_linked_to_its_action(
    board: Board, retro_id: int
) -> None:
    """What a person completed in the editor is added as given, and linked, in one write."""
    action = board.retros.add_action(retro_id, "Write the webinar runbook", "ben")
    item = board.retros.action_to_item(
        action.id or 0,
        "Webinar runbook",
        ["runbook used for the next webinar"],
        owner="dana",
        audience="webinar hosts",
        kind=Kind.STORY,
        estimate=3,
        description="From the Sprint 13 retro: Write the webinar runbook",
    )

    saved = board.items.get(item.id or 0)
    assert (saved.title, saved.owner, saved.audience, saved.kind, saved.estimate) == (
        "Webinar runbook",
        "dana",
        "webinar hosts",
        Kind.STORY,
        3,
    )
    assert [c.text for c in saved.criteria] == ["runbook used for the next webinar"]
    assert board.retros.action(action.id or 0).item_id == item.id
    assert board.retros.action(action.id or 0).state is ActionState.OPEN


def test_a_settled_action_drafts_no_item_and_a_refused_add_links_nothing(
    board: Board, retro_id: int
) -> None:
    dropped = board.retros.add_action(retro_id, "Runbook")
    board.retros.set_action_state(dropped.id or 0, "dropped")
    with pytest.raises(GateRefusal, match="action 1 is dropped") as refused:
        board.retros.action_item_draft(dropped.id or 0)
    assert refused.value.code == "action_settled"
    with pytest.raises(GateRefusal, match="action 1 is dropped"):
        board.retros.action_to_item(dropped.id or 0, "Runbook", owner="ben")

    action = board.retros.add_action(retro_id, "Brief template")
    with pytest.raises(InvalidInputError):
        board.retros.action_to_item(action.id or 0, "Brief template", blocked_by=[99])
    assert board.items.all() == []
    assert board.retros.action(action.id or 0).item_id is None

    board.retros.action_to_item(action.id or 0, "Brief template")
    with pytest.raises(GateRefusal, match="action 2 is already backlog item #1"):
        board.retros.action_item_draft(action.id or 0)


def next_retro(board: Board) -> int:
    closed_sprint(board, "Sprint 14", date(2024, 5, 6), date(2024, 5, 17))
    return board.retros.open_retro().id or 0


def test_the_next_retro_reviews_the_previous_retros_open_actions(
    board: Board, retro_id: int
) -> None:
    kept = board.retros.add_action(retro_id, "Ask for quote approval at kickoff", "dana")
    done = board.retros.add_action(retro_id, "Set a WIP limit of 3 on Doing", "ana")
    board.retros.set_action_state(done.id or 0, "done")
    newer = next_retro(board)

    assert [a.id for a in board.retros.previous_open_actions(newer)] == [kept.id]
    assert board.retros.previous_open_actions(retro_id) == []
    assert [a.text for a in actions_to_review(board.retros.all(), newer)] == [
        "Ask for quote approval at kickoff"
    ]


def test_carrying_an_action_over_copies_it_into_the_new_retro(board: Board, retro_id: int) -> None:
    action = board.retros.add_action(retro_id, "Ask for quote approval at kickoff", "dana")
    newer = next_retro(board)

    copy = board.retros.review_action(action.id or 0, "carried")
    assert (copy.retro_id, copy.carried_from, copy.state) == (newer, action.id, ActionState.OPEN)
    assert (copy.text, copy.owner) == (action.text, "dana")
    assert board.retros.action(action.id or 0).state is ActionState.CARRIED
    assert [a.id for a in board.retros.retro(newer).actions] == [copy.id]
    assert board.retros.previous_open_actions(newer) == []
    with pytest.raises(GateRefusal, match="action 1 is already carried"):
        board.retros.review_action(action.id or 0, "done")
    with pytest.raises(GateRefusal, match="can only be carried into a later retro"):
        board.retros.review_action(copy.id or 0, "carried")


@pytest.mark.parametrize("outcome", ["done", "dropped"])
def test_reviewing_an_action_as_done_or_dropped(board: Board, retro_id: int, outcome: str) -> None:
    action = board.retros.add_action(retro_id, "Write the webinar runbook", "ben")
    newer = next_retro(board)
    reviewed = board.retros.review_action(action.id or 0, outcome)
    assert (reviewed.id, reviewed.state) == (action.id, ActionState(outcome))
    assert board.retros.retro(newer).actions == []
    assert board.retros.previous_open_actions(newer) == []
    event = board.events()[-1]
    assert (event.action, event.old, event.new, event.note) == (
        "action",
        "open",
        outcome,
        "Write the webinar runbook",
    )


def test_review_refuses_open_and_unknown_outcomes(board: Board, retro_id: int) -> None:
    action = board.retros.add_action(retro_id, "Write the webinar runbook")
    with pytest.raises(InvalidInputError, match="review an action as done, carried or dropped"):
        board.retros.review_action(action.id or 0, "open")
    with pytest.raises(InvalidInputError, match="'later' is not an action state"):
        board.retros.review_action(action.id or 0, "later")
    with pytest.raises(NotFoundError, match="action 9 does not exist"):
        board.retros.review_action(9, "done")


def test_setting_an_action_carried_goes_through_the_review(board: Board, retro_id: int) -> None:
    action = board.retros.add_action(retro_id, "Book legal review at sprint start")
    newer = next_retro(board)
    copy = board.retros.set_action_state(action.id or 0, "carried")
    assert (copy.retro_id, copy.carried_from) == (newer, action.id)


def test_a_long_action_makes_a_shortened_title_and_keeps_its_full_text(
    board: Board, retro_id: int
) -> None:
    text = "Agree with legal " + "and sales " * 26 + "before kickoff"
    action = board.retros.add_action(retro_id, text)
    item = board.retros.action_to_item(action.id or 0)
    assert len(text) > 200 and len(item.title) == 200 and item.title.endswith("…")
    assert text in item.description
