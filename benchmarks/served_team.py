"""A team on a served demo board, for the serve benchmarks (serve.py, soak.py): the
board with a Card-mN per member and their keys, the server, and a member's board on a
PTY read with pyte, the cursor steered to their card."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pyte

from poboard.board import Board
from poboard.services.members import parse_keys

POBOARD = str(Path(sys.executable).parent / "poboard")
CYCLE = ("now", "next", "later", "unplanned")
PICK = {"now": b"n", "next": b"x", "later": b"l", "unplanned": b"u"}  # the picker's keys
DOWN, UP, ENTER = b"\x1b[B", b"\x1b[A", b"\r"
SESSIONS = ("--max-sessions", "64", "--max-sessions-per-member", "64")
SSH_OPTIONS = (
    "-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "
    "-o BatchMode=yes -o IdentitiesOnly=yes -F /dev/null"
)


@dataclass
class Team:
    folder: Path
    db: Path
    keys: list[asyncssh.SSHKey]
    first_title: str
    server: subprocess.Popen[str] | None = None
    port: int = 0
    log: list[str] = field(default_factory=list)  # the server's lines after the first


def make_team(folder: Path, members: int) -> Team:
    """The demo board, one card per member, and the members' keys."""
    db = folder / "board.db"
    subprocess.run([POBOARD, "--db", str(db), "demo"], check=True, capture_output=True)
    board = Board.open(db, "benchmark")
    owner = (board.settings().product_owners or ["benchmark"])[0]
    board.close()
    board = Board.open(db, owner)
    keys = []
    try:
        for n in range(members):
            board.items.add(f"Card-m{n}", horizon="now")
            key = asyncssh.generate_private_key("ssh-ed25519")
            keys.append(key)
            board.members.add_member(f"m{n}", parse_keys(key.export_public_key().decode()))
        key_file = folder / "m0"
        key_file.write_bytes(keys[0].export_private_key())
        key_file.chmod(0o600)
        first = board.lists.list_views(open_only=True)[0].item.title
    finally:
        board.close()
    db.chmod(0o600)
    return Team(folder, db, keys, first)


def start_server(team: Team, *options: str) -> subprocess.Popen[str]:
    """The server, with as many open files as a default account has (1,024) and the
    default limits but for sessions (64 at once, any number per member) and `options`;
    its log lines are collected in `team.log` as they come."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBOARD_")}
    env["XDG_DATA_HOME"] = str(team.folder / "xdg")
    team.server = subprocess.Popen(
        [POBOARD, "--db", str(team.db), "serve", "--ssh", "--port", "0", *SESSIONS, *options],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_default_open_files,
    )
    assert team.server.stdout is not None
    line = team.server.stdout.readline()
    found = re.search(r"127\.0\.0\.1:(\d+) ", line)
    if found is None:
        raise SystemExit(f"the server did not start: {line}")
    team.port = int(found.group(1))
    threading.Thread(target=_collect, args=(team.server.stdout, team.log), daemon=True).start()
    return team.server


def _default_open_files() -> None:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    soft = 1024 if hard == resource.RLIM_INFINITY else min(1024, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _collect(stream: object, into: list[str]) -> None:
    """The server's log, read as it comes (a full pipe would stop the server)."""
    for line in stream:  # type: ignore[attr-defined]
        into.append(line.rstrip("\n"))


# ----- a member's board ------------------------------------------------------------------


