"""The sessions `poboard serve` has open, kept in the board file so that any process on
the server (`poboard sessions`, a product owner's `ssh HOST sessions`) lists them and
asks for their end; the serving process, `server` (its process id), ends them."""

from __future__ import annotations

from dataclasses import dataclass

from .connection import BoardDatabase


@dataclass(frozen=True)
class OpenSession:
    id: int
    server: int
    member: str
    fingerprint: str
    address: str
    what: str  # board, command or mcp
    command: str | None
    started_at: str
    ended_by: str | None


def load_sessions(db: BoardDatabase) -> list[OpenSession]:
    return [OpenSession(**row) for row in db.query("SELECT * FROM sessions ORDER BY id")]


def insert_session(db: BoardDatabase, session: OpenSession) -> int:
    cursor = db.execute(
        "INSERT INTO sessions (server, member, fingerprint, address, what, command, started_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            session.server,
            session.member,
            session.fingerprint,
            session.address,
            session.what,
            session.command,
            session.started_at,
        ],
    )
    return int(cursor.lastrowid or 0)


def delete_sessions(db: BoardDatabase, ids: list[int]) -> None:
    db.conn.executemany("DELETE FROM sessions WHERE id = ?", [[i] for i in ids])


def ask_to_end(db: BoardDatabase, ids: list[int], by: str) -> None:
    db.conn.executemany(
        "UPDATE sessions SET ended_by = ? WHERE id = ? AND ended_by IS NULL",
        [[by, i] for i in ids],
    )


def key_used(db: BoardDatabase, fingerprint: str, at: str) -> None:
    db.execute("UPDATE member_keys SET last_used_at = ? WHERE fingerprint = ?", [at, fingerprint])
