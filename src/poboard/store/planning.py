"""Goals with key results, sprints and board settings."""

from __future__ import annotations

import json
from enum import Enum
from typing import Any

from ..domain.models import SprintState
from ..domain.planning import CheckIn, Goal, KeyResult, Sprint
from ..domain.settings import Settings
from ..domain.text_types import STORED
from .connection import BoardDatabase

SPRINT_COLUMNS = (
    "name",
    "goal",
    "start",
    "end",
    "started_at",
    "capacity",
    "state",
    "committed_points",
    "velocity",
    "closed_at",
    "goal_met",
    "goal_note",
)
CHECKIN_COLUMNS = ("key_result_id", "day", "value", "confidence", "note", "by", "at")


def load_goals(
    db: BoardDatabase, goal_id: int | None = None, *, archived: bool | None = None
) -> list[Goal]:
    """Goals (North Star first), each with its key results and their check-ins, oldest
    first; only the one goal when `goal_id` is given; only the live ones (`archived`
    False) or the archived ones (True); None reads them all, as an export does."""
    params: list[object] = [] if goal_id is None else [goal_id]
    only = "" if goal_id is None else "WHERE kr.goal_id = ?"
    checkins: dict[int, list[dict[str, Any]]] = {}
    sql = (
        f"SELECT c.* FROM checkins c JOIN key_results kr ON kr.id = c.key_result_id {only} "
        "ORDER BY c.key_result_id, c.day, c.id"
    )
    for row in db.query(sql, params):
        checkins.setdefault(row["key_result_id"], []).append(row)
    results: dict[int, list[dict[str, Any]]] = {}
    for row in db.query(f"SELECT kr.* FROM key_results kr {only} ORDER BY kr.id", params):
        row["checkins"] = checkins.get(row["id"], [])
        results.setdefault(row["goal_id"], []).append(row)
    goals = []
    where = "" if goal_id is None else "WHERE id = ?"
    for row in db.query(f"SELECT * FROM goals {where} ORDER BY north_star DESC, id", params):
        if archived is not None and (row["archived_at"] is not None) != archived:
            continue
        row["north_star"] = bool(row["north_star"])
        row["key_results"] = results.get(row["id"], [])
        goals.append(Goal.model_validate(row, context=STORED))
    return goals


def goal_titles(db: BoardDatabase) -> dict[int, str]:
    return {row[0]: row[1] for row in db.conn.execute("SELECT id, title FROM goals")}


def key_result_metrics(db: BoardDatabase) -> dict[int, str]:
    """Every key result's metric by id: what a list shows of an item's key result."""
    return {row[0]: row[1] for row in db.conn.execute("SELECT id, metric FROM key_results")}


def load_goal(db: BoardDatabase, goal_id: int) -> Goal | None:
    found = load_goals(db, goal_id)
    return found[0] if found else None


def goal_exists(db: BoardDatabase, goal_id: int) -> bool:
    return db.conn.execute("SELECT 1 FROM goals WHERE id = ?", [goal_id]).fetchone() is not None


def key_result_goal(db: BoardDatabase, kr_id: int) -> tuple[int, str] | None:
    """A key result's goal id and metric, without reading its check-ins."""
    row = db.conn.execute("SELECT goal_id, metric FROM key_results WHERE id = ?", [kr_id])
    found = row.fetchone()
    return None if found is None else (int(found[0]), str(found[1]))


def insert_goal(db: BoardDatabase, goal: Goal) -> int:
    if goal.north_star:
        db.execute("UPDATE goals SET north_star = 0")
    cursor = db.execute(
        "INSERT INTO goals (id, title, quarter, north_star, created_by, created_at, archived_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            goal.id,
            goal.title,
            goal.quarter,
            int(goal.north_star),
            goal.created_by,
            goal.created_at,
            goal.archived_at,
        ],
    )
    goal_id = int(cursor.lastrowid or 0)
    for kr in goal.key_results:
        insert_key_result(db, goal_id, kr)
    return goal_id


def insert_key_result(db: BoardDatabase, goal_id: int, kr: KeyResult) -> int:
    """A key result and the check-ins it carries (an import brings them along)."""
    cursor = db.execute(
        "INSERT INTO key_results (id, goal_id, metric, baseline, target, current) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [kr.id, goal_id, kr.metric, kr.baseline, kr.target, kr.current],
    )
    kr_id = int(cursor.lastrowid or 0)
    for checkin in kr.checkins:
        insert_checkin(db, checkin.model_copy(update={"key_result_id": kr_id}))
    return kr_id


