"""What a user waits for, in a real terminal: key press → screen changed, and commands'
wall times, on a board with a team's lifetime of work (`poboard demo --items 10000`).

Every interaction is timed in tmux from sending the key until the screen changes, next
to the cursor-move floor measured in the same run (the machine is noisy: compare the
ratios). Commands are timed from start to exit next to a bare Python start that opens
the same file with sqlite3.

    python benchmarks/terminal.py [--items 10000] [--requests 1000] [--db PATH]
                                  [--size 160x48] [--repeat 20]

What only the first time in a session costs (a screen's first visit, the editor's first
opening) is timed in `--runs` fresh sessions. The editor's first opening twice: after
the user has looked at the board for three seconds, and straight after visiting every
screen. And the worst cursor move in the board's first seconds, while what comes later
(the other screens' code, the item editor built out of sight) loads.
Prints medians, p90 and p95, each with its ratio to the floor, and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from harness import compile_poboard, demo_board
from tmux import Terminal

POBOARD = str(Path(sys.executable).parent / "poboard")
ROW = re.compile(r"#\d+ ")
LOOK_SECONDS = 3.0  # a user looks at the board this long before opening an item
LOADING_SECONDS = 1.5  # from the first paint: the other screens' code and styles load

BARE_APP = r"""
import sqlite3, sys
from textual.app import App
from textual.widgets import DataTable, Footer, Header

class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("#", "Key", "Title", "Kind", "Est", "Horizon", "Owner")
        rows = sqlite3.connect(sys.argv[1]).execute(
            "SELECT id, title, kind, estimate, horizon, owner FROM items "
            "WHERE status NOT IN ('done', 'dropped') ORDER BY rank")
        for n, (i, title, kind, est, horizon, owner) in enumerate(rows, 1):
            table.add_row(str(n), f"#{i}", title, kind, str(est or ""), horizon, owner or "")

Bare().run()
"""
TEAMMATE = r"""
import sys, time
from poboard.board import Board

board = Board.open(sys.argv[1], "teammate")
keys = [int(k) for k in sys.argv[2].split(",")]
n = 0
while True:
    key = keys[n % len(keys)]
    board.items.edit(key, {"title": f"Renamed by a teammate, take {n}"})
    n += 1
    time.sleep(1.0)
