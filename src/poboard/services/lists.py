"""The board's items as lists show them: rows in rank order with score, readiness and
names; one item as a list shows it; search; and items as the JSON every interface gives.
Reads only, each a query sized to what it returns."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, Unpack

from ..domain import rules
from ..domain.errors import NotFoundError
from ..domain.item_view import ItemView
from ..domain.models import Horizon, ItemRow, Status
from ..store import item_json, item_rows, planning
from ..store import items as item_store
from ..store.connection import snapshot
from ..store.item_rows import Conditions
from .core import BoardCore, parse_key


class ItemLists:
    """The items' read side: what backlog, planning, search and `--json` show."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db

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

    def lane(self, horizon: Horizon | str, limit: int) -> tuple[list[ItemView], int]:
        """The first `limit` open items of a roadmap lane by rank, and how many it holds:
        a page that shows the top of each lane reads no more."""
        with snapshot(self.db):
            rows, total = item_rows.first_rows(self.db, limit, open_only=True, horizon=str(horizon))
            return self._views(rows, {}), total

    def _views(self, rows: list[ItemRow], positions: dict[int, int]) -> list[ItemView]:
        scored = rules.scorer(self.core.settings().weights)
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
        found = self.core.derive(self.core.item(row.id))
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

    def items_json(self, **conditions: Unpack[Conditions]) -> list[str]:
        """Items as `show --json`, `list --json` and the assistant give them, each the
        text of a JSON object, chosen by `select_rows`' conditions: one query, written
        by SQLite, with positions among all open items."""
        with snapshot(self.db):
            underived = {
                i: self.core.derive(self.core.item(i)).missing
                for i in item_rows.underived_ids(self.db)
            }
            score = rules.input_scorer(self.core.settings().weights)
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
