"""Items, their criteria and blocked-by links: rows in, models out."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlite_utils import Database

from ..models import Criterion, Item, Status

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
)
CRITERION_COLUMNS = ("uid", "n", "text", "state", "dod", "by", "at", "reason")


def _item_row(item: Item) -> dict[str, Any]:
    row = item.model_dump(include=set(ITEM_COLUMNS), mode="json")
    row["partners"] = json.dumps(item.partners)
    return row


def load_items(db: Database, where: str = "", params: Sequence[Any] = ()) -> list[Item]:
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
        items.append(Item.model_validate(row))
    return items


def _scope(ids: list[int], where: str, params: Sequence[Any]) -> tuple[str, Sequence[Any]]:
    if not where:
        return "", ()
    if len(ids) <= 500:
        return f"WHERE item_id IN ({','.join('?' * len(ids))})", ids
    return f"WHERE item_id IN (SELECT id FROM items WHERE {where})", params


def _criteria_for(
    db: Database, ids: list[int], where: str, params: Sequence[Any]
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
    db: Database, ids: list[int], where: str, params: Sequence[Any]
) -> dict[int, list[int]]:
    scope, scope_params = _scope(ids, where, params)
    found: dict[int, list[int]] = defaultdict(list)
    sql = f"SELECT item_id, blocker_id FROM blockers {scope} ORDER BY item_id, blocker_id"
    for row in db.query(sql, scope_params):
        found[row["item_id"]].append(row["blocker_id"])
    return found


def load_item(db: Database, item_id: int) -> Item | None:
    found = load_items(db, "id = ?", (item_id,))
    return found[0] if found else None


def insert_item(db: Database, item: Item) -> int:
    row = _item_row(item)
    if item.id is None:
        row.pop("id")
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


def update_item(db: Database, item: Item) -> None:
    """Write every column of the item, its criteria and its blockers."""
    row = _item_row(item)
    item_id = row.pop("id")
    assignments = ", ".join(f"{column} = ?" for column in row)
    db.execute(f"UPDATE items SET {assignments} WHERE id = ?", [*row.values(), item_id])
    save_criteria(db, item_id, item.criteria)
    save_blockers(db, item_id, item.blocked_by)


def save_criteria(db: Database, item_id: int, criteria: Iterable[Criterion]) -> None:
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


def save_blockers(db: Database, item_id: int, blocked_by: Iterable[int]) -> None:
    db.execute("DELETE FROM blockers WHERE item_id = ?", [item_id])
    rows = [(item_id, blocker) for blocker in dict.fromkeys(blocked_by)]
    if rows:
        db.conn.executemany("INSERT INTO blockers (item_id, blocker_id) VALUES (?, ?)", rows)


def existing_ids(db: Database, ids: Iterable[int]) -> set[int]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    return {row["id"] for row in db.query(f"SELECT id FROM items WHERE id IN ({marks})", wanted)}


def statuses(db: Database) -> dict[int, Status]:
    return {row["id"]: Status(row["status"]) for row in db.query("SELECT id, status FROM items")}


def blocking_counts(db: Database) -> dict[int, int]:
    """How many open items each item blocks (it raises the blocker's score)."""
    sql = (
        "SELECT b.blocker_id AS id, COUNT(*) AS n FROM blockers b JOIN items i ON i.id = b.item_id "
        "WHERE i.status NOT IN ('done', 'dropped') GROUP BY b.blocker_id"
    )
    return {row["id"]: row["n"] for row in db.query(sql)}


def rank_bounds(db: Database) -> tuple[float, float]:
    row = next(db.query("SELECT MIN(rank) AS lo, MAX(rank) AS hi FROM items"))
    return float(row["lo"] or 0.0), float(row["hi"] or 0.0)


def neighbour_rank(db: Database, rank: float, before: bool, exclude_id: int) -> float | None:
    """The rank just above (before=True) or below the given one, skipping one item."""
    if before:
        sql = "SELECT MAX(rank) AS r FROM items WHERE rank < ? AND id != ?"
    else:
        sql = "SELECT MIN(rank) AS r FROM items WHERE rank > ? AND id != ?"
    value = next(db.query(sql, [rank, exclude_id]))["r"]
    return None if value is None else float(value)


def count_in_column(db: Database, sprint_id: int, status: str, exclude_id: int) -> int:
    sql = "SELECT COUNT(*) AS n FROM items WHERE sprint_id = ? AND status = ? AND id != ?"
    return int(next(db.query(sql, [sprint_id, status, exclude_id]))["n"])


def rank_position(db: Database, rank: float, item_id: int) -> int:
    sql = "SELECT COUNT(*) AS n FROM items WHERE rank < ? OR (rank = ? AND id < ?)"
    return int(next(db.query(sql, [rank, rank, item_id]))["n"]) + 1


def set_rank(db: Database, item_id: int, rank: float) -> None:
    db.execute("UPDATE items SET rank = ? WHERE id = ?", [rank, item_id])


def renumber_ranks(db: Database, ordered_ids: Sequence[int]) -> None:
    db.conn.executemany(
        "UPDATE items SET rank = ? WHERE id = ?",
        [(float(position), item_id) for position, item_id in enumerate(ordered_ids, start=1)],
    )


def ids_in_rank_order(db: Database) -> list[int]:
    return [row["id"] for row in db.query("SELECT id FROM items ORDER BY rank, id")]


def count_items(db: Database) -> int:
    return int(next(db.query("SELECT COUNT(*) AS n FROM items"))["n"])
