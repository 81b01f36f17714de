"""The one service every interface calls.

`Board` joins the service parts (items, sprints and goals, retros, config); each public
write is one transaction that passes the gates in `rules`, bumps the item's version and
appends events. The TUI and the CLI call nothing below this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import rules
from .models import CLOSED_STATUSES, Event, Goal, Item, Sprint, Status
from .services.config import ConfigService
from .services.core import parse_key
from .services.insights import InsightService
from .services.items import MoveResult
from .services.retros import RetroService
from .services.sprints import CloseResult, SprintService
from .services.transfer import TransferService
from .store import events as event_store
from .store import items as item_store
from .store import planning
from .store.connection import backup_to, snapshot

__all__ = ["Board", "CloseResult", "ItemView", "MoveResult", "SprintProgress", "parse_key"]


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


def progress_of(sprint: Sprint, items: Sequence[Item], today: date) -> SprintProgress:
    """Committed and done points and days left, from the sprint's items."""
    done = [i for i in items if i.status is Status.DONE]
    return SprintProgress(
        sprint=sprint,
        committed=rules.points(items),
        done=rules.points(done),
        days_left=max(0, (sprint.end - max(today, sprint.start)).days + 1),
    )


class Board(SprintService, RetroService, ConfigService, TransferService, InsightService):
    """A board file seen by one user."""

    def views(self, items: Sequence[Item] | None = None) -> list[ItemView]:
        """Items (all, in rank order, by default) with score, readiness, sprint and goal.

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
        chosen = everything if items is None else items
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
            for item in chosen
        ]

    def view(self, key: str | int) -> ItemView:
        item = self.item(key)
        return next(v for v in self.views() if v.item.id == item.id)

    def items(self) -> list[Item]:
        return item_store.load_items(self.db)

    def history(self, key: str | int) -> list[Event]:
        return event_store.for_item(self.db, self.item(key).id or 0)

    def events(self, since_id: int = 0) -> list[Event]:
        return event_store.all_events(self.db, since_id)

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
