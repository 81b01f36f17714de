"""Who may touch a board's files: the board, its `-wal` and `-shm`, and their folder.

SQLite keeps two files beside a WAL board. Whoever opens the board first makes them,
with the board's permission bits, owned by that account. So a board is only as
writable as the least writable of these files, and an account that may read the board
but not write it must never be the one that makes them (its files would lock the owner
out). A shared board (`poboard init --shared`, as git's `core.sharedRepository=group`)
is read-write for its group and no one else (0660), and so are the files beside it.
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import stat
from pathlib import Path

from ..domain.errors import WriteBlocker

SIDECARS = ("-wal", "-shm")
GROUP_RW = stat.S_IRGRP | stat.S_IWGRP
OTHERS = stat.S_IRWXO
SHARED_FOLDER_MODE = 0o2770  # a folder `init --shared` makes: the group's, setgid


def sidecar(path: Path, suffix: str) -> Path:
    return Path(f"{path}{suffix}")


def sidecars(path: Path) -> list[Path]:
    return [sidecar(path, suffix) for suffix in SIDECARS]


def account_name(uid: int | None = None) -> str:
    uid = os.geteuid() if uid is None else uid
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return f"gid {gid}"


def my_groups() -> set[int]:
    return {*os.getgroups(), os.getegid()}


def writable(path: Path) -> bool:
    """Writable by this account. A file with no write bit at all counts as read-only,
    even for root: someone made it so on purpose."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & 0o222)


def folder_writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def group_shared(mode: int) -> bool:
    return mode & GROUP_RW == GROUP_RW


def group_only(mode: int) -> int:
    """`mode` made group read-write, with nothing for others: a shared board's files."""
    return (stat.S_IMODE(mode) | GROUP_RW) & ~OTHERS


def open_to_others(path: Path) -> list[Path]:
    """The board's files (board, -wal, -shm) that any account on the host may use."""
    found = []
    for file in (path, *sidecars(path)):
        try:
            if file.stat().st_mode & OTHERS:
                found.append(file)
        except OSError:
            continue
    return found


def init_command(path: Path) -> str:
    return f'"poboard --db {shlex.quote(str(path))} init --shared"'


def write_blocker(path: Path) -> WriteBlocker | None:
    """The first file that stops this account writing the board at `path`, or None.

    The folder matters only while a `-wal` or `-shm` is missing: SQLite must create it.
    """
    path = Path(path)
    me = account_name()
    if path.exists() and not writable(path):
        return _blocker("board", path, me, board_fix(path))
    folder = path.parent
    missing = False
    for side in sidecars(path):
        if not side.exists():
            missing = True
        elif not writable(side):
            return _blocker(side.name[len(path.name) :], side, me, sidecar_fix(path, side))
    if missing and not folder_writable(folder):
        return _blocker("folder", folder, me, folder_fix(path, folder))
    return None


def _blocker(part: str, path: Path, me: str, fix: str) -> WriteBlocker:
    info = path.stat()
    return WriteBlocker(
        part=part,
        path=str(path),
        owner=account_name(info.st_uid),
        mode=stat.S_IMODE(info.st_mode),
        user=me,
        fix=fix,
    )


def board_fix(path: Path) -> str:
    info = path.stat()
    owner = account_name(info.st_uid)
    if info.st_uid == os.geteuid() or os.geteuid() == 0:
        return f'run "chmod u+w {shlex.quote(str(path))}"'
    if group_shared(info.st_mode) and info.st_gid not in my_groups():
        group = group_name(info.st_gid)
        return (
            f"the board is shared with group {group}: ask an admin to add you to it "
            f'("usermod -aG {group} {account_name()}"), then log in again'
        )
    return f"ask {owner} to share it: {owner} runs {init_command(path)}"


