"""What the benchmarks share: the cost of a key press in Textual's test harness itself, and
a process's descendants, memory and open files as /proc shows them."""

from __future__ import annotations

import compileall
import os
import re
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


# ----- processes, from /proc (Linux) ----------------------------------------------------


def proc_stat(pid: int) -> tuple[int, int, int] | None:
    """(parent, process group, start time) of a process, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), int(fields[2]), int(fields[19])


def descendants(root: int) -> list[int]:
    """`root`'s children and theirs."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := proc_stat(int(entry.name))) is not None:
            children.setdefault(stat[0], []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def rss_kb(pid: int) -> int:
    """A process's resident memory (VmRSS), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found.group(1)) if found else 0


def open_files(pid: int) -> int:
    """How many files a process has open, 0 once it is gone."""
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


class ProcessWatch:
    """A process's descendants, noted as it runs; afterwards, which of them outlived it,
    and which other processes are in their process groups."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.seen: set[tuple[int, int]] = set()  # (pid, start time): a pid may be reused
        self.groups: set[int] = set()

    def note(self) -> list[int]:
        """The descendants now, remembered."""
        kids = descendants(self.root)
        for kid in kids:
            if (stat := proc_stat(kid)) is not None:
                self.seen.add((kid, stat[2]))
                self.groups.add(stat[1])
        return kids

    def left(self) -> list[str]:
        """Those still running, or in a noted process group (but this one's), as text."""
        left = []
        groups = self.groups - {os.getpgrp()}
        for entry in Path("/proc").iterdir():
            stat = proc_stat(int(entry.name)) if entry.name.isdigit() else None
            if stat is None:
                continue
            if (int(entry.name), stat[2]) in self.seen:
                left.append(f"{entry.name} (parent {stat[0]})")
            elif stat[1] in groups:
                left.append(f"{entry.name} (in group {stat[1]})")
        return left
