"""The one service every interface calls.

`Board` holds the service parts: items (writes through the gates), lists (what lists
and `--json` show), sprints, config, goals and their edits, retros, sources (imports
from other tools), transfer (export and restore), members, reports and requests (asks from outside
the team, triaged by a product owner). Each part is a
class of its own, given in its constructor the shared core (the file, the user, the
clock, the one transaction a write runs in) and the other parts it calls. Each public
write is one transaction that passes the gates in `domain.rules` and appends events; a
change to an item's content bumps its version (its place in the rank order does not).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .domain import okr, rules
from .domain.errors import WriteBlocker
from .domain.item_view import ItemView
from .domain.models import Event
from .domain.settings import Settings
from .services.config import Config, config_items
from .services.core import BoardCore, Clock, local_time, parse_key
from .services.goal_edits import GoalEdits
from .services.goals import Goals
from .services.items import Items, MoveResult
from .services.lists import ItemLists
from .services.members import Members
from .services.reports import Reports
from .services.requests import Requests
from .services.retros import Retros
from .services.sign_ins import SignIns
from .services.source_plan import ImportPlan, Refused, Step
from .services.sources import Sources
from .services.sprints import CloseResult, SprintProgress, Sprints, progress_of, sprint_timing
from .services.transfer import Transfer
from .store import events as event_store
from .store.connection import BUSY_TIMEOUT_MS, backup_to

__all__ = [
    "Board",
    "Changes",
    "CloseResult",
    "ImportPlan",
    "ItemView",
    "MoveResult",
    "Refused",
    "Sources",
    "SprintProgress",
    "Step",
    "config_items",
    "describe",
    "local_time",
    "okr",
    "parse_key",
    "progress_of",
    "rules",
    "sprint_timing",
]


@dataclass(frozen=True)
class Changes:
    """What the events log says changed after a given event: which items, and whether
    anything beyond single items did (settings, sprints, goals, retros, imports)."""

    last_id: int
    items: frozenset[int]
    board: bool

    @property
    def any(self) -> bool:
        return self.board or bool(self.items)


def describe(event: Event) -> str:
    """One line of history as people read it: when, who, what changed from what to what,
    and the note (a waiver's reason, a criterion's text)."""
    when = local_time(event.at, "%Y-%m-%d %H:%M")
    change = f"{event.old or '—'} → {event.new or '—'}" if event.old else (event.new or "")
    waived = event.action == "criterion" and event.new == "waived"
    note = f"  ({'reason: ' if waived else ''}{event.note})" if event.note else ""
    return f"{when}  {event.user:<10} {event.action:<9} {event.field or ''}: {change}{note}"


class Board:
    """A board file seen by one user: the parts every interface calls, each a service of
    its own given what it needs (the shared core: file, user, clock, transaction; and
    the other parts it calls), and what belongs to the whole board (opening, closing,
    settings, the events log, a backup)."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.items = Items(core)
        self.lists = ItemLists(core)
        self.sprints = Sprints(core, self.items)
        self.config = Config(core, self.sprints)
        self.goals = Goals(core)
        self.goal_edits = GoalEdits(core, self.goals)
        self.retros = Retros(core, self.items)
        self.sources = Sources(core, self.items)
        self.transfer = Transfer(core)
        self.members = Members(core)
        self.reports = Reports(core)
        self.requests = Requests(core)
        self.sign_ins = SignIns(core, self.members)

    @classmethod
    def open(
        cls,
        path: Path | str,
        user: str | None = None,
        clock: Clock | None = None,
        wait: float = BUSY_TIMEOUT_MS / 1000,
    ) -> Board:
        """The board in the file at `path`, as `user` sees it. `wait`: how many seconds a
        write waits for another process's to end before it is refused as busy
        (`BoardBusyError`); whoever opens the board chooses (a command may wait long, a
        screen may not)."""
        return cls(BoardCore.open(path, user, clock, wait))

    def reopen(self, wait: float | None = None) -> Board:
        """Another connection to the same file, for another thread; its writes wait as
        this one's do, or `wait` seconds."""
        return Board(self.core.reopen(wait))

    def close(self) -> None:
        self.core.close()

    def as_member(self, name: str) -> Board:
        """The same open file seen by another member (the web pages act for whoever is
        signed in, on the server's one connection): their role applies to every write."""
        return Board(BoardCore(self.core.db, name, self.core.clock))

    @property
    def user(self) -> str:
        return self.core.user

    @property
    def served(self) -> bool:
        """Whether this is a member's session under `poboard serve`."""
        return self.core.served

    @property
    def read_only(self) -> bool:
        return self.core.read_only

    @property
    def write_blocker(self) -> WriteBlocker | None:
        """Why this account cannot write the board, when it cannot."""
        return self.core.write_blocker

    def today(self) -> date:
        return self.core.today()

    def data_version(self) -> int:
        return self.core.data_version()

    def without_waiting(self) -> AbstractContextManager[None]:
        """Writes in it are refused at once (`BoardBusyError`) while another process
        holds the board, instead of waiting for it."""
        return self.core.without_waiting()

    def settings(self) -> Settings:
        """Board settings; an unnamed board is called after its file."""
        return self.core.settings()

    def last_event_id(self) -> int:
        return event_store.last_id(self.core.db)

    def changes_since(self, event_id: int) -> Changes:
        found = event_store.since(self.core.db, event_id)
        items = frozenset(item_id for _, item_id in found if item_id is not None)
        board = any(item_id is None for _, item_id in found)
        return Changes(found[-1][0] if found else event_id, items, board)

    def events(self) -> list[Event]:
        return event_store.all_events(self.core.db)

    def backup(self, target: Path) -> None:
        """A consistent copy while others keep writing (SQLite's online backup API)."""
        backup_to(self.core.db, target)

    def is_empty(self) -> bool:
        return not self.items.count() and not self.goals.all() and not self.sprints.all()
