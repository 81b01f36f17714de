"""Items, their criteria and blocked-by links: rows in, models out."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..models import Criterion, ExperimentResult, Horizon, Item, ItemRow, Kind, Status
from .connection import BoardDatabase

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


ROW_COLUMNS = (
    "id", "title", "kind", "description", "owner", "audience", "promise", "proof", "metric",
    "goal_id", "key_result_id", "horizon", "sprint_id", "status", "rank", "estimate", "value",
    "urgency", "impact", "fit", "effort", "risk", "slipped", "version", "partners", "hypothesis",
    "success_metric", "guardrail_metric", "decision_rule", "result", "result_note",
    "created_by", "created_at", "updated_by", "updated_at", "source", "source_key",
    "source_url", "missing", "criteria_open",
)  # fmt: skip
ROW_SQL = (
    f"SELECT {', '.join(ROW_COLUMNS)}, (SELECT group_concat(blocker_id) FROM blockers b "
    "WHERE b.item_id = items.id) AS blocked_by FROM items"
)


@dataclass(frozen=True)
class Derived:
    """What is kept with an item's row so lists need not read its criteria."""

    missing: Sequence[str]
    criteria_open: int


def _item_row(item: Item, derived: Derived) -> dict[str, Any]:
    row = item.model_dump(include=set(ITEM_COLUMNS), mode="json")
    row["partners"] = json.dumps(item.partners)
    row["missing"] = ",".join(derived.missing)
    row["criteria_open"] = derived.criteria_open
    return row


def load_rows(db: BoardDatabase, where: str = "", params: Sequence[Any] = ()) -> list[ItemRow]:
    """Items as lists show them, in rank order, without reading a single criterion.
    A row whose derived columns are not filled yet (an upgraded board opened read-only)
    comes with `missing` None-like: ("?",) and is filled by the board service."""
    sql = f"{ROW_SQL} {'WHERE ' + where if where else ''} ORDER BY rank, id"
    found = []
    for r in db.conn.execute(sql, list(params)):
        v = list(r)
        v[_KIND], v[_HORIZON], v[_STATUS] = (
            KINDS[v[_KIND]],
            HORIZONS[v[_HORIZON]],
            STATUSES[v[_STATUS]],
        )
        v[_PARTNERS] = _partners(v[_PARTNERS])
        v[_RESULT] = None if v[_RESULT] is None else ExperimentResult(v[_RESULT])
        missing = v[_MISSING]
        v[_MISSING] = UNDERIVED if missing is None else tuple(missing.split(",")) if missing else ()
        v[_OPEN] = v[_OPEN] or 0
        v[_BLOCKED] = tuple(int(b) for b in v[_BLOCKED].split(",")) if v[_BLOCKED] else ()
        found.append(ItemRow(*v))
    return found


# Where load_rows finds each column it converts: ItemRow is made positionally, fast.
_KIND, _HORIZON, _STATUS, _PARTNERS, _RESULT, _MISSING, _OPEN = (
    ROW_COLUMNS.index(name)
    for name in ("kind", "horizon", "status", "partners", "result", "missing", "criteria_open")
)
_BLOCKED = len(ROW_COLUMNS)


def _partners(stored: str) -> tuple[str, ...]:
    return () if stored == "[]" else tuple(json.loads(stored))


KINDS = {k.value: k for k in Kind}
HORIZONS = {h.value: h for h in Horizon}
STATUSES = {s.value: s for s in Status}
UNDERIVED = ("?",)  # a row written before its derived columns existed
OPEN = "status NOT IN ('done', 'dropped')"


def select_rows(
    db: BoardDatabase,
    *,
    open_only: bool = False,
    status: str | None = None,
    horizon: str | None = None,
    sprint_id: int | None = None,
    outside_sprints: bool = False,
    ids: Sequence[int] | None = None,
) -> list[ItemRow]:
    """Rows chosen by what a screen or a command shows, each condition indexed."""
    return load_rows(
        db,
        *item_conditions(
            open_only=open_only,
            status=status,
            horizon=horizon,
            sprint_id=sprint_id,
            outside_sprints=outside_sprints,
            ids=ids,
        ),
    )


