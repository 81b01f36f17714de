"""Retros: their cards, votes and action items."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from ..models import Retro, RetroAction, RetroCard


def load_retros(db: Database) -> list[Retro]:
    return [
        r
        for r in (
            load_retro(db, row["id"]) for row in db.query("SELECT id FROM retros ORDER BY id")
        )
        if r
    ]


def load_retro(db: Database, retro_id: int) -> Retro | None:
    rows = list(db.query("SELECT * FROM retros WHERE id = ?", [retro_id]))
    if not rows:
        return None
    retro: dict[str, Any] = rows[0]
    votes = list(
        db.query(
            "SELECT v.id, v.card_id, v.user, v.at FROM retro_votes v "
            "JOIN retro_cards c ON c.id = v.card_id WHERE c.retro_id = ? ORDER BY v.id",
            [retro_id],
        )
    )
    tally: dict[int, int] = {}
    for vote in votes:
        tally[vote["card_id"]] = tally.get(vote["card_id"], 0) + 1
    retro["cards"] = [
        {**row, "column": row.pop("column_name"), "votes": tally.get(row["id"], 0)}
        for row in db.query("SELECT * FROM retro_cards WHERE retro_id = ? ORDER BY id", [retro_id])
    ]
    retro["actions"] = list(
        db.query("SELECT * FROM retro_actions WHERE retro_id = ? ORDER BY id", [retro_id])
    )
    retro["votes"] = votes
    return Retro.model_validate(retro)


def insert_retro(db: Database, retro: Retro) -> int:
    cursor = db.execute(
        "INSERT INTO retros (id, sprint_id, format, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        [retro.id, retro.sprint_id, retro.format.value, retro.created_by, retro.created_at],
    )
    return int(cursor.lastrowid or 0)


def insert_card(db: Database, card: RetroCard) -> int:
    cursor = db.execute(
        "INSERT INTO retro_cards (id, retro_id, column_name, text, author, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [card.id, card.retro_id, card.column, card.text, card.author, card.created_at],
    )
    return int(cursor.lastrowid or 0)


def insert_vote(db: Database, card_id: int, user: str, at: str, vote_id: int | None = None) -> None:
    db.execute(
        "INSERT INTO retro_votes (id, card_id, user, at) VALUES (?, ?, ?, ?)",
        [vote_id, card_id, user, at],
    )


def votes_used(db: Database, retro_id: int, user: str) -> int:
    sql = (
        "SELECT COUNT(*) AS n FROM retro_votes v JOIN retro_cards c ON c.id = v.card_id "
        "WHERE c.retro_id = ? AND v.user = ?"
    )
    return int(next(db.query(sql, [retro_id, user]))["n"])


def insert_action(db: Database, action: RetroAction) -> int:
    row = action.model_dump(mode="json")
    columns = ("id", "retro_id", "text", "owner", "due", "state", "item_id", "carried_from")
    marks = ", ".join("?" * len(columns))
    cursor = db.execute(
        f"INSERT INTO retro_actions ({', '.join(columns)}) VALUES ({marks})",
        [row[c] for c in columns],
    )
    return int(cursor.lastrowid or 0)


ACTION_COLUMNS = ("retro_id", "text", "owner", "due", "state", "item_id", "carried_from")


def load_action(db: Database, action_id: int) -> RetroAction | None:
    rows = list(db.query("SELECT * FROM retro_actions WHERE id = ?", [action_id]))
    return RetroAction.model_validate(rows[0]) if rows else None


def update_action(db: Database, action: RetroAction) -> None:
    row = action.model_dump(mode="json")
    assignments = ", ".join(f"{c} = ?" for c in ACTION_COLUMNS)
    db.execute(
        f"UPDATE retro_actions SET {assignments} WHERE id = ?",
        [*(row[c] for c in ACTION_COLUMNS), action.id],
    )
