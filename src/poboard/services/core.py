"""What every part of the board service shares: the file, the user, the clock, the one
transaction a write runs in, and the versioned change of an item."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Self, TypeVar

from pydantic import ValidationError

from ..domain import rules, wording
from ..domain.changes import CREATE, Change, criteria_changes
from ..domain.errors import (
    ConflictError,
    GateRefusal,
    InvalidInputError,
    NotFoundError,
    WriteBlocker,
)
from ..domain.models import Event, Item, ItemRow, Status, stamp
from ..domain.requests import Role
from ..domain.settings import Settings
from ..domain.text_types import plain_line
from ..paths import served
from ..store import events as event_store
from ..store import item_rows, planning
from ..store import items as item_store
from ..store import members as member_store
from ..store.connection import (
    BUSY_TIMEOUT_MS,
    BoardDatabase,
    data_version,
    open_board,
    transaction,
    without_waiting,
)

Clock = Callable[[], datetime]
E = TypeVar("E", bound=Enum)
UNTRACKED = {
    "id",
    "criteria",
    "version",
    "rank",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
}
TRACKED_FIELDS = tuple(name for name in Item.model_fields if name not in UNTRACKED)


def default_user() -> str:
    try:
        return os.environ.get("POBOARD_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "someone"


def local_time(stamp: str, fmt: str = "%H:%M") -> str:
    try:
        moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return stamp
    return moment.astimezone().strftime(fmt)


def parse_key(key: str | int) -> int:
    """`12` and `#12` both name item 12."""
    text = str(key).strip().lstrip("#")
    if not text.isdecimal():
        raise InvalidInputError(f"{key!r} is not an item key (use 12 or #12)")
    return int(text)


def parse_choice(kind: type[E], value: object, refusal: str) -> E:
    """A value of an enum from its text; `refusal` names it, with {value} and {names}."""
    try:
        return kind(value)
    except ValueError:
        names = ", ".join(str(member.value) for member in kind)
        raise InvalidInputError(refusal.format(value=repr(value), names=names)) from None


def validation_message(error: ValidationError) -> str:
    """A value the models refuse, in poboard's words (`wording`), not the library's."""
    return wording.problems(error.errors())


def conflict(current: Item) -> ConflictError:
    return ConflictError(
        f"#{current.id} was changed by {current.updated_by} at "
        f"{local_time(current.updated_at)} — reloaded",
        current.id or 0,
        current.updated_by,
        current.updated_at,
        current.version,
    )


def changed_elsewhere(
    seen: Item | ItemRow | None, current: Item, expected_version: int, touches: Collection[str]
) -> bool:
    """Whether everything changed since the caller's view (`seen`, at `expected_version`)
    lies outside the fields a write `touches`: then the two don't clash."""
    return (
        seen is not None
        and seen.version == expected_version
        and bool(touches)
        and all(getattr(seen, name) == getattr(current, name) for name in touches)
    )


