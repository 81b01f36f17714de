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


def owned_by_ana(path: Path) -> Path:
    """An empty board that names ana its product owner."""
    owner = Board.open(path, "ana")
    try:
        owner.config.configure("product_owners", "ana")
    finally:
        owner.close()
    return path


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
        merge = [e.note for e in board.requests.history(found["Partner login"].key)]
        assert f"into #{portal.key}" in merge, "its history says where it went here"
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
    path = owned_by_ana(tmp_path / "owned.db")
    board = Board.open(path, "bob")
    try:
        result = board.transfer.import_data(exported)
        assert any("members were left out" in note for note in result.notes)
        assert board.members.all() == []
        assert len(board.requests.all()) == 4
    finally:
        board.close()


def test_one_who_may_not_change_the_owners_cannot_restore_them_either(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """A file's settings name its product owners: restoring them is changing them, so
    it takes one of this board's (as `config set` does). Else a first import of the
    settings alone would make anyone an owner, and a second bring in their members."""
    path = owned_by_ana(tmp_path / "owned.db")
    takeover = {k: v for k, v in exported.items() if k not in ("members", "requests", "items")}
    takeover["events"] = []
    takeover["settings"] = dict(exported["settings"], product_owners=["eve"], name="Eve's")
    board = Board.open(path, "eve")
    try:
        result = board.transfer.import_data(takeover)
        assert any("the file's settings were left out" in n for n in result.notes)
        assert board.settings().product_owners == ["ana"]
        result = board.transfer.import_data({**exported, "items": [], "requests": []})
        assert any("members were left out" in n for n in result.notes)
        assert board.members.all() == []
    finally:
        board.close()
    ana = Board.open(path, "ana")
    try:
        ana.transfer.import_data(takeover)
        assert ana.settings().product_owners == ["eve"], "an owner restores them"
    finally:
        ana.close()


def test_a_restore_derives_readiness_by_the_files_definition_of_ready(tmp_path: Path) -> None:
    """A board whose bugs need nothing to be ready restores with its bugs ready: its
    settings are in place before its items are written (they were saved after, and
    every bug came back not ready by the default rule)."""
    source = Board.open(tmp_path / "source.db", "ana")
    try:
        source.config.configure("ready.bug", "none")
        source.items.add("Fix the UTM tags", kind="bug")
        data = source.transfer.export_data()
        assert source.lists.list_views()[0].ready
    finally:
        source.close()
    board = restored(tmp_path / "copy.db", data)
    try:
        assert [view.ready for view in board.lists.list_views()] == [True]
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
    "a merge into nothing": (changed("requests", 2, item=None), "is merged into nothing"),
    "a merge into what the file does not have": (
        changed("requests", 2, item=99),
        "names #99, which the file has neither as an item nor a request",
    ),
    "a merge into itself": (changed("requests", 2, item=5), "is merged into itself"),
    "a number past any board's": (changed("requests", 3, key=2**70), "a number too large"),
    "the largest number SQLite keeps": (
        changed("requests", 3, key=2**63 - 1),
        "a number too large for a board (9223372036854775807)",
    ),
    "a request number past the numbering": (changed("requests", 3, key=2**31), "key"),
    "an item number past the numbering": (
        changed("items", 1, id=2**31),
        "a board numbers items up to 2,147,483,647",
    ),
    "a number as text": (changed("requests", 3, key="6"), "key"),
    "a time that is none": (
        changed("requests", 1, created_at="garbage"),
        "created at: should be a time",
    ),
    "a day that is none": (
        changed("requests", 3, needed_by="soon\x1b[2J"),
        "needed by should be a date",
    ),
    "a title longer than an item's": (changed("requests", 1, title="x" * 201), "title"),
    "a key type hiding a line": (
        lambda d: d["members"][0]["keys"][0].update(type="# hi\nssh-ed25519"),
        "type",
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


def test_a_request_merged_into_one_still_waiting_travels_with_it(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """`request merge` takes a request still waiting as its target: restored, the two
    keep their numbers; imported into a board in use, the merged one names the other's
    new number."""
    source = tmp_path / "source.db"
    sam = Board.open(source, "sam")
    try:
        sam.requests.add("Partner portal v2")
        sam.requests.add("Portal for partners")
    finally:
        sam.close()
    po = Board.open(source, "po")
    try:
        po.requests.merge(8, 7)
        data = po.transfer.export_data()
    finally:
        po.close()
    board = restored(tmp_path / "copy.db", data)
    try:
        assert board.requests.get(8).item == 7
        assert board.transfer.export_data()["requests"] == data["requests"]
    finally:
        board.close()
    busy = Board.open(tmp_path / "busy.db", "po")
    try:
        for title in ("Ours 1", "Ours 2", "Ours 3", "Ours 4", "Ours 5", "Ours 6", "Ours 7"):
            busy.items.add(title)
        busy.transfer.import_data(data)
        found = {r.title: r for r in busy.requests.all()}
        assert found["Portal for partners"].item == found["Partner portal v2"].key
        assert found["Partner portal v2"].key > 7
    finally:
        busy.close()


def test_a_request_event_naming_no_request_of_the_file_names_none(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """An export from before requests were exported holds their events only: restored,
    those would name whichever request takes that number here. So would a number no
    board has (a 5000-digit one is not read as a number at all)."""
    older = {k: v for k, v in exported.items() if k != "requests"}
    older["items"] = [i for i in older["items"] if i["id"] != 3]
    stray = dict(older["events"][-1], action="request", ref="9" * 5000, item_id=None)
    older["events"] = [*older["events"], stray]
    board = restored(tmp_path / "old.db", older)
    try:
        asked = Board.open(tmp_path / "old.db", "sam")
        try:
            fresh = asked.requests.add("A new ask")
        finally:
            asked.close()
        assert [e.note for e in board.requests.history(fresh.key)] == [None]
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
