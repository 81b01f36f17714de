"""`poboard serve --ssh` with real clients: asyncssh's, in-process, and OpenSSH's `ssh`."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from poboard.board import Board

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


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict]]:
    folder = tmp_path_factory.mktemp("served")
    db = folder / "board.db"
    keys = make_board(db, folder, ("ana", "ben"))
    db.chmod(0o600)
    keys["eve"] = make_key(folder, "eve")  # a stranger: not a member
    # started as `nohup poboard serve &` starts it: its sessions must still end when
    # their members hang up (a client that goes away, below)
    server = start_server(folder, db, "--max-sessions", "8", hang_ups_ignored=True)
    yield server, keys
    assert server.stop() == 0
    assert server.log[-1].endswith("stopped")


def events(db: Path) -> list[tuple[str, str, str | None]]:
    board = Board.open(db, "po")
    try:
        return [(e.user, e.action, e.new) for e in board.events()]
    finally:
        board.close()


async def test_a_members_command_runs_as_that_member(served: tuple[Served, dict]) -> None:
    server, keys = served
    async with server.connect(keys["ana"]) as conn:
        result = await conn.run('add "Onboarding email: day 3"', check=False)
    assert (result.exit_status, result.stdout, result.stderr) == (0, "#3\n", "")
    assert events(server.db)[-1] == ("ana", "create", "Onboarding email: day 3")
    async with server.connect(keys["ben"]) as conn:
        result = await conn.run("edit 3 --title 'Onboarding email: day 5'", check=False)
        assert result.exit_status == 0, result.stderr
        shown = json.loads((await conn.run("show 3 --json", check=True)).stdout)
    assert shown["title"] == "Onboarding email: day 5"
    assert shown["updated_by"] == "ben"
    assert events(server.db)[-1] == ("ben", "edit", "Onboarding email: day 5")
    # (the server logs a session as it ends, just after the client has its answer)
    shown_logged = r"ben from 127\.0\.0\.1:\d+: show 3 --json \(\d+\.\d s, exit 0\)"
    await wait_until(lambda: logged(server, shown_logged), 5, "the session's log line")


async def test_exit_codes_and_output_pass_through(served: tuple[Served, dict]) -> None:
    server, keys = served
    async with server.connect(keys["ben"]) as conn:
        missing = await conn.run("show 999", check=False)
        usage = await conn.run("list --no-such-option", check=False)
        listed = await conn.run("--json list --json", check=False)
        on_terminal = await conn.run("show 1", term_type="xterm", check=False)  # ssh -t HOST show 1
    assert (missing.exit_status, missing.stdout) == (1, "")
    assert missing.stderr == "poboard: #999 does not exist on this board\n"
    assert usage.exit_status == 2 and "No such option '--no-such-option'" in str(usage.stderr)
    assert listed.exit_status == 0
    assert on_terminal.exit_status == 0
    assert str(on_terminal.stdout).startswith("#1 Spring webinar\r\n")  # a terminal's line ends
    assert [row["title"] for row in json.loads(str(listed.stdout))][:2] == [
        "Spring webinar",
        "Pricing page test",
    ]


async def test_a_members_accept_of_done_work_is_refused_over_ssh(
    served: tuple[Served, dict],
) -> None:
    """Issue 21: a member's `accept` of an item already done answered `#N → done`."""
    server, keys = served
    board = Board.open(server.db, "po")
    try:
        board.config.configure("product_owners", "ana")
        key = board.items.add("Churn survey: Q2", criteria=["Sent to 200 customers"]).key
        board.items.check(key, 1)
    finally:
        board.close()
    n = key.removeprefix("#")
    owners_only = "only the product owners (ana) may accept; it is done already"
    try:
        async with server.connect(keys["ana"]) as ana, server.connect(keys["ben"]) as ben:
            accepted = await ana.run(f"accept {n}", check=False)
            assert (accepted.exit_status, accepted.stdout) == (0, f"{key} → done\n")
            shown = (await ana.run(f"show {n} --json", check=True)).stdout
            before = events(server.db)
            for command in (f"accept {n}", f"move {n} done"):
                result = await ben.run(command, check=False)
                assert (result.exit_status, result.stdout) == (1, "")
                assert result.stderr == f"poboard: {key} can't move to done: {owners_only}\n"
            result = await ben.run(f"--json accept {n}", check=False)
            assert (result.exit_status, result.stdout) == (1, "")
            error = json.loads(str(result.stderr))
            assert (error["error"], error["reasons"]) == (
                "not_product_owner",
                [{"code": "not_product_owner", "message": owners_only}],
            )
            again = await ana.run(f"accept {n}", check=False)  # accepted already: as it was
            assert (again.exit_status, again.stdout) == (0, f"{key} → done\n")
            assert (await ben.run(f"show {n} --json", check=True)).stdout == shown
            assert events(server.db) == before
    finally:
        board = Board.open(server.db, "ana")
        try:
            board.config.configure("product_owners", "po")
        finally:
            board.close()


