"""Who is knocking: public-key authentication against the board's members.

The login name is ignored (as with `git@host`): the key alone says who you are. No
passwords, no keyboard-interactive, no host-based logins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import asyncssh

from .session import PoboardSession

if TYPE_CHECKING:
    from .server import Server


class MemberServer(asyncssh.SSHServer):
    """One connection: which member it is, once a key of theirs is proven."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer = "?"
        self.pending: tuple[str, str] | None = None  # the key last found to be a member's
        self.member: str | None = None
        self.fingerprint = ""
        self.offered: list[str] = []

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.peer = f"{host}:{port}"
        self.server.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.server.connections.discard(self.conn)
        if self.member is None:
            offered = ", ".join(dict.fromkeys(self.offered)) or "none"
            self.server.log(f"refused {self.peer}: no member's key (offered: {offered})")

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        """Asked once per key the client offers, and again for the one it signs with;
        asyncssh checks the signature after this says yes."""
        fingerprint = key.get_fingerprint("sha256")
        self.offered.append(fingerprint)
        member = self.server.member_of(fingerprint)
        self.pending = (member, fingerprint) if member else None
        return member is not None

    def auth_completed(self) -> None:
        if self.pending is not None:
            self.member, self.fingerprint = self.pending

    def session_requested(self) -> PoboardSession | bool:
        """A session for a member whose key is still theirs (a removed member's open
        connection gets no new sessions)."""
        if self.member is None or self.server.member_of(self.fingerprint) != self.member:
            return False
        return PoboardSession(self.server, self.member, self.peer)
