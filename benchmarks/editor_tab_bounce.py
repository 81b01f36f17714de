"""Does ctrl+t stay on Criteria when pressed just after a choice was picked? In a real
terminal (tmux), on a fresh board: `a`, a title, Tab to Kind, pick `story` from its list,
ctrl+t at once (as soon as the list has closed), then watch the screen for a second.

    python benchmarks/editor_tab_bounce.py [--size 80x24] [--tries 6]

Prints, per try, whether the Criteria tab held or bounced back to Details (the cursor
then in Title, where the criterion typed next would land), and exits 1 on any bounce.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from scenario import Session

WATCH_SECONDS = 1.0


def bounced(s: Session) -> bool:
    """After ctrl+t: whether Details came back within `WATCH_SECONDS`."""
    deadline = time.monotonic() + WATCH_SECONDS
    while time.monotonic() < deadline:
        if "New criterion" not in s.screen:
            return True
        time.sleep(0.01)
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--tries", type=int, default=6)
    args = parser.parse_args()
    bounces = 0
    with tempfile.TemporaryDirectory(prefix="tabs") as folder:
        s = Session(Path(folder) / "b.db", args.size, Path(folder), Path(folder))
        try:
            s.open()
            for n in range(args.tries):
                s.keys("a")
                s.wait("New item")
                s.focused("Title")
                s.type(f"Item {n}")
                s.tab(6)
                s.choose("story")
                s.keys("C-t")
                s.wait("New criterion")
                held = not bounced(s)
                bounces += not held
                title = next((line for line in s.screen.splitlines() if "Title" in line), "")
                print(f"try {n + 1}: {'held' if held else 'BOUNCED to Details'}  {title.strip()}")
                s.keys("Escape")
                s.wait("Discard")
                s.keys("d")
                s.gone("New item")
        finally:
            s.close()
    print(f"{bounces} of {args.tries} tries bounced back to Details")
    return 1 if bounces else 0


if __name__ == "__main__":
    sys.exit(main())