@pytest.mark.parametrize(
    ("command", "says"),
    [
        ("--user=ana move 1 doing", "--user is not taken over ssh"),
        ("list --user ana", "--user is not taken over ssh"),
        ("--db /tmp/other.db list", "--db is not taken over ssh"),
        ("list --db=/tmp/other.db", "--db is not taken over ssh"),
        ("ls -la /", "'ls' is not a poboard command; there is no shell here"),
        ("sh -c id", "'sh' is not a poboard command"),
        ("list && id", "'&&': there is no shell here"),
        ("list; id", "'list;' is not a poboard command"),
        ("serve --ssh", "serve runs on the server itself"),
        ("export -o /tmp/board.json", "-o/--output writes files on the server"),
        ("edit 1 --title 'unclosed", "cannot read that command line: No closing quotation"),
    ],
)
async def test_identity_board_and_shell_are_refused(
    served: tuple[Served, dict], command: str, says: str
) -> None:
    server, keys = served
    before = events(server.db)
    async with server.connect(keys["ana"]) as conn:
        result = await conn.run(command, check=False)
    assert result.exit_status == 1
    assert result.stdout == ""
    lines = str(result.stderr).splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"poboard: {says}"), result.stderr
    assert events(server.db) == before


async def test_strangers_passwords_forwarding_and_sftp_are_refused(
    served: tuple[Served, dict],
) -> None:
    server, keys = served
    with pytest.raises(asyncssh.PermissionDenied):
        await server.connect(keys["eve"])
    stranger = keys["eve"].get_fingerprint("sha256")
    await wait_until(
        lambda: any(f"no member's key (offered: {stranger})" in line for line in server.log),
        5,
        "the refusal in the log",
    )
    with pytest.raises(asyncssh.PermissionDenied):
        await asyncssh.connect(
            "127.0.0.1",
            server.port,
            username="ana",
            password="guess",
            client_keys=None,
            known_hosts=None,
            agent_path=None,
            preferred_auth="password,keyboard-interactive",
        )
    async with server.connect(keys["ana"]) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", 22)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.start_sftp_client()
        no_terminal = await conn.run(check=False)  # a shell without a PTY
    assert no_terminal.exit_status == 1
    assert str(no_terminal.stderr).startswith("poboard: the board needs a terminal")


async def test_the_board_over_a_pty_follows_resizes_and_shows_anothers_change(
    served: tuple[Served, dict],
) -> None:
    server, keys = served
    async with server.connect(keys["ana"]) as ana, server.connect(keys["ben"]) as ben:
        process = await ana.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        screen = Screen(process)
        await screen.shows(b"Pricing page test", PAINTED)
        mark = await screen.shows(re.compile(rb"\x1b\[24;\d+H"), 5)  # down to the footer
        assert max(screen.rows()) == 24
        (child,) = [pid for pid in server.descendants() if _is_board(pid)]
        environ = Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        assert b"POBOARD_USER=ana" in environ and b"TERM=xterm-256color" in environ

        process.change_terminal_size(100, 30)
        mark = await screen.shows(re.compile(rb"\x1b\[30;\d+H"), 15, since=mark)
        assert max(screen.rows(mark - 10)) == 30

        done = await ben.run("edit 2 --title 'Pricing page test, v2'", check=False)
        assert done.exit_status == 0, done.stderr
        # it shows without a key pressed; how soon is benchmarks/serve.py's to measure
        await screen.shows(b"Pricing page test, v2", 15, since=mark)

        process.stdin.write(b"\x11")  # ctrl+q quits the app; the session ends with it
        await asyncio.wait_for(process.wait_closed(), 10)
        assert process.exit_status == 0
    await wait_until(lambda: not server.descendants(), 5, "no process left behind")


async def test_a_client_that_goes_away_leaves_no_process_behind(
    served: tuple[Served, dict],
) -> None:
    server, keys = served
    conn = await server.connect(keys["ben"])
    process = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
    await Screen(process).shows(b"Spring webinar", PAINTED)
    assert any(_is_board(pid) for pid in server.descendants())
    conn.abort()  # the laptop lid closes
    await wait_until(lambda: not server.descendants(), 5, "the session's processes to end")
    await wait_until(
        lambda: logged(server, r"ben from 127\.0\.0\.1:\d+: board \(\d+\.\d s, exit 129\)"),
        5,
        "the session's log line",
    )


