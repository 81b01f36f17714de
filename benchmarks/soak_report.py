"""The soak's figures (benchmarks/soak.py): a sample of the server and its sessions, and
the table and verdict at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from soak import Soak

RSS_MB, FDS, WAL_MB = 20, 10, 16  # the margins over the first minute; the WAL's bound


@dataclass
class Sample:
    at: float  # seconds since the members started
    rss_kb: int  # the server's
    fds: int
    sessions: int  # the server's descendants
    sessions_rss_kb: int
    sessions_fds: int
    wal: int  # bytes


def report(soak: Soak, marks: dict[str, Sample], left: list[str], landed: int) -> int:
    """The figures and the verdict; returns the exit code."""
    rows = [("server RSS (MB)", "rss_kb", 1024), ("server open files", "fds", 0)]
    rows += [
        ("sessions' processes", "sessions", 0),
        ("sessions' RSS (MB)", "sessions_rss_kb", 1024),
    ]
    rows += [("sessions' open files", "sessions_fds", 0), ("WAL (MB)", "wal", 2**20)]
    print(f"\n{'':22s}" + "".join(f"{label:>10s}" for label in marks))
    for name, attr, unit in rows:
        values = [getattr(s, attr) for s in marks.values()]
        print(f"{name:22s}" + "".join(f"{v / unit:10.2f}" if unit else f"{v:10d}" for v in values))
    wal_max = max(s.wal for s in soak.samples)
    print(
        f"over the run ({len(soak.samples)} samples): WAL at most {wal_max / 2**20:.2f} MB, "
        f"server RSS at most {max(s.rss_kb for s in soak.samples) / 1024:.1f} MB"
    )
    print("operations: " + ", ".join(f"{k} {v}" for k, v in sorted(soak.ops.items())))
    print(f"moves of their own card in the events log: {landed}")
    size = sum(len(line) + 1 for line in soak.team.log)
    print(f"the server's log: {size / 1024:.0f} KB, {len(soak.team.log)} lines")
    if soak.errors:
        print("errors: " + ", ".join(f"{k} {v}" for k, v in sorted(soak.errors.items())))
        print("\n".join(f"    {line}" for line in soak.first_errors))
    one, end, rest, closed = marks["1 min"], marks["end"], marks["at rest"], marks["closed"]
    checks = [
        at_most("server RSS (MB), at the end − at 1 min", (end.rss_kb - one.rss_kb) / 1024, RSS_MB),
        at_most("server open files, at the end − at 1 min", end.fds - one.fds, FDS),
        at_most("server open files, all closed − at rest", closed.fds - rest.fds, FDS),
        at_most("WAL at most (MB)", wal_max / 2**20, WAL_MB),
        at_most("sessions' processes once all closed", closed.sessions, 0),
        at_most("processes left once the server stopped", len(left), 0, " ".join(left)[:200]),
        at_most("failed operations", sum(soak.errors.values()), 0),
    ]
    print("\n" + "\n".join(f"{'✓' if ok else '✗'} {text}" for ok, text in checks))
    return 0 if all(ok for ok, _ in checks) else 1


def at_most(what: str, value: float, limit: float, which: str = "") -> tuple[bool, str]:
    signed = "−" in what  # a difference
    shown = f"{value:+.2f}" if isinstance(value, float) else f"{value:+d}"
    shown = shown if signed else shown.lstrip("+")
    goal = f"goal ≤ {'+' if signed else ''}{limit}"
    return value <= limit, f"{what}: {shown} ({goal}){' ' + which if which else ''}"
