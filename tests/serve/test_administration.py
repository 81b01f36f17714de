"""Issue 22: administration is the product owners', over `serve` (items 4-7): who may
change members and settings, ending what a removed member or key opened, the sessions
a product owner lists and ends, and the audit log."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from poboard.board import Board
from poboard.serve.audit import file_log

from .served import (
    Screen,
    Served,
    make_board,
    make_key,
    needs_ssh,
    openssh,
    ssh_run,
    start_server,
    wait_until,
)

PAINTED = 15.0  # seconds a new TUI process may take to paint on a busy machine
GONE = 3.0  # the server ends a session within a second; slack for a busy machine


def poboard(db: Path, *args: str, user: str = "po") -> subprocess.CompletedProcess[str]:
    """The command line on the server, its own account's, on behalf of `user`."""
    return subprocess.run(
        [sys.executable, "-m", "poboard", "--db", str(db), "--user", user, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def key_text(folder: Path, name: str) -> str:
    return (folder / f"{name}.pub").read_text().strip()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Served, dict[str, asyncssh.SSHKey]]]:
    db = tmp_path / "board.db"
    keys = make_board(db, tmp_path, ("ana", "ben"))
    keys["ana2"] = make_key(tmp_path, "ana2")  # ana's second key, added below
    keys["eve"] = make_key(tmp_path, "eve")  # a stranger
    assert poboard(db, "member", "add", "ana", "--key", str(tmp_path / "ana2.pub")).returncode == 0
    assert poboard(db, "config", "set", "product_owners", "ana").returncode == 0
    db.chmod(0o600)
    server = start_server(tmp_path, db, "--log", str(tmp_path / "audit.log"))
    yield server, keys
    assert server.stop() == 0
    assert not server.noise


def members(db: Path) -> dict[str, list[str]]:
    board = Board.open(db, "po")
    try:
        return {m.name: [k.fingerprint for k in m.keys] for m in board.members.all()}
    finally:
        board.close()


def fingerprint(key: asyncssh.SSHKey) -> str:
    return key.get_fingerprint("sha256")


async def open_board(server: Served, key: asyncssh.SSHKey) -> tuple[object, Screen]:
    conn = await server.connect(key)
    process = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
    screen = Screen(process)
    await screen.shows(b"Spring webinar", PAINTED)
    return conn, screen


# ----- item 4: members and settings are the product owners' ----------------------------------


@needs_ssh
async def test_a_member_cannot_take_the_board_over(
    served: tuple[Served, dict[str, asyncssh.SSHKey]],
) -> None:
    """Before: with no product owner named, ben removed ana, added a stranger's key as
    his and named himself product owner, all accepted."""
    server, _ = served
    before = members(server.db)
    eve = key_text(server.folder, "eve")
    owners_only = "poboard: only the product owners (ana) may"
    for args, says in [
        (("member", "remove", "ana"), f"{owners_only} change the members\n"),
        (("member", "add", "ben", "--key", f"'{eve}'"), f"{owners_only} change the members\n"),
        (("config", "set", "product_owners", "ben"), f"{owners_only} change product_owners\n"),
        (("config", "set", "name", "bens-board"), f"{owners_only} change name\n"),
    ]:
        assert await ssh_run(server, "ben", *args) == (1, "", says)
    assert members(server.db) == before
    code, out, err = await ssh_run(server, "ana", "config", "set", "name", "growth")
    assert (code, err) == (0, ""), err

    # with no product owner named, only the server's own account administers
    assert poboard(server.db, "config", "set", "product_owners", "", user="ana").returncode == 0
    code, out, err = await ssh_run(server, "ana", "member", "remove", "ben")
    assert (code, out) == (1, "")
    assert err == (
        "poboard: the board names no product owner, so only its owner on the server may "
        "change the members (there: poboard config set product_owners NAME)\n"
    )
    code, _, err = await ssh_run(server, "ben", "config", "set", "product_owners", "ben")
    assert code == 1 and "names no product owner" in err
    assert members(server.db) == before
    assert poboard(server.db, "member", "remove", "ben").returncode == 0  # on the server: yes


