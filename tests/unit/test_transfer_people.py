"""Members and requests travel with the whole-board export: a restore into an empty board
gives them back as they were (numbers, decisions, roles, keys, history); an import into a
board in use numbers the requests anew and leaves the members out; a file whose members
or requests do not hold together, or that smuggles a key, is refused whole."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from poboard.board import Board
from poboard.domain.errors import InvalidInputError
from poboard.domain.models import Horizon
from poboard.domain.requests import RequestStatus, Role
from poboard.services.members import parse_keys


def ssh_key(name: str) -> str:
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
    return key.export_public_key().decode().strip()


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    """A board with a member (one key), a stakeholder, and four requests: #3 accepted
    into Later, #4 declined with a reason, #5 merged into #3, #6 still new (commented)."""
    path = tmp_path / "source.db"
    po = Board.open(path, "po")
    try:
        po.items.add("Launch email", criteria=["Copy approved"], owner="ana", estimate=3)
        po.items.add("Pricing page")
        po.members.add_member("ben", parse_keys(ssh_key("ben")))
        po.members.add_member("sam", [], Role.STAKEHOLDER)
    finally:
        po.close()
    sam = Board.open(path, "sam")
    try:
        sam.requests.add("Partner portal", audience="partners", why="Two deals\nwait on it")
        sam.requests.add("Dark mode")
        sam.requests.add("Partner login")
        sam.requests.add("SSO", needed_by=date(2027, 1, 15))
        sam.requests.comment(6, "Asked again by Acme")
    finally:
        sam.close()
    po = Board.open(path, "po")
    try:
        po.requests.accept(3, Horizon.LATER)
        po.requests.decline(4, "Not this year")
        po.requests.merge(5, 3)
        return po.transfer.export_data()
    finally:
        po.close()


def restored(path: Path, data: dict[str, Any], user: str = "restorer") -> Board:
    board = Board.open(path, user)
    board.transfer.import_data(data)
    return board


def test_a_restore_gives_back_members_and_requests_as_they_were(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    board = restored(tmp_path / "copy.db", exported)
    try:
        again = board.transfer.export_data()
        assert again["members"] == exported["members"]
        assert again["requests"] == exported["requests"]
        assert again["events"][:-1] == exported["events"]
        assert board.members.role_of("sam") is Role.STAKEHOLDER
        (ben,) = [m for m in board.members.all() if m.name == "ben"]
        assert board.members.member_of_key(ben.keys[0].fingerprint) == "ben"
        assert board.requests.get(3).item == 3 and board.items.get(3).title == "Partner portal"
        assert board.requests.get(4).reason == "Not this year"
        assert board.requests.get(5).item == 3
        assert board.requests.get(6).needed_by == "2027-01-15"
        assert "Asked again by Acme" in [e.new for e in board.requests.history(6)]
        assert board.items.add("Next one").id == 7, "the numbering goes on after them"
    finally:
        board.close()


def test_into_a_board_in_use_requests_are_numbered_anew_and_members_left_out(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "busy.db"
    board = Board.open(path, "po")
    try:
        for title in ("Ours 1", "Ours 2", "Ours 3", "Ours 4"):
            board.items.add(title)
        result = board.transfer.import_data(exported)
        assert any("2 members were left out" in note for note in result.notes)
        assert [m.name for m in board.members.all()] == []
        found = {r.title: r for r in board.requests.all()}
        portal = found["Partner portal"]
        assert portal.status is RequestStatus.ACCEPTED
        assert portal.key == portal.item, "an accepted request keeps its item's number"
        assert board.items.get(portal.key).title == "Partner portal"
        assert found["Partner login"].item == portal.key
        assert found["Dark mode"].reason == "Not this year"
        keys = [r.key for r in found.values()]
        assert len(set(keys)) == 4 and min(keys) > 4, "after this board's own numbers"
        sso = found["SSO"].key
        assert "Asked again by Acme" in [e.new for e in board.requests.history(sso)]
    finally:
        board.close()


def test_a_board_with_only_requests_is_in_use(exported: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "asked.db"
    board = Board.open(path, "sam")
    try:
        assert board.requests.add("Ours").key == 1
        board.transfer.import_data(exported)
        assert [r.title for r in board.requests.all() if r.key == 1] == ["Ours"]
    finally:
        board.close()


def test_members_come_back_only_for_one_who_may_change_them(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "owned.db"
    owner = Board.open(path, "ana")
    try:
        owner.config.configure("product_owners", "ana")
    finally:
        owner.close()
    board = Board.open(path, "bob")
    try:
        result = board.transfer.import_data(exported)
        assert any("members were left out" in note for note in result.notes)
        assert board.members.all() == []
        assert len(board.requests.all()) == 4
    finally:
        board.close()


def smuggled_key(data: dict[str, Any]) -> None:
    """ben's key names the fingerprint of another key than its data."""
    other = parse_keys(ssh_key("mallory"))[0]
    data["members"][0]["keys"][0]["fingerprint"] = other.fingerprint


def changed(part: str, n: int, **fields: Any) -> Any:
    def change(data: dict[str, Any]) -> None:
        data[part][n].update(fields)

    return change


HOSTILE = {
    "a key that is not its fingerprint's": (smuggled_key, "is not the SSH key its data holds"),
    "a member twice": (
        lambda d: d["members"].append(copy.deepcopy(d["members"][0])),
        "member ben appears twice",
    ),
    "a member's name": (changed("members", 0, name="ben; rm -rf"), "is not a member name"),
    "a role": (changed("members", 1, role="owner"), "role"),
    "an accepted request with another number": (
        changed("requests", 0, item=1),
        "is accepted, so its item has its number",
    ),
    "a new request on an item's number": (
        changed("requests", 3, key=1),
        "has the number of an item",
    ),
    "a merge into nothing": (changed("requests", 2, item=None), "is merged into no item"),
    "a merge into an item not in the file": (
        changed("requests", 2, item=99),
        "names item #99, which the file does not have",
    ),
    "control characters in a title": (
        changed("requests", 1, title="Dark\x1b[2Jmode"),
        "control character",
    ),
    "a field the file cannot hold": (changed("requests", 1, secret="x"), "secret"),
    "a request twice": (
        lambda d: d["requests"].append(copy.deepcopy(d["requests"][1])),
        "request #4 appears twice",
    ),
}


@pytest.mark.parametrize("spoil", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_file_whose_people_do_not_hold_together_is_refused_whole(
    exported: dict[str, Any], tmp_path: Path, spoil: Any
) -> None:
    change, said = spoil
    change(exported)
    board = Board.open(tmp_path / "target.db", "restorer")
    try:
        before = board.transfer.export_data()
        with pytest.raises(InvalidInputError) as refused:
            board.transfer.import_data(exported)
        assert said in str(refused.value)
        assert "\n" not in str(refused.value)
        assert board.transfer.export_data() == before, "nothing was imported"
    finally:
        board.close()


def test_an_export_from_before_members_and_requests_still_restores(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    older = {k: v for k, v in exported.items() if k not in ("members", "requests")}
    older["items"] = [i for i in older["items"] if i["id"] != 3]
    board = restored(tmp_path / "old.db", older)
    try:
        assert [i.title for i in board.items.all()] == ["Launch email", "Pricing page"]
        assert board.requests.all() == [] and board.members.all() == []
    finally:
        board.close()
