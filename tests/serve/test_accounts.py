"""One board, two UNIX accounts in one group, umask 022, a setgid team folder: the
shared host of issue 10, with real accounts (skipped where they cannot be made)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cli.helpers import one_line

from .accounts import OUTSIDER, Accounts
from .holder import HOLDER

# one worker makes and removes the accounts these tests share (pyproject: --dist loadgroup)
pytestmark = pytest.mark.xdist_group("accounts")

ALICE, BOB, CAROL = "pbalice", "pbbob", OUTSIDER


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


def refused(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode != 0, f"expected a refusal, got exit 0:\n{proc.stdout}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return one_line(proc.stderr)


def owners(folder: Path) -> dict[str, str]:
    """Each file in the folder with its owner, group and mode."""
    found = {}
    for file in folder.iterdir():
        info = file.stat()
        found[file.name] = f"{file.owner()}:{file.group()} {info.st_mode & 0o7777:04o}"
    return found


def titles(accounts: Accounts, user: str, db: Path) -> list[str]:
    return [row["title"] for row in json.loads(ok(accounts.run(user, "list", "--json", db=db)))]


class Holder:
    """A process of one account that keeps the board open, as a running TUI does."""

    def __init__(self, accounts: Accounts, user: str, db: Path) -> None:
        self.proc = accounts.popen_python(user, HOLDER, str(db))
        assert self.proc.stdout is not None
        self.first = self.proc.stdout.readline()
        assert self.first.startswith("ready"), self.first + self.proc.stderr.read()  # type: ignore[union-attr]

    def ask(self, line: str) -> tuple[list[str], bool]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline()
        assert answer, self.proc.stderr.read()  # type: ignore[union-attr]
        names, _, read_only = answer.strip().rpartition(" ")
        return names.split("|"), read_only == "True"

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0, self.proc.stderr.read()  # type: ignore[union-attr]


def test_two_accounts_share_an_init_shared_board_both_ways(accounts: Accounts) -> None:
    folder = accounts.folder("shared")
    db = folder / "board.db"
    assert "shared board" in ok(accounts.run(ALICE, "init", "--shared", db=db))
    assert owners(folder) == {"board.db": f"{ALICE}:pbteam 0660"}

    assert titles(accounts, BOB, db) == []
    ok(accounts.run(BOB, "add", "Bob's landing page", db=db))
    ok(accounts.run(ALICE, "add", "Alice's webinar", db=db))
    ok(accounts.run(BOB, "edit", "2", "--owner", "bob", db=db))
    assert titles(accounts, ALICE, db) == ["Bob's landing page", "Alice's webinar"]

    # bob keeps it open: the files SQLite makes beside it are his, yet group read-write
    holder = Holder(accounts, BOB, db)
    try:
        sidecars = owners(folder)
        assert sidecars["board.db-wal"] == f"{BOB}:pbteam 0660"
        assert sidecars["board.db-shm"] == f"{BOB}:pbteam 0660"
        ok(accounts.run(ALICE, "add", "Alice writes beside bob", db=db))
        names, read_only = holder.ask("add Bob writes beside alice")
        assert not read_only
        assert names[-2:] == ["Alice writes beside bob", "Bob writes beside alice"]
    finally:
        holder.close()

    export = json.loads(ok(accounts.run(ALICE, "export", db=db)))
    creators = [(e["user"], e["new"]) for e in export["events"] if e["action"] == "create"]
    assert creators == [
        (BOB, "Bob's landing page"),
        (ALICE, "Alice's webinar"),
        (ALICE, "Alice writes beside bob"),
        (BOB, "Bob writes beside alice"),
    ]
    doctor = ok(accounts.run(BOB, "doctor", db=db))
    assert "✓ shared: group read-write for pbteam" in doctor


def test_a_plain_board_read_by_another_account_still_lets_its_owner_write(
    accounts: Accounts,
) -> None:
    folder = accounts.folder("plain")
    db = folder / "board.db"
    ok(accounts.run(ALICE, "add", "Spring webinar", db=db))
    assert owners(folder) == {"board.db": f"{ALICE}:pbteam 0644"}

    assert titles(accounts, BOB, db) == ["Spring webinar"]
    assert owners(folder) == {"board.db": f"{ALICE}:pbteam 0644"}  # bob left nothing behind
    ok(accounts.run(ALICE, "add", "Pricing page test", db=db))

    line = refused(accounts.run(BOB, "add", "Bob's idea", db=db))
    assert line == (
        f"poboard: the board is read-only for {BOB}: {db} belongs to {ALICE}, mode 0644; "
        f'ask {ALICE} to share it: {ALICE} runs "poboard --db {db} init --shared"'
    )

    # while alice has it open, bob reads her latest commits from her -wal, and still
    # makes no file of his own
    holder = Holder(accounts, ALICE, db)
    try:
        holder.ask("add Live from alice")
        assert titles(accounts, BOB, db)[-1] == "Live from alice"
        assert {v.split(":")[0] for v in owners(folder).values()} == {ALICE}
        names, read_only = holder.ask("add Alice still writes")
        assert not read_only and names[-1] == "Alice still writes"
    finally:
        holder.close()


def test_a_reader_that_stays_open_sees_changes_and_a_board_shared_meanwhile(
    accounts: Accounts,
) -> None:
    folder = accounts.folder("reader")
    db = folder / "board.db"
    ok(accounts.run(ALICE, "add", "First", db=db))
    reader = Holder(accounts, BOB, db)  # no -wal/-shm now: bob reads the file immutable
    try:
        assert reader.first.split() == ["ready", "True"]
        ok(accounts.run(ALICE, "add", "Second", db=db))
        assert reader.ask("poll") == (["First", "Second"], True)

        line = refused(accounts.run(BOB, "init", "--shared", db=db))
        assert line == (
            f"poboard: only {ALICE}, who owns {db}, can share it: "
            f'{ALICE} runs "poboard --db {db} init --shared"'
        )
        assert "is now shared" in ok(accounts.run(ALICE, "init", "--shared", db=db))
        assert reader.ask("poll") == (["First", "Second"], False)  # writable now
        assert reader.ask("add From bob's open board") == (
            ["First", "Second", "From bob's open board"],
            False,
        )
    finally:
        reader.close()


OLD_READER = """
import sqlite3, sys
conn = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
conn.execute("SELECT count(*) FROM items").fetchone()
conn.close()
"""


def test_doctor_and_a_refused_write_name_a_foreign_shm_and_its_fix(accounts: Accounts) -> None:
    folder = accounts.folder("leftover")
    db = folder / "board.db"
    ok(accounts.run(ALICE, "add", "Spring webinar", db=db))
    # what poboard used to do as bob: open read-only and leave his -wal/-shm behind
    ok(accounts.python(BOB, OLD_READER, str(db)))
    shm = f"{db}-shm"
    assert owners(folder)["board.db-shm"] == f"{BOB}:pbteam 0644"

    doctor = accounts.run(ALICE, "doctor", db=db)
    assert doctor.returncode == 1
    failed = [line for line in doctor.stdout.splitlines() if line.startswith("✗")]
    assert failed[0] == (
        f"✗ write -wal: {db}-wal belongs to {BOB}, mode 0644, and {ALICE} cannot write it"
        f" — fix: while no poboard has the board open, {BOB} (or whoever may write the folder)"
        f' runs "rm {db}-wal"; to share the board, its owner runs'
        f' "poboard --db {db} init --shared"'
    )
    assert failed[1].startswith(f"✗ write -shm: {shm} belongs to {BOB}, mode 0644")
    assert len(failed) == 2, doctor.stdout

    line = refused(accounts.run(ALICE, "add", "Blocked", db=db))
    assert line.startswith(
        f"poboard: the board is read-only for {ALICE}: the board's -wal {db}-wal belongs to "
        f"{BOB}, mode 0644; while no poboard has the board open, {BOB}"
    )
    subprocess.run(["runuser", "-u", BOB, "--", "rm", f"{db}-wal", shm], check=True)
    ok(accounts.run(ALICE, "add", "Written again", db=db))
    assert accounts.run(ALICE, "doctor", db=db).returncode == 0


def shut_out(accounts: Accounts, db: Path) -> None:
    """The account outside the group reads nothing of the board, and is told so in a line."""
    listed = accounts.run(CAROL, "list", "--json", db=db)
    assert (listed.returncode, listed.stdout) == (1, "")
    (refusal,) = listed.stderr.splitlines()
    assert json.loads(refusal)["error"] == "board_file"
    doctor = accounts.run(CAROL, "doctor", db=db)
    assert doctor.returncode == 1 and "Bob's landing page" not in doctor.stdout
    assert "Traceback" not in doctor.stderr + listed.stderr, doctor.stderr + listed.stderr
    assert doctor.stdout.startswith(f"✗ board file: {CAROL} cannot read {db}: it belongs to ")


def test_a_shared_board_is_the_groups_only_and_doctor_names_an_outsider_who_reads_it(
    accounts: Accounts,
) -> None:
    """Issue 22 (9): `init --shared` made the board 0664, so every account on the host read
    it, and `doctor` told such an outsider "✓ read"."""
    folder = accounts.folder("private")
    db = folder / "board.db"
    ok(accounts.run(ALICE, "init", "--shared", db=db))
    ok(accounts.run(BOB, "add", "Bob's landing page", db=db))
    assert owners(folder) == {"board.db": f"{ALICE}:pbteam 0660"}  # bob's -wal/-shm gone again
    shut_out(accounts, db)

    # a board shared by an older poboard (0664), with bob's files beside it as he left them
    subprocess.run(["chmod", "0664", db], check=True)
    holder = Holder(accounts, BOB, db)
    try:
        subprocess.run(["chmod", "0664", f"{db}-wal", f"{db}-shm"], check=True)
        doctor = accounts.run(CAROL, "doctor", db=db)
        assert doctor.returncode == 1
        failed = [line for line in doctor.stdout.splitlines() if line.startswith("✗")]
        assert failed[0] == (
            f"✗ read: {CAROL} can read the board, yet the board is shared with group pbteam "
            f"and {CAROL} is not in it: every account on this host can read board.db 0664, "
            f"board.db-wal 0664, board.db-shm 0664 — fix: their owners ({ALICE}, {BOB}) run "
            f'"chmod o-rwx {db} {db}-wal {db}-shm" (0660: the group\'s only)'
        )
        member = accounts.run(ALICE, "doctor", db=db).stdout  # in the group: the board leaks
        assert "✓ read: " in member
        assert (
            "✗ shared: a shared board, but not pbteam's only: every account on this host can "
            "read board.db 0664, board.db-wal 0664, board.db-shm 0664"
        ) in member

        # alice shares it again: her board is the group's only at once; the files bob's
        # poboard made are his to change, which she is told
        shared = accounts.run(ALICE, "init", "--shared", db=db)
        assert "was shared already" in ok(shared)
        assert owners(folder)["board.db"] == f"{ALICE}:pbteam 0660"
        assert shared.stderr.splitlines()[0] == (
            f"warning: {db}-wal belongs to {BOB}, mode 0664: ask them to run "
            f'"chmod g+rw,o-rwx {db}-wal"'
        )
    finally:
        holder.close()
    assert owners(folder) == {"board.db": f"{ALICE}:pbteam 0660"}
    shut_out(accounts, db)
    assert "✓ shared: group read-write for pbteam only" in ok(accounts.run(BOB, "doctor", db=db))
