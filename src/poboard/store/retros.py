"""Retros: their cards, votes and action items."""

from __future__ import annotations

from typing import Any

from ..domain.planning import Retro, RetroAction, RetroCard
from ..domain.text_types import STORED
from .connection import BoardDatabase


def load_retros(db: BoardDatabase) -> list[Retro]:
    return [
        r
        for r in (
            load_retro(db, row["id"]) for row in db.query("SELECT id FROM retros ORDER BY id")
        )
        if r
    ]


def load_retro(db: BoardDatabase, retro_id: int) -> Retro | None:
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
    return Retro.model_validate(retro, context=STORED)


def retro_of_sprint(db: BoardDatabase, sprint_id: int) -> Retro | None:
    """The sprint's retro (the first, should an imported board hold two)."""
    rows = list(db.query("SELECT MIN(id) AS id FROM retros WHERE sprint_id = ?", [sprint_id]))
    return load_retro(db, rows[0]["id"]) if rows and rows[0]["id"] is not None else None


def insert_retro(db: BoardDatabase, retro: Retro) -> int:
    cursor = db.execute(
        "INSERT INTO retros (id, sprint_id, format, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
        [retro.id, retro.sprint_id, retro.format.value, retro.created_by, retro.created_at],
    )
    return int(cursor.lastrowid or 0)


def insert_card(db: BoardDatabase, card: RetroCard) -> int:
    cursor = db.execute(
        "INSERT INTO retro_cards (id, retro_id, column_name, text, author, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [card.id, card.retro_id, card.column, card.text, card.author, card.created_at],
    )
    return int(cursor.lastrowid or 0)


def load_card(db: BoardDatabase, card_id: int) -> RetroCard | None:
    sql = (
        "SELECT c.*, (SELECT COUNT(*) FROM retro_votes v WHERE v.card_id = c.id) AS votes "
        "FROM retro_cards c WHERE c.id = ?"
    )
    rows = list(db.query(sql, [card_id]))
    if not rows:
        return None
    row = rows[0]
    row["column"] = row.pop("column_name")
    return RetroCard.model_validate(row, context=STORED)


def update_card_text(db: BoardDatabase, card_id: int, text: str) -> None:
    db.execute("UPDATE retro_cards SET text = ? WHERE id = ?", [text, card_id])


def delete_card(db: BoardDatabase, card_id: int) -> None:
    """The card and its votes (the votes go back to the people who spent them)."""
    db.execute("DELETE FROM retro_votes WHERE card_id = ?", [card_id])
    db.execute("DELETE FROM retro_cards WHERE id = ?", [card_id])


def insert_vote(
    db: BoardDatabase, card_id: int, user: str, at: str, vote_id: int | None = None
) -> None:
    db.execute(
        "INSERT INTO retro_votes (id, card_id, user, at) VALUES (?, ?, ?, ?)",
        [vote_id, card_id, user, at],
    )


def votes_used(db: BoardDatabase, retro_id: int, user: str) -> int:
    sql = (
        "SELECT COUNT(*) AS n FROM retro_votes v JOIN retro_cards c ON c.id = v.card_id "
        "WHERE c.retro_id = ? AND v.user = ?"
    )
    return int(next(db.query(sql, [retro_id, user]))["n"])


def delete_vote(db: BoardDatabase, card_id: int, user: str) -> bool:
    """Take back the user's latest vote on the card; False when they have none there."""
    rows = list(
        db.query(
            "SELECT MAX(id) AS id FROM retro_votes WHERE card_id = ? AND user = ?", [card_id, user]
        )
    )
    if not rows or rows[0]["id"] is None:
        return False
    db.execute("DELETE FROM retro_votes WHERE id = ?", [rows[0]["id"]])
    return True


def insert_action(db: BoardDatabase, action: RetroAction) -> int:
    row = action.model_dump(mode="json")
    columns = ("id", "retro_id", "text", "owner", "due", "state", "item_id", "carried_from")
    marks = ", ".join("?" * len(columns))
    cursor = db.execute(
        f"INSERT INTO retro_actions ({', '.join(columns)}) VALUES ({marks})",
        [row[c] for c in columns],
    )
    return int(cursor.lastrowid or 0)


ACTION_COLUMNS = ("retro_id", "text", "owner", "due", "state", "item_id", "carried_from")


def load_action(db: BoardDatabase, action_id: int) -> RetroAction | None:
    rows = list(db.query("SELECT * FROM retro_actions WHERE id = ?", [action_id]))
    return RetroAction.model_validate(rows[0], context=STORED) if rows else None


def update_action(db: BoardDatabase, action: RetroAction) -> None:
    row = action.model_dump(mode="json")
    assignments = ", ".join(f"{c} = ?" for c in ACTION_COLUMNS)
    db.execute(
        f"UPDATE retro_actions SET {assignments} WHERE id = ?",
        [*(row[c] for c in ACTION_COLUMNS), action.id],
    )


def latest_retro_id(db: BoardDatabase) -> int | None:
    row = next(db.query("SELECT MAX(id) AS id FROM retros"))
    return None if row["id"] is None else int(row["id"])
