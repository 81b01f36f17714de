"""Issue 22 (9), safe defaults: a host key others may read is refused, an oversized command
line gets one line, `doctor` over ssh tells only the board's facts, and a shared board is
its group's only."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from cli.helpers import run_poboard
from poboard.serve.policy import MAX_LINE_BYTES, CommandRefused, command_argv

from .served import Served, make_board, make_key, start_server

SSH = shutil.which("ssh")
needs_ssh = pytest.mark.skipif(SSH is None, reason="the OpenSSH client (ssh) is not installed")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("safe")
    db = folder / "board.db"
    make_board(db, folder, ("ana",))
    db.chmod(0o600)
    server = start_server(folder, db)
    yield server
    assert server.stop() == 0


def ana(server: Served) -> asyncssh.SSHKey:
    return asyncssh.read_private_key(server.folder / "ana")


def openssh(server: Served, *args: str) -> subprocess.CompletedProcess[str]:
    """`ssh HOST ARGS...` with the stock OpenSSH client, as ana."""
    options = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
    options += ["-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]
    options += ["-F", "/dev/null", "-i", str(server.folder / "ana"), "-p", str(server.port)]
    return subprocess.run(
        [str(SSH), *options, "127.0.0.1", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def no_traceback(server: Served) -> None:
    assert not [line for line in server.errors if "Traceback" in line], server.errors


# ----- the host key ---------------------------------------------------------------------------


def serve_with_key(folder: Path, db: Path, key: Path) -> subprocess.CompletedProcess[str]:
    """`poboard serve --ssh` with the host key `key`; it must exit by itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBOARD_")}
    argv = [sys.executable, "-m", "poboard", "--db", str(db), "serve", "--ssh", "--port", "0"]
    return subprocess.run(
        [*argv, "--host-key", str(key)],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize(("mode", "what"), [(0o644, "readable by"), (0o620, "writable by")])
def test_a_host_key_others_may_read_is_refused_with_the_fix(
    tmp_path: Path, mode: int, what: str
) -> None:
    db = tmp_path / "board.db"
    make_board(db, tmp_path, ("ana",))
    db.chmod(0o600)
    make_key(tmp_path, "host_key")
    key = tmp_path / "host_key"
    key.chmod(mode)
    refused = serve_with_key(tmp_path, db, key)
    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr, refused.stderr
    assert [line for line in refused.stderr.splitlines() if line.startswith("poboard: ")] == [
        f"poboard: the host key {key} is {what} others (mode {mode:04o}); sshd refuses "
        f"such a key too: chmod 600 {key}"
    ]
    assert refused.stdout == ""  # it never said it was listening
    key.chmod(0o600)  # the fix it gave: the same key serves
    server = start_server(tmp_path, db)
    assert server.stop() == 0


# ----- an oversized command line --------------------------------------------------------------


async def test_a_command_line_over_the_limit_gets_one_line_and_no_traceback(
    served: Served,
) -> None:
    """A word over 128 KiB (Linux's limit for one argument) used to fail the server's
    start of the member's process: exit 1, no word, a traceback in the server's log."""
    async with served.connect(ana(served)) as conn:
        huge = await conn.run("list " + "x" * 140_000, check=False)
        near = await conn.run(f"add 'Long notes' --description '{'n' * 60_000}'", check=False)
    assert (huge.exit_status, huge.stdout) == (1, "")
    assert huge.stderr == "poboard: that command line is too long (140005 bytes; at most 64 KiB)\n"
    assert (near.exit_status, near.stderr) == (0, "")  # a long line under the limit still runs
    no_traceback(served)


def test_the_limit_counts_the_bytes_of_the_whole_line() -> None:
    at_limit = "list " + "x" * (MAX_LINE_BYTES - 5)
    assert command_argv(at_limit, {"list"}) == ["list", "x" * (MAX_LINE_BYTES - 5)]
    accented = "list " + "é" * (MAX_LINE_BYTES // 2)  # two bytes each in UTF-8
    with pytest.raises(CommandRefused, match=r"too long \(65541 bytes; at most 64 KiB\)"):
        command_argv(accented, {"list"})


@needs_ssh
def test_openssh_with_an_oversized_command_gets_one_line(served: Served) -> None:
    # ssh joins its arguments with spaces: the quotes make one word of 160,000 bytes
    words = ("list", "'" + "x" * 100_000, "y" * 59_998 + "'")
    result = openssh(served, *words)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "poboard: that command line is too long (160006 bytes; at most 64 KiB)\n"
    )
    # past what one SSH packet holds, the SSH layer itself hangs up (with its own line)
    result = openssh(served, "list", *["z" * 100_000] * 8)
    assert result.returncode == 255
    assert openssh(served, "list").returncode == 0  # and the server serves on
    no_traceback(served)


# ----- doctor over ssh ------------------------------------------------------------------------


@needs_ssh
def test_doctor_over_ssh_tells_the_boards_facts_and_nothing_of_the_server(
    served: Served,
) -> None:
    result = openssh(served, "doctor")
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"✓ board file: the board file is a poboard board \(\d+ items\)", lines[0])
    assert lines[1:] == [
        "✓ schema: " + lines[1].split(": ", 1)[1],
        "✓ integrity: PRAGMA quick_check: ok",
        "✓ journal: WAL mode",
        "✓ write: the board takes changes",
    ]
    assert lines[1].startswith("✓ schema: version ")
    server_facts = (str(served.folder), "board.db", "root", os.environ.get("USER") or "root")
    assert not [fact for fact in server_facts if fact in result.stdout], result.stdout
    assert "GB" not in result.stdout and "group" not in result.stdout


def test_doctor_run_locally_still_names_the_path_account_and_disk(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    make_board(db, tmp_path, ())
    local = run_poboard("doctor", db=db)
    assert local.returncode == 0, local.stdout
    assert local.stdout.startswith(f"✓ board file: {db} is a poboard board (2 items)\n")
    assert "✓ free disk: " in local.stdout and "✓ read: " in local.stdout


# ----- a shared board -------------------------------------------------------------------------


def test_init_shared_makes_a_folder_and_board_that_no_other_account_reads(
    tmp_path: Path,
) -> None:
    db = tmp_path / "team" / "board.db"
    made = run_poboard("init", "--shared", db=db)
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o2770
    assert stat.S_IMODE(db.stat().st_mode) == 0o660
    holder = run_poboard("add", "Spring webinar", db=db)
    assert holder.returncode == 0, holder.stderr
    doctor = run_poboard("doctor", db=db)
    assert "✓ shared: group read-write for " in doctor.stdout
    assert " only: board, -wal, -shm (0660) and folder (setgid)" in doctor.stdout