def insert_checkin(db: BoardDatabase, checkin: CheckIn) -> int:
    row = checkin.model_dump(mode="json")
    columns = ["id", *CHECKIN_COLUMNS]
    cursor = db.execute(
        f"INSERT INTO checkins ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )
    return int(cursor.lastrowid or 0)


def update_goal(db: BoardDatabase, goal: Goal) -> None:
    """A goal's own fields (not its key results); one North Star at most."""
    if goal.north_star:
        db.execute("UPDATE goals SET north_star = 0 WHERE id != ?", [goal.id])
    db.execute(
        "UPDATE goals SET title = ?, quarter = ?, north_star = ?, archived_at = ? WHERE id = ?",
        [goal.title, goal.quarter, int(goal.north_star), goal.archived_at, goal.id],
    )


def update_checkin(db: BoardDatabase, checkin: CheckIn) -> None:
    row = checkin.model_dump(mode="json")
    db.execute(
        "UPDATE checkins SET value = ?, confidence = ?, note = ? WHERE id = ?",
        [row["value"], row["confidence"], row["note"], checkin.id],
    )


def delete_checkin(db: BoardDatabase, checkin_id: int) -> None:
    db.execute("DELETE FROM checkins WHERE id = ?", [checkin_id])


def update_key_result(db: BoardDatabase, kr: KeyResult) -> None:
    db.execute(
        "UPDATE key_results SET metric = ?, baseline = ?, target = ?, current = ? WHERE id = ?",
        [kr.metric, kr.baseline, kr.target, kr.current, kr.id],
    )


def load_sprints(db: BoardDatabase) -> list[Sprint]:
    rows = db.query("SELECT * FROM sprints ORDER BY start, id")
    return [Sprint.model_validate(row, context=STORED) for row in rows]


def load_sprint(
    db: BoardDatabase, *, name: str | None = None, sprint_id: int | None = None
) -> Sprint | None:
    if name is not None:
        rows = list(db.query("SELECT * FROM sprints WHERE name = ? COLLATE NOCASE", [name]))
    else:
        rows = list(db.query("SELECT * FROM sprints WHERE id = ?", [sprint_id]))
    return Sprint.model_validate(rows[0], context=STORED) if rows else None


def active_sprint(db: BoardDatabase) -> Sprint | None:
    rows = list(db.query("SELECT * FROM sprints WHERE state = ?", [SprintState.ACTIVE.value]))
    return Sprint.model_validate(rows[0], context=STORED) if rows else None


def insert_sprint(db: BoardDatabase, sprint: Sprint) -> int:
    row = sprint.model_dump(mode="json")
    columns = ["id", *SPRINT_COLUMNS]
    quoted = ", ".join(f'"{c}"' for c in columns)
    cursor = db.execute(
        f"INSERT INTO sprints ({quoted}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )
    return int(cursor.lastrowid or 0)


def update_sprint(db: BoardDatabase, sprint: Sprint) -> None:
    row = sprint.model_dump(mode="json")
    assignments = ", ".join(f'"{c}" = ?' for c in SPRINT_COLUMNS)
    db.execute(
        f"UPDATE sprints SET {assignments} WHERE id = ?",
        [*(row[c] for c in SPRINT_COLUMNS), sprint.id],
    )


def load_settings(db: BoardDatabase, default_name: str = "board") -> Settings:
    stored = {row["key"]: json.loads(row["value"]) for row in db.query("SELECT * FROM settings")}
    stored.setdefault("name", default_name)
    return Settings.model_validate(stored, context=STORED)


def _stored_value(value: object) -> object:
    """A setting's enum (a field of the Definition of Ready) as its value."""
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"a setting cannot hold {type(value).__name__}")


def stored_setting(db: BoardDatabase, key: str) -> object:
    """One setting's stored value, None when it has none (a key the Settings model does
    not read: how the board is shared, where its web pages are)."""
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else None


def save_setting(db: BoardDatabase, key: str, value: object) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, default=_stored_value)],
    )
