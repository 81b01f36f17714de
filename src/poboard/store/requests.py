"""Requests from outside the team, as they wait for triage and after it. A request holds
a number of the items' numbering from the start; only an accepted one has an item row."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.models import Event, Status
from ..domain.requests import Request, RequestStatus
from .connection import BoardDatabase

ASKED = ("title", "audience", "promise", "proof", "metric", "why", "needed_by")
SELECT = "SELECT r.*, i.status AS item_status FROM requests r LEFT JOIN items i ON i.id = r.item_id"
# New ones first (they wait for a decision), then the latest asked first.
ORDER = "ORDER BY r.status != 'new', r.created_at DESC, r.id DESC"


def next_key(db: BoardDatabase) -> int:
    """The next number of the items' numbering, which requests share."""
    sql = (
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM items), 0), "
        "COALESCE((SELECT MAX(id) FROM requests), 0)) + 1"
    )
    return int(db.conn.execute(sql).fetchone()[0])


def insert_request(db: BoardDatabase, asked: Mapping[str, Any], requested_by: str, at: str) -> int:
    key = next_key(db)
    columns = ["id", *ASKED, "requested_by", "status", "created_at", "updated_at"]
    values = [key, *(asked.get(name) for name in ASKED), requested_by, "new", at, at]
    marks = ", ".join("?" * len(columns))
    db.execute(f"INSERT INTO requests ({', '.join(columns)}) VALUES ({marks})", values)
    return key


def restore_request(db: BoardDatabase, row: Mapping[str, Any]) -> None:
    """A request as an export holds it (`key`, `item` and the rest), numbered already."""
    names = [*ASKED, "requested_by", "status", "reason", "decided_by", "decided_at"]
    columns = ["id", "item_id", *names, "created_at", "updated_at"]
    values = [row["key"], row["item"], *(row[n] for n in (*names, "created_at", "updated_at"))]
    marks = ", ".join("?" * len(columns))
    db.execute(f"INSERT INTO requests ({', '.join(columns)}) VALUES ({marks})", values)


def any_requests(db: BoardDatabase) -> bool:
    return db.conn.execute("SELECT 1 FROM requests LIMIT 1").fetchone() is not None


def load_request(db: BoardDatabase, key: int) -> Request | None:
    found = [_request(row) for row in db.query(f"{SELECT} WHERE r.id = ?", [key])]
    return found[0] if found else None


def load_requests(
    db: BoardDatabase, status: str | None = None, requested_by: str | None = None
) -> list[Request]:
    """Requests chosen by status and requester (each indexed), new ones first."""
    where, params = [], []
    if status is not None:
        where.append("r.status = ?")
        params.append(status)
    if requested_by is not None:
        where.append("r.requested_by = ?")
        params.append(requested_by)
    sql = f"{SELECT} {'WHERE ' + ' AND '.join(where) if where else ''} {ORDER}"
    return [_request(row) for row in db.query(sql, params)]


def for_item(db: BoardDatabase, item_id: int) -> list[Request]:
    """The requests that became an item or were merged into it (indexed)."""
    return [_request(row) for row in db.query(f"{SELECT} WHERE r.item_id = ? {ORDER}", [item_id])]


def count_new(db: BoardDatabase) -> int:
    sql = "SELECT COUNT(*) FROM requests WHERE status = 'new'"
    return int(db.conn.execute(sql).fetchone()[0])


def decide(
    db: BoardDatabase,
    key: int,
    status: RequestStatus,
    by: str,
    at: str,
    reason: str | None = None,
    item_id: int | None = None,
) -> None:
    db.execute(
        "UPDATE requests SET status = ?, reason = ?, item_id = ?, decided_by = ?, "
        "decided_at = ?, updated_at = ? WHERE id = ?",
        [status.value, reason, item_id, by, at, at, key],
    )


def touch(db: BoardDatabase, key: int, at: str) -> None:
    db.execute("UPDATE requests SET updated_at = ? WHERE id = ?", [at, key])


def events_of(db: BoardDatabase, key: int) -> list[Event]:
    """A request's history: the events logged about it (`request`, with its number)."""
    sql = "SELECT * FROM events WHERE action = 'request' AND ref = ? ORDER BY id"
    return [Event.model_validate(row) for row in db.query(sql, [str(key)])]


def _request(row: dict[str, Any]) -> Request:
    status = row.pop("item_status")
    return Request(
        key=row["id"],
        title=row["title"],
        requested_by=row["requested_by"],
        status=RequestStatus(row["status"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        audience=row["audience"],
        promise=row["promise"],
        proof=row["proof"],
        metric=row["metric"],
        why=row["why"],
        needed_by=row["needed_by"],
        reason=row["reason"],
        item=row["item_id"],
        item_status=None if status is None else Status(status),
        decided_by=row["decided_by"],
        decided_at=row["decided_at"],
    )
