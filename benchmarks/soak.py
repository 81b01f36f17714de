"""A soak of `poboard serve --ssh`: members at work for a long while, then the server as it
was after the first minute.

Ten members (m0 a product owner) on the demo board, against `poboard serve --ssh
--idle-timeout 0`:

- each keeps the board open on a PTY (asyncssh, 100×40, read with pyte, filtered to the
  members' cards as benchmarks/serve.py does) and every few seconds moves the cursor away
  and back, then their card to the next roadmap horizon (`h` and the picker's key),
  until their own screen shows it; after 30–90 s the board is closed (`ctrl+q`, or the
  connection dropped) and opened again;
- each runs a command every few seconds on a connection of its own, as `ssh HOST CMD`
  does: `show`, `list --json`, `rank`, `move` (to dropped and back), `report`;
- the last member's assistant stays connected (`ssh HOST mcp` with OpenSSH's client and
  the MCP SDK's) and calls `list_items` and `update_item` in turn.

Every 10 s: the server's RSS and open files, its sessions' processes (how many, their RSS
and open files), the WAL file's size. At one minute and at the end the members hold
still (every board open, nothing in flight) for a like-for-like sample. Then all is
closed: no session process may remain, nor, once the server stops, any process it
started or any in their process groups.

    python benchmarks/soak.py [--minutes 20] [--members 10] [--move-every 3] [--command-every 5]

Exits 1 when the end exceeds the first minute by more than RSS_MB or FDS, the WAL grew
past WAL_MB, a process was left behind or an operation failed. Needs OpenSSH's ssh, pyte.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import served_team
from harness import ProcessWatch, compile_poboard, open_files, rss_kb
from mcp import Client, StdioServerParameters
from soak_report import Sample, report

from poboard.board import Board

QUIT = b"\x11"
NO_CHECKS = {"known_hosts": None, "agent_path": None}
Opened = tuple[asyncssh.SSHClientConnection, served_team.Session]


@dataclass
class Soak:
    team: served_team.Team
    server: subprocess.Popen[str]
    args: argparse.Namespace
    cards: list[str]  # each member's card for commands
    notes: str  # the assistant's card
    started: float = field(default_factory=time.monotonic)
    watch: ProcessWatch = field(init=False)
    address: tuple[str, int] = field(init=False)
    stopping: bool = False
    running: asyncio.Event = field(default_factory=asyncio.Event)  # clear: hold still
    in_flight: int = 0
    boards_open: int = 0
    assistants_open: int = 0
    ops: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    first_errors: list[str] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.watch = ProcessWatch(self.server.pid)
        self.address = ("127.0.0.1", self.team.port)

    def sample(self, label: str = "") -> Sample:
        """The figures now, printed as a line."""
        kids = self.watch.note()
        wal = self.team.db.with_name(self.team.db.name + "-wal")
        s = Sample(
            time.monotonic() - self.started,
            rss_kb(self.server.pid),
            open_files(self.server.pid),
            len(kids),
            sum(map(rss_kb, kids)),
            sum(map(open_files, kids)),
            wal.stat().st_size if wal.exists() else 0,
        )
        self.samples.append(s)
        minutes, seconds = divmod(round(s.at), 60)
        print(
            f"  {minutes:2d}:{seconds:02d} {label:7s} server {s.rss_kb / 1024:5.1f} MB "
            f"{s.fds:3d} fds · {s.sessions:2d} sessions {s.sessions_rss_kb / 1024:6.1f} MB "
            f"{s.sessions_fds:4d} fds · WAL {s.wal / 2**20:5.2f} MB · "
            f"ops {sum(self.ops.values()):5d} · errors {sum(self.errors.values())}",
            flush=True,
        )
        return s

    def failed(self, what: str, error: BaseException | str) -> None:
        self.errors[what] += 1
        if len(self.first_errors) < 10:
            at = time.monotonic() - self.started
            self.first_errors.append(f"{at:6.0f} s  {what}: {str(error).strip()[:300]}")

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """One action: waits while the members hold still, and counts as in flight."""
        await self.running.wait()
        self.in_flight += 1
        try:
            yield
        finally:
            self.in_flight -= 1

    async def pause(self, mean: float) -> None:
        await asyncio.sleep(random.uniform(0.5 * mean, 1.5 * mean))


# ----- the members ---------------------------------------------------------------------------


async def board_member(soak: Soak, n: int) -> None:
    """Member n's board: open, moves every few seconds, closed and opened again."""
    opened: Opened | None = None
    closes = 0
    await asyncio.sleep(n)  # the members arrive over the first seconds
    while not soak.stopping:
        async with soak.turn():  # closing and opening again are one turn: a hold finds it open
            if opened is not None:
                closes += 1
                await close_board(soak, *opened, abruptly=closes % 2 == 0)
            opened = None if soak.stopping else await open_board(soak, n)
        if opened is None:
            await asyncio.sleep(5)
            continue
        lifetime = time.monotonic() + random.uniform(30, 90)
        while not soak.stopping and time.monotonic() < lifetime:
            await soak.pause(soak.args.move_every)
            async with soak.turn():
                if soak.stopping or not await move_card(soak, opened[1], n):
                    break
    if opened is not None:
        await close_board(soak, *opened, abruptly=n % 2 == 1)