class BoardCore:
    """A board file seen by one user."""

    def __init__(self, db: BoardDatabase, user: str, clock: Clock | None = None) -> None:
        self.db = db
        self.user = user
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.served = served()  # a member's session under `poboard serve`

    @classmethod
    def open(
        cls,
        path: Path | str,
        user: str | None = None,
        clock: Clock | None = None,
        wait: float = BUSY_TIMEOUT_MS / 1000,
    ) -> Self:
        """`wait`: how many seconds a write waits for another process's to end before it
        is refused as busy (`BoardBusyError`); whoever opens the board chooses (a command
        may wait long, a screen may not)."""
        name = plain_line(user or default_user(), "the user's name")
        board = cls(open_board(Path(path), round(wait * 1000)), name, clock)
        board.fill_derived()
        return board

    def fill_derived(self) -> None:
        """Rows written before their derived columns existed get them, once, on the first
        open that may write (an upgraded board); a read-only open derives them on read."""
        if self.read_only or not item_rows.underived_ids(self.db):
            return
        with self.writing(by_anyone=True):
            ready = self.settings().ready
            for item_id in item_rows.underived_ids(self.db):
                item = item_store.load_item(self.db, item_id)
                if item is not None:
                    item_store.save_derived(self.db, item_id, derived(item, ready))

    def insert(self, item: Item) -> int:
        """A new item's row, criteria and blockers (inside the caller's transaction)."""
        return item_store.insert_item(self.db, item, self.derive(item))

    def derive(self, item: Item) -> item_store.Derived:
        """What the item's row keeps for lists, by the board's Definition of Ready."""
        return derived(item, self.settings().ready)

    def close(self) -> None:
        self.db.conn.close()

    def reopen(self, wait: float | None = None) -> Self:
        """Another connection to the same file, for another thread; its writes wait as
        this one's do, or `wait` seconds."""
        busy_ms = self.db.busy_timeout_ms if wait is None else round(wait * 1000)
        return type(self)(open_board(self.db.path, busy_ms), self.user, self.clock)

    @property
    def read_only(self) -> bool:
        return self.db.read_only

    @property
    def write_blocker(self) -> WriteBlocker | None:
        """Why this account cannot write the board, when it cannot."""
        return self.db.blocker

    def now(self) -> str:
        return stamp(self.clock())

    def today(self) -> date:
        """Today by the board's clock, in local time (as sprint dates are written)."""
        return self.clock().astimezone().date()

    def data_version(self) -> int:
        return data_version(self.db)

    @property
    def role(self) -> Role:
        """This user's role: a name the members do not hold is the team's, as before
        roles existed (the command line on the server, a board kept without members)."""
        found = member_store.role_of(self.db, self.user)
        return Role.STAKEHOLDER if found == Role.STAKEHOLDER else Role.MEMBER

    @property
    def is_stakeholder(self) -> bool:
        return self.role is Role.STAKEHOLDER

    @contextmanager
    def writing(self, by_anyone: bool = False) -> Iterator[None]:
        """One transaction, for every write of every part: the one place a stakeholder's
        write is refused (`not_allowed`) before anything is written. `by_anyone`: a write
        a stakeholder may make too (a request, upkeep the board does by itself). A write
        inside another joins it and was cleared with it."""
        if not by_anyone and not self.db.conn.in_transaction and not self.read_only:
            refusal = rules.role_refusal(self.user, self.is_stakeholder)
            if refusal is not None:
                raise GateRefusal(refusal)
        with transaction(self.db):
            yield

    @contextmanager
    def without_waiting(self) -> Iterator[None]:
        """Writes in it are refused at once (`BoardBusyError`) while another process
        holds the board, instead of waiting for it."""
        with without_waiting(self.db):
            yield

    def event(
        self,
        action: str,
        item_id: int | None = None,
        field_name: str | None = None,
        old: object = None,
        new: object = None,
        note: str | None = None,
        ref: str | None = None,
    ) -> Event:
        return Event(
            at=self.now(),
            user=self.user,
            item_id=item_id,
            action=action,
            field=field_name,
            old=_text(old),
            new=_text(new),
            note=note,
            ref=ref,
        )

    def log(self, *events: Event) -> None:
        event_store.append(self.db, events)

    def settings(self) -> Settings:
        """Board settings; an unnamed board is called after its file."""
        return planning.load_settings(self.db, default_name=self.db.path.stem or "board")

    def item(self, key: str | int) -> Item:
        item_id = parse_key(key)
        found = item_store.load_item(self.db, item_id)
        if found is None:
            raise NotFoundError(f"#{item_id} does not exist on this board")
        return found

    def check_references(self, item: Item) -> None:
        if item.goal_id is not None and not planning.goal_exists(self.db, item.goal_id):
            raise InvalidInputError(f"goal {item.goal_id} does not exist")
        if (
            item.key_result_id is not None
            and planning.key_result_goal(self.db, item.key_result_id) is None
        ):
            raise InvalidInputError(f"key result {item.key_result_id} does not exist")
        if (
            item.sprint_id is not None
            and planning.load_sprint(self.db, sprint_id=item.sprint_id) is None
        ):
            raise InvalidInputError(f"sprint {item.sprint_id} does not exist")
        if item.id is not None and item.id in item.blocked_by:
            raise InvalidInputError(f"#{item.id} cannot block itself")
        missing = set(item.blocked_by) - item_store.existing_ids(self.db, item.blocked_by)
        if missing:
            raise InvalidInputError(f"blocked-by #{min(missing)} does not exist")

    def change(
        self,
        key: str | int,
        expected_version: int | None,
        apply: Callable[[Item], None],
        retime: Callable[[Event], Event] | None = None,
        seen: Item | ItemRow | None = None,
        touches: Collection[str] = (),
    ) -> Item:
        """Load, check the version, mutate, diff into events, bump the version: one transaction.

        A write based on a stale version is refused, naming who changed the item and when;
        unless the caller gave the item as it `seen` it (at `expected_version`) and the
        changes since are all in fields this write `touches` not: those are kept, and
        the write applies to the item as it is now (a move after a teammate's tick).
        `retime` may give an event the time it happened elsewhere (an import's move to
        done at the source's resolution date, which velocity and cycle time read).
        """
        with self.writing():
            before = self.item(key)
            stale = expected_version is not None and before.version != expected_version
            if stale and not changed_elsewhere(seen, before, expected_version or 0, touches):
                raise conflict(before)
            after = before.model_copy(deep=True)
            apply(after)
            settled = rules.settled_refusal(before, after)
            if settled is not None:
                raise GateRefusal(settled, item_id=before.id)
            changes = self.diff(before, after)
            if not changes:
                return before
            after.version = before.version + 1
            after.updated_by = self.user
            after.updated_at = self.now()
            item_store.update_item(self.db, after, self.derive(after))
            self.log(*(map(retime, changes) if retime else changes))
        return after

    def diff(self, before: Item, after: Item) -> list[Event]:
        found = []
        for name in TRACKED_FIELDS:
            old, new = getattr(before, name), getattr(after, name)
            if old == new:
                continue
            action = "move" if name == "status" else "edit"
            if name == "status" and rules.is_reopen(before.status, after.status):
                action = "reopen"
            if name == "sprint_id":
                action, name = "sprint", "sprint"
                old, new = self._sprint_name(old), self._sprint_name(new)
            found.append(self.event(action, before.id, name, old, new))
        found.extend(self.recorded(before.id, criteria_changes(before.criteria, after.criteria)))
        return found

    def recorded(self, item_id: int | None, changes: Iterable[Change]) -> list[Event]:
        """Changes of an item as events by this user, now."""
        return [
            self.event(c.action, item_id, c.field, c.old, c.new, note=c.note, ref=c.ref)
            for c in changes
        ]

    def creation_events(self, item: Item, note: str | None = None) -> list[Event]:
        """What a new item's history starts with: its creation, where it stands, its
        criteria; so the log alone tells every item's status, sprint and criteria."""
        events = [self.event(CREATE, item.id, "title", None, item.title, note=note)]
        if item.status is not Status.BACKLOG:
            events.append(self.event("move", item.id, "status", Status.BACKLOG, item.status))
        if item.sprint_id is not None:
            name = self._sprint_name(item.sprint_id)
            events.append(self.event("sprint", item.id, "sprint", None, name))
        events += self.recorded(item.id, criteria_changes([], item.criteria))
        return events

    def _sprint_name(self, sprint_id: int | None) -> str | None:
        if sprint_id is None:
            return None
        sprint = planning.load_sprint(self.db, sprint_id=sprint_id)
        return sprint.name if sprint else str(sprint_id)


def derived(item: Item, ready: rules.ReadyRule) -> item_store.Derived:
    """What the row keeps for lists: readiness (by `ready`, the board's Definition of
    Ready of each kind) and open criteria, by the rules."""
    return item_store.Derived(rules.missing_for_ready(item, ready), rules.unsettled(item.criteria))


def _text(value: object) -> str | None:
    if value is None:
        return None
    if hasattr(value, "value"):
        return str(value.value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
