"""What strangers and members can make the server hold: bounded before login (connections
that never log in), and per member (input it is not taking, output no one reads,
sessions at once). Real `poboard serve --ssh` processes, asyncssh's and OpenSSH's clients."""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import signal
import socket
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import asyncssh
import pytest

from poboard.serve.limits import BurstLog, StartupLimits

from .served import Screen, Served, make_board, needs_ssh, ssh_run, start_server, wait_until

PAINTED = 15.0  # seconds a new TUI process may take to paint on a busy machine
FLOOD = 200 * 1024 * 1024  # bytes a flooding member tries to send
CHUNK = 1024 * 1024
STALLED = 2.0  # seconds a write may wait for the server before it counts as held back
HELD = 48 * 1024 * 1024  # what the server may hold for one flooding session, at most


@pytest.fixture
def board(tmp_path: Path) -> Iterator[tuple[Path, dict[str, asyncssh.SSHKey]]]:
    db = tmp_path / "board.db"
    keys = make_board(db, tmp_path, ("ana", "ben"))
    db.chmod(0o600)
    yield db, keys


@contextmanager
def serving(folder: Path, db: Path, *options: str) -> Iterator[Served]:
    """A server for one test: stopped cleanly after it, having said nothing but its own
    lines on standard error."""
    server = start_server(folder, db, *options)
    try:
        yield server
    finally:
        assert server.stop() == 0
    assert server.noise == [], "\n".join(server.noise)


def open_files(server: Served) -> int:
    return len(os.listdir(f"/proc/{server.process.pid}/fd"))


def open_sockets(server: Served) -> int:
    """The server's sockets (listening, connected, its event loop's own): what strangers
    hold open. Its files are not counted: the board's (the file, its log and shared
    memory) open as a first connection needs them, whenever that is."""
    targets = []
    for link in Path(f"/proc/{server.process.pid}/fd").iterdir():
        with suppress(FileNotFoundError):  # closed as it was listed
            targets.append(os.readlink(link))
    return sum(target.startswith("socket:") for target in targets)


def data_limit(pid: int) -> tuple[int, int] | None:
    """A process's RLIMIT_DATA, None once it is gone."""
    try:
        return resource.prlimit(pid, resource.RLIMIT_DATA)
    except ProcessLookupError:
        return None


def resident(server: Served) -> int:
    """The server's resident memory in bytes (VmRSS)."""
    return rss_of(server.process.pid)


