"""Opening board files: new, nested, corrupt, foreign, newer and read-only ones."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.contracts.reports import experiment_design
from poboard.demo.fill import fill_demo
from poboard.domain.errors import BoardFileError, NotFoundError, ReadOnlyError
from poboard.domain.models import SCORE_INPUTS, Item, ItemRow, Kind
from poboard.paths import default_db
from poboard.services.core import BoardCore
from poboard.store.connection import open_board
from poboard.store.item_rows import ROW_COLUMNS
from poboard.store.schema import BOARD_TABLES, SCHEMA_VERSION


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def rollback_journal_db(path: Path, user_version: int, tables: tuple[str, ...]) -> None:
    """An SQLite file in rollback-journal mode, so that reading it leaves no -wal behind."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        for table in tables:
            conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, note TEXT)")
            conn.execute(f"INSERT INTO {table} (note) VALUES ('keep me')")
        conn.execute(f"PRAGMA user_version = {user_version}")
        conn.commit()
    finally:
        conn.close()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


# ----- new files and migrations --------------------------------------------------------------


def test_default_db_follows_poboard_db(tmp_path: Path) -> None:
    assert default_db() == tmp_path / "default.db"


def test_default_db_without_poboard_db_is_under_xdg_data_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POBOARD_DB")
    assert default_db().is_relative_to(tmp_path / "xdg")


def test_nested_directory_is_created(tmp_path: Path) -> None:
    path = tmp_path / "teams" / "marketing" / "q3" / "board.core.db"
    db = open_board(path)
    try:
        assert path.is_file()
        tables = {row["name"] for row in db.query("SELECT name FROM sqlite_master")}
        assert tables >= BOARD_TABLES
    finally:
        db.conn.close()


def test_new_file_is_migrated_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "board.core.db"
    db = open_board(path)
    try:
        assert db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 2000
        assert not db.read_only
    finally:
        db.conn.close()
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert pragma(path, "journal_mode") == "wal"


def test_reopening_keeps_data_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "board.core.db"
    board = Board.open(path, "ana")
    board.items.add("Spring launch email", criteria=["Copy approved"])
    board.close()

    again = Board.open(path, "ben")
    try:
        assert [i.title for i in again.items.all()] == ["Spring launch email"]
        assert again.core.db.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        again.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_board(tmp_path / "board.core.db")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            db.conn.execute(
                "INSERT INTO criteria (item_id, n, text, state) VALUES (99, 1, 'x', 'open')"
            )
    finally:
        db.conn.close()


def test_a_directory_is_not_a_board(tmp_path: Path) -> None:
    with pytest.raises(BoardFileError, match="directory"):
        open_board(tmp_path)


# ----- files that are not boards -------------------------------------------------------------


def test_non_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"hello" * 100)

    with pytest.raises(BoardFileError) as caught:
        open_board(path)
    assert str(path) in str(caught.value)
    assert "not a poboard board" in str(caught.value)
    assert "not an SQLite file" in str(caught.value)

    with pytest.raises(BoardFileError, match="not an SQLite file"):
        Board.open(path, "ana")

    assert path.read_bytes() == b"hello" * 100
    assert siblings(path) == {"notes.db"}


def test_unrelated_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "crm.db"
    rollback_journal_db(path, user_version=0, tables=("contacts",))
    before = path.read_bytes()

    with pytest.raises(BoardFileError, match="not a poboard board"):
        open_board(path)
    with pytest.raises(BoardFileError, match="not a poboard board"):
        Board.open(path, "ana")

    assert path.read_bytes() == before
    assert siblings(path) == {"crm.db"}


