"""Boards made by every released schema open, upgrade and keep everything they hold.

`tests/fixtures/board-schema-N.db` is a board written by the poboard that released schema
N (with `board-schema-N.json`, its export made by that same poboard). A new schema adds
its own fixture when it is released.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board
from poboard.domain import rules
from poboard.domain.errors import BoardFileError
from poboard.domain.planning import Goal
from poboard.store.connection import open_board
from poboard.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parents[1] / "fixtures"
RELEASED = sorted(FIXTURES.glob("board-schema-*.db"))
ADDED_SINCE = {  # fields later schemas added
    "criteria": {"uid"},
    "events": {"ref"},
    "items": {"key_result_id", "source", "source_key", "source_url"},
    "sprints": {"goal_met", "goal_note", "started_at"},
    "key_results": {"checkins"},
    "settings": {"ready"},
    "goals": {"archived_at"},
}
PARTS_ADDED_SINCE = {"members", "requests"}  # a schema-1 board had neither


def _without(record: dict[str, Any], part: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ADDED_SINCE[part]}


def comparable(export: dict[str, Any]) -> dict[str, Any]:
    """An export without what later schemas added, so old and new can be compared."""
    items = [
        {
            **_without(item, "items"),
            "criteria": [_without(c, "criteria") for c in item["criteria"]],
        }
        for item in export["items"]
    ]
    goals = [
        {
            **_without(goal, "goals"),
            "key_results": [_without(kr, "key_results") for kr in goal["key_results"]],
        }
        for goal in export["goals"]
    ]
    return {
        **{part: found for part, found in export.items() if part not in PARTS_ADDED_SINCE},
        "schema": None,
        "settings": _without(export["settings"], "settings"),
        "items": items,
        "goals": goals,
        "sprints": [_without(s, "sprints") for s in export["sprints"]],
        "events": [_without(e, "events") for e in export["events"]],
    }


def kept_checkins(goals: list[Goal]) -> dict[str, list[tuple[str, float, str, str]]]:
    """Each key result's check-ins as (day, value, by, at), by metric."""
    return {
        kr.metric: [(c.day.isoformat(), c.value, c.by, c.at) for c in kr.checkins]
        for goal in goals
        for kr in goal.key_results
    }


def logged_updates(export: dict[str, Any]) -> dict[str, list[tuple[str, float, str, str]]]:
    """What the old board's `key-result` events say each update of a key result was."""
    found: dict[str, list[tuple[str, float, str, str]]] = {
        kr["metric"]: [] for goal in export["goals"] for kr in goal["key_results"]
    }
    for e in export["events"]:
        if e["action"] == "key-result" and e["old"] is not None:
            found[e["field"]].append((e["at"][:10], float(e["new"]), e["user"], e["at"]))
    return found


