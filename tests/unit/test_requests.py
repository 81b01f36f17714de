"""Roles and requests in the board service: every part refuses a stakeholder's write at
the one place writes begin (`not_allowed`, nothing written), an untriaged request is in
no list of items, and triage keeps the numbering, the rank and who asked."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board
from poboard.domain.errors import Code, GateRefusal, InvalidInputError
from poboard.domain.models import Horizon, Status
from poboard.domain.requests import RequestStatus, Role

Write = Callable[[Board], object]
WRITES: dict[str, Write] = {
    "items.add": lambda b: b.items.add("Sneaky"),
    "items.edit": lambda b: b.items.edit(1, {"title": "Renamed"}),
    "items.move": lambda b: b.items.move(1, Status.TODO),
    "items.check": lambda b: b.items.check(1, 1),
    "items.rank": lambda b: b.items.rank(2, top=True),
    "items.rank_by_score": lambda b: b.items.rank_by_score(),
    "sprints.new_sprint": lambda b: b.sprints.new_sprint(
        "S2", "More", date(2026, 3, 16), date(2026, 3, 27), 5
    ),
    "sprints.commit": lambda b: b.sprints.commit([1], "S1"),
    "sprints.start_sprint": lambda b: b.sprints.start_sprint("S1"),
    "config.configure": lambda b: b.config.configure("wip.doing", "3"),
    "goals.add_goal": lambda b: b.goals.add_goal("Grow trials"),
    "goals.check_in": lambda b: b.goals.check_in(1, "trials", 5),
    "goal_edits.archive_goal": lambda b: b.goal_edits.archive_goal(1),
    "retros.new_retro": lambda b: b.retros.new_retro(None),
    "retros.add_card": lambda b: b.retros.add_card(1, "Went well", "Nice"),
    "members.set_role": lambda b: b.members.set_role("sam", Role.MEMBER),
    "transfer.import_csv": lambda b: b.transfer.import_csv("title\nFrom a file\n"),
    "requests.accept": lambda b: b.requests.accept(3),
    "requests.decline": lambda b: b.requests.decline(3, "no"),
    "requests.comment": lambda b: b.requests.comment(3, "on someone else's"),
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """#1 a ready item, #2 another, sprint S1, goal G1 with a key result, a retro with a
    card, stakeholder sam, and #3 a request the team member ben relayed."""
    path = tmp_path / "board.db"
    board = Board.open(path, "po")
    try:
        board.items.add("Launch email", criteria=["Copy approved"], owner="ana", estimate=3)
        board.items.add("Pricing page")
        board.sprints.new_sprint("S1", "Ship", date(2026, 3, 2), date(2026, 3, 13), 20)
        board.goals.add_goal("Grow trials", key_results=["trials:10:50"])
        retro = board.retros.new_retro(None)
        board.retros.add_card(retro.id or 0, "Went well", "Shipped")
        board.members.add_member("sam", [], Role.STAKEHOLDER)
    finally:
        board.close()
    ben = Board.open(path, "ben")
    try:
        assert ben.requests.add("Partner portal").key == 3
    finally:
        ben.close()
    return path


def state(board: Board) -> tuple[Any, ...]:
    return (
        board.transfer.export_data(),
        board.requests.all(),
        board.members.all(),
        board.last_event_id(),
    )


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_every_part_refuses_a_stakeholders_write_and_writes_nothing(db: Path, write: Write) -> None:
    board = Board.open(db, "sam")
    try:
        assert board.core.is_stakeholder
        before = state(board)
        with pytest.raises(GateRefusal) as refused:
            write(board)
        assert refused.value.code is Code.NOT_ALLOWED
        assert "sam is a stakeholder" in str(refused.value)
        assert state(board) == before
    finally:
        board.close()


def test_a_stakeholder_asks_follows_and_comments_on_their_own(db: Path) -> None:
    board = Board.open(db, "sam")
    try:
        made = board.requests.add("CSV export", audience="sales", why="Asked weekly")
        assert (made.key, made.status, made.requested_by) == (4, RequestStatus.NEW, "sam")
        board.requests.comment(4, "Acme again")
        assert [r.key for r in board.requests.all(mine=True)] == [4]
        assert [e.new for e in board.requests.history(4)] == ["CSV export", "Acme again"]
        assert not board.requests.may_triage()
    finally:
        board.close()


