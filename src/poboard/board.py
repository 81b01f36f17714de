"""The one service every interface calls.

`Board` joins the service parts (items, sprints and goals, retros, config, transfer,
insights); each public write is one transaction that passes the gates in `rules` and
appends events, and a change to an item's content bumps its version (its place in the
rank order does not). The TUI and the CLI import only this module, which also hands
them the pure `rules` they use for display (points, WIP, blockers) and `okr` (a key
result's value on a day, its sparkline).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Unpack

from .domain import okr, rules
from .domain.errors import NotFoundError
from .domain.models import Event, Horizon, Item, ItemRow, Sprint, SprintState, Status, parse_time
from .services.config import ConfigService, config_items
from .services.core import local_time, parse_key
from .services.goal_edits import GoalEditService
from .services.items import MoveResult
from .services.members import MemberService
from .services.reports import InsightService
from .services.retros import RetroService
from .services.source_plan import ImportPlan, Refused, Step
from .services.sources import SourceService
from .services.sprints import CloseResult
from .services.transfer import TransferService
from .store import events as event_store
from .store import item_json, item_rows, planning
from .store import items as item_store
from .store.connection import backup_to, snapshot
from .store.item_rows import Conditions

__all__ = [
    "Board",
    "Changes",
    "CloseResult",
    "ImportPlan",
    "ItemView",
    "MoveResult",
    "Refused",
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
class ItemView:
    """An item as a list shows it: its row, where it stands, its score and names."""

    item: ItemRow
    position: int  # among the open items, 1 first; 0 when done or dropped
    score: float
    sprint: str | None
    goal: str | None
    blocks: int
    key_result: str | None = None  # the metric of the key result it serves

    @property
    def ready(self) -> bool:
        return not self.item.missing

    @property
    def missing(self) -> list[str]:
        return list(self.item.missing)


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


@dataclass(frozen=True)
class SprintProgress:
    """The numbers a sprint header shows."""

    sprint: Sprint
    committed: int
    done: int
    days_left: int


def describe(event: Event) -> str:
    """One line of history as people read it: when, who, what changed from what to what,
    and the note (a waiver's reason, a criterion's text)."""
    when = local_time(event.at, "%Y-%m-%d %H:%M")
    change = f"{event.old or '—'} → {event.new or '—'}" if event.old else (event.new or "")
    waived = event.action == "criterion" and event.new == "waived"
    note = f"  ({'reason: ' if waived else ''}{event.note})" if event.note else ""
    return f"{when}  {event.user:<10} {event.action:<9} {event.field or ''}: {change}{note}"


def progress_of(sprint: Sprint, items: Sequence[rules.AnyItem], today: date) -> SprintProgress:
    """Committed and done points and days left, from the sprint's items."""
    done = [i for i in items if i.status is Status.DONE]
    return SprintProgress(
        sprint=sprint,
        committed=rules.points(items),
        done=rules.points(done),
        days_left=days_left(sprint, today),
    )


def days_left(sprint: Sprint, today: date) -> int:
    """Sprint days from today to its last, today included; a sprint not started yet
    counts from its planned start, one that started early from today."""
    first = today if sprint.state is SprintState.ACTIVE else max(today, sprint.start)
    return max(0, (sprint.end - first).days + 1)


def sprint_timing(sprint: Sprint, today: date) -> str:
    """Where a sprint stands in time, as people say it: "3 days left", "starts in 4
    days", "ended Dec 06"."""

    def days(n: int) -> str:
        return f"{n} day{'' if n == 1 else 's'}"

    if sprint.state is SprintState.CLOSED:
        closed = parse_time(sprint.closed_at or "")
        return f"ended {min(sprint.end, closed.date()) if closed else sprint.end:%b %d}"
    if sprint.state is SprintState.PLANNED:
        until = (sprint.start - today).days
        if until > 0:
            return f"starts in {days(until)}"
        return "starts today" if until == 0 else f"was to start {sprint.start:%b %d}"
    return f"{days(days_left(sprint, today))} left"


