"""Opening a board file safely, and the one way to write to it: a short IMMEDIATE transaction."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import BoardFileError, ReadOnlyError
from .schema import BOARD_TABLES, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 15_000


def is_read_only(path: Path) -> bool:
    """A file with no write bit is treated as read-only, even for root."""
    mode = path.stat().st_mode
    return not os.access(path, os.W_OK) or not (mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


class BoardDatabase:
    """The open board file: its connection, where it is, and whether it may be written.

    Queries go straight to the connection: a one-line command must not pay for
    importing sqlite-utils (~100 ms with its dependencies), which keeps the schema.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts, column name to value."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)


def open_board(path: Path) -> BoardDatabase:
    """Open (creating if needed) a board file and bring its schema up to date.

    A file that is not a board, or comes from a newer poboard, is refused before
    anything is written to it.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise BoardFileError(f"{path} is a directory, not a board file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BoardFileError(f"cannot create {path.parent}: {error.strerror}") from None
    read_only = path.exists() and is_read_only(path)
    if read_only:
        uri = f"file:{path.as_posix()}?mode=ro"
        conn = _connect(uri, path, uri=True)
    else:
        conn = _connect(str(path), path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version, tables = _inspect(conn, path)
        if version > SCHEMA_VERSION:
            raise BoardFileError(
                f"{path} was written by a newer poboard (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade poboard to open it"
            )
        if version == 0 and tables:
            raise BoardFileError(f"{path} is an SQLite database but not a poboard board")
        if version > 0 and not tables >= BOARD_TABLES:
            raise BoardFileError(f"{path} is damaged: board tables are missing")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            _set_wal(conn, path)
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn, version)
        elif version < SCHEMA_VERSION:
            raise ReadOnlyError(f"{path} is read-only and needs an upgrade to open")
    except BaseException:
        conn.close()
        raise
    return BoardDatabase(conn, path, read_only)


def _connect(target: str, path: Path, uri: bool = False) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(
            target, uri=uri, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise BoardFileError(f"cannot open {path}: {error}") from None
    conn.isolation_level = None
    return conn


def _inspect(conn: sqlite3.Connection, path: Path) -> tuple[int, set[str]]:
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error) or "malformed" in str(error):
            raise BoardFileError(f"{path} is not a poboard board (not an SQLite file)") from None
        raise BoardFileError(f"cannot read {path}: {error}") from None
    return int(version), {row[0] for row in rows}


def _set_wal(conn: sqlite3.Connection, path: Path) -> None:
    try:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    except sqlite3.OperationalError as error:
        raise BoardFileError(f"cannot open {path} for writing: {error}") from None


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    """Run the migrations a file lacks, through sqlite-utils, in one transaction; the
    tables a board needs are checked before it commits."""
    if version == SCHEMA_VERSION:
        return
    from sqlite_utils import Database  # only when a file's schema changes

    db = Database(conn, execute_plugins=False)
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        for number in range(current, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                db.execute(statement)
        missing = BOARD_TABLES - set(db.table_names())
        if missing:
            raise BoardFileError(f"the schema upgrade left {sorted(missing)[0]} missing")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


@contextmanager
def transaction(db: BoardDatabase) -> Iterator[BoardDatabase]:
    """One write: BEGIN IMMEDIATE takes the write lock up front, so readers upgrading
    to writers never deadlock and busy_timeout does the waiting. Nested use joins the
    outer transaction."""
    if db.read_only:
        raise ReadOnlyError("this board file is read-only: changes are refused")
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _write_error(error) from None
    try:
        yield db
        conn.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _write_error(error) from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _write_error(error: sqlite3.OperationalError) -> Exception:
    text = str(error)
    if "readonly" in text:
        return ReadOnlyError("this board file is read-only: changes are refused")
    if "locked" in text or "busy" in text:
        return BoardFileError("the board is busy: another process held it too long; try again")
    return BoardFileError(f"the board could not be written: {text}")


@contextmanager
def snapshot(db: BoardDatabase) -> Iterator[BoardDatabase]:
    """Several reads that must agree with each other (one WAL snapshot)."""
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    conn.execute("BEGIN")
    try:
        yield db
    finally:
        conn.execute("COMMIT")


def data_version(db: BoardDatabase) -> int:
    """Changes whenever another connection commits; cheap enough to poll."""
    return int(db.conn.execute("PRAGMA data_version").fetchone()[0])


def backup_to(db: BoardDatabase, target: Path) -> None:
    """Copy the board page by page with SQLite's backup API; writers are not stopped."""
    target = Path(target).expanduser()
    if target.exists():
        raise BoardFileError(f"{target} already exists; choose a new file name")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(str(target))
    except (OSError, sqlite3.Error) as error:
        raise BoardFileError(f"cannot write {target}: {error}") from None
    try:
        db.conn.backup(copy, pages=256)
    except sqlite3.Error as error:
        copy.close()
        target.unlink(missing_ok=True)
        raise BoardFileError(f"backup failed: {error}") from None
    copy.close()
