"""Whole items in and out: their fields, criteria and blocked-by links, and the rank order.
Lists read rows instead (`item_rows`)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..domain.models import Criterion, Item, Status
from ..domain.readiness import ReadyField
from ..domain.text_types import STORED
from .connection import BoardDatabase
from .item_rows import stored_missing
from .requests import next_key

ITEM_COLUMNS = (
    "id",
    "title",
    "kind",
    "description",
    "owner",
    "audience",
    "promise",
    "proof",
    "metric",
    "partners",
    "goal_id",
    "key_result_id",
    "horizon",
    "sprint_id",
    "status",
    "rank",
    "estimate",
    "value",
    "urgency",
    "impact",
    "fit",
    "effort",
    "risk",
    "hypothesis",
    "success_metric",
    "guardrail_metric",
    "decision_rule",
    "result",
    "result_note",
    "slipped",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
    "version",
    "source",
    "source_key",
    "source_url",
)
CRITERION_COLUMNS = ("uid", "n", "text", "state", "dod", "by", "at", "reason")


@dataclass(frozen=True)
class Derived:
    """What is kept with an item's row so lists need not read its criteria."""

    missing: Sequence[ReadyField]
    criteria_open: int


def _item_row(item: Item, derived: Derived) -> dict[str, Any]:
    row = item.model_dump(include=set(ITEM_COLUMNS), mode="json")
    row["partners"] = json.dumps(item.partners)
    row["missing"] = stored_missing(derived.missing)
    row["criteria_open"] = derived.criteria_open
    return row


def save_derived(db: BoardDatabase, item_id: int, derived: Derived) -> None:
    db.conn.execute(
        "UPDATE items SET missing = ?, criteria_open = ? WHERE id = ?",
        [stored_missing(derived.missing), derived.criteria_open, item_id],
    )


def load_items(db: BoardDatabase, where: str = "", params: Sequence[Any] = ()) -> list[Item]:
    """Items in rank order, with their criteria and blockers, in one snapshot."""
    sql = f"SELECT * FROM items {'WHERE ' + where if where else ''} ORDER BY rank, id"
    rows = list(db.query(sql, params))
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    criteria = _criteria_for(db, ids, where, params)
    blockers = _blockers_for(db, ids, where, params)
    items = []
    for row in rows:
        row["partners"] = json.loads(row["partners"])
        row["criteria"] = criteria.get(row["id"], [])
        row["blocked_by"] = blockers.get(row["id"], [])
        items.append(Item.model_validate(row, context=STORED))
    return items


def _scope(ids: list[int], where: str, params: Sequence[Any]) -> tuple[str, Sequence[Any]]:
    if not where:
        return "", ()
    if len(ids) <= 500:
        return f"WHERE item_id IN ({','.join('?' * len(ids))})", ids
    return f"WHERE item_id IN (SELECT id FROM items WHERE {where})", params


def _criteria_for(
    db: BoardDatabase, ids: list[int], where: str, params: Sequence[Any]
) -> dict[int, list[dict[str, Any]]]:
    scope, scope_params = _scope(ids, where, params)
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    sql = (
        f"SELECT item_id, {', '.join(CRITERION_COLUMNS)} FROM criteria {scope} ORDER BY item_id, n"
    )
    for row in db.query(sql, scope_params):
        found[row.pop("item_id")].append(row)
    return found


def _blockers_for(
    db: BoardDatabase, ids: list[int], where: str, params: Sequence[Any]
) -> dict[int, list[int]]:
    scope, scope_params = _scope(ids, where, params)
    found: dict[int, list[int]] = defaultdict(list)
    sql = f"SELECT item_id, blocker_id FROM blockers {scope} ORDER BY item_id, blocker_id"
    for row in db.query(sql, scope_params):
        found[row["item_id"]].append(row["blocker_id"])
    return found


