"""`poboard doctor`: what is wrong with a board file, and for whom, one check a line.

The doctor only looks: it opens the board the way a reader does (never making the
files beside it), runs no migration and writes nothing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import access
from .connection import BoardDatabase, connect_read_only
from .members import sharing
from .schema import BOARD_TABLES, SCHEMA_VERSION

SQLITE_MAGIC = b"SQLite format 3\x00"
MIN_FREE_BYTES = 50 * 1024 * 1024
CHECK_DB = "check the path given to --db (or POBOARD_DB)"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    text: str
    fix: str = ""

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.name}: {self.text}"
        return f"✗ {self.name}: {self.text}" + (f" — fix: {self.fix}" if self.fix else "")


def examine(path: Path, served: bool = False) -> Iterator[Check]:
    """Every check in order; after a check that leaves nothing to examine, none follow.

    For a member's session under `poboard serve` (`served`), only the board's own facts
    (a board, its schema, integrity, journal, whether it takes changes): nothing of the
    server's paths, accounts, groups or disks."""
    path = Path(path).expanduser().absolute()
    shown = "the board file" if served else str(path)
    problem = _file_problem(path, served)
    if problem is not None:
        yield problem
        return
    with path.open("rb") as file:
        header = file.read(100)
    if not header.startswith(SQLITE_MAGIC):
        fix = "the server's owner checks which file it serves" if served else CHECK_DB
        yield Check("board file", False, f"{shown} is not an SQLite file, so not a board", fix)
        return
    try:
        conn, _ = connect_read_only(path)
    except Exception as error:  # the doctor reports, whatever SQLite says
        yield Check("board file", False, f"cannot open {shown}: {error}")
        return
    try:
        checks, recorded = _board_checks(BoardDatabase(conn, path), shown, header)
    finally:
        conn.close()
    yield from checks
    if not checks[0].ok:
        return
    if served:
        yield _takes_changes(path)
        return
    yield from _access_checks(path, access.account_name(), recorded)
    yield _free_space(path)


def _file_problem(path: Path, served: bool) -> Check | None:
    """Why there is no file to examine at `path`, or None."""
    owner_fixes = "the server's owner runs poboard doctor there"
    if not path.exists():
        if served:
            return Check("board file", False, "there is no board file", owner_fixes)
        quoted = shlex.quote(str(path))
        return Check(
            "board file",
            False,
            f"there is no board at {path}",
            f'"poboard --db {quoted} init" (or "init --shared" for a team on this host)',
        )
    if not path.is_file():
        if served:
            return Check("board file", False, "the board is not a file", owner_fixes)
        return Check("board file", False, f"{path} is not a file", "give --db a board file")
    if not os.access(path, os.R_OK):
        if served:
            return Check("board file", False, "the server cannot read the board", owner_fixes)
        info = path.stat()
        return Check(
            "board file",
            False,
            f"{access.account_name()} cannot read {path}: it belongs to "
            f"{access.account_name(info.st_uid)}, mode {stat.S_IMODE(info.st_mode):04o}",
            access.board_fix(path),
        )
    return None


def _takes_changes(path: Path) -> Check:
    """A served board's write check: whether members' changes are kept, and no more."""
    if access.write_blocker(path) is None:
        return Check("write", True, "the board takes changes")
    return Check(
        "write",
        False,
        "the board is read-only on the server: changes are refused",
        "the server's owner runs poboard doctor there",
    )