def test_serve_refuses_a_board_with_members_and_no_product_owner(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    make_board(db, tmp_path, ("ana",))
    assert poboard(db, "config", "set", "product_owners", "").returncode == 0  # po's
    db.chmod(0o600)
    started = subprocess.run(
        [sys.executable, "-m", "poboard", "--db", str(db), "serve", "--ssh", "--port", "0",
         "--host-key", str(tmp_path / "host_key")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (started.returncode, started.stdout) == (1, "")
    assert started.stderr == (
        "poboard: the board has members but no product owner, so any member could change "
        "the members and settings: name one first: poboard config set product_owners NAME\n"
    )


# ----- item 5: removing a member or a key ends what it opened -----------------------------------


async def test_removing_a_member_ends_their_sessions_with_a_goodbye(
    served: tuple[Served, dict[str, asyncssh.SSHKey]],
) -> None:
    """Before: a removed member's open board went on writing until the idle timeout."""
    server, keys = served
    conn, screen = await open_board(server, keys["ben"])
    command_conn = await server.connect(keys["ben"])  # logged in, no session yet
    mark = len(screen.data)
    assert poboard(server.db, "member", "remove", "ben", user="ana").returncode == 0
    await screen.shows(b"your key was removed from this board; session closed", GONE, mark)
    await wait_until(lambda: not server.descendants(), GONE, "ben's board process to end")
    await asyncio.wait_for(command_conn.wait_closed(), GONE)
    conn.close()  # type: ignore[attr-defined]
    with pytest.raises((asyncssh.PermissionDenied, asyncssh.DisconnectError)):
        await server.connect(keys["ben"])


@needs_ssh
async def test_a_removed_members_openssh_board_says_goodbye_and_ends(
    served: tuple[Served, dict[str, asyncssh.SSHKey]],
) -> None:
    """As a member sees it in their own terminal: the stock OpenSSH client with -tt."""
    server, _ = served
    process = await openssh(server, "ben", tty=True)
    assert process.stdout is not None
    seen = bytearray()

    async def shows(text: bytes) -> None:
        while text not in seen:
            chunk = await process.stdout.read(65536)  # type: ignore[union-attr]
            assert chunk, seen.decode(errors="replace")[-2000:]
            seen.extend(chunk)

    await asyncio.wait_for(shows(b"Pricing page"), PAINTED)
    assert poboard(server.db, "member", "remove", "ben", user="ana").returncode == 0
    await asyncio.wait_for(shows(b"your key was removed from this board; session closed"), GONE)
    await asyncio.wait_for(process.wait(), GONE)
    assert process.returncode != 0
    await wait_until(lambda: not server.descendants(), GONE, "ben's board process to end")


async def test_removing_one_key_ends_its_sessions_and_keeps_the_others(
    served: tuple[Served, dict[str, asyncssh.SSHKey]],
) -> None:
    server, keys = served
    conn, screen = await open_board(server, keys["ana2"])
    async with server.connect(keys["ana"]) as ana:
        result = await ana.run("member list --json", check=True)
        (listed,) = [m for m in json.loads(str(result.stdout)) if m["name"] == "ana"]
        used = {k["fingerprint"]: k["last_used_at"] for k in listed["keys"]}
        assert used[fingerprint(keys["ana"])] and used[fingerprint(keys["ana2"])]
        mark = len(screen.data)
        gone = fingerprint(keys["ana2"])
        removed = await ana.run(f"member remove-key ana {gone}", check=False)
        assert (removed.exit_status, removed.stdout) == (0, f"removed key {gone} from ana\n")
        await screen.shows(b"your key was removed from this board", GONE, mark)
        still = await ana.run("show 1", check=False)  # the other key's connection stays
        assert still.exit_status == 0 and "Spring webinar" in str(still.stdout)
        last = await ana.run(f"member remove-key ana {fingerprint(keys['ana'])}", check=False)
        assert last.exit_status == 2
        assert str(last.stderr).startswith(
            f"poboard: {fingerprint(keys['ana'])} is ana's only key: add the new one first"
        )
    conn.close()  # type: ignore[attr-defined]
    assert members(server.db)["ana"] == [fingerprint(keys["ana"])]
    text = poboard(server.db, "member", "list").stdout
    assert re.search(rf"ana +ssh-ed25519 +{re.escape(fingerprint(keys['ana']))}  last used ", text)


# ----- item 6: sessions, listed and ended ---------------------------------------------------------


async def test_sessions_are_listed_and_ended_by_product_owners_only(
    served: tuple[Served, dict[str, asyncssh.SSHKey]],
) -> None:
    server, keys = served
    ana_conn, ana_screen = await open_board(server, keys["ana"])
    ben_conn, ben_screen = await open_board(server, keys["ben"])
    listed = poboard(server.db, "sessions", "--json")
    assert listed.returncode == 0, listed.stderr
    sessions = json.loads(listed.stdout)
    assert [(s["member"], s["what"], s["command"]) for s in sessions] == [
        ("ana", "board", None),
        ("ben", "board", None),
    ]
    assert sessions[1]["fingerprint"] == fingerprint(keys["ben"])
    assert re.fullmatch(r"127\.0\.0\.1:\d+", sessions[1]["address"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", sessions[1]["since"])
    text = poboard(server.db, "sessions").stdout.splitlines()
    assert len(text) == 2 and "ben" in text[1] and text[1].endswith("board")

    async with server.connect(keys["ben"]) as ben, server.connect(keys["ana"]) as ana:
        refused = await ben.run("sessions", check=False)
        assert refused.exit_status == 1
        assert refused.stderr == "poboard: only the product owners (ana) may see the sessions\n"
        refused = await ben.run(f"sessions end {sessions[0]['id']}", check=False)
        assert "only the product owners (ana) may end sessions" in str(refused.stderr)
        mine = json.loads(str((await ana.run("sessions --json", check=True)).stdout))
        assert ("ana", "command", "sessions --json") in [
            (s["member"], s["what"], s["command"]) for s in mine
        ]
        mark = len(ben_screen.data)
        ended = await ana.run(f"sessions end {sessions[1]['id']}", check=False)
        assert ended.exit_status == 0, ended.stderr
        await ben_screen.shows(b"poboard: ana ended this session", GONE, mark)
        ended_line = r"ben from 127\.0\.0\.1:\d+: board \(\d+\.\d s, exit \d+; ana ended this"
        audit = server.folder / "audit.log"
        await wait_until(lambda: re.search(ended_line, audit.read_text()), 5, "the end's line")
        missing = await ana.run("sessions end 999", check=False)
        assert (
            missing.stderr
            == "poboard: there is no open session 999 (poboard sessions lists them)\n"
        )
    assert not [s for s in json.loads(poboard(server.db, "sessions", "--json").stdout)
                if s["member"] == "ben"]  # fmt: skip
    mark = len(ana_screen.data)
    assert poboard(server.db, "sessions", "end", "--member", "ana").returncode == 0
    await ana_screen.shows(b"poboard: po ended this session", GONE, mark)
    await wait_until(lambda: not server.descendants(), GONE, "every board process to end")
    ana_conn.close()  # type: ignore[attr-defined]
    ben_conn.close()  # type: ignore[attr-defined]


# ----- item 7: the audit log ----------------------------------------------------------------------


@needs_ssh
async def test_the_audit_log_says_who_logged_in_with_which_key_and_what_was_refused(
    served: tuple[Served, dict[str, asyncssh.SSHKey]],
) -> None:
    server, keys = served
    assert (await ssh_run(server, "ana", "show", "1"))[0] == 0
    assert (await ssh_run(server, "ben", "serve"))[0] == 1
    assert (await ssh_run(server, "eve", "list"))[0] == 255
    audit = server.folder / "audit.log"

    def says(pattern: str) -> bool:
        return re.search(pattern, audit.read_text(), re.MULTILINE) is not None

    stamp = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d "
    ana = re.escape(fingerprint(keys["ana"]))
    for pattern in (
        rf"{stamp}login ana with key {ana} from 127\.0\.0\.1:\d+$",
        rf"{stamp}ana from 127\.0\.0\.1:\d+: show 1 \(\d+\.\d s, exit 0\)$",
        rf"{stamp}refused ben from 127\.0\.0\.1:\d+: serve runs on the server itself$",
        rf"{stamp}refused .*no member's key",
    ):
        await wait_until(lambda pattern=pattern: says(pattern), 10, pattern)  # type: ignore[misc]


def test_the_log_file_is_rotated_by_size(tmp_path: Path) -> None:
    log = file_log(tmp_path / "serve.log", rotate_bytes=400, kept=2)
    for n in range(100):
        log(f"login member{n:03} with key SHA256:{'x' * 43} from 10.0.0.{n}:22")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["serve.log", "serve.log.1", "serve.log.2"]
    assert all((tmp_path / name).stat().st_size <= 400 for name in names)
    assert "member099" in (tmp_path / "serve.log").read_text()