def rss_of(pid: int) -> int:
    """A process's resident memory in bytes, 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) * 1024 if found else 0


class Stranger:
    """A TCP connection from `source` (any 127.x address is this host's) that never
    says a word, and what the server did with it."""

    def __init__(self, source: str, port: int) -> None:
        self.source = source
        self.sock = socket.socket()
        self.sock.bind((source, 0))
        self.sock.connect(("127.0.0.1", port))
        self.sock.setblocking(False)
        self.greeted = False  # the server's SSH version came
        self.closed = False  # by the server

    def poll(self) -> bool:
        """Read what came; True once the server greeted or closed it."""
        while not self.closed:
            try:
                data = self.sock.recv(4096)
            except BlockingIOError:
                break
            except ConnectionError:
                data = b""
            self.greeted = self.greeted or bool(data)
            self.closed = not data
        return self.greeted or self.closed


def all_polled(strangers: list[Stranger]) -> bool:
    return all([s.poll() for s in strangers])  # every one polled, not up to the first


async def test_strangers_who_never_log_in_are_bounded_and_summarised(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    db, keys = board
    limits = ("--max-startups", "10", "--max-startups-per-address", "5", "--login-grace", "2")
    server = start_server(tmp_path, db, *limits)
    try:
        at_rest = open_sockets(server)
        # 20 from one address, and 20 from ten others: both limits are met
        sources = ["127.0.0.2"] * 20 + [f"127.0.0.{3 + n % 10}" for n in range(20)]
        strangers = [Stranger(source, server.port) for source in sources]
        await wait_until(lambda: all_polled(strangers), 10, "every stranger greeted or closed")
        open_now = [s.source for s in strangers if not s.closed]
        assert len(open_now) <= 10
        assert open_now.count("127.0.0.2") <= 5
        assert open_sockets(server) <= at_rest + 10

        # a member still gets in, past the strangers (asyncssh, and OpenSSH's ssh)
        async with server.connect(keys["ana"]) as conn:
            shown = await conn.run("show 1 --json", check=False)
        assert shown.exit_status == 0, shown.stderr
        assert json.loads(str(shown.stdout))["title"] == "Spring webinar"

        # held past the login grace, the rest are closed too
        def all_closed() -> bool:
            return all_polled(strangers) and all(s.closed for s in strangers)

        await wait_until(all_closed, 10, "every stranger closed")
        for s in strangers:
            s.sock.close()
    finally:
        assert server.stop() == 0
    refused = [line for line in server.log if "127.0.0.2" in line]
    assert 1 <= len(refused) <= 3, server.log  # summarised, not one line per connection
    assert any(re.search(r"refused \d+ connections over the limits", line) for line in refused)
    assert len(server.log) < 12, server.log
    assert server.noise == []  # no traceback


@needs_ssh
async def test_openssh_gets_in_while_strangers_hold_every_place(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    db, _ = board
    with serving(tmp_path, db, "--max-startups", "4", "--max-startups-per-address", "2") as server:
        strangers = [Stranger(f"127.0.0.{2 + n % 4}", server.port) for n in range(12)]
        await wait_until(lambda: all_polled(strangers), 10, "every stranger greeted or closed")
        assert sum(not s.closed for s in strangers) <= 4
        code, out, err = await ssh_run(server, "ben", "show", "2")
        assert (code, out.splitlines()[0], err) == (0, "#2 Pricing page test", "")
        for s in strangers:
            s.sock.close()


async def test_out_of_open_files_is_one_line_not_a_traceback_each_time(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    db, keys = board
    limits = ("--max-startups", "100", "--max-startups-per-address", "100")
    with serving(tmp_path, db, *limits) as server:
        ceiling = open_files(server) + 4
        pid = server.process.pid
        usual = resource.prlimit(pid, resource.RLIMIT_NOFILE)
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (ceiling, usual[1]))
        strangers = [Stranger("127.0.0.2", server.port) for _ in range(20)]
        await wait_until(lambda: open_files(server) >= ceiling, 10, "the server out of files")
        for s in strangers:
            s.poll()
        assert sum(s.greeted for s in strangers) <= 4
        for s in strangers:
            s.sock.close()
        resource.prlimit(pid, resource.RLIMIT_NOFILE, usual)
        # once they are gone, the server accepts again
        async with server.connect(keys["ben"]) as conn:
            shown = await conn.run("show 2", check=False)
        assert shown.exit_status == 0, shown.stderr
    assert any(re.search(r"could not accept \d+ connections", line) for line in server.log)


async def flood(
    stdin: asyncssh.SSHWriter[bytes], chunk: bytes, sample: list[int], server: Served
) -> int:
    """Write `chunk` until FLOOD bytes went, as fast as the server takes them, noting the
    server's memory after each; returns how many bytes it took before it held the rest
    back (a write waiting STALLED seconds)."""
    sent = 0
    while sent < FLOOD:
        stdin.write(chunk)
        try:
            await asyncio.wait_for(stdin.drain(), STALLED)
        except TimeoutError:
            break
        sent += len(chunk)
        sample.append(resident(server))
    sample.append(resident(server))
    return sent


async def test_a_board_that_takes_no_input_is_not_buffered_without_limit(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    db, keys = board
    with serving(tmp_path, db) as server:
        async with server.connect(keys["ana"]) as conn:
            process = await conn.create_process(
                term_type="xterm", term_size=(80, 24), encoding=None
            )
            screen = Screen(process)
            await screen.shows(b"Spring webinar", PAINTED)
            at_rest = resident(server)
            stopped = server.descendants()
            for pid in stopped:  # the app takes no more input
                os.kill(pid, signal.SIGSTOP)
            sizes: list[int] = []
            sent = await flood(process.stdin, b"x" * CHUNK, sizes, server)
            assert sent < FLOOD  # held back
            assert max(sizes) - at_rest < HELD
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)
            conn.close()
        await wait_until(lambda: not server.descendants(), 10, "the session's process gone")


async def test_a_board_whose_screen_no_one_reads_takes_no_more_keys(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    """Before: arrow keys typed into a board whose output the client never read were all
    passed on; the board queued each one (its output blocked) and grew towards its memory
    ceiling (1 GB on 13 MB of keys)."""
    db, keys = board
    with serving(tmp_path, db) as server:
        async with server.connect(keys["ana"]) as conn:
            process = await conn.create_process(
                term_type="xterm", term_size=(80, 24), encoding=None
            )
            assert await asyncio.wait_for(process.stdout.read(1), PAINTED)  # never read again
            await wait_until(lambda: server.descendants(), 10, "the board's process")
            (app,) = server.descendants()
            at_rest = rss_of(app)
            keys_typed = b"\x1b[A\x1b[B" * (64 * 1024 // 6)  # up, down: 64 KiB of them
            deadline = asyncio.get_running_loop().time() + 10
            while asyncio.get_running_loop().time() < deadline:  # typing on, held back or not
                process.stdin.write(keys_typed)
                with suppress(TimeoutError):
                    await asyncio.wait_for(process.stdin.drain(), 0.5)
            grown = rss_of(app) - at_rest
            assert grown < 32 * 1024 * 1024, f"the board grew by {grown / 2**20:.0f} MB"
            conn.close()
        await wait_until(lambda: not server.descendants(), 10, "the session's process gone")


async def test_a_command_whose_output_no_one_reads_is_not_buffered_without_limit(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    """The MCP server answers each request; the client never reads an answer and keeps
    asking: the answers wait in the command, which then stops reading, so the requests
    wait on the client's side, not in the server."""
    db, keys = board
    with serving(tmp_path, db) as server:
        async with server.connect(keys["ana"]) as conn:
            process = await conn.create_process("mcp", encoding=None)
            client = {"name": "flood", "version": "1"}
            hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": client}
            start = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": hello}
            process.stdin.write(json.dumps(start).encode() + b"\n")
            answer = await asyncio.wait_for(process.stdout.readline(), PAINTED)
            assert "result" in json.loads(answer)
            at_rest = resident(server)
            ask = b'{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}\n'
            sizes: list[int] = []
            sent = await flood(process.stdin, ask * (CHUNK // len(ask)), sizes, server)
            assert sent < FLOOD
            assert max(sizes) - at_rest < HELD
            conn.close()
        await wait_until(lambda: not server.descendants(), 10, "the session's process gone")


async def test_one_member_may_hold_only_a_few_sessions(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    db, keys = board
    with serving(
        tmp_path, db, "--max-sessions-per-member", "2", "--session-memory", "300"
    ) as server:
        async with server.connect(keys["ana"]) as conn:
            held = []
            for _ in range(2):
                mcp = await conn.create_process("mcp", encoding=None)
                held.append(mcp)
            await wait_until(lambda: len(server.descendants()) >= 2, PAINTED, "two sessions")
            ceiling = (300 * 1024 * 1024,) * 2

            def ceilings() -> bool:  # (a process just forked has the server's own first)
                return all(data_limit(pid) == ceiling for pid in server.descendants())

            await wait_until(ceilings, PAINTED, "each session's memory ceiling")
            third = await conn.run("show 1", check=False)
            assert (third.exit_status, third.stdout) == (1, "")
            assert third.stderr == (
                "poboard: you have 2 sessions open, the most one member may; close one first\n"
            )
            async with server.connect(keys["ben"]) as other:
                shown = await other.run("show 1", check=False)
            assert shown.exit_status == 0
            assert str(shown.stdout).startswith("#1 Spring webinar\n")
            for mcp in held:
                mcp.stdin.write_eof()
            await asyncio.gather(*(mcp.wait_closed() for mcp in held))
            again = await conn.run("show 1", check=False)
            assert again.exit_status == 0, again.stderr


async def test_one_member_may_hold_only_a_few_connections_with_no_session(
    board: tuple[Path, dict[str, asyncssh.SSHKey]], tmp_path: Path
) -> None:
    """Each logged-in connection holds a file and memory, session or not: a member's are
    at most twice their sessions (2 here), so one member cannot use up the server's files."""
    db, keys = board
    with serving(tmp_path, db, "--max-sessions-per-member", "1") as server:
        kept = [await server.connect(keys["ana"]) for _ in range(2)]
        third = await server.connect(keys["ana"])
        await asyncio.wait_for(third.wait_closed(), 5)
        refused = r"refused ana from 127\.0\.0\.1:\d+: 3 connections open, more than the 2 one"
        await wait_until(lambda: any(re.search(refused, line) for line in server.log), 5, refused)
        shown = await kept[0].run("show 1", check=False)
        assert shown.exit_status == 0, shown.stderr
        async with server.connect(keys["ben"]) as other:
            assert (await other.run("show 1", check=False)).exit_status == 0
        for conn in kept:
            conn.close()


# ----- the rules themselves ---------------------------------------------------------------------


class Waiting:
    """A connection as StartupLimits sees it: whether it has spoken, whether it was closed."""

    def __init__(self, limits: StartupLimits, address: str, spoken: bool = False) -> None:
        self.address, self.spoken, self.closed = address, spoken, False
        self.admitted = limits.admit(self, address, self.close, lambda: not self.spoken)

    def close(self) -> None:
        self.closed = True


async def test_a_newcomer_takes_a_silent_place_never_a_talking_one() -> None:
    lines: list[str] = []
    burst = BurstLog(lines.append)
    limits = StartupLimits(total=3, per_address=2, burst=burst)
    member = Waiting(limits, "10.0.0.1", spoken=True)
    a, b = Waiting(limits, "10.0.0.2"), Waiting(limits, "10.0.0.3")
    c = Waiting(limits, "10.0.0.2")  # full: the oldest silent one makes room
    assert c.admitted and a.closed and not b.closed
    d = Waiting(limits, "10.0.0.2")
    assert d.admitted and b.closed
    assert not Waiting(limits, "10.0.0.2").admitted  # its address holds two already
    c.spoken = d.spoken = True
    # all speak: a newcomer from an address holding fewer takes the busiest one's oldest
    f = Waiting(limits, "10.0.0.9")
    assert f.admitted and c.closed and not (member.closed or d.closed)
    f.spoken = True
    assert not Waiting(limits, "10.0.0.9").admitted  # no address holds more than its one
    assert not member.closed
    burst.flush()
    assert lines == [
        "closed 3 connections not logged in yet to make room for newer ones in the last 10 s "
        "(2 from 10.0.0.2, 1 from 10.0.0.3)",
        "refused 2 connections over the limits on connections not logged in yet in the last "
        "10 s (1 from 10.0.0.2, 1 from 10.0.0.9)",
    ]
