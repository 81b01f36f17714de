"""`poboard serve --ssh` as a team feels it, on the demo board.

(a) Connect to paint: from starting `ssh -p PORT 127.0.0.1` in a tmux pane (80×24) to
    the first painted backlog, against starting `poboard` itself in the same kind of
    pane. Runs alternate; medians are compared (goal: ssh within 1.5× of local).
(b) Ten members at once, each in their own TUI session over a PTY (asyncssh's client,
    100×40, the backlog filtered to the ten benchmark cards), each moving their card
    every second for a minute with the `h` key and the picker's key for the next
    roadmap horizon (now → next → later → unplanned; timed from the picker's key).
    Every move must land (the events log is checked), and every other member's screen
    (rendered with pyte) must show it; the p95 of move-to-seen over all pairs is the
    figure (goal: under 1 s).

(c) A member's `show` while 1,000 strangers hold connections open, and (d) the server's
    memory through a 1 GB input flood from one session: see serve_bounds.py.

    python benchmarks/serve.py [--runs 7] [--members 10] [--seconds 60] [--direct]
    python benchmarks/serve.py --strangers [--stranger-count 1000] [--reconnect 1]
    python benchmarks/serve.py --flood [--flood-mb 1024]

--direct runs (b) alone with the same TUIs on local PTYs and no SSH, as a control;
--strangers and --flood run (c) and (d) alone (together when both are given).

Needs tmux, OpenSSH's ssh and pyte (`pip install pyte`).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
import pyte
import serve_bounds
from harness import compile_poboard, p95
from served_team import (
    CYCLE,
    PICK,
    POBOARD,
    SSH_OPTIONS,
    Session,
    Team,
    connect_board,
    cpu_seconds,
    landed_moves,
    make_team,
    start_server,
    to_card,
)

from poboard.serve.child import PtyChild

# ----- (a) connect to paint ------------------------------------------------------------------


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", "poboard-bench", *args], capture_output=True, text=True, check=False
    ).stdout


def time_to_paint(command: str, needle: str, timeout: float = 30) -> float:
    """From starting `command` in a fresh 80×24 tmux pane to `needle` on its screen."""
    start = time.perf_counter()
    tmux("new-session", "-d", "-s", "run", "-x", "80", "-y", "24", command)
    try:
        while time.perf_counter() - start < timeout:
            screen = tmux("capture-pane", "-p", "-t", "run")
            if needle in screen and " items" in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise SystemExit(f"no paint within {timeout} s of {command!r}:\n{screen}")
    finally:
        tmux("kill-session", "-t", "run")


def connect_to_paint(team: Team, runs: int) -> tuple[list[float], list[float]]:
    tmux("new-session", "-d", "-s", "keep", "sleep 3600")  # the tmux server stays up
    env = f"env -u POBOARD_USER XDG_DATA_HOME={team.folder / 'xdg'}"
    local_cmd = f"{env} {POBOARD} --db {team.db}"
    ssh_cmd = f"ssh {SSH_OPTIONS} -i {team.folder / 'm0'} -p {team.port} 127.0.0.1"
    needle = team.first_title[:24]
    local, remote = [], []
    time_to_paint(local_cmd, needle)  # warm the disk cache for both
    for _ in range(runs):
        local.append(time_to_paint(local_cmd, needle))
        remote.append(time_to_paint(ssh_cmd, needle))
    tmux("kill-server")
    return local, remote


# ----- (b) ten members moving cards --------------------------------------------------------


async def open_session(team: Team, n: int, direct: bool) -> tuple[object, Session]:
    """Member n's TUI at 100×40: over SSH, or (`direct`) started here on a PTY of its own
    through the server's own PtyChild, for comparison."""
    if not direct:
        return await connect_board(team, n)
    screen = pyte.Screen(100, 40)
    session = Session(n, screen, pyte.ByteStream(screen))
    child = PtyChild(session.feed)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POBOARD_")}
    env.update(POBOARD_USER=f"m{n}", POBOARD_DB=str(team.db), TERM="xterm-256color")
    await child.start([sys.executable, "-m", "poboard"], env, (100, 40, 0, 0))
    session.send, session.ended = child.write, child.wait
    await to_card(session, n)
    return child, session