async def open_board(soak: Soak, n: int) -> Opened | None:
    """Member n's board at 100×40, filtered to the members' cards, the cursor on n's."""
    try:  # (no wait_for around it: a SystemExit in its task would stop the loop)
        opened = await served_team.connect_board(soak.team, n)
    except (SystemExit, OSError, asyncssh.Error) as error:
        soak.failed("board open", error)
        return None
    soak.ops["board opened"] += 1
    soak.boards_open += 1
    return opened


async def move_card(soak: Soak, s: served_team.Session, n: int) -> bool:
    """Cursor away and back, then the card to its next horizon, seen on this screen."""
    s.send(served_team.DOWN + served_team.UP if n == 0 else served_team.UP + served_team.DOWN)
    try:
        await served_team.steer(s, n, 15)
        to = served_team.CYCLE[
            (served_team.CYCLE.index(s.shown.get(n, "now")) + 1) % len(served_team.CYCLE)
        ]
        s.send(b"h")
        await asyncio.sleep(0.3)  # the picker opens; its key chooses, as a person would
        s.send(served_team.PICK[to])
        await s.until_true(lambda: s.shown.get(n) == to, f"Card-m{n} {to}", 15)
    except SystemExit as error:
        soak.failed("board move", error)
        return False
    soak.ops["board move"] += 1
    s.changes.clear()
    return True


async def close_board(
    soak: Soak, conn: asyncssh.SSHClientConnection, s: served_team.Session, abruptly: bool
) -> None:
    """ctrl+q and wait for the session to end, or drop the connection mid-session."""
    soak.boards_open -= 1
    if abruptly:
        if s.reader is not None:
            s.reader.cancel()
        conn.abort()
        soak.ops["board dropped"] += 1
        return
    s.send(QUIT)
    try:
        assert s.ended is not None
        await asyncio.wait_for(s.ended(), 30)
        soak.ops["board quit"] += 1
    except (TimeoutError, OSError, asyncssh.Error) as error:
        soak.failed("board quit", error)
    conn.close()


async def command_member(soak: Soak, n: int) -> None:
    """Member n's one-line commands, each on a connection of its own."""
    card = soak.cards[n]
    commands = [f"show {card} --json", "list --json", f"rank {card} --top"]
    commands += [f"move {card} dropped", "report", f"move {card} backlog", f"rank {card} --bottom"]
    k = n
    while not soak.stopping:
        await soak.pause(soak.args.command_every)
        command = commands[k % len(commands)]
        name = command.split()[0]
        async with soak.turn():
            try:
                key = soak.team.keys[n]
                async with asyncssh.connect(*soak.address, client_keys=[key], **NO_CHECKS) as conn:
                    result = await asyncio.wait_for(conn.run(command), 60)
            except (OSError, asyncssh.Error, TimeoutError) as error:
                soak.failed(name, f"m{n} {command}: {error!r}")
                continue
        if result.exit_status != 0:
            soak.failed(name, f"m{n} {command}: {result.exit_status} {result.stderr!r}")
        else:
            soak.ops[name] += 1
            k += 1


async def assistant(soak: Soak, n: int) -> None:
    """Member n's assistant over `ssh HOST mcp`: list_items and update_item in turn."""
    ssh = shutil.which("ssh") or "ssh"
    args = [*served_team.SSH_OPTIONS.split(), "-i", str(soak.team.folder / f"m{n}")]
    args += ["-p", str(soak.team.port), "127.0.0.1", "mcp"]
    try:
        async with Client(StdioServerParameters(command=ssh, args=args), mode="legacy") as client:
            soak.ops["mcp connected"] += 1
            soak.assistants_open += 1
            k = 0
            while not soak.stopping:
                await soak.pause(soak.args.command_every)
                async with soak.turn():
                    k += 1
                    await call_tool(soak, client, k)
    except Exception as error:  # the SDK's own, or an ExceptionGroup from its task group
        soak.failed("mcp connection", repr(error))
    soak.assistants_open = 0