def _is_board(pid: int) -> bool:
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return argv[1:3] == [b"-m", b"poboard"] and len([a for a in argv if a]) == 3


def logged(server: Served, pattern: str) -> bool:
    """The server logged a line (after its time stamp) matching `pattern` in full."""
    return any(
        re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d " + pattern, line) for line in server.log
    )


async def test_limits_sigterm_and_the_warnings_of_a_board_others_may_read(
    tmp_path: Path,
) -> None:
    db = tmp_path / "board.db"
    keys = make_board(db, tmp_path, ("ana", "ben"))
    db.chmod(0o644)
    server = start_server(tmp_path, db, "--max-sessions", "1", "--idle-timeout", "2")
    try:
        exposed = (
            "warning: others than its owner may read or write the board's files (board.db 0644)"
        )
        await wait_until(
            lambda: any(line.startswith(exposed) for line in server.warnings), 5, "the warning"
        )
        assert server.noise == []  # no library's warning reaches the admin
        async with server.connect(keys["ana"]) as ana, server.connect(keys["ben"]) as ben:
            process = await ana.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
            screen = Screen(process)
            await screen.shows(b"Spring webinar", PAINTED)
            full = await ben.run("list", check=False)
            assert (full.exit_status, full.stdout) == (1, "")
            assert full.stderr == "poboard: the server is full (1 sessions); try again later\n"

            await screen.shows(b"poboard: no input for 2 s; session closed", 10)
            await asyncio.wait_for(process.wait_closed(), 10)
            assert process.exit_status == 129  # the app was hung up on, as by a closed terminal

            again = await ana.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
            second = Screen(again)
            await second.shows(b"Spring webinar", PAINTED)
            assert await asyncio.to_thread(server.stop) == 0  # SIGTERM with a session open
            await second.shows(b"\x1b[?1049l\x1b[?25h\x1b[0mpoboard: the server is stopping", 5)
        await wait_until(lambda: server.log[-1].endswith("stopped"), 5, "the last log line")
        assert server.log[-3].endswith("stopping: ending 1 sessions")
        assert logged(server, r"ana from 127\.0\.0\.1:\d+: board \(\d+\.\d s, exit 129\)")
        await wait_until(lambda: not server.descendants(), 5, "no process left behind")
    finally:
        if server.process.poll() is None:
            server.process.kill()


# ----- the stock OpenSSH client ----------------------------------------------------------------


@needs_ssh
async def test_openssh_runs_commands_as_the_member_and_passes_exit_codes(
    served: tuple[Served, dict],
) -> None:
    server, _ = served
    code, out, err = await ssh_run(server, "ben", "edit", "1", "--title", "'Spring webinar: Q&A'")
    assert (code, err) == (0, ""), err
    assert re.fullmatch(r"#1 updated \(version \d+\)\n", out)  # the title's & reached as typed
    assert events(server.db)[-1] == ("ben", "edit", "Spring webinar: Q&A")
    code, out, _ = await ssh_run(server, "ana", "list", "--json")
    assert code == 0 and json.loads(out)[0]["title"] == "Spring webinar: Q&A"
    assert await ssh_run(server, "ana", "show", "999") == (
        1,
        "",
        "poboard: #999 does not exist on this board\n",
    )
    code, out, err = await ssh_run(server, "ana", "--", "--user=ben", "list")
    assert (code, out) == (1, "")
    assert err.startswith("poboard: --user is not taken over ssh")
    code, out, err = await ssh_run(server, "ana", "cat", "/etc/passwd")
    assert (code, out) == (1, "") and "'cat' is not a poboard command" in err
    code, _, err = await ssh_run(server, "eve", "list")
    assert code == 255 and "Permission denied (publickey)" in err


@needs_ssh
async def test_openssh_with_a_terminal_opens_the_board(served: tuple[Served, dict]) -> None:
    server, _ = served
    process = await openssh(server, "ana", tty=True)
    assert process.stdout is not None and process.stdin is not None
    seen = bytearray()

    async def painted() -> None:
        while b"Pricing page" not in seen:
            chunk = await process.stdout.read(65536)  # type: ignore[union-attr]
            assert chunk, seen.decode(errors="replace")
            seen.extend(chunk)

    await asyncio.wait_for(painted(), PAINTED)
    process.stdin.write(b"\x11")  # ctrl+q
    await asyncio.wait_for(process.wait(), 10)
    assert process.returncode == 0
    await wait_until(lambda: not server.descendants(), 5, "no process left behind")
