"""Goals with key results, sprints and board settings."""

from __future__ import annotations

import json
from typing import Any

from ..models import Goal, KeyResult, Settings, Sprint, SprintState
from .connection import BoardDatabase

SPRINT_COLUMNS = (
    "name",
    "goal",
    "start",
    "end",
    "capacity",
    "state",
    "committed_points",
    "velocity",
    "closed_at",
)


def load_goals(db: BoardDatabase) -> list[Goal]:
    results: dict[int, list[dict[str, Any]]] = {}
    for row in db.query("SELECT * FROM key_results ORDER BY id"):
        results.setdefault(row["goal_id"], []).append(row)
    goals = []
    for row in db.query("SELECT * FROM goals ORDER BY north_star DESC, id"):
        row["north_star"] = bool(row["north_star"])
        row["key_results"] = results.get(row["id"], [])
        goals.append(Goal.model_validate(row))
    return goals


def goal_titles(db: BoardDatabase) -> dict[int, str]:
    return {row[0]: row[1] for row in db.conn.execute("SELECT id, title FROM goals")}


def load_goal(db: BoardDatabase, goal_id: int) -> Goal | None:
    return next((g for g in load_goals(db) if g.id == goal_id), None)


def insert_goal(db: BoardDatabase, goal: Goal) -> int:
    if goal.north_star:
        db.execute("UPDATE goals SET north_star = 0")
    cursor = db.execute(
        "INSERT INTO goals (id, title, quarter, north_star, created_by, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [goal.id, goal.title, goal.quarter, int(goal.north_star), goal.created_by, goal.created_at],
    )
    goal_id = int(cursor.lastrowid or 0)
    for kr in goal.key_results:
        insert_key_result(db, goal_id, kr)
    return goal_id


def insert_key_result(db: BoardDatabase, goal_id: int, kr: KeyResult) -> int:
    cursor = db.execute(
        "INSERT INTO key_results (id, goal_id, metric, baseline, target, current) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [kr.id, goal_id, kr.metric, kr.baseline, kr.target, kr.current],
    )
    return int(cursor.lastrowid or 0)


def update_key_result(db: BoardDatabase, kr: KeyResult) -> None:
    db.execute(
        "UPDATE key_results SET metric = ?, baseline = ?, target = ?, current = ? WHERE id = ?",
        [kr.metric, kr.baseline, kr.target, kr.current, kr.id],
    )


def load_sprints(db: BoardDatabase) -> list[Sprint]:
    return [
        Sprint.model_validate(row) for row in db.query("SELECT * FROM sprints ORDER BY start, id")
    ]


def load_sprint(
    db: BoardDatabase, *, name: str | None = None, sprint_id: int | None = None
) -> Sprint | None:
    if name is not None:
        rows = list(db.query("SELECT * FROM sprints WHERE name = ? COLLATE NOCASE", [name]))
    else:
        rows = list(db.query("SELECT * FROM sprints WHERE id = ?", [sprint_id]))
    return Sprint.model_validate(rows[0]) if rows else None


def active_sprint(db: BoardDatabase) -> Sprint | None:
    rows = list(db.query("SELECT * FROM sprints WHERE state = ?", [SprintState.ACTIVE.value]))
    return Sprint.model_validate(rows[0]) if rows else None


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
    return Settings.model_validate(stored)


def save_setting(db: BoardDatabase, key: str, value: object) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value)],
    )