async def call_tool(soak: Soak, client: Client, k: int) -> None:
    tool, arguments = ("list_items", {"horizon": "now"})
    if k % 2 == 0:
        tool, arguments = ("update_item", {"key": soak.notes, "description": f"soak {k}"})
    try:
        result = await asyncio.wait_for(client.call_tool(tool, arguments), 60)
    except Exception as error:
        soak.failed(f"mcp {tool}", repr(error))
        return
    if result.is_error:
        soak.failed(f"mcp {tool}", str(result.content))
    else:
        soak.ops[f"mcp {tool}"] += 1


# ----- the run -------------------------------------------------------------------------------


def make_soak_board(folder: Path, members: int) -> tuple[served_team.Team, list[str], str]:
    """served_team.py's team (the demo board, a Card-mN per member), m0 a product owner too, a
    Cmd-mN card per member for commands and one for the assistant: the team and keys."""
    team = served_team.make_team(folder, members)
    board = Board.open(team.db, "benchmark")
    owners = board.settings().product_owners
    board.close()
    board = Board.open(team.db, owners[0] if owners else "benchmark")
    try:
        board.config.configure("product_owners", ",".join([*owners, "m0"]))
        cards = [f"#{board.items.add(f'Cmd-m{n}').id}" for n in range(members)]
        notes = f"#{board.items.add('Assistant notes').id}"
    finally:
        board.close()
    key_file = folder / f"m{members - 1}"  # the assistant's, for OpenSSH's -i
    key_file.write_bytes(team.keys[members - 1].export_private_key())
    key_file.chmod(0o600)
    return team, cards, notes


async def hold_still(soak: Soak, label: str) -> Sample:
    """Every board open, nothing in flight, the server's processes down to the boards' and
    the assistant's: then a sample."""
    soak.running.clear()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        open_now = soak.boards_open + soak.assistants_open  # one that failed tries again later
        if soak.in_flight == 0 and len(soak.watch.note()) == open_now:
            break
        await asyncio.sleep(0.2)
    else:
        why = f"{soak.boards_open} boards open, {soak.in_flight} in flight"
        soak.failed("hold still", f"{label}: {why}, {len(soak.watch.note())} processes")
    found = soak.sample(label)
    soak.running.set()
    return found


async def sampler(soak: Soak) -> None:
    """A sample every 10 s; the server's processes noted every second."""
    for k in range(1, sys.maxsize):
        await asyncio.sleep(1)
        len(soak.watch.note())
        if k % 10 == 0:
            soak.sample()


async def soak_run(soak: Soak) -> dict[str, Sample]:
    marks = {"at rest": soak.sample("at rest")}
    soak.running.set()
    members = range(soak.args.members)
    workers = [asyncio.ensure_future(board_member(soak, n)) for n in members]
    workers += [asyncio.ensure_future(command_member(soak, n)) for n in members]
    workers.append(asyncio.ensure_future(assistant(soak, soak.args.members - 1)))
    watching = asyncio.ensure_future(sampler(soak))
    await asyncio.sleep(max(0.0, soak.started + 60 - time.monotonic()))
    marks["1 min"] = await hold_still(soak, "1 min")
    await asyncio.sleep(max(0.0, soak.started + soak.args.minutes * 60 - time.monotonic()))
    marks["end"] = await hold_still(soak, "end")
    soak.running.clear()
    soak.stopping = True
    soak.running.set()
    await asyncio.gather(*workers)
    deadline = time.monotonic() + 30
    while len(soak.watch.note()) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    watching.cancel()
    marks["closed"] = soak.sample("closed")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--move-every", type=float, default=3, help="seconds, on average")
    parser.add_argument("--command-every", type=float, default=5, help="seconds, on average")
    args = parser.parse_args()
    if args.minutes < 1.5 or not 2 <= args.members <= 40:
        raise SystemExit("soak: --minutes takes 1.5 or more, --members 2 to 40")
    if shutil.which("ssh") is None:
        raise SystemExit("soak: this benchmark needs OpenSSH's ssh")
    compile_poboard()
    with tempfile.TemporaryDirectory(prefix="poboard-soak-") as tmp:
        team, cards, notes = make_soak_board(Path(tmp), args.members)
        # every member comes from 127.0.0.1: more startups from one address than a server
        # on the internet would allow
        server = served_team.start_server(
            team, "--idle-timeout", "0", "--max-startups-per-address", "64"
        )
        print(
            f"soak: {args.members} members for {args.minutes:g} min on 127.0.0.1:{team.port}"
            f" (moves every ~{args.move_every:g} s, commands every ~{args.command_every:g} s)"
        )
        soak = Soak(team, server, args, cards, notes)
        try:
            marks = asyncio.run(soak_run(soak))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        code = report(soak, marks, soak.watch.left(), served_team.landed_moves(team, args.members))
    sys.exit(code)


if __name__ == "__main__":
    main()