def sidecar_fix(path: Path, side: Path) -> str:
    info = side.stat()
    owner = account_name(info.st_uid)
    quoted = shlex.quote(str(side))
    if group_shared(path.stat().st_mode):
        return f"ask {owner} to run \"chmod g+rw {quoted}\" (it is {owner}'s, not the group's)"
    return (
        f"while no poboard has the board open, {owner} (or whoever may write the folder) "
        f'runs "rm {quoted}"; to share the board, its owner runs {init_command(path)}'
    )


def folder_fix(path: Path, folder: Path) -> str:
    info = folder.stat()
    quoted = shlex.quote(str(folder))
    if info.st_uid == os.geteuid():
        return f'run "chmod u+w {quoted}"'
    owner = account_name(info.st_uid)
    if group_shared(path.stat().st_mode if path.exists() else 0):
        return f'ask {owner} to run "chmod g+rwxs {quoted}" (a shared board needs it)'
    return (
        f"poboard makes files beside the board there: ask {owner} to let you write there, "
        "or keep the board in a folder you can write"
    )


def keep_shared(path: Path) -> None:
    """A shared board's files stay group read-write in the board's group, and no one
    else's: fix the ones this account made (only their owner may change them)."""
    try:
        board = path.stat()
    except OSError:
        return
    if not group_shared(board.st_mode):
        return
    me = os.geteuid()
    for side in sidecars(path):
        try:
            info = side.stat()
            if info.st_uid != me:
                continue
            if info.st_gid != board.st_gid:
                os.chown(side, -1, board.st_gid)
            if stat.S_IMODE(info.st_mode) != group_only(info.st_mode):
                os.chmod(side, group_only(info.st_mode))
        except OSError:
            continue  # gone meanwhile, or a group this account is not in: doctor says so


def share(path: Path) -> list[str]:
    """Make the board at `path` read-write for its folder's group and no one else (0660),
    with the files this account made beside it; the folder group-writable too when it is
    ours. Returns what still needs someone else, one sentence each."""
    notes = []
    folder = path.parent
    folder_info = folder.stat()
    info = path.stat()
    if info.st_gid != folder_info.st_gid:
        try:
            os.chown(path, -1, folder_info.st_gid)
        except PermissionError:
            notes.append(
                f"{path} stays in group {group_name(info.st_gid)}: you are not in "
                f"{group_name(folder_info.st_gid)}, the folder's group"
            )
    os.chmod(path, group_only(info.st_mode))
    keep_shared(path)
    wanted = stat.S_IRWXG | stat.S_ISGID
    if folder_info.st_mode & wanted != wanted:
        if folder_info.st_uid == os.geteuid():
            os.chmod(folder, stat.S_IMODE(folder_info.st_mode) | wanted)
        else:
            notes.append(
                f"{folder} belongs to {account_name(folder_info.st_uid)}, mode "
                f"{stat.S_IMODE(folder_info.st_mode):04o}: the group needs to write there; "
                f'ask them to run "chmod g+rwxs {shlex.quote(str(folder))}"'
            )
    for side in sidecars(path):
        try:
            side_info = side.stat()
        except OSError:
            continue
        mode = stat.S_IMODE(side_info.st_mode)
        if side_info.st_uid != os.geteuid() and mode != group_only(mode):
            notes.append(
                f"{side} belongs to {account_name(side_info.st_uid)}, mode {mode:04o}: "
                f'ask them to run "chmod g+rw,o-rwx {shlex.quote(str(side))}"'
            )
    return notes


def create_shared_board_file(path: Path) -> None:
    """An empty file for a new shared board: 0660 from the start, whatever the umask (the
    files SQLite makes beside it copy that mode), in a folder of its own made 2770 when
    there is none yet. Others read nothing: the group is the team."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        os.chmod(folder, SHARED_FOLDER_MODE)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, group_only(0o600))
    finally:
        os.close(fd)


def exposure(path: Path) -> str | None:
    """For `serve`: who besides the owner may read or write the board's files, or None."""
    found = []
    for file in (path, *sidecars(path)):
        try:
            mode = stat.S_IMODE(file.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            found.append(f"{file.name} {mode:04o}")
    return ", ".join(found) or None
