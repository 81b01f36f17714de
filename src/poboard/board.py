"""The one service every interface calls.

`Board` joins the service parts (items, sprints and goals, retros, config, transfer,
insights); each public write is one transaction that passes the gates in `rules` and
appends events, and a change to an item's content bumps its version (its place in the
rank order does not). The TUI and the CLI import only this module, which also hands
them the pure `rules` they use for display (points, WIP, blockers).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import rules
from .models import CLOSED_STATUSES, Event, Goal, Item, Sprint, Status
from .services.config import ConfigService, config_items
from .services.core import local_time, parse_key
from .services.insights import InsightService
from .services.items import MoveResult
from .services.members import MemberService
from .services.retros import RetroService
from .services.sprints import CloseResult
from .services.transfer import TransferService
from .store import events as event_store
from .store import items as item_store
from .store import planning
from .store.connection import backup_to, snapshot

__all__ = [
    "Board",
    "CloseResult",
    "ItemView",
    "MoveResult",
    "SprintProgress",
    "config_items",
    "describe",
    "local_time",
    "parse_key",
    "progress_of",
    "rules",
]


@dataclass(frozen=True)
class ItemView:
    """An item with everything a list shows about it, derived in one place."""

    item: Item
    position: int
    score: float
    missing: list[str]
    sprint: str | None
    goal: str | None
    blocks: int

    @property
    def ready(self) -> bool:
        return not self.missing


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


def progress_of(sprint: Sprint, items: Sequence[Item], today: date) -> SprintProgress:
    """Committed and done points and days left, from the sprint's items."""
    done = [i for i in items if i.status is Status.DONE]
    return SprintProgress(
        sprint=sprint,
        committed=rules.points(items),
        done=rules.points(done),
        days_left=max(0, (sprint.end - max(today, sprint.start)).days + 1),
    )


class Board(ConfigService, RetroService, TransferService, InsightService, MemberService):
    """A board file seen by one user."""

    def views(self) -> list[ItemView]:
        """Every item, in rank order, with its score, readiness, sprint and goal.

        Positions number the open items 1..n in rank order; done and dropped ones follow.
        """
        with snapshot(self.db):
            everything = item_store.load_items(self.db)
            weights = self.settings().weights
            blocks = item_store.blocking_counts(self.db)
            sprints = {s.id: s.name for s in planning.load_sprints(self.db)}
            goals = {g.id: g.title for g in planning.load_goals(self.db)}
        ordered = [i for i in everything if i.status not in CLOSED_STATUSES]
        ordered += [i for i in everything if i.status in CLOSED_STATUSES]
        position = {item.id: n for n, item in enumerate(ordered, start=1)}
        return [
            ItemView(
                item=item,
                position=position.get(item.id, 0),
                score=rules.score(item, weights, blocks.get(item.id or 0, 0)),
                missing=rules.missing_for_ready(item),
                sprint=sprints.get(item.sprint_id) if item.sprint_id else None,
                goal=goals.get(item.goal_id) if item.goal_id else None,
                blocks=blocks.get(item.id or 0, 0),
            )
            for item in everything
        ]

    def view(self, key: str | int) -> ItemView:
        item = self.item(key)
        return next(v for v in self.views() if v.item.id == item.id)

    def items(self) -> list[Item]:
        return item_store.load_items(self.db)

    def history(self, key: str | int) -> list[Event]:
        return event_store.for_item(self.db, self.item(key).id or 0)

    def events(self) -> list[Event]:
        return event_store.all_events(self.db)

    def goals(self) -> list[Goal]:
        return planning.load_goals(self.db)

    def sprints(self) -> list[Sprint]:
        return planning.load_sprints(self.db)

    def active_sprint(self) -> Sprint | None:
        return planning.active_sprint(self.db)

    def sprint_progress(self, sprint: Sprint, today: date) -> SprintProgress:
        return progress_of(sprint, self.sprint_items(sprint.name), today)

    def backup(self, target: Path) -> None:
        """A consistent copy while others keep writing (SQLite's online backup API)."""
        backup_to(self.db, target)

    def is_empty(self) -> bool:
        return item_store.count_items(self.db) == 0 and not self.goals() and not self.sprints()
