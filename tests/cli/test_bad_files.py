"""Bad board files, through the real console script: one clear line, a non-zero exit, no
traceback, and the file left exactly as it was."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from .helpers import assert_clean_refusal, run_poboard


def make_board(path: Path, *titles: str) -> None:
    """A real board made by the real command, then switched to a rollback journal so the
    file stands alone (no -wal or -shm beside it)."""
    for title in titles:
        proc = run_poboard("add", title, db=path)
        assert proc.returncode == 0, proc.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert not Path(f"{path}-wal").exists()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_db_in_a_directory_that_does_not_exist_is_created(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "board.db"
    added = run_poboard("add", "First item", db=target)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "#1"
    assert target.is_file()
    listed = run_poboard("list", "--json", db=target)
    assert listed.returncode == 0, listed.stderr
    assert [row["title"] for row in json.loads(listed.stdout)] == ["First item"]
    assert listed.stderr == ""


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "notes.db"
    content = b"These are meeting notes, not a board.\n" * 200
    target.write_bytes(content)
    for command in (("list",), ("add", "Should not be written")):
        line = assert_clean_refusal(run_poboard(*command, db=target))
        assert "notes.db" in line
        assert target.read_bytes() == content
    assert siblings(target) == ["notes.db"]


def test_an_sqlite_file_that_is_not_a_board_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "crm.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE contacts (name TEXT, email TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ana', 'ana@example.com')")
    conn.commit()
    conn.close()
    content = target.read_bytes()
    for command in (("list",), ("add", "Should not be written")):
        line = assert_clean_refusal(run_poboard(*command, db=target))
        assert "crm.db" in line
        assert "board" in line
        assert target.read_bytes() == content
    assert siblings(target) == ["crm.db"]


def test_a_board_from_a_newer_poboard_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "future.db"
    make_board(target, "Made by this poboard")
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    content = target.read_bytes()
    for command in (("list",), ("add", "Should not be written"), ("export", "--format", "json")):
        proc = run_poboard(*command, db=target)
        line = assert_clean_refusal(proc)
        assert "newer" in line
        assert proc.stdout == ""
        assert target.read_bytes() == content
    assert siblings(target) == ["future.db"]


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_read_only_board_can_be_read_but_not_written(journal: str, tmp_path: Path) -> None:
    target = tmp_path / "shared.db"
    make_board(target, "Spring webinar", "Pricing page test")
    if journal == "wal":  # as poboard leaves it
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
    target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)  # 0o444, even for root
    try:
        content = target.read_bytes()
        listed = run_poboard("list", "--json", db=target)
        assert listed.returncode == 0, listed.stderr
        assert [row["title"] for row in json.loads(listed.stdout)] == [
            "Spring webinar",
            "Pricing page test",
        ]
        refused = run_poboard("add", "Should not be written", db=target)
        line = assert_clean_refusal(refused)
        assert "read-only" in line or "read only" in line
        assert target.read_bytes() == content
        again = run_poboard("list", "--json", db=target)
        assert again.stdout == listed.stdout
    finally:
        target.chmod(0o644)


def test_a_damaged_board_is_refused_in_one_line(tmp_path: Path) -> None:
    target = tmp_path / "damaged.db"
    make_board(target, *(f"Item {n}" for n in range(3)))
    data = bytearray(target.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[5 * page : 5 * page + 400] = b"\xff" * 400
    target.write_bytes(bytes(data))
    line = assert_clean_refusal(run_poboard("list", db=target))
    assert line.startswith("poboard")


def test_a_directory_as_the_board_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    proc = run_poboard("list", db=folder)
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "args",
    [("add", "x", "--estimate", "4"), ("config", "set", "nope", "1"), ("show", "abc")],
    ids=["estimate", "config-key", "item-key"],
)
def test_usage_errors_in_a_real_process_exit_2_in_one_line(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    proc = run_poboard(*args, db=tmp_path / "board.db")
    assert proc.returncode == 2
    assert_clean_refusal(proc)
