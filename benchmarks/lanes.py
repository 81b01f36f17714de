"""Roadmap and Sprint screens at scale: time to paint, and time for one card move.

    python benchmarks/lanes.py [--items 2000] [--db PATH]

Builds `poboard demo --items N` (unless --db names a board), puts a share of the
generated items into the active sprint, then for each screen: starts a fresh process,
switches to the screen and reports when it is painted; and, in one process, times card
moves (roadmap lane moves, sprint column moves) through the same key handlers a user
presses. Targets: paint under 1 s, a move under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from harness import demo_board, harness_floor, p95

PAINT = r"""
import sys, time
from poboard.tui.app import create_app

async def painted(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    start = time.perf_counter()
    await pilot.press(sys.argv[2])
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the screen reads in the background
    await pilot.pause()
    print(time.perf_counter() - start, flush=True)
    pilot.app.exit()

create_app(sys.argv[1], "bench").run(headless=True, size=(160, 48), auto_pilot=painted)
"""


def build(db: Path, items: int) -> None:
    if not demo_board(db, items):
        return
    from poboard.board import Board

    board = Board.open(db, "ana")
    try:
        sprint = board.sprints.active()
        assert sprint is not None
        ready = [
            v.item.id
            for v in board.lists.list_views(open_only=True, outside_sprints=True)
            if v.ready and v.item.status.value == "backlog"
        ]
        board.sprints.commit(ready[: len(ready) // 3], sprint.name)
    finally:
        board.close()


def paint_seconds(db: Path, key: str) -> float:
    """Seconds from pressing the screen's number key to its first full paint."""
    done = subprocess.run(
        [sys.executable, "-c", PAINT, str(db), key], capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[-1])


async def move_latency(db: Path) -> dict[str, list[float]]:
    """Each move twice over: as a key through Pilot (whose own floor is measured too), and
    as the screen's action followed by one repaint (beside the bare repaint's cost)."""
    from poboard.tui.app import create_app
    from poboard.tui.widgets.card_list import CardList

    app = create_app(db, "ana")
    timings: dict[str, list[float]] = {
        "key floor": await harness_floor(),
        "roadmap key": [],
        "sprint key": [],
        "frame floor": [],
        "roadmap move": [],
        "sprint move": [],
    }

    async def timed(name: str, step: Callable[[], Awaitable[object] | None]) -> None:
        start = time.perf_counter()
        pending = step()
        if pending is not None:
            await pending
        await pilot.pause()
        timings[name].append(time.perf_counter() - start)

    async with app.run_test(size=(160, 48)) as pilot:
        for key, screen, lists, move in (
            ("2", "roadmap", ("#lane-now", "#lane-next"), "lane"),
            ("3", "sprint", ("#col-todo", "#col-doing"), "move"),
        ):
            await pilot.press(key)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            for n in range(20):
                app.screen.query_one(lists[n % 2], CardList).focus()
                await pilot.pause()
                step = 1 if n % 2 == 0 or screen == "roadmap" else -1
                if n < 10:
                    key_name = "shift+right" if step > 0 else "shift+left"
                    await timed(f"{screen} key", lambda k=key_name: pilot.press(k))
                else:
                    await timed("frame floor", lambda: None)
                    action = getattr(app.screen, f"action_{move}")
                    await timed(f"{screen} move", lambda a=action, s=step: a(s))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / f"lanes-{args.items}.db"
    build(db, args.items)
    print(
        f"board: {db} (demo + {args.items} generated items, a third of the ready ones in "
        "the active sprint)"
    )
    for key, name in (("2", "roadmap"), ("3", "sprint")):
        values = [paint_seconds(db, key) for _ in range(args.runs)]
        print(
            f"{name:<8} paint after its key: median {statistics.median(values) * 1000:.0f} ms"
            f" (max {max(values) * 1000:.0f} ms, {args.runs} runs; target < 1000 ms)"
        )
    for name, values in asyncio.run(move_latency(db)).items():
        print(
            f"{name:<13} median {statistics.median(values) * 1000:6.1f} ms, "
            f"p95 {p95(values) * 1000:6.1f} ms"
        )
    print("  key: the key pressed through Pilot (key floor: the same on an idle app);")
    print("  move: the screen's action called directly, then one repaint (frame floor:")
    print("  the repaint alone). Wall clock in Textual's test harness.")


if __name__ == "__main__":
    main()