class Board(
    ConfigService,
    RetroService,
    TransferService,
    InsightService,
    MemberService,
    SourceService,
    GoalEditService,
):
    """A board file seen by one user."""

    def list_views(
        self,
        *,
        open_only: bool = False,
        status: Status | str | None = None,
        horizon: Horizon | str | None = None,
        sprint_id: int | None = None,
        outside_sprints: bool = False,
        ids: Sequence[int] | None = None,
        positioned: bool = False,
    ) -> list[ItemView]:
        """The items a list shows, in rank order, with score, readiness and names; read
        from their rows (never their criteria), so a list costs what it shows. Positions
        come free with the whole open list; otherwise only when `positioned`."""
        with snapshot(self.db):
            rows = item_rows.select_rows(
                self.db,
                open_only=open_only,
                status=None if status is None else str(status),
                horizon=None if horizon is None else str(horizon),
                sprint_id=sprint_id,
                outside_sprints=outside_sprints,
                ids=ids,
            )
            filtered = any(v is not None for v in (status, horizon, sprint_id, ids))
            if open_only and not filtered and not outside_sprints:
                positions = {row.id: n for n, row in enumerate(rows, start=1)}
            elif positioned:
                positions = {i: n for n, i in enumerate(item_rows.open_ids(self.db), start=1)}
            else:
                positions = {}
            return self._views(rows, positions)

    def _views(self, rows: list[ItemRow], positions: dict[int, int]) -> list[ItemView]:
        scored = rules.scorer(self.settings().weights)
        blocks = item_rows.blocking_counts(
            self.db, None if len(rows) > 200 else [r.id for r in rows]
        )
        sprints = {s.id: s.name for s in planning.load_sprints(self.db)}
        goals = planning.goal_titles(self.db)
        metrics = planning.key_result_metrics(self.db) if any(r.key_result_id for r in rows) else {}
        rows = [self._derive(row) if row.missing is item_rows.UNDERIVED else row for row in rows]
        return [
            ItemView(
                item=row,
                position=positions.get(row.id, 0),
                score=scored(row, blocks.get(row.id, 0)),
                sprint=sprints.get(row.sprint_id) if row.sprint_id else None,
                goal=goals.get(row.goal_id) if row.goal_id else None,
                blocks=blocks.get(row.id, 0),
                key_result=metrics.get(row.key_result_id) if row.key_result_id else None,
            )
            for row in rows
        ]

    def _derive(self, row: ItemRow) -> ItemRow:
        """A row from before derived columns, on a board opened read-only."""
        found = self.derive(self.item(row.id))
        return dataclasses.replace(
            row, missing=tuple(found.missing), criteria_open=found.criteria_open
        )

    def view(self, key: str | int) -> ItemView:
        """One item as a list shows it: one query, whatever the board holds."""
        item_id = parse_key(key)
        with snapshot(self.db):
            rows = item_rows.select_rows(self.db, ids=[item_id])
            if not rows:
                raise NotFoundError(f"#{item_id} does not exist on this board")
            position = item_rows.open_position(self.db, item_id)
            return self._views(rows, {item_id: position})[0]

    def find_items(self, text: str, limit: int = 20) -> list[ItemRow]:
        """The items a search names: `12` or `#12` is that item, then come those whose
        title holds every word of the text (open first, in rank order). One scan of the
        titles and one read of at most `limit` rows, whatever the board holds."""
        words = text.split()
        if not words:
            return []
        wanted: list[int] = []
        key = text.strip().lstrip("#")
        if key.isdecimal() and len(key) < 10:
            wanted.append(int(key))
        with snapshot(self.db):
            wanted += item_rows.find_ids(self.db, words, limit)
            wanted = list(dict.fromkeys(wanted))[:limit]
            rows = {row.id: row for row in item_rows.select_rows(self.db, ids=wanted)}
        found = [rows[i] for i in wanted if i in rows]
        return [self._derive(r) if r.missing is item_rows.UNDERIVED else r for r in found]

    def open_count(self) -> int:
        """How many items are neither done nor dropped: one indexed count."""
        return item_rows.count_open(self.db)

    def statuses(self, ids: Iterable[int]) -> dict[int, Status]:
        """The status of each of these items (blockers, say): one query."""
        return item_store.statuses(self.db, ids)

    def last_event_id(self) -> int:
        return event_store.last_id(self.db)

    def changes_since(self, event_id: int) -> Changes:
        found = event_store.since(self.db, event_id)
        items = frozenset(item_id for _, item_id in found if item_id is not None)
        board = any(item_id is None for _, item_id in found)
        return Changes(found[-1][0] if found else event_id, items, board)

    def items_json(self, **conditions: Unpack[Conditions]) -> list[str]:
        """Items as `show --json`, `list --json` and the assistant give them, each the
        text of a JSON object, chosen by `select_rows`' conditions: one query, written
        by SQLite, with positions among all open items."""
        with snapshot(self.db):
            underived = {
                i: self.derive(self.item(i)).missing for i in item_rows.underived_ids(self.db)
            }
            score = rules.input_scorer(self.settings().weights)
            return item_json.item_objects(self.db, score, underived, **conditions)

    def item_json(self, key: str | int) -> str:
        """One item as `items_json` gives it."""
        item_id = parse_key(key)
        found = self.items_json(ids=[item_id])
        if not found:
            raise NotFoundError(f"#{item_id} does not exist on this board")
        return found[0]

    def criteria_of(self, ids: Sequence[int] | None = None) -> dict[int, list[dict[str, Any]]]:
        """Criteria as plain records, by item: for output about many items at once."""
        return item_store.criteria_records(self.db, ids)

    def items(self) -> list[Item]:
        return item_store.load_items(self.db)

    def history(self, key: str | int) -> list[Event]:
        return event_store.for_item(self.db, self.item(key).id or 0)

    def events(self) -> list[Event]:
        return event_store.all_events(self.db)

    def sprints(self) -> list[Sprint]:
        return planning.load_sprints(self.db)

    def active_sprint(self) -> Sprint | None:
        return planning.active_sprint(self.db)

    def sprint_progress(self, sprint: Sprint, today: date) -> SprintProgress:
        rows = item_rows.select_rows(self.db, sprint_id=sprint.id)
        return progress_of(sprint, rows, today)

    def backup(self, target: Path) -> None:
        """A consistent copy while others keep writing (SQLite's online backup API)."""
        backup_to(self.db, target)

    def is_empty(self) -> bool:
        return item_store.count_items(self.db) == 0 and not self.goals() and not self.sprints()