def item_conditions(
    *,
    open_only: bool = False,
    status: str | None = None,
    horizon: str | None = None,
    sprint_id: int | None = None,
    outside_sprints: bool = False,
    ids: Sequence[int] | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause (without the word) and its parameters for `select_rows`."""
    where: list[str] = []
    params: list[Any] = []
    if open_only:
        where.append(OPEN)
    if status is not None:
        where.append("status = ?")
        params.append(status)
    if horizon is not None:
        where.append("horizon = ?")
        params.append(horizon)
    if sprint_id is not None:
        where.append("sprint_id = ?")
        params.append(sprint_id)
    if outside_sprints:
        where.append("sprint_id IS NULL")
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        where.append(f"id IN ({','.join('?' * len(wanted))})" if wanted else "0")
        params += wanted
    return " AND ".join(where), params


def flow_rows(db: BoardDatabase, ids: Iterable[int]) -> list[ItemRow]:
    """What velocity, burndown and throughput count: work in sprints, done work, and the
    items the flow events name."""
    wanted = list(dict.fromkeys(ids))
    named = f" OR id IN ({','.join('?' * len(wanted))})" if wanted else ""
    return load_rows(db, f"sprint_id IS NOT NULL OR status = 'done'{named}", wanted)


def find_ids(db: BoardDatabase, words: Sequence[str], limit: int) -> list[int]:
    """Items whose title holds every word (ASCII letters in any case), open ones first,
    in rank order: one pass over the titles, never a row more than `limit` read out."""
    if not words:
        return []
    where = " AND ".join("title LIKE ? ESCAPE '\\'" for _ in words)
    params: list[Any] = [f"%{_like_escaped(word)}%" for word in words]
    sql = f"SELECT id FROM items WHERE {where} ORDER BY NOT ({OPEN}), rank, id LIMIT ?"
    return [row[0] for row in db.conn.execute(sql, [*params, limit])]


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count_open(db: BoardDatabase) -> int:
    return int(db.conn.execute(f"SELECT COUNT(*) FROM items WHERE {OPEN}").fetchone()[0])


def open_ids(db: BoardDatabase) -> list[int]:
    """Open items' ids in rank order: each one's position is its place here."""
    sql = f"SELECT id FROM items WHERE {OPEN} ORDER BY rank, id"
    return [row[0] for row in db.conn.execute(sql)]


def underived_ids(db: BoardDatabase) -> list[int]:
    return [row[0] for row in db.conn.execute("SELECT id FROM items WHERE missing IS NULL")]


def save_derived(db: BoardDatabase, item_id: int, derived: Derived) -> None:
    db.conn.execute(
        "UPDATE items SET missing = ?, criteria_open = ? WHERE id = ?",
        [",".join(derived.missing), derived.criteria_open, item_id],
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
        items.append(Item.model_validate(row))
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


# How many open items each item blocks (`scope` narrows the blockers).
OPEN_BLOCKED_SQL = (
    "SELECT b.blocker_id AS id, COUNT(*) AS n FROM blockers b JOIN items o ON o.id = b.item_id "
    "WHERE o.status NOT IN ('done', 'dropped'){scope} GROUP BY b.blocker_id"
)


def blocking_counts(db: BoardDatabase, ids: Iterable[int] | None = None) -> dict[int, int]:
    """How many open items each item blocks (it raises the blocker's score); for the
    given blockers only, when `ids` is given."""
    scope, params = "", []
    if ids is not None:
        params = list(dict.fromkeys(ids))
        scope = f" AND b.blocker_id IN ({','.join('?' * len(params))})" if params else " AND 0"
    sql = OPEN_BLOCKED_SQL.format(scope=scope)
    return {row[0]: row[1] for row in db.conn.execute(sql, params)}


def open_position(db: BoardDatabase, item_id: int) -> int:
    """Where an open item stands among the open items, 1 first (0 when it is closed)."""
    sql = (
        "SELECT COUNT(*) FROM items o, items i WHERE i.id = ? AND "
        "i.status NOT IN ('done', 'dropped') AND o.status NOT IN ('done', 'dropped') AND "
        "(o.rank < i.rank OR (o.rank = i.rank AND o.id <= i.id))"
    )
    return int(db.conn.execute(sql, [item_id]).fetchone()[0])


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
