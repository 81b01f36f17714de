"""What strangers and members may hold of the server: bounded before login, bounded per
session.

Before login (as sshd's `MaxStartups`, `PerSourceMaxStartups`, `LoginGraceTime`):
`StartupLimits` counts the connections that have not logged in yet, in all and per
address. A connection over a limit is closed as it is accepted, before any key exchange.
At the limit in all, a newcomer takes the place of the oldest connection that has not
said a word yet (an SSH client sends its version at once; an idle stranger never does),
or else of the oldest one from the busiest address if the newcomer's holds fewer: so
strangers holding connections open, or coming from a few addresses, cannot keep the
members out. `BurstLog` turns what strangers cause into one line per kind and window,
never one per connection, and `quiet_accept_errors` does the same for running out of
open files, which asyncio would log as a traceback each time it tries to accept.

Per session: `memory_ceiling` caps the data a session's process may allocate.
"""

from __future__ import annotations

import asyncio
import resource
from collections import Counter
from collections.abc import Callable
from typing import Any

Log = Callable[[str], None]
Close = Callable[[], None]
Silent = Callable[[], bool]  # the connection has said nothing yet

WINDOW_SECONDS = 10.0
ADDRESSES_KEPT = 1000  # per kind and window; the rest count as "others"
ADDRESSES_SHOWN = 3
LINES_PER_ADDRESS = 3  # a kind of line logged as it is, per address and window


class BurstLog:
    """Counts events by kind and address and logs one line per kind at the end of each
    window in which any came, e.g. `refused 980 connections over the limit on
    unauthenticated connections in the last 10 s (980 from 127.0.0.1)`."""

    def __init__(self, log: Log, window: float = WINDOW_SECONDS) -> None:
        self.log = log
        self.window = window
        self.counts: dict[str, Counter[str]] = {}
        self.lines: Counter[str] = Counter()  # lines logged as they are, by address
        self.timer: asyncio.TimerHandle | None = None

    def line(self, text: str, address: str, summary: str) -> None:
        """`text` as it is for the first few from `address` in a window; any more are
        counted under `summary` (as `count` does)."""
        if self.lines[address] < LINES_PER_ADDRESS and len(self.lines) < ADDRESSES_KEPT:
            self.lines[address] += 1
            self.log(text)
            self._start()
        else:
            self.count(summary, address)

    def count(self, summary: str, address: str) -> None:
        """One event; `summary` says what, with `{n}` for how many: `refused {n}
        connections over the limit`."""
        counts = self.counts.setdefault(summary, Counter())
        if address not in counts and len(counts) >= ADDRESSES_KEPT:
            address = "others"
        counts[address] += 1
        self._start()

    def _start(self) -> None:
        if self.timer is None:
            self.timer = asyncio.get_running_loop().call_later(self.window, self.flush)

    def flush(self) -> None:
        """Log what came since the last flush (also when the server stops)."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        for summary, counts in self.counts.items():
            total = sum(counts.values())
            busiest = counts.most_common(ADDRESSES_SHOWN)
            sources = ", ".join(f"{n} from {address}" for address, n in busiest)
            if len(counts) > len(busiest):
                sources += f" and {len(counts) - len(busiest)} more addresses"
            self.log(f"{summary.format(n=total)} in the last {self.window:g} s ({sources})")
        self.counts.clear()
        self.lines.clear()


OVER_LIMIT = "refused {n} connections over the limits on connections not logged in yet"
MADE_ROOM = "closed {n} connections not logged in yet to make room for newer ones"
NO_KEY = "closed {n} connections that offered no key (gone, or out of time to log in)"
NOT_A_MEMBER = "refused {n} more connections with no member's key"


class StartupLimits:
    """The connections not logged in yet, in all and per address (see the module)."""

    def __init__(self, total: int, per_address: int, burst: BurstLog) -> None:
        self.total = total
        self.per_address = per_address
        self.burst = burst
        self.waiting: dict[str, dict[object, tuple[Close, Silent]]] = {}  # by address, oldest first
        self.ages: dict[object, str] = {}  # every connection waiting, oldest first: its address

    def admit(self, connection: object, address: str, close: Close, silent: Silent) -> bool:
        """A new connection: True when it may try to log in (`close` ends it if it must
        make room later, `silent` says whether it has said anything yet); False when it
        must be closed now."""
        mine = self.waiting.get(address, {})
        if len(mine) >= self.per_address:
            self.burst.count(OVER_LIMIT, address)
            return False
        if len(self.ages) >= self.total and not self._make_room(len(mine)):
            self.burst.count(OVER_LIMIT, address)
            return False
        self.waiting.setdefault(address, {})[connection] = (close, silent)
        self.ages[connection] = address
        return True

    def _make_room(self, newcomers_held: int) -> bool:
        """Close the oldest silent connection, or the busiest address's oldest when that
        address holds more than the newcomer's; False when neither is there."""
        victim = next((c for c, a in self.ages.items() if self.waiting[a][c][1]()), None)
        if victim is None:
            busiest = max(self.waiting.values(), key=len)
            if len(busiest) <= newcomers_held:
                return False
            victim = next(iter(busiest))
        address = self.ages[victim]
        close = self.waiting[address][victim][0]
        self.done(victim, address)
        self.burst.count(MADE_ROOM, address)
        close()
        return True

    def done(self, connection: object, address: str) -> None:
        """The connection logged in or went away: its place is free."""
        mine = self.waiting.get(address)
        if mine is None or mine.pop(connection, None) is None:
            return
        del self.ages[connection]
        if not mine:
            del self.waiting[address]


ACCEPT_FAILED = "could not accept {n} connections: the server is out of open files or memory"


def quiet_accept_errors(loop: asyncio.AbstractEventLoop, burst: BurstLog) -> None:
    """Running out of open files (EMFILE/ENFILE) or memory on accept: counted in the burst
    log, not a traceback each time (asyncio stops accepting for a second and tries again).
    Anything else goes to the loop's usual handler."""

    def handle(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if context.get("message") == "socket.accept() out of system resource":
            burst.count(ACCEPT_FAILED, "the listening socket")
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handle)


def memory_ceiling(megabytes: int) -> Callable[[], None]:
    """For a child's preexec: it may allocate at most `megabytes` of data (RLIMIT_DATA:
    its heap and private writable mappings, what grows when it is flooded; unlike the
    address space it does not count the reservations of threads it never touches). Past
    it, the child's allocation fails: Python raises MemoryError and the session ends."""
    wanted = megabytes * 1024 * 1024

    def apply() -> None:
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))

    return apply