def test_an_untriaged_request_is_in_no_list_of_items(db: Path) -> None:
    board = Board.open(db, "po")
    try:
        assert board.items.count() == 2
        assert [v.item.id for v in board.lists.list_views()] == [1, 2]
        assert board.lists.find_items("Partner") == []
        assert board.requests.count_new() == 1
        with pytest.raises(InvalidInputError, match="not a day"):
            board.requests.add("Late", needed_by="soon")
        with pytest.raises(InvalidInputError, match="control character"):
            board.requests.add("Evil \x1b]52;c;x\x07")
        assert board.items.add("Next").id == 4, "requests and items share the numbering"
    finally:
        board.close()


def test_triage_while_no_product_owner_is_named_is_the_teams(db: Path) -> None:
    board = Board.open(db, "ben")
    try:
        assert board.requests.may_triage()
        accepted = board.requests.accept(3, Horizon.LATER)
        assert (accepted.status, accepted.item, accepted.item_status) == (
            RequestStatus.ACCEPTED,
            3,
            Status.BACKLOG,
        )
        item = board.items.get(3)
        assert (item.horizon, item.created_by) == (Horizon.LATER, "ben")
        assert item.rank > board.items.get(2).rank
        day = (accepted.decided_at or "")[:10]
        assert board.requests.whereabouts(3) == f"#3 in the backlog, rank 3 (accepted {day})"
        board.config.configure("product_owners", "po")
        assert not board.requests.may_triage()
    finally:
        board.close()


def test_roles_change_and_are_logged(db: Path) -> None:
    board = Board.open(db, "po")
    try:
        assert board.members.role_of("sam") is Role.STAKEHOLDER
        assert board.members.role_of("ben") is Role.MEMBER  # not a member: the team
        board.members.set_role("sam", "member")
        assert [m.role for m in board.members.all()] == ["member"]
        assert board.events()[-1].field == "role"
        with pytest.raises(InvalidInputError, match="not a role"):
            board.members.set_role("sam", "boss")
    finally:
        board.close()
    sam = Board.open(db, "sam")
    try:
        assert sam.items.add("Now on the team").id == 4
    finally:
        sam.close()


def test_a_board_from_before_roles_upgrades_its_members_to_the_team(tmp_path: Path) -> None:
    """Schema 11: the members a board had are on the team, and requests start numbered
    after its items."""
    path = tmp_path / "board.db"
    board = Board.open(path, "po")
    board.items.add("Kept")
    board.members.add_member("sam", [], Role.STAKEHOLDER)
    board.close()
    with sqlite3.connect(path) as conn:  # as the schema-10 poboard kept it
        conn.execute("ALTER TABLE members DROP COLUMN role")
        for later in ("requests", "web_links", "web_sessions"):  # schema 11 and after
            conn.execute(f"DROP TABLE {later}")
        conn.execute("DROP INDEX items_horizon_rank")
        conn.execute("PRAGMA user_version = 10")
    conn.close()
    upgraded = Board.open(path, "sam")
    try:
        assert [(m.name, m.role) for m in upgraded.members.all()] == [("sam", "member")]
        assert upgraded.requests.add("After the upgrade").key == 2
        assert upgraded.items.add("A team member's item").id == 3
    finally:
        upgraded.close()


def test_a_duplicate_may_follow_a_request_still_waiting(db: Path) -> None:
    board = Board.open(db, "po")
    try:
        board.requests.add("Partner portal, again")  # #4
        merged = board.requests.merge(4, 3)
        assert (merged.status, merged.item, merged.item_status) == (RequestStatus.MERGED, 3, None)
        board.requests.accept(3)
        assert board.requests.get(4).item_status is Status.BACKLOG
        board.requests.add("Third time")  # #5
        with pytest.raises(InvalidInputError, match="#4 was merged into #3"):
            board.requests.merge(5, 4)
    finally:
        board.close()
