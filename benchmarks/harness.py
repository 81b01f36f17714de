"""What the benchmarks share: the cost of a key press in Textual's test harness itself."""

from __future__ import annotations

import compileall
import subprocess
import sys
import time
from pathlib import Path

import poboard


def compile_poboard() -> None:
    """Byte-compile poboard's modules, as installing it or a first run would. (A shell
    with PYTHONDONTWRITEBYTECODE set, as CI's and this machine's are, would otherwise
    compile every module changed since its last bytecode on every timed start.)"""
    compileall.compile_dir(Path(poboard.__file__).parent, quiet=1)


def demo_board(db: Path, items: int) -> bool:
    """`poboard demo --items N` into `db` unless it exists; True when it was built now."""
    if db.exists():
        return False
    poboard = Path(sys.executable).parent / "poboard"
    subprocess.run(
        [str(poboard), "--db", str(db), "demo", "--items", str(items)],
        check=True,
        capture_output=True,
    )
    return True


async def harness_floor() -> list[float]:
    """What a key press plus a full refresh costs in this harness on an app doing nothing."""
    from textual.app import App
    from textual.widgets import Static

    class Idle(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("idle")

    timings = []
    async with Idle().run_test(size=(160, 48)) as pilot:
        for _ in range(30):
            start = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            timings.append(time.perf_counter() - start)
    return timings


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
