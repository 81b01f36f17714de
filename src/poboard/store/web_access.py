"""Sign-in links and sessions of the web pages (`serve --web`), kept in the board file so
that `poboard member link` and `member logout` (any process) and the server agree. Only
the SHA-256 of each secret is stored."""

from __future__ import annotations

from .connection import BoardDatabase
from .planning import save_setting, stored_setting


def insert_link(
    db: BoardDatabase, token_hash: str, member: str, by: str, at: str, expires_at: str
) -> None:
    db.execute(
        "INSERT INTO web_links (token_hash, member, created_by, created_at, expires_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [token_hash, member, by, at, expires_at],
    )


def use_link(db: BoardDatabase, token_hash: str, now: str) -> str | None:
    """Mark an unused, unexpired link used; the member it was for, or None."""
    row = db.execute(
        "UPDATE web_links SET used_at = ? "
        "WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING member",
        [now, token_hash, now],
    ).fetchone()
    return str(row[0]) if row else None


def insert_session(
    db: BoardDatabase, token_hash: str, member: str, at: str, expires_at: str
) -> None:
    db.execute(
        "INSERT INTO web_sessions (token_hash, member, created_at, expires_at) VALUES (?, ?, ?, ?)",
        [token_hash, member, at, expires_at],
    )


def session_member(db: BoardDatabase, token_hash: str, now: str) -> str | None:
    """Whose live session this is: unexpired, and its member still on the board."""
    row = db.execute(
        "SELECT s.member FROM web_sessions s JOIN members m ON m.name = s.member "
        "WHERE s.token_hash = ? AND s.expires_at > ?",
        [token_hash, now],
    ).fetchone()
    return str(row[0]) if row else None


def end_member(db: BoardDatabase, member: str) -> int:
    """End a member's sessions and unused links; how many sessions there were."""
    db.execute("DELETE FROM web_links WHERE member = ?", [member])
    return db.execute("DELETE FROM web_sessions WHERE member = ?", [member]).rowcount


def end_session(db: BoardDatabase, token_hash: str) -> None:
    db.execute("DELETE FROM web_sessions WHERE token_hash = ?", [token_hash])


def forget_expired(db: BoardDatabase, now: str) -> None:
    db.execute("DELETE FROM web_links WHERE expires_at <= ?", [now])
    db.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [now])


def served_address(db: BoardDatabase) -> str | None:
    """Where `serve --web` last said it listens (so a sign-in link points there)."""
    url = stored_setting(db, "web_address")
    return None if url is None else str(url)


def record_address(db: BoardDatabase, url: str) -> None:
    save_setting(db, "web_address", url)
