"""A move after a teammate's change to other fields goes through; a move after a
teammate's move (the same field) is refused. Two Board objects on one file, as a product
owner's board and ben's CLI are."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from poboard.board import Board
from poboard.domain.errors import ConflictError, GateRefusal
from poboard.domain.models import CriterionState, Item, Status


def two_boards(
    open_board: Callable[..., Board], add_ready: Callable[..., Item], running: Callable[..., None]
) -> tuple[Board, Board, Item]:
    po, ben = open_board("ana"), open_board("ben")
    item = add_ready(po, criteria=["Copy approved by legal", "Tracked in analytics"])
    running(po, item.key)
    return po, ben, po.items.get(item.id or 0)


def test_a_move_after_a_teammates_tick_goes_through_and_keeps_the_tick(
    open_board: Callable[..., Board], add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    po, ben, seen = two_boards(open_board, add_ready, running)
    ben.items.check(seen.id or 0, 1)  # the po's view is now one version behind
    moved = po.items.move(seen.id or 0, Status.DOING, seen=seen).item
    stored = ben.items.get(seen.id or 0)
    assert stored.status is Status.DOING
    assert stored.criteria[0].state is CriterionState.MET, "ben's tick kept"
    assert stored.version == seen.version + 2 == moved.version
    moves = [e for e in ben.items.history(seen.id or 0) if e.action == "move"]
    assert [(m.user, m.new) for m in moves][-1] == ("ana", "doing")


def test_a_move_after_a_teammates_move_is_refused(
    open_board: Callable[..., Board], add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    po, ben, seen = two_boards(open_board, add_ready, running)
    ben.items.move(seen.id or 0, Status.DOING)
    with pytest.raises(ConflictError, match="changed by ben"):
        po.items.move(seen.id or 0, Status.REVIEW, seen=seen)
    assert ben.items.get(seen.id or 0).status is Status.DOING


def test_a_bare_expected_version_still_refuses_any_change(
    open_board: Callable[..., Board], add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    """Without the item as seen, the service cannot tell what changed: stale is stale."""
    po, ben, seen = two_boards(open_board, add_ready, running)
    ben.items.check(seen.id or 0, 1)
    with pytest.raises(ConflictError):
        po.items.move(seen.id or 0, Status.DOING, seen.version)
    assert ben.items.get(seen.id or 0).status is Status.TODO


def test_the_gate_judges_the_item_as_it_is_now(
    open_board: Callable[..., Board], add_ready: Callable[..., Item], running: Callable[..., None]
) -> None:
    """Merged, the move still passes the gates on the current item: ben unticked the
    last criterion, so Done is refused for it, not for a stale version."""
    po, ben, item = two_boards(open_board, add_ready, running)
    po.items.check(item.id or 0, 1)
    po.items.check(item.id or 0, 2)
    seen = po.items.get(item.id or 0)
    ben.items.uncheck(item.id or 0, 2)
    with pytest.raises(GateRefusal, match="can't move to done"):
        po.items.move(item.id or 0, Status.DONE, seen=seen)
    assert ben.items.get(item.id or 0).status is not Status.DONE
