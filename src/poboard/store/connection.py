"""Opening a board file safely, and the one way to write to it: a short IMMEDIATE transaction.

An account that may read a board but not write it opens it without ever making the
`-wal`/`-shm` files beside it (they would be its own, and lock the owner out): against
the existing ones when both are there, else as an immutable file, reopened when the
file changes under it (see `data_version`).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..domain.errors import BoardBusyError, BoardFileError, ReadOnlyError, WriteBlocker
from . import access
from .schema import BOARD_TABLES, MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 15_000  # how long a write waits for another's, unless its opener says

FileSignature = tuple[tuple[int, ...] | None, ...]


class BoardDatabase:
    """The open board file: its connection, where it is, whether this account may write
    it and, if not, why not.

    Queries go straight to the connection: a one-line command must not pay for
    importing sqlite-utils (~100 ms with its dependencies), which keeps the schema.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        blocker: WriteBlocker | None = None,
        immutable: bool = False,
        signature: FileSignature = (),
        busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ) -> None:
        self.conn = conn
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.blocker = blocker
        self.read_only = blocker is not None
        self.immutable = immutable
        self.signature = signature
        self.generation = 0  # each reopening of a read-only board counts one

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows as dicts, column name to value."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)


def open_board(path: Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> BoardDatabase:
    """Open (creating if needed) a board file and bring its schema up to date.

    A file that is not a board, or comes from a newer poboard, is refused before
    anything is written to it. A write waits up to `busy_timeout_ms` for another
    process's to end, then is refused (`BoardBusyError`).
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise BoardFileError(f"{path} is a directory, not a board file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BoardFileError(f"cannot create {path.parent}: {error.strerror}") from None
    if not path.exists() and not access.folder_writable(path.parent):
        folder = path.parent.stat()
        raise BoardFileError(
            f"cannot create {path}: {path.parent} belongs to "
            f"{access.account_name(folder.st_uid)}, mode {stat.S_IMODE(folder.st_mode):04o}, "
            f"and you are {access.account_name()}"
        )
    blocker = access.write_blocker(path) if path.exists() else None
    if blocker is None:
        conn, immutable = _connect(str(path), path), False
    else:
        conn, immutable = connect_read_only(path)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
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
        if blocker is None:
            _set_wal(conn, path)
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn, version)
            access.keep_shared(path)
        elif version < SCHEMA_VERSION:
            raise ReadOnlyError(
                f"{path} needs an upgrade (schema {version} → {SCHEMA_VERSION}) by an account "
                f"that can write it, and {blocker.sentence()}",
                blocker,
            )
    except BaseException:
        conn.close()
        raise
    signature = _signature(path, immutable) if blocker else ()
    return BoardDatabase(conn, path, blocker, immutable, signature, int(busy_timeout_ms))


def connect_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that never makes a `-wal` or `-shm`: against both when they exist
    (so it sees others' commits live), else on the file alone, immutable.

    Should the others' files vanish between looking and opening (the last writer
    closed), SQLite would make new ones as this account: those are removed again at
    once and the file is read immutable instead."""
    uri = f"file:{quote(path.as_posix())}"
    before = {side: _inode(side) for side in access.sidecars(path)}
    if all(before.values()):
        conn = _connect(f"{uri}?mode=ro", path, uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            usable = True
        except sqlite3.Error:
            usable = False
        made = [
            side
            for side, inode in before.items()
            if (now := _inode(side, mine=True)) is not None and now != inode
        ]
        if usable and not made:
            return conn, False
        conn.close()
        for side in made:
            side.unlink(missing_ok=True)
    return _connect(f"{uri}?mode=ro&immutable=1", path, uri=True), True


def _inode(path: Path, mine: bool = False) -> int | None:
    """The file's inode; with `mine`, only when this account owns it."""
    try:
        info = path.stat()
    except OSError:
        return None
    if mine and info.st_uid != os.geteuid():
        return None
    return info.st_ino


def _signature(path: Path, immutable: bool) -> FileSignature:
    """What a read-only connection watches: who may write the files (a board shared
    meanwhile becomes writable) and, for an immutable one, any change to them at all."""
    found: list[tuple[int, ...] | None] = []
    for file in (path, *access.sidecars(path)):
        try:
            info = file.stat()
        except OSError:
            found.append(None)
            continue
        changes = (info.st_ino, info.st_size, info.st_mtime_ns) if immutable else ()
        found.append((info.st_mode, info.st_uid, info.st_gid, *changes))
    return tuple(found)


def refresh(db: BoardDatabase) -> bool:
    """Reopen a read-only board whose files changed under it; True when it did."""
    if not db.read_only or _signature(db.path, db.immutable) == db.signature:
        return False
    try:
        fresh = open_board(db.path, db.busy_timeout_ms)
    except (BoardFileError, sqlite3.Error):
        return False  # mid-change (or gone): keep reading what we have, try again next time
    old = db.conn
    db.conn = fresh.conn
    db.read_only, db.blocker = fresh.read_only, fresh.blocker
    db.immutable, db.signature = fresh.immutable, fresh.signature
    db.generation += 1
    old.close()
    return True


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
        raise _read_only(db)
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise _write_error(db, error) from None
    try:
        yield db
        conn.execute("COMMIT")
    except sqlite3.OperationalError as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise _write_error(db, error) from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


@contextmanager
def without_waiting(db: BoardDatabase) -> Iterator[BoardDatabase]:
    """Writes in it are refused at once (`BoardBusyError`) while another connection holds
    the board's write lock, instead of waiting for it: a screen tries its write this way
    first, and waits for the board elsewhere than on its own thread."""
    db.conn.execute("PRAGMA busy_timeout = 0")
    try:
        yield db
    finally:
        db.conn.execute(f"PRAGMA busy_timeout = {db.busy_timeout_ms}")


def _read_only(db: BoardDatabase) -> ReadOnlyError:
    blocker = access.write_blocker(db.path) or db.blocker
    return ReadOnlyError(blocker=blocker)


def _write_error(db: BoardDatabase, error: sqlite3.OperationalError) -> Exception:
    text = str(error)
    if "readonly" in text:
        blocker = access.write_blocker(db.path)
        return ReadOnlyError(blocker=blocker)
    if "locked" in text or "busy" in text:
        seconds = db.busy_timeout_ms / 1000
        return BoardBusyError(
            f"the board is busy: another process held it for {seconds:g} "
            f"second{'' if seconds == 1 else 's'} — nothing was changed, try again"
        )
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
    """Changes whenever another connection commits; cheap enough to poll.

    A read-only board is first reopened if its files changed under it (an immutable
    connection sees no one's commits, and a board shared meanwhile becomes writable);
    each reopening counts as a change."""
    if db.read_only:
        refresh(db)
        version = int(db.conn.execute("PRAGMA data_version").fetchone()[0])
        return (db.generation << 32) + version
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
