"""The append-only events log: who changed what, when, from what to what."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..domain.models import Event
from .connection import BoardDatabase

EVENT_COLUMNS = ("at", "user", "item_id", "action", "field", "old", "new", "note", "ref")


def append(db: BoardDatabase, events: Iterable[Event]) -> int:
    rows = [tuple(getattr(e, c) for c in EVENT_COLUMNS) for e in events]
    marks = ", ".join("?" * len(EVENT_COLUMNS))
    db.conn.executemany(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", rows)
    return len(rows)


def for_item(db: BoardDatabase, item_id: int) -> list[Event]:
    rows = db.query("SELECT * FROM events WHERE item_id = ? ORDER BY id", [item_id])
    return [Event.model_validate(row) for row in rows]


def all_events(db: BoardDatabase) -> list[Event]:
    rows = db.query("SELECT * FROM events ORDER BY id")
    return [Event.model_validate(row) for row in rows]


def last_id(db: BoardDatabase) -> int:
    return int(db.conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()[0])


def since(db: BoardDatabase, event_id: int) -> list[tuple[int, int | None]]:
    """(event id, item id) of every event after `event_id`: what changed since then."""
    sql = "SELECT id, item_id FROM events WHERE id > ? ORDER BY id"
    return [(row[0], row[1]) for row in db.conn.execute(sql, [event_id])]


def by_actions(db: BoardDatabase, actions: Sequence[str]) -> list[Event]:
    """The events of these kinds only, in order (indexed by action): what the flow
    figures read, without the rest of the log."""
    marks = ", ".join("?" * len(actions))
    rows = db.query(f"SELECT * FROM events WHERE action IN ({marks}) ORDER BY id", list(actions))
    return [Event.model_validate(row) for row in rows]