def test_newer_schema_is_refused_and_never_altered(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    rollback_journal_db(
        path, user_version=SCHEMA_VERSION + 1, tables=("items", "criteria", "events")
    )
    before = path.read_bytes()

    with pytest.raises(BoardFileError, match="newer") as caught:
        open_board(path)
    assert str(path) in str(caught.value)
    with pytest.raises(BoardFileError, match="newer"):
        Board.open(path, "ana")

    assert path.read_bytes() == before
    assert siblings(path) == {"future.db"}
    assert pragma(path, "journal_mode") == "delete"
    assert pragma(path, "user_version") == SCHEMA_VERSION + 1


def test_board_with_missing_tables_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    rollback_journal_db(path, user_version=SCHEMA_VERSION, tables=("items",))
    before = path.read_bytes()
    with pytest.raises(BoardFileError, match="damaged"):
        open_board(path)
    assert path.read_bytes() == before


# ----- read-only files -----------------------------------------------------------------------


def make_read_only(tmp_path: Path) -> Path:
    path = tmp_path / "board.core.db"
    board = Board.open(path, "ana")
    board.items.add("Spring launch email", criteria=["Copy approved"])
    board.config.configure("product_owners", "ana")
    board.close()
    os.chmod(path, 0o444)
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return path


def test_read_only_board_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = make_read_only(tmp_path)
    before = path.read_bytes()

    board = Board.open(path, "ben")
    try:
        assert board.read_only
        assert [i.title for i in board.items.all()] == ["Spring launch email"]
        assert board.items.get("#1").criteria[0].text == "Copy approved"
        assert [v.item.id for v in board.lists.list_views(positioned=True)] == [1]
        assert board.settings().product_owners == ["ana"]
        assert [e.action for e in board.events()] == ["create", "criterion-added", "config"]

        with pytest.raises(ReadOnlyError, match="read-only"):
            board.items.add("Another")
        with pytest.raises(ReadOnlyError):
            board.items.check("#1", 1)
        with pytest.raises(ReadOnlyError):
            board.items.move("#1", "doing")
        with pytest.raises(ReadOnlyError):
            board.config.configure("name", "Marketing")

        assert board.items.get("#1").version == 1
        assert len(board.items.all()) == 1
    finally:
        board.close()
    assert path.read_bytes() == before


def test_read_only_error_is_a_board_file_error(tmp_path: Path) -> None:
    path = make_read_only(tmp_path)
    db = open_board(path)
    try:
        assert db.read_only
        board = Board(BoardCore(db, "ben"))
        with pytest.raises(BoardFileError):
            board.items.add("Another")
    finally:
        db.conn.close()


def test_list_rows_are_made_from_their_columns_in_order() -> None:
    """ItemRow is built positionally from ROW_COLUMNS (plus the blockers): a column added
    to one and not the other would shift every value after it."""
    names = [f.name for f in dataclasses.fields(ItemRow)]
    assert names == [*ROW_COLUMNS, "blocked_by"]
    assert set(ROW_COLUMNS) - {"missing", "criteria_open"} <= set(Item.model_fields)


def test_a_list_row_holds_what_the_item_holds(tmp_path: Path) -> None:
    board = Board.open(tmp_path / "board.core.db", "ana")
    try:
        board.goals.add_goal("Lift activation", key_results=["activation %:30:40"])
        item = board.items.add(
            "Founder note vs tour",
            ["Both variants live"],
            kind="experiment",
            owner="ben",
            key_result_id=1,
            hypothesis="A founder note gets more trials to a first board",
            result="iterate",
            result_note="+3%, not 5%",
            partners=["content"],
        )
        (row,) = board.lists.list_views()
        for name in ROW_COLUMNS:
            if name not in ("missing", "criteria_open", "partners"):
                assert getattr(row.item, name) == getattr(item, name), name
        assert row.item.partners == ("content",)
    finally:
        board.close()


def test_item_json_says_what_the_lists_and_the_item_say(tmp_path: Path) -> None:
    """`show --json`, `list --json` and the assistant get SQLite's JSON of each item; it
    must agree with the views lists are drawn from and with the stored item, for every
    item of the demo board, whichever filter chose it."""
    board = Board.open(tmp_path / "board.core.db", "ana")
    try:
        fill_demo(board, 30)
        board.config.configure("weights.value", "3")
        board.items.edit(5, {"blocked_by": [3, 4]})
        criteria = board.lists.criteria_of()
        views = {v.item.id: v for v in board.lists.list_views(positioned=True)}
        for conditions in ({}, {"status": "todo"}, {"horizon": "later"}, {"sprint_id": 1},
                           {"ids": [5, 2, 999]}):  # fmt: skip
            chosen = [json.loads(text) for text in board.lists.items_json(**conditions)]
            listed = board.lists.list_views(positioned=True, **conditions)
            assert [o["id"] for o in chosen] == [v.item.id for v in listed]
        objects = [json.loads(text) for text in board.lists.items_json()]
        assert len(objects) == len(views) > 60
        for found in objects:
            view, item = views[found["id"]], board.items.get(found["id"])
            assert found == {
                "key": item.key, "id": item.id, "title": item.title, "kind": item.kind.value,
                "status": item.status.value, "horizon": item.horizon.value,
                "rank": view.position, "score": view.score, "estimate": item.estimate,
                "ready": view.ready, "missing": [f.label for f in view.missing],
                "owner": item.owner,
                "sprint": view.sprint, "goal": item.goal_id, "goal_title": view.goal,
                "key_result": item.key_result_id, "key_result_metric": view.key_result,
                "version": item.version, "audience": item.audience, "promise": item.promise,
                "proof": item.proof, "metric": item.metric, "description": item.description,
                "partners": item.partners, "blocked_by": [f"#{b}" for b in item.blocked_by],
                "slipped": item.slipped,
                "experiment": experiment_design(item) if item.kind is Kind.EXPERIMENT else None,
                "scores": {name: getattr(item, name) for name in SCORE_INPUTS},
                "criteria": [
                    {k: c[k] for k in ("n", "text", "state", "dod", "by", "reason")}
                    for c in criteria.get(item.id or 0, [])
                ],
                "updated_by": item.updated_by, "updated_at": item.updated_at,
                "source": item.source, "source_key": item.source_key,
                "source_url": item.source_url,
            }, found["key"]  # fmt: skip
        kinds = {o["kind"] for o in objects}
        assert {"experiment", "story"} <= kinds
        assert any(o["blocked_by"] for o in objects) and any(o["criteria"] for o in objects)
        assert any(o["rank"] == 0 for o in objects) and any(o["sprint"] for o in objects)
        with pytest.raises(NotFoundError):
            board.lists.item_json(999)
    finally:
        board.close()