"""


SCREENS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "1": ("backlog", lambda s: "Title" in s and "Score" in s and bool(ROW.search(s))),
    "2": ("roadmap", lambda s: "NOW " in s and "LATER " in s and bool(ROW.search(s))),
    "3": ("sprint", lambda s: "TO DO (" in s or "No sprint yet" in s),
    "4": ("retro", lambda s: "Retro ·" in s or "No retro yet" in s or "has no retro" in s),
    "5": ("insights", lambda s: "Velocity" in s),
    "6": ("requests", lambda s: "REQUESTS " in s and " in all" in s and bool(ROW.search(s))),
}
VISITS = "234561"  # every screen's first visit, in a session's order
NEW_REQUESTS = re.compile(r"Requests (\d+) new")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


class Report:
    def __init__(self) -> None:
        self.floor: float | None = None

    def line(self, name: str, values: list[float], target: str = "") -> None:
        median = statistics.median(values)
        ratio = f" = {median / self.floor:4.1f}× floor" if self.floor else ""
        print(
            f"  {name:<34} median {median * 1000:7.1f} ms{ratio}   p90 "
            f"{percentile(values, 90) * 1000:7.1f}   p95 {percentile(values, 95) * 1000:7.1f}"
            f"   (n={len(values)}) {target}"
        )


def editor_open(screen: str) -> bool:
    return "Edit #" in screen and "^s Save" in screen


def app(db: Path, size: str, user: str = "bench") -> Terminal:
    terminal = Terminal(f"{POBOARD} --db {shlex.quote(str(db))} --user {user}", size)
    terminal.wait_for(SCREENS["1"][1], timeout=120)
    terminal.settle()
    return terminal


def repeat(times: int, measure: Callable[[], float]) -> list[float]:
    return [measure() for _ in range(times)]


def keys(terminal: Terminal, times: int, *cycle: str) -> list[float]:
    """Press the keys in turn, `times` presses in all, each once the screen is still."""
    found = []
    for n in range(times):
        terminal.settle(0.15)
        found.append(terminal.press(cycle[n % len(cycle)]))
    return found


def interactions(db: Path, size: str, times: int, sessions: int, report: Report) -> None:
    print(f"key press → screen changed, tmux {size}:")
    firsts: dict[str, list[float]] = {key: [] for key in VISITS}
    first_edits, edits_after_a_look, worst_while_loading = [], [], []
    for _ in range(sessions):  # what only the first time in a session costs, in fresh ones
        with app(db, size) as term:
            for key in VISITS:
                term.settle(0.3)
                firsts[key].append(term.press_until(key, SCREENS[key][1]))
            term.settle(0.3)
            first_edits.append(term.press_until("e", editor_open))
        with app(db, size) as term:
            time.sleep(LOOK_SECONDS)
            edits_after_a_look.append(term.press_until("e", editor_open))
        with app(db, size) as term:  # keys as soon as it shows: the worst while it loads
            start = time.perf_counter()
            cursor = []
            while time.perf_counter() - start < LOADING_SECONDS:
                cursor.append(term.press("Down"))
            worst_while_loading.append(max(cursor))
    with app(db, size) as term:
        floor = keys(term, times * 2, "Down", "Up")
        report.floor = statistics.median(floor)
        report.line("cursor ↓ (the floor)", floor)
        report.line("rank move ⇧↓ / ⇧↑", keys(term, times, "S-Down", "S-Up"), "≤ 4× floor")
        term.settle()
        opened = []
        for _ in range(max(3, times // 4) + 1):
            term.settle(0.15)
            opened.append(term.press_until("e", editor_open))
            term.settle(0.3)
            term.send("Escape")
            term.wait_for(lambda s: "1 Backlog" in s)
        report.line("open the item editor, first, after a look", edits_after_a_look,
                    "≤ 200 ms")  # fmt: skip
        report.line("  … first, straight after other keys", first_edits + opened[:1],
                    "≤ 200 ms")  # fmt: skip
        report.line("open the item editor again", opened[1:], "≤ 200 ms")
        report.line("cursor as the rest loads: worst", worst_while_loading)
        for key in VISITS:
            report.line(f"screen {key} ({SCREENS[key][0]}), first visit", firsts[key],
                        "≤ 300 ms")  # fmt: skip
        for key in VISITS:
            term.settle(0.3)
            term.press_until(key, SCREENS[key][1])  # this session's first visits, untimed
        for key in "23456":
            visits, returns = [], []
            for _ in range(3):
                term.settle(0.3)
                visits.append(term.press_until(key, SCREENS[key][1]))
                term.settle(0.3)
                returns.append(term.press_until("1", SCREENS["1"][1]))
            report.line(f"screen {key} ({SCREENS[key][0]}), again", visits, "≤ 300 ms")
            report.line(f"back to 1 from {key}", returns, "≤ 300 ms")
        term.settle()
        term.press_until("3", SCREENS["3"][1])
        for _ in range(3):
            term.send("Left")  # the To do column
        term.settle()
        report.line("status move on the sprint board ⇧→/⇧←", keys(term, times, "S-Right",
                    "S-Left"), "≤ 4× floor")  # fmt: skip
        term.send("e")
        term.wait_for(lambda s: "Details" in s and "Criteria" in s)
        term.settle()
        term.send("C-t")
        term.wait_for(lambda s: "space met/open" in s or "settled" in s)
        term.send("Up")  # from the new criterion's box, where focus starts, to the list
        term.settle()
        report.line("criterion tick in the editor (space)", keys(term, times, "Space"),
                    "≤ 4× floor")  # fmt: skip


def with_requests(db: Path, count: int) -> str:
    """Requests from three stakeholders onto the board, up to `count` in all (kept in the
    file, as the demo is); returns the product owner, who triages them."""
    from poboard.board import Board

    board = Board.open(db, "bench")
    try:
        owner = board.settings().product_owners[0]
        have = len(board.requests.all())
    finally:
        board.close()
    askers = [Board.open(db, name) for name in ("sales-lee", "cs-maria", "pm-omar")]
    try:
        for n in range(have, count):
            askers[n % 3].requests.add(
                f"Ask {n}: {random.Random(n).choice(['SSO', 'PDF export', 'Slack alerts'])}",
                audience="enterprise trial admins",
                promise="fewer steps on day 1",
                metric="trial to paid",
            )
    finally:
        for asker in askers:
            asker.close()
    return owner


def triage(db: Path, size: str, times: int, owner: str, report: Report) -> None:
    """The product owner on Requests: a (the horizon picker opens), then l (accepted into
    Later: the list and the tab's count of new requests change)."""
    print(f"triage on Requests, as the product owner {owner}, tmux {size}:")
    opened, accepted = [], []
    with app(db, size, owner) as term:
        term.press_until("6", SCREENS["6"][1])
        for _ in range(times):
            term.settle(0.3)
            found = NEW_REQUESTS.search(term.screen())
            waiting = int(found.group(1)) if found else 0
            opened.append(term.press_until("a", lambda s: "Horizon for #" in s))
            term.settle(0.15)
            accepted.append(
                term.press_until("l", lambda s, w=waiting: f"Requests {w - 1} new" in s)
            )
    report.line("requests: a (the horizon picker)", opened, "≤ 4× floor")
    report.line("requests: l (accepted, list re-read)", accepted, "≤ 300 ms")


def under_load(db: Path, size: str, presses: int, report: Report) -> None:
    print("cursor while a teammate saves a change every second (another process):")
    with app(db, size) as term:
        quiet = spaced_cursor(term, presses)
        listed = subprocess.run(
            [POBOARD, "--db", str(db), "list", "--status", "backlog", "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        ids = [row["id"] for row in json.loads(listed)[:20]]
        teammate = subprocess.Popen(
            [sys.executable, "-c", TEAMMATE, str(db), ",".join(map(str, ids))],
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(1.5)
            busy = spaced_cursor(term, presses)
        finally:
            teammate.terminate()
            teammate.wait()
    report.line("cursor ↓↑, quiet", quiet)
    report.line("cursor ↓↑, a save every second", busy, "p90 ≤ 2× quiet p90")
    print(f"  p90 ratio busy / quiet: {percentile(busy, 90) / percentile(quiet, 90):.2f}")


def spaced_cursor(term: Terminal, presses: int) -> list[float]:
    """Cursor presses at a human pace, whatever else is happening on screen."""
    rng = random.Random(7)
    found = []
    for n in range(presses):
        time.sleep(rng.uniform(0.15, 0.45))
        try:
            found.append(term.press("Down" if n % 2 == 0 else "Up", timeout=5))
        except TimeoutError:
            found.append(5.0)
    return found


def first_paint(db: Path, size: str, runs: int, label: str) -> None:
    """From starting the program in a new terminal to its rows on screen."""
    ours, bare = [], []
    for _ in range(runs):
        with Terminal(f"{sys.executable} -c {shlex.quote(BARE_APP)} {db}", size) as term:
            term.wait_for(lambda s: bool(ROW.search(s)) and "Key" in s)
            bare.append(time.perf_counter() - term.started)
        with Terminal(f"{POBOARD} --db {shlex.quote(str(db))} --user bench", size) as term:
            term.wait_for(lambda s: "1 Backlog" in s and bool(ROW.search(s)) and "Key" in s)
            ours.append(time.perf_counter() - term.started)
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"  {label}: bare Header+DataTable+Footer app {b:.2f} s, poboard {o:.2f} s, "
          f"ratio {o / b:.2f} (median of {runs})")  # fmt: skip


def commands(db: Path, runs: int) -> None:
    print("commands, wall time from start to exit:")
    floor = wall([sys.executable, "-c", f"import sqlite3; sqlite3.connect({str(db)!r})"
                  ".execute('select count(*) from items').fetchone()"], runs)  # fmt: skip
    print(f"  {'bare Python start with SQLite':<34} median {floor * 1000:7.1f} ms")
    base = [POBOARD, "--db", str(db), "--user", "bench"]
    review = pick(db, "review") or pick(db, "todo")
    for name, args, target in (
        ("poboard show 37", ["show", "37"], "≤ 250 ms"),
        ("poboard move (doing ↔ review)", None, "≤ 250 ms"),
        ("poboard check / uncheck", None, "≤ 250 ms"),
        ("poboard list --json", ["list", "--json"], "≤ 600 ms"),
        ("poboard report", ["report"], "≤ 600 ms"),
    ):
        if name.startswith("poboard move"):
            times = [wall([*base, "move", str(review), s], 1) for s in ["doing", "review"] * runs]
            value = statistics.median(times)
        elif name.startswith("poboard check"):
            times = [wall([*base, c, str(review), "1"], 1) for c in ["check", "uncheck"] * runs]
            value = statistics.median(times)
        else:
            value = wall(base + list(args or []), runs)
        print(f"  {name:<34} median {value * 1000:7.1f} ms = {value / floor:4.1f}× floor  "
              f"{target}")  # fmt: skip


def pick(db: Path, status: str) -> int | None:
    import sqlite3

    row = (
        sqlite3.connect(db)
        .execute(
            "SELECT id FROM items WHERE status = ? AND sprint_id IS NOT NULL LIMIT 1", [status]
        )
        .fetchone()
    )
    return int(row[0]) if row else None


def wall(argv: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False, env={**os.environ, "COLUMNS": "120"})
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1_000)
    parser.add_argument("--db", type=Path, help="a board to use (made with demo if missing)")
    parser.add_argument("--size", default="160x48")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--runs", type=int, default=5, help="fresh sessions, starts and command runs"
    )
    parser.add_argument(
        "--only", choices=["keys", "triage", "load", "paint", "commands"], action="append"
    )
    args = parser.parse_args()
    compile_poboard()
    folder = Path(tempfile.mkdtemp())
    big = folder / f"demo-{args.items}.db"
    if args.db:  # a copy: the run moves cards and ranks, and must start alike each time
        demo_board(args.db, args.items)
        shutil.copy(args.db, big)
    else:
        demo_board(big, args.items)
    small = folder / "demo.db"
    demo_board(small, 0)
    owner = with_requests(big, args.requests)
    print(
        f"board: {big} (demo + {args.items} generated items, {args.requests} requests); "
        f"machine load {os.getloadavg()}"
    )
    chosen = set(args.only or ["keys", "triage", "load", "paint", "commands"])
    report = Report()
    if "keys" in chosen:
        interactions(big, args.size, args.repeat, args.runs, report)
    if "triage" in chosen:
        triage(big, args.size, args.repeat, owner, report)
    if "load" in chosen:
        under_load(big, args.size, args.repeat * 2, report)
    if "paint" in chosen:
        print("start to first painted backlog, in tmux:")
        first_paint(small, args.size, args.runs, "demo board (41 items)")
        first_paint(big, args.size, args.runs, f"{args.items:,} items")
    if "commands" in chosen:
        commands(big, args.runs)


if __name__ == "__main__":
    main()