async def moving_cards(
    team: Team, members: int, seconds: int, direct: bool = False
) -> dict[str, object]:
    opened = await asyncio.gather(*(open_session(team, n, direct) for n in range(members)))
    server_before = cpu_seconds(team.server.pid if team.server else 0)
    harness_before = time.process_time()
    handles = [h for h, _ in opened]
    sessions = [s for _, s in opened]
    for s in sessions:
        s.changes.clear()
    moves: dict[int, list[float]] = {n: [] for n in range(members)}
    start = time.perf_counter() + 0.5

    async def mover(s: Session) -> None:
        for k in range(seconds):
            at = start + k + s.n / members  # staggered across each second
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            s.send(b"h")  # the horizon picker opens; its key chooses, as a user would
            await asyncio.sleep(0.2)
            moves[s.n].append(time.perf_counter())
            s.send(PICK[CYCLE[(k + 1) % len(CYCLE)]])

    await asyncio.gather(*(mover(s) for s in sessions))
    final = CYCLE[seconds % len(CYCLE)]

    def settled() -> bool:
        return all(s.shown.get(n) == final for s in sessions for n in range(members))

    deadline = time.perf_counter() + 60  # a loaded machine catches up; then we stop waiting
    while not settled() and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    for s in sessions:
        s.send(b"\x11")  # ctrl+q
    await asyncio.gather(*(s.ended() for s in sessions if s.ended is not None))
    for handle in handles:
        if isinstance(handle, asyncssh.SSHClientConnection):
            handle.close()

    for s in sessions:
        for notice in sorted(s.notices):
            print(f"    m{s.n} was refused: {notice} — reloaded")
    seen, missed = [], 0
    for mover_n, times in moves.items():
        expected = [CYCLE[(k + 1) % len(CYCLE)] for k in range(len(times))]
        for watcher in sessions:
            if watcher.n == mover_n:
                continue
            done = 0  # moves of this card that this watcher has shown so far
            for t, n, horizon in watcher.changes:
                if n != mover_n:
                    continue
                latest = None
                for k in range(done, len(times)):
                    if times[k] > t:
                        break
                    if expected[k] == horizon:
                        latest = k
                if latest is None:
                    continue
                seen += [t - times[k] for k in range(done, latest + 1)]
                done = latest + 1
            missed += len(times) - done
    landed = landed_moves(team, members)
    return {
        "server cpu": cpu_seconds(team.server.pid if team.server else 0) - server_before,
        "harness cpu": time.process_time() - harness_before,
        "load": os.getloadavg()[0],
        "moves": sum(len(t) for t in moves.values()),
        "landed": landed,
        "pairs seen": len(seen),
        "pairs missed": missed,
        "p50": statistics.median(seen) if seen else float("nan"),
        "p95": p95(seen) if seen else float("nan"),
        "max": max(seen) if seen else float("nan"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--direct",
        action="store_true",
        help="(b) only, without SSH: the same TUIs on local PTYs, to tell serve's share apart",
    )
    parser.add_argument("--strangers", action="store_true", help="(c) only (with --flood: both)")
    parser.add_argument("--stranger-count", type=int, default=1000)
    parser.add_argument(
        "--reconnect", type=float, default=1.0, help="(c) a closed stranger's wait to connect again"
    )
    parser.add_argument("--show-runs", type=int, default=10, help="(c) runs of show, each way")
    parser.add_argument("--flood", action="store_true", help="(d) only (with --strangers: both)")
    parser.add_argument("--flood-mb", type=int, default=1024)
    args = parser.parse_args()
    compile_poboard()
    if args.strangers or args.flood:
        bounds(args)
        return
    for tool in ("tmux", "ssh"):
        if shutil.which(tool) is None:
            raise SystemExit(f"this benchmark needs {tool}")
    with tempfile.TemporaryDirectory(prefix="poboard-serve-bench-") as tmp:
        team = make_team(Path(tmp), args.members)
        start_server(team)
        try:
            if not args.direct:
                paint(team, args.runs)
            moves(team, args.members, args.seconds, args.direct)
        finally:
            if team.server is not None:
                team.server.terminate()
                team.server.wait(timeout=30)


def bounds(args: argparse.Namespace) -> None:
    """(c) and (d), each on a server of its own."""
    if args.strangers:
        print(f"    (this benchmark may open {serve_bounds.raise_open_files()} files)")
    with tempfile.TemporaryDirectory(prefix="poboard-serve-bench-") as tmp:
        team = make_team(Path(tmp), 1)
        for wanted, part in ((args.strangers, strangers), (args.flood, flood)):
            if not wanted:
                continue
            team.log.clear()
            start_server(team)
            assert team.server is not None
            try:
                part(team, args)
            finally:
                team.server.terminate()
                team.server.wait(timeout=30)


def strangers(team: Team, args: argparse.Namespace) -> None:
    assert team.server is not None
    result = asyncio.run(
        serve_bounds.strangers_against_show(
            team.port,
            team.server.pid,
            team.folder / "m0",
            args.stranger_count,
            args.reconnect,
            args.show_runs,
        )
    )
    time.sleep(11)  # the server's summary lines come at the end of each 10 s
    serve_bounds.report_strangers(result, args.stranger_count, args.reconnect, team.log)


def flood(team: Team, args: argparse.Namespace) -> None:
    assert team.server is not None
    result = asyncio.run(
        serve_bounds.flood(team.port, team.server.pid, team.keys[0], args.flood_mb, stalled=10)
    )
    serve_bounds.report_flood(result, args.flood_mb)


def paint(team: Team, runs: int) -> None:
    local, remote = connect_to_paint(team, runs)
    print(f"(a) connect to first painted backlog, demo board, tmux 80x24, {runs} runs")
    for name, times in (("local poboard", local), ("ssh + serve  ", remote)):
        print(
            f"    {name}  median {statistics.median(times) * 1000:6.0f} ms  "
            f"runs {', '.join(f'{t * 1000:.0f}' for t in times)}"
        )
    print(f"    ratio {statistics.median(remote) / statistics.median(local):.2f} (goal ≤ 1.5)")


def moves(team: Team, members: int, seconds: int, direct: bool) -> None:
    result = asyncio.run(moving_cards(team, members, seconds, direct))
    how = "local PTYs, no SSH" if direct else "TUI sessions over SSH with a PTY"
    print(
        f"(b) {members} members, {how} (100x40), each pressing h "
        f"and the next horizon's key every second for {seconds} s"
    )
    print(
        f"    moves {result['moves']}, landed in the events log {result['landed']}"
        f" (load average at the end {result['load']:.1f} on {os.cpu_count()} CPUs)"
    )
    if not direct:
        print(f"    the serve process itself used {result['server cpu']:.1f} CPU-seconds")
    print(
        f"    this benchmark's {members} terminals (pyte) used "
        f"{result['harness cpu']:.1f} CPU-seconds"
    )
    print(
        f"    move → seen on another member's screen: {result['pairs seen']} pairs, "
        f"{result['pairs missed']} never seen"
    )
    print(
        f"    p50 {result['p50'] * 1000:.0f} ms  p95 {result['p95'] * 1000:.0f} ms  "
        f"max {result['max'] * 1000:.0f} ms (goal p95 < 1000 ms)"
    )


if __name__ == "__main__":
    main()