def user_version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def test_there_is_a_fixture_for_every_released_schema() -> None:
    assert [p.name for p in RELEASED] == ["board-schema-1.db"]
    for path in RELEASED:
        assert path.with_suffix(".json").exists()


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_an_old_board_opens_upgrades_and_keeps_everything(fixture: Path, tmp_path: Path) -> None:
    before = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    old_schema = int(fixture.stem.rsplit("-", 1)[1])
    path = tmp_path / "board.db"
    shutil.copy(fixture, path)
    assert user_version(path) == old_schema

    board = Board.open(path, "ana")
    try:
        after = board.transfer.export_data()
        criteria = [c for item in board.items.all() for c in item.criteria]
    finally:
        board.close()

    assert user_version(path) == SCHEMA_VERSION
    assert after["schema"] == SCHEMA_VERSION
    assert comparable(after) == comparable(before)
    assert (after["members"], after["requests"]) == ([], [])
    counts = {part: len(after[part]) for part in ("items", "events", "sprints", "retros", "goals")}
    assert counts == {part: len(before[part]) for part in counts}
    assert sum(len(r["cards"]) for r in after["retros"]) == 11
    assert len(criteria) == sum(len(i["criteria"]) for i in before["items"]) == 165
    for item in after["items"]:
        assert (item["source"], item["source_key"], item["source_url"]) == (None, None, None)
        uids = [c["uid"] for c in item["criteria"]]
        assert all(uids) and len(set(uids)) == len(uids), f"#{item['id']}: criteria need uids"


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_the_key_result_history_of_an_old_board_becomes_check_ins(
    fixture: Path, tmp_path: Path
) -> None:
    """What the `key-result` events kept becomes check-ins, by the upgrade of the file and
    by the import of an old export alike; each key result's current value is its latest."""
    before = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    path = tmp_path / "board.db"
    shutil.copy(fixture, path)
    board = Board.open(path, "ana")
    try:
        upgraded = board.goals.all()
    finally:
        board.close()
    restored_board = Board.open(tmp_path / "restored.db", "ana")
    try:
        restored_board.transfer.import_data(before)
        restored = restored_board.goals.all()
    finally:
        restored_board.close()

    expected = logged_updates(before)
    assert kept_checkins(upgraded) == kept_checkins(restored) == expected
    assert sum(len(found) for found in expected.values()) == 30
    assert expected["direct sessions per week"] == []
    for kr in (kr for goal in upgraded for kr in goal.key_results):
        assert all(c.confidence is None and c.note is None for c in kr.checkins)
        if kr.checkins:
            assert kr.current == kr.checkins[-1].value


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_an_upgraded_board_works_as_a_new_one(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "board.db"
    shutil.copy(fixture, path)
    board = Board.open(path, "ana")
    try:
        open_item = next(i for i in board.items.all() if i.status.value == "review")
        board.config.configure("product_owners", "ana,maya")
        board.items.uncheck(open_item.id or 0, 1)
        assert board.items.history(open_item.id or 0)[-1].ref == open_item.criteria[0].uid
        checkin = board.goals.check_in(
            "G2", "trial to activation %", 35.2, "at risk", "holiday dip"
        )
        kr = next(k for k in board.goals.goal(2).key_results if k.id == checkin.key_result_id)
        assert (len(kr.checkins), kr.current, kr.confidence) == (6, 35.2, "at risk")
        linked = board.items.edit(open_item.id or 0, {"key_result_id": kr.id})
        assert (linked.key_result_id, linked.goal_id) == (kr.id, 2)
    finally:
        board.close()


def test_a_board_from_a_newer_poboard_is_refused_unaltered(tmp_path: Path) -> None:
    path = tmp_path / "board.db"
    shutil.copy(RELEASED[-1], path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(BoardFileError, match="newer poboard"):
        Board.open(path, "ana")
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("fixture", RELEASED, ids=lambda p: p.stem)
def test_lists_know_readiness_on_an_upgraded_board_even_read_only(
    fixture: Path, tmp_path: Path
) -> None:
    """What lists keep with each row is filled on the first open that may write, and
    worked out on the fly when the board may only be read (here: the schema upgrade ran,
    but nothing filled the rows before the file became read-only)."""
    path = tmp_path / "board.db"
    shutil.copy(fixture, path)
    open_board(path).conn.close()  # the upgrade alone
    path.chmod(0o444)
    board = Board.open(path, "ana")
    try:
        assert board.read_only
        read_only = {v.item.id: (v.ready, v.item.criteria_open) for v in board.lists.list_views()}
        as_json = {o["id"]: o["ready"] for o in map(json.loads, board.lists.items_json())}
    finally:
        board.close()
    path.chmod(0o644)
    board = Board.open(path, "ana")
    try:
        writable = {v.item.id: (v.ready, v.item.criteria_open) for v in board.lists.list_views()}
        whole = {
            i.id: (not rules.missing_for_ready(i), rules.unsettled(i.criteria))
            for i in board.items.all()
        }
    finally:
        board.close()
    assert read_only == writable == whole
    assert as_json == {key: ready for key, (ready, _) in whole.items()}
    assert sum(ready for ready, _ in whole.values()) > 10
