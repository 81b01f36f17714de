"""Who is knocking: public-key authentication against the board's members.

The login name is ignored (as with `git@host`): the key alone says who you are. No
passwords, no keyboard-interactive, no host-based logins.
"""

from __future__ import annotations

import select
from typing import Protocol

import asyncssh

from .limits import NO_KEY, NOT_A_MEMBER, BurstLog, StartupLimits
from .session import PoboardSession, SessionServer


class LoginServer(SessionServer, Protocol):
    """What a connection asks of the server that accepted it (`server.Server`), besides
    what its sessions ask: the limits before login, the open connections, whose key is
    whose, and the log of logins."""

    startups: StartupLimits
    burst: BurstLog
    connections: set[asyncssh.SSHServerConnection]

    def member_of(self, key_fingerprint: str) -> str | None: ...

    def logged_in(self, member: str, key_fingerprint: str, peer: str) -> None: ...

    def too_many_connections(self, member: str) -> str | None: ...


class MemberServer(asyncssh.SSHServer):
    """One connection: which member it is, once a key of theirs is proven."""

    def __init__(self, server: LoginServer) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.peer = "?"
        self.turned_away = False  # over the limits before login: closed, counted, not logged
        self.pending: tuple[str, str] | None = None  # the key last found to be a member's
        self.member: str | None = None
        self.fingerprint = ""
        self.offered: list[str] = []
        self.sessions: set[PoboardSession] = set()  # open on this connection now

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self.address, self.peer = str(host), f"{host}:{port}"
        if not self.server.startups.admit(self, self.address, self._turn_away, self._silent):
            self._turn_away()  # before the server has said or computed anything
            return
        self.server.connections.add(conn)

    def _silent(self) -> bool:
        """The client has sent nothing, not even its SSH version (a client sends it at
        once): none has been read, and none is waiting to be."""
        if self.conn is None or self.conn.get_extra_info("client_version") is not None:
            return False
        sock = self.conn.get_extra_info("socket")
        if sock is None:
            return True
        waiting = select.poll()
        waiting.register(sock.fileno(), select.POLLIN)
        return not waiting.poll(0)

    def _turn_away(self) -> None:
        self.turned_away = True
        assert self.conn is not None
        self.conn.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.startups.done(self, self.address)
        if self.conn is not None:
            self.server.connections.discard(self.conn)
        if self.turned_away:
            return
        if self.member is None and not self.offered:
            self.server.burst.count(NO_KEY, self.address)
        elif self.member is None:
            offered = ", ".join(dict.fromkeys(self.offered))
            line = f"refused {self.peer}: no member's key (offered: {offered})"
            self.server.burst.line(line, self.address, NOT_A_MEMBER)

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
        self.server.startups.done(self, self.address)
        if self.pending is not None:
            self.member, self.fingerprint = self.pending
            self.server.logged_in(self.member, self.fingerprint, self.peer)
            if refusal := self.server.too_many_connections(self.member):
                self.server.log(f"refused {self.member} from {self.peer}: {refusal}")
                assert self.conn is not None
                self.conn.close()

    def session_requested(self) -> PoboardSession | bool:
        """A session for a member whose key is still theirs (a removed member's open
        connection gets no new sessions)."""
        if self.member is None or self.server.member_of(self.fingerprint) != self.member:
            return False
        session = PoboardSession(self.server, self.member, self.fingerprint, self.peer)
        self.sessions.add(session)
        session.on_end = self.sessions.discard
        return session
