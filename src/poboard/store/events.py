"""The append-only events log: who changed what, when, from what to what."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from ..models import Event

EVENT_COLUMNS = ("at", "user", "item_id", "action", "field", "old", "new", "note", "ref")


def append(db: Database, events: Iterable[Event]) -> int:
    rows = [tuple(getattr(e, c) for c in EVENT_COLUMNS) for e in events]
    marks = ", ".join("?" * len(EVENT_COLUMNS))
    db.conn.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", rows)
    return len(rows)


def for_item(db: Database, item_id: int) -> list[Event]:
    rows = db.query("SELECT * FROM events WHERE item_id = ? ORDER BY id", [item_id])
    return [Event.model_validate(row) for row in rows]


def all_events(db: Database) -> list[Event]:
    rows = db.query("SELECT * FROM events ORDER BY id")
    return [Event.model_validate(row) for row in rows]
