"""A product owner's quarter start on an empty board, in a real terminal (tmux), at
80×24 and 160×48 (issue #23's scenario): settings, a goal with key results, items of
every kind, ranking, the roadmap, planning, a sprint started early, a teammate changing
an open item from a second process, the sprint closed early, a retro, check-ins, the
sprint report and the quarterly update; then a short tour of the demo board. It also
replays #23's item 3: `e` and `x` typed at once must not remove a criterion.

    python benchmarks/quarter_start.py [--size 80x24] [--out /tmp/quarter]

Each step checks what the screen shows and what was stored (the CLI's `--json` on the
same file), prints ✓ or ✗, and writes its last screen to OUT as
`NN-step-name-SIZE.txt`. Exits 1 when any step failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from harness import compile_poboard
from quarter_sprint import plan_and_run
from quarter_steps import set_up
from quarter_tour import demo_tour, fast_keys_keep_criteria
from scenario import Session

SIZES = ("80x24", "160x48")


def run(size: str, out: Path) -> list[str]:
    """The whole scenario at one size; the steps that failed."""
    print(f"== {size}", flush=True)
    with tempfile.TemporaryDirectory(prefix="quarter") as folder:
        work = Path(folder)
        session = Session(work / "q.db", size, out, work)
        try:
            session.open()
            set_up(session)
            plan_and_run(session, today=date.today())
            fast_keys_keep_criteria(session)
            demo_tour(session, work / "demo.db")
        finally:
            session.close()
    return session.failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, action="append", help="default: both")
    parser.add_argument("--out", type=Path, default=Path("/tmp/quarter"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    compile_poboard()
    failed = [f"{size} {step}" for size in args.size or SIZES for step in run(size, args.out)]
    print(f"\nscreens in {args.out}")
    if failed:
        print(f"{len(failed)} step(s) failed: " + "; ".join(failed))
        return 1
    print("every step passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