def criteria_records(
    db: BoardDatabase, ids: Sequence[int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Criteria as plain records, by item (for output that needs them by the thousand).
    Read in table order (an item's criteria are written together, in order) rather than
    through the index, which costs a lookup a row."""
    scope, params = "", list(ids or [])
    if ids is not None:
        scope = f"WHERE item_id IN ({','.join('?' * len(params))})" if params else "WHERE 0"
    sql = f"SELECT item_id, n, text, state, dod, by, at, reason, uid FROM criteria {scope}"
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in db.conn.execute(sql, params):
        found[r[0]].append(
            {"n": r[1], "text": r[2], "state": r[3], "dod": bool(r[4]), "by": r[5], "at": r[6],
             "reason": r[7], "uid": r[8]}
        )  # fmt: skip
    for records in found.values():
        records.sort(key=lambda record: record["n"])
    return dict(found)


def load_item(db: BoardDatabase, item_id: int) -> Item | None:
    found = load_items(db, "id = ?", (item_id,))
    return found[0] if found else None


def insert_item(db: BoardDatabase, item: Item, derived: Derived) -> int:
    row = _item_row(item, derived)
    if item.id is None:
        row["id"] = next_key(db)  # requests share the items' numbering
    columns = list(row)
    placeholders = ", ".join("?" for _ in columns)
    cursor = db.execute(
        f"INSERT INTO items ({', '.join(columns)}) VALUES ({placeholders})",
        [row[c] for c in columns],
    )
    item_id = int(cursor.lastrowid or 0)
    save_criteria(db, item_id, item.criteria)
    save_blockers(db, item_id, item.blocked_by)
    return item_id


def update_item(db: BoardDatabase, item: Item, derived: Derived) -> None:
    """Write every column of the item, its criteria and its blockers."""
    row = _item_row(item, derived)
    item_id = row.pop("id")
    assignments = ", ".join(f"{column} = ?" for column in row)
    db.execute(f"UPDATE items SET {assignments} WHERE id = ?", [*row.values(), item_id])
    save_criteria(db, item_id, item.criteria)
    save_blockers(db, item_id, item.blocked_by)


def save_criteria(db: BoardDatabase, item_id: int, criteria: Iterable[Criterion]) -> None:
    db.execute("DELETE FROM criteria WHERE item_id = ?", [item_id])
    rows = [
        (item_id, c.uid, n, c.text, c.state.value, int(c.dod), c.by, c.at, c.reason)
        for n, c in enumerate(criteria, start=1)
    ]
    if rows:
        db.conn.executemany(
            "INSERT INTO criteria (item_id, uid, n, text, state, dod, by, at, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


def save_blockers(db: BoardDatabase, item_id: int, blocked_by: Iterable[int]) -> None:
    db.execute("DELETE FROM blockers WHERE item_id = ?", [item_id])
    rows = [(item_id, blocker) for blocker in dict.fromkeys(blocked_by)]
    if rows:
        db.conn.executemany("INSERT INTO blockers (item_id, blocker_id) VALUES (?, ?)", rows)


def existing_ids(db: BoardDatabase, ids: Iterable[int]) -> set[int]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    return {row["id"] for row in db.query(f"SELECT id FROM items WHERE id IN ({marks})", wanted)}


def source_ids(db: BoardDatabase, source: str) -> dict[str, int]:
    """Items imported from one tool, by their key there (the unique index answers)."""
    sql = "SELECT source_key, id FROM items WHERE source = ? AND source_key IS NOT NULL"
    return {row[0]: row[1] for row in db.conn.execute(sql, [source])}


def statuses(db: BoardDatabase, ids: Iterable[int]) -> dict[int, Status]:
    """The status of each of these items (a blocker's, say)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    sql = f"SELECT id, status FROM items WHERE id IN ({marks})"
    return {row[0]: Status(row[1]) for row in db.conn.execute(sql, wanted)}


def rank_bounds(db: BoardDatabase) -> tuple[float, float]:
    row = next(db.query("SELECT MIN(rank) AS lo, MAX(rank) AS hi FROM items"))
    return float(row["lo"] or 0.0), float(row["hi"] or 0.0)


def neighbour_rank(db: BoardDatabase, rank: float, before: bool, exclude_id: int) -> float | None:
    """The rank just above (before=True) or below the given one, skipping one item."""
    if before:
        sql = "SELECT MAX(rank) AS r FROM items WHERE rank < ? AND id != ?"
    else:
        sql = "SELECT MIN(rank) AS r FROM items WHERE rank > ? AND id != ?"
    value = next(db.query(sql, [rank, exclude_id]))["r"]
    return None if value is None else float(value)


def count_in_column(db: BoardDatabase, sprint_id: int, status: str, exclude_id: int) -> int:
    sql = "SELECT COUNT(*) AS n FROM items WHERE sprint_id = ? AND status = ? AND id != ?"
    return int(next(db.query(sql, [sprint_id, status, exclude_id]))["n"])


def rank_position(db: BoardDatabase, rank: float, item_id: int) -> int:
    sql = "SELECT COUNT(*) AS n FROM items WHERE rank < ? OR (rank = ? AND id < ?)"
    return int(next(db.query(sql, [rank, rank, item_id]))["n"]) + 1


def set_rank(db: BoardDatabase, item_id: int, rank: float) -> None:
    db.execute("UPDATE items SET rank = ? WHERE id = ?", [rank, item_id])


def renumber_ranks(db: BoardDatabase, ordered_ids: Sequence[int]) -> None:
    db.conn.executemany(
        "UPDATE items SET rank = ? WHERE id = ?",
        [(float(position), item_id) for position, item_id in enumerate(ordered_ids, start=1)],
    )


def ids_in_rank_order(db: BoardDatabase) -> list[int]:
    return [row["id"] for row in db.query("SELECT id FROM items ORDER BY rank, id")]


def count_items(db: BoardDatabase) -> int:
    return int(next(db.query("SELECT COUNT(*) AS n FROM items"))["n"])
