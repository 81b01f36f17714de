"""Who may reach a served board and who is on it now, as `member list --json` and
`sessions --json` give them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from .shapes import closed

if TYPE_CHECKING:
    from ..services.sharing import Member, OpenSession


@closed
class MemberKeyJson(TypedDict):
    type: str  # ssh-ed25519, ssh-rsa …
    fingerprint: str  # SHA256:…
    comment: str
    last_used_at: str | None  # when `poboard serve` last let it in


@closed
class MemberJson(TypedDict):
    name: str
    role: str  # member or stakeholder
    added_by: str
    added_at: str
    keys: list[MemberKeyJson]


@closed
class SessionJson(TypedDict):
    """A session `poboard serve` has open: who, with which key, from where, since when."""

    id: int
    member: str
    fingerprint: str
    address: str
    since: str
    what: str  # board, command or mcp
    command: str | None
    ending: bool  # asked to end, not yet gone


def member_json(m: Member) -> MemberJson:
    return {
        "name": m.name,
        "role": m.role,
        "added_by": m.added_by,
        "added_at": m.added_at,
        "keys": [
            {
                "type": k.type,
                "fingerprint": k.fingerprint,
                "comment": k.comment,
                "last_used_at": k.last_used_at,
            }
            for k in m.keys
        ],
    }


def session_json(session: OpenSession) -> SessionJson:
    return {
        "id": session.id,
        "member": session.member,
        "fingerprint": session.fingerprint,
        "address": session.address,
        "since": session.started_at,
        "what": session.what,
        "command": session.command,
        "ending": session.ended_by is not None,
    }