@dataclass
class Session:
    n: int
    screen: pyte.Screen
    stream: pyte.ByteStream
    send: Callable[[bytes], None] = print
    ended: Callable[[], Awaitable[object]] | None = None
    shown: dict[int, str] = field(default_factory=dict)  # card → horizon on this screen
    changes: list[tuple[float, int, str]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    reader: asyncio.Task[None] | None = None
    notices: set[str] = field(default_factory=set)  # conflicts the member was shown

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def feed(self, data: bytes) -> None:
        self.stream.feed(data)
        now = time.perf_counter()
        display = self.screen.display
        for row in sorted(self.screen.dirty):  # only the rows this output changed
            line = display[row]
            card = re.search(r"#\d+\s{2,}Card-m(\d+)\s.*?\b(now|next|later|unplanned)\b", line)
            if card:
                n, horizon = int(card.group(1)), card.group(2)
                if self.shown.get(n) != horizon:
                    self.shown[n] = horizon
                    self.changes.append((now, n, horizon))
        self.screen.dirty.clear()
        self.changed.set()
        for refused in re.findall(r"#\d+ was changed by \S+ at [\d:]+", "\n".join(display)):
            self.notices.add(refused)

    def cursor_card(self) -> int | None:
        """The card on the highlighted row, as the detail panel under the table names it."""
        for line in self.screen.display:
            found = re.search(r"│ #\d+ Card-m(\d+)\s", line)
            if found:
                return int(found.group(1))
        return None

    async def until(self, check: str | re.Pattern[str], timeout: float = 30) -> None:
        await self.until_true(lambda: re.search(check, self.text()), str(check), timeout)

    async def until_true(self, check: Callable[[], object], what: str, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while not check():
            self.changed.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                raise SystemExit(f"member m{self.n}: no {what} on screen:\n{self.text()}")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                continue


async def connect_board(team: Team, n: int) -> tuple[asyncssh.SSHClientConnection, Session]:
    """Member n's board over SSH at 100×40, filtered to the cards, the cursor on theirs;
    the connection is closed again if it does not get there."""
    screen = pyte.Screen(100, 40)
    session = Session(n, screen, pyte.ByteStream(screen))
    conn = await asyncssh.connect(
        "127.0.0.1",
        team.port,
        username=f"m{n}",
        client_keys=[team.keys[n]],
        known_hosts=None,
        agent_path=None,
    )
    try:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(100, 40), encoding=None
        )

        async def read() -> None:
            while data := await process.stdout.read(65536):
                session.feed(data)

        session.reader = asyncio.ensure_future(read())
        session.send, session.ended = process.stdin.write, process.wait_closed
        await to_card(session, n)
    except BaseException:
        if session.reader is not None:
            session.reader.cancel()
        conn.abort()
        raise
    return conn, session


async def to_card(session: Session, n: int) -> None:
    """Filter the backlog to the cards (`/` then `Card-m`), then steer to Card-mN."""
    await session.until(" items")
    session.send(b"/")
    await session.until("ready:yes")  # the filter field is open
    session.send(b"Card-m" + ENTER)
    await session.until(r"\d+ of \d+ items")
    await steer(session, n, 30)


async def steer(session: Session, n: int, timeout: float) -> None:
    """Arrow keys, one at a time as the screen answers (keys sent at once may land before
    the filter does), until the cursor is on Card-mN (the cards are in members' order)."""
    deadline = time.monotonic() + timeout
    while (at := session.cursor_card()) != n:
        if time.monotonic() > deadline:
            raise SystemExit(f"m{n}: the cursor stayed off Card-m{n}:\n{session.text()}")
        if at is not None:
            session.send(DOWN if at < n else UP)
        session.changed.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(session.changed.wait(), 1)


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user + system), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def landed_moves(team: Team, members: int) -> int:
    """Horizon changes in the events log, each by the member whose card it is."""
    board = Board.open(team.db, "benchmark")
    try:
        cards = {i.id: i.title for i in board.items.all() if i.title.startswith("Card-m")}
        moved = [(e.user, cards.get(e.item_id)) for e in board.events() if e.field == "horizon"]
        moved = [(user, card) for user, card in moved if card is not None]
        stray = [(user, card) for user, card in moved if card != f"Card-{user}"]
        if stray:
            print(f"    moves of another's card (member, card): {stray[:10]}")
        return len(moved) - len(stray)
    finally:
        board.close()
