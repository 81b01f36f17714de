"""Team members and their SSH public keys, and whether the board is shared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .connection import BoardDatabase
from .planning import save_setting, stored_setting


@dataclass(frozen=True)
class MemberKey:
    """One public key: its type, base64 data, comment and SHA256 fingerprint."""

    type: str
    data: str
    comment: str
    fingerprint: str
    added_by: str = ""
    added_at: str = ""
    last_used_at: str | None = None  # when `poboard serve` last let it in


@dataclass(frozen=True)
class Member:
    name: str
    added_by: str
    added_at: str
    keys: tuple[MemberKey, ...]
    role: str = "member"  # or "stakeholder" (domain.requests.Role)


def load_members(db: BoardDatabase) -> list[Member]:
    keys: dict[int, list[MemberKey]] = {}
    for row in db.query("SELECT * FROM member_keys ORDER BY id"):
        keys.setdefault(row["member_id"], []).append(_key(row))
    return [
        Member(
            row["name"],
            row["added_by"],
            row["added_at"],
            tuple(keys.get(row["id"], [])),
            row["role"],
        )
        for row in db.query("SELECT * FROM members ORDER BY name")
    ]


def _key(row: dict[str, Any]) -> MemberKey:
    fields = ("type", "data", "comment", "fingerprint", "added_by", "added_at", "last_used_at")
    return MemberKey(*(row[name] for name in fields))


def member_id(db: BoardDatabase, name: str) -> int | None:
    row = db.execute("SELECT id FROM members WHERE name = ?", [name]).fetchone()
    return int(row[0]) if row else None


def owner_of_key(db: BoardDatabase, fingerprint: str) -> str | None:
    """The member a key belongs to, by its SHA256 fingerprint."""
    row = db.execute(
        "SELECT m.name FROM member_keys k JOIN members m ON m.id = k.member_id "
        "WHERE k.fingerprint = ?",
        [fingerprint],
    ).fetchone()
    return str(row[0]) if row else None


def insert_member(db: BoardDatabase, name: str, by: str, at: str, role: str = "member") -> int:
    cursor = db.execute(
        "INSERT INTO members (name, added_by, added_at, role) VALUES (?, ?, ?, ?)",
        [name, by, at, role],
    )
    return int(cursor.lastrowid or 0)


def role_of(db: BoardDatabase, name: str) -> str | None:
    """A member's role by name; None for someone who is not a member."""
    row = db.execute("SELECT role FROM members WHERE name = ?", [name]).fetchone()
    return str(row[0]) if row else None


def set_role(db: BoardDatabase, name: str, role: str) -> None:
    db.execute("UPDATE members SET role = ? WHERE name = ?", [role, name])


def insert_key(db: BoardDatabase, owner: int, key: MemberKey) -> None:
    db.execute(
        "INSERT INTO member_keys (member_id, type, data, comment, fingerprint, added_by, "
        "added_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            owner,
            key.type,
            key.data,
            key.comment,
            key.fingerprint,
            key.added_by,
            key.added_at,
            key.last_used_at,
        ],
    )


def delete_key(db: BoardDatabase, fingerprint: str) -> None:
    db.execute("DELETE FROM member_keys WHERE fingerprint = ?", [fingerprint])


def delete_member(db: BoardDatabase, owner: int) -> None:
    db.execute("DELETE FROM member_keys WHERE member_id = ?", [owner])
    db.execute("DELETE FROM members WHERE id = ?", [owner])


def sharing(db: BoardDatabase) -> str | None:
    """How the board was made shared (`group`), or None: recorded by `init --shared`, so
    `doctor` can tell a shared board whose files lost their group bits from a private one."""
    how = stored_setting(db, "shared")
    return None if how is None else str(how)


def record_sharing(db: BoardDatabase, how: str) -> None:
    save_setting(db, "shared", how)