def _board_checks(db: BoardDatabase, shown: str, header: bytes) -> tuple[list[Check], str | None]:
    """The file (named `shown`) as a board: is it one, its schema, integrity and journal;
    and whether `init --shared` recorded it as shared."""
    try:
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        tables = {row["name"] for row in db.query("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        text = f"{shown} cannot be read: {error}"
        unreadable = Check("board file", False, text, "restore a backup")
        return [unreadable], None
    if version == 0 or not tables >= BOARD_TABLES:
        return [
            Check(
                "board file",
                False,
                f"{shown} is an SQLite database but not a poboard board",
                CHECK_DB,
            )
        ], None
    try:
        count = f"{int(db.execute('SELECT count(*) FROM items').fetchone()[0])} items"
    except sqlite3.DatabaseError:
        count = "its items cannot be read"
    checks = [Check("board file", True, f"{shown} is a poboard board ({count})")]
    checks.extend(_schema_checks(db, version, header))
    return checks, sharing(db) if "members" in tables else None


def _schema_checks(db: BoardDatabase, version: int, header: bytes) -> Iterator[Check]:
    if version == SCHEMA_VERSION:
        yield Check("schema", True, f"version {version}, this poboard's")
    elif version > SCHEMA_VERSION:
        yield Check(
            "schema",
            False,
            f"version {version} is newer than this poboard's ({SCHEMA_VERSION})",
            "upgrade poboard",
        )
    else:
        yield Check(
            "schema",
            False,
            f"version {version}, older than this poboard's ({SCHEMA_VERSION})",
            "open it once with poboard as an account that can write it; it upgrades itself",
        )
    try:
        result = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as error:
        result = [str(error)]
    if result == ["ok"]:
        yield Check("integrity", True, "PRAGMA quick_check: ok")
    else:
        yield Check(
            "integrity",
            False,
            f"PRAGMA quick_check: {'; '.join(result[:3])}",
            "restore the latest backup (poboard backup makes them)",
        )
    if header[18] == 2 and header[19] == 2:
        yield Check("journal", True, "WAL mode")
    else:
        yield Check(
            "journal",
            False,
            "not in WAL mode, so readers and writers wait for each other",
            "open it once with poboard as an account that can write it",
        )


def _access_checks(path: Path, me: str, recorded: str | None) -> Iterator[Check]:
    yield _read_check(path, me, recorded)
    if access.writable(path):
        yield Check("write board", True, f"{me} can write {path.name}")
    else:
        yield Check("write board", False, _whose(path, me), access.board_fix(path))
    folder = path.parent
    for side in access.sidecars(path):
        label = "write " + side.name[len(path.name) :]
        if not side.exists():
            yield Check(label, True, "none now (SQLite makes it when the board is opened)")
        elif access.writable(side):
            yield Check(label, True, f"{me} can write {side.name}")
        else:
            yield Check(label, False, _whose(side, me), access.sidecar_fix(path, side))
    if access.folder_writable(folder):
        yield Check("write folder", True, f"{me} can make files in {folder}")
    else:
        yield Check("write folder", False, _whose(folder, me), access.folder_fix(path, folder))
    yield _shared_check(path, recorded)


def _read_check(path: Path, me: str, recorded: str | None) -> Check:
    """A shared board is its group's: an account outside the group that can read it
    (as every account can read a 0664 file) is a leak, not a reader."""
    board = path.stat()
    shared = recorded is not None or access.group_shared(board.st_mode)
    insider = os.geteuid() in (0, board.st_uid) or board.st_gid in access.my_groups()
    if not shared or insider:
        return Check("read", True, f"{me} can read the board")
    group = access.group_name(board.st_gid)
    text = (
        f"{me} can read the board, yet the board is shared with group {group} and {me} is not in it"
    )
    exposed = access.open_to_others(path)
    if not exposed:
        return Check(
            "read", False, text, f'an ACL lets {me} read it: see "getfacl {_quoted(path)}"'
        )
    return Check(
        "read",
        False,
        f"{text}: every account on this host can read {_modes(exposed)}",
        _closing(exposed),
    )


def _modes(files: list[Path]) -> str:
    return ", ".join(f"{file.name} {stat.S_IMODE(file.stat().st_mode):04o}" for file in files)


def _closing(files: list[Path]) -> str:
    """How the files open to every account become the group's only (0660)."""
    owners = sorted({access.account_name(file.stat().st_uid) for file in files})
    quoted = " ".join(_quoted(file) for file in files)
    who = f"{owners[0]} runs" if len(owners) == 1 else f"their owners ({', '.join(owners)}) run"
    return f'{who} "chmod o-rwx {quoted}" (0660: the group\'s only)'


def _quoted(path: Path) -> str:
    return shlex.quote(str(path))


def _whose(file: Path, me: str) -> str:
    info = file.stat()
    return (
        f"{file} belongs to {access.account_name(info.st_uid)}, mode "
        f"{stat.S_IMODE(info.st_mode):04o}, and {me} cannot write it"
    )


def _shared_check(path: Path, recorded: str | None) -> Check:
    board = path.stat()
    if recorded is None and not access.group_shared(board.st_mode):
        owner = access.account_name(board.st_uid)
        how = f"{access.init_command(path)} shares it"
        return Check("shared", True, f"no: private to {owner} ({how})")
    group = access.group_name(board.st_gid)
    wrong = []
    for file in (path, *access.sidecars(path)):
        try:
            info = file.stat()
        except OSError:
            continue
        if not access.group_shared(info.st_mode) or info.st_gid != board.st_gid:
            wrong.append(
                f"{file.name} ({access.account_name(info.st_uid)}:{access.group_name(info.st_gid)}"
                f" {stat.S_IMODE(info.st_mode):04o})"
            )
    folder = path.parent.stat()
    if folder.st_mode & stat.S_IRWXG != stat.S_IRWXG:
        wrong.append(f"folder {path.parent} ({stat.S_IMODE(folder.st_mode):04o})")
    exposed = access.open_to_others(path)
    if exposed and not wrong:
        return Check(
            "shared",
            False,
            f"a shared board, but not {group}'s only: every account on this host can read "
            f"{_modes(exposed)}",
            _closing(exposed),
        )
    if wrong:
        return Check(
            "shared",
            False,
            f"a shared board, but not group read-write for {group}: {', '.join(wrong)}",
            f"their owners run {access.init_command(path)} (or chmod g+rw the files, "
            "g+rwxs the folder)",
        )
    setgid = " (setgid)" if folder.st_mode & stat.S_ISGID else ""
    return Check(
        "shared",
        True,
        f"group read-write for {group} only: board, -wal, -shm (0660) and folder{setgid}",
    )


def _free_space(path: Path) -> Check:
    free = shutil.disk_usage(path.parent).free
    needed = max(MIN_FREE_BYTES, 2 * path.stat().st_size)
    text = f"{free / 1e9:.1f} GB free beside the board"
    if free < needed:
        return Check("free disk", False, text, f"free at least {needed / 1e6:.0f} MB on that disk")
    return Check("free disk", True, text)
