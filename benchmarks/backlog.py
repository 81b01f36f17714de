"""How fast the backlog paints with 10,000 items, against a bare Textual DataTable app.

Both apps are started the same way: a fresh Python process that imports what it needs,
reads the same SQLite file, and stops as soon as the first screen with the rows is
painted. The parent times from just before the process starts to the moment the child
reports the paint. Then, in one process, it times cursor moves and filtering on the
backlog, and status moves through the board service.

    python benchmarks/backlog.py [--items 10000] [--runs 5] [--db PATH]

Prints the medians, the ratio (target ≤ 1.5) and latencies (target < 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import demo_board, harness_floor, p95

BARE_APP = r"""
import resource, sqlite3, sys, time
from textual.app import App
from textual.widgets import DataTable
from rich.text import Text

class Bare(App):
    def compose(self):
        yield DataTable(cursor_type="row")

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("#", "Key", "Title", "Kind", "Score", "Est", "R", "Horizon", "Owner")
        conn = sqlite3.connect(sys.argv[1])
        rows = conn.execute(
            "SELECT id, title, kind, estimate, horizon, owner FROM items "
            "WHERE status NOT IN ('done', 'dropped') ORDER BY rank")
        for n, (i, title, kind, est, horizon, owner) in enumerate(rows, 1):
            table.add_row(Text(str(n)), Text(f"#{i}"), Text(title), Text(kind), Text("5.0"),
                          Text(str(est or "")), Text("✓"), Text(horizon), Text(owner or ""),
                          key=str(i))

async def painted(pilot):
    await pilot.pause()
    print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    pilot.app.exit()

Bare().run(headless=True, size=(160, 48), auto_pilot=painted)
"""

POBOARD_APP = r"""
import resource, sys, time
from poboard.tui.app import create_app

async def painted(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the backlog is read in the background
    await pilot.pause()
    print(time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    pilot.app.exit()

create_app(sys.argv[1], "bench").run(headless=True, size=(160, 48), auto_pilot=painted)
"""


def paint_time(script: str, db: Path) -> tuple[float, int]:
    """Seconds from process start to first paint, and the child's peak memory in KiB."""
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", script, str(db)], capture_output=True, text=True, check=True
    )
    painted_at, maxrss = done.stdout.split()[-2:]
    return float(painted_at) - start, int(maxrss)


async def interaction_latency(db: Path) -> dict[str, list[float]]:
    from textual.widgets import Input

    from poboard.tui.app import create_app
    from poboard.tui.widgets.item_table import ItemTable

    app = create_app(db, "bench")
    timings: dict[str, list[float]] = {
        "key floor": await harness_floor(),
        "cursor key": [],
        "frame floor": [],
        "cursor move": [],
        "filter": [],
        "status move": [],
    }
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(ItemTable)
        for _ in range(30):
            start = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            timings["cursor key"].append(time.perf_counter() - start)
        for _ in range(30):
            start = time.perf_counter()
            await pilot.pause()
            timings["frame floor"].append(time.perf_counter() - start)
            start = time.perf_counter()
            table.action_cursor(1)
            await pilot.pause()
            timings["cursor move"].append(time.perf_counter() - start)
        field = app.screen.query_one("#filter", Input)
        for text in (
            "w",
            "we",
            "web",
            "webinar",
            "kind:campaign",
            "owner:dana ready:no",
            "seo",
            "horizon:now",
            "goal:activation",
            "",
        ):
            start = time.perf_counter()
            field.value = text
            await pilot.pause()
            timings["filter"].append(time.perf_counter() - start)
        # Into the sprint and back out: only a ready item may enter it (the gate).
        ready = [v.item.id or 0 for v in table.views if v.ready and v.item.status == "backlog"]
        for item_id in ready[:15]:
            for status in ("todo", "backlog"):
                start = time.perf_counter()
                app.board.items.move(item_id, status)
                timings["status move"].append(time.perf_counter() - start)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / f"bench-{args.items}.db"
    demo_board(db, args.items)

    ours, bare, our_mem, bare_mem = [], [], [], []
    for _ in range(args.runs):
        seconds, memory = paint_time(BARE_APP, db)
        bare.append(seconds)
        bare_mem.append(memory)
        seconds, memory = paint_time(POBOARD_APP, db)
        ours.append(seconds)
        our_mem.append(memory)
    ratio = statistics.median(ours) / statistics.median(bare)
    memory_ratio = statistics.median(our_mem) / statistics.median(bare_mem)
    print(f"board: {db} ({args.items} generated items + demo)")
    print(
        f"bare DataTable app: first paint {statistics.median(bare):.2f} s (median of "
        f"{args.runs}), peak memory {statistics.median(bare_mem) / 1024:.0f} MiB"
    )
    print(
        f"poboard backlog:    first paint {statistics.median(ours):.2f} s (median of "
        f"{args.runs}), peak memory {statistics.median(our_mem) / 1024:.0f} MiB"
    )
    print(f"ratio: {ratio:.2f} (target ≤ 1.5); memory ratio {memory_ratio:.2f} (target < 2)")
    print("latency, wall clock in Textual's test harness, each until the screen is repainted:")
    for name, values in asyncio.run(interaction_latency(db)).items():
        print(
            f"  {name:<14} median {statistics.median(values) * 1000:6.1f} ms, "
            f"p95 {p95(values) * 1000:6.1f} ms, max {max(values) * 1000:6.1f} ms"
        )
    print("  key floor: Pilot's press() on an app that does nothing; cursor key: press('down')")
    print("  frame floor: waiting for one repaint with nothing to do; cursor move and filter:")
    print("  the action (or the filter text) set directly, then that repaint")
    print("  status move: the board service alone (one transaction, its events)")


if __name__ == "__main__":
    main()
