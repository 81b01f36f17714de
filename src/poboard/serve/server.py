"""The SSH server: listens, hands each member's session its own poboard process, keeps
the limits, logs one line per session, and stops cleanly on SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Collection

import asyncssh

from ..board import Board
from ..domain.errors import PoboardError
from ..paths import SERVED
from .audit import stamped
from .auth import MemberServer
from .hostkey import default_host_key_path, fingerprint, load_host_key
from .limits import BurstLog, StartupLimits, quiet_accept_errors
from .options import ServeOptions
from .registry import Registry
from .session import PoboardSession

Log = Callable[[str], None]
KEY_REMOVED = "poboard: your key was removed from this board; session closed"


class Server:
    """One board served to its members."""

    def __init__(self, options: ServeOptions, commands: Collection[str], log: Log = stamped):
        self.options = options
        self.commands = commands
        self.log = log
        self.board: Board | None = None
        self.acceptor: asyncssh.SSHAcceptor | None = None
        self.sessions: set[PoboardSession] = set()
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.port = options.port
        self.burst = BurstLog(log)  # what strangers cause, one line per kind and 10 s
        self.startups = StartupLimits(
            options.max_startups, options.max_startups_per_address, self.burst
        )
        self.registry: Registry | None = None
        self.watching: asyncio.Task[None] | None = None

    async def start(self) -> str:
        """Listen; returns the line that says where, and the host key's fingerprint."""
        self.board = Board.open(self.options.db)
        key_path = self.options.host_key or default_host_key_path()
        key = load_host_key(key_path)
        quiet_accept_errors(asyncio.get_running_loop(), self.burst)
        try:
            self.acceptor = await asyncssh.create_server(
                lambda: MemberServer(self),
                self.options.host,
                self.options.port,
                server_host_keys=[key],
                encoding=None,
                public_key_auth=True,
                password_auth=False,
                kbdint_auth=False,
                host_based_auth=False,
                gss_host=None,
                agent_forwarding=False,
                x11_forwarding=False,
                allow_scp=False,
                login_timeout=self.options.login_grace,
                keepalive_interval=30,
                keepalive_count_max=3,
            )
        except OSError as error:
            self.board.close()
            raise PoboardError(
                f"cannot listen on {self.options.host}:{self.options.port}: {error.strerror}"
            ) from None
        self.port = self.acceptor.get_port()
        self.registry = Registry(self.board, self.log)
        self.registry.started()
        self.watching = asyncio.ensure_future(self.registry.watch(self.board_changed))
        return (
            f"poboard serve: listening on {self.options.host}:{self.port} for "
            f"{self.options.db}; host key {fingerprint(key)} ({key_path})"
        )

    def member_of(self, key_fingerprint: str) -> str | None:
        assert self.board is not None
        return self.board.members.member_of_key(key_fingerprint)

    def argv(self) -> list[str]:
        """How a session's poboard starts: this interpreter, this poboard."""
        return [sys.executable, "-m", "poboard"]

    def env(self, member: str, term: str | None) -> dict[str, str]:
        """The server's environment less any POBOARD_ setting, plus who and which board.
        The member's terminal is theirs: the server's TERM, COLUMNS and LINES are not
        passed on (a COLUMNS/LINES in the environment would pin every board to that
        size, deaf to the member's resizes)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("POBOARD_")}
        for terminal in ("TERM", "COLUMNS", "LINES"):
            env.pop(terminal, None)
        env.update(POBOARD_USER=member, POBOARD_DB=str(self.options.db))
        env[SERVED] = "1"
        if term is not None:
            env["TERM"] = term or "xterm-256color"
        return env

    def logged_in(self, member: str, key_fingerprint: str, peer: str) -> None:
        self.log(f"login {member} with key {key_fingerprint} from {peer}")
        if self.registry is not None:
            self.registry.key_used(key_fingerprint)

    def board_changed(self) -> None:
        """Someone wrote the board: end the sessions someone ended, and all that a
        removed member or key opened (its sessions, and a connection with none)."""
        assert self.registry is not None
        self.registry.end_asked(list(self.sessions))
        for conn in list(self.connections):
            owner = conn.get_owner()
            if not isinstance(owner, MemberServer) or owner.member is None:
                continue
            if self.member_of(owner.fingerprint) == owner.member:
                continue
            for session in list(owner.sessions):
                session.end_with(KEY_REMOVED)
            if not owner.sessions:
                conn.close()

    def too_many_connections(self, member: str) -> str | None:
        """A member's logged-in connections, sessions or not, are at most twice their
        sessions (a connection holds a file and memory even with no session on it)."""
        most = 2 * self.options.max_sessions_per_member
        theirs = [
            conn
            for conn in self.connections
            if isinstance(owner := conn.get_owner(), MemberServer) and owner.member == member
        ]
        if len(theirs) <= most:
            return None
        return f"{len(theirs)} connections open, more than the {most} one member may hold"

    def admit(self, session: PoboardSession) -> str | None:
        """Room for one more session? None when it was made; else why not."""
        if len(self.sessions) >= self.options.max_sessions:
            return f"the server is full ({self.options.max_sessions} sessions); try again later"
        cap = self.options.max_sessions_per_member
        if sum(1 for s in self.sessions if s.member == session.member) >= cap:
            return f"you have {cap} sessions open, the most one member may; close one first"
        self.sessions.add(session)
        return None

    def session_ended(self, session: PoboardSession, code: int, seconds: float) -> None:
        self.sessions.discard(session)
        if self.registry is not None:
            self.registry.closed(session)
        why = session.farewell.removeprefix("poboard: ").split(";")[0]
        self.log(
            f"{session.member} from {session.peer}: {session.what} ({seconds:.1f} s, exit {code}"
            f"{'; ' + why if why else ''})"
        )

    async def _closed(self, timeout: float) -> None:
        waits = [asyncio.ensure_future(conn.wait_closed()) for conn in list(self.connections)]
        if waits:
            await asyncio.wait(waits, timeout=timeout)

    async def stop(self) -> None:
        """Stop listening, end every session's process, close every connection."""
        self.log(f"stopping: ending {len(self.sessions)} sessions")
        if self.acceptor is not None:
            self.acceptor.close()
        await asyncio.gather(*(s.end() for s in list(self.sessions)), return_exceptions=True)
        # clients whose sessions ended close their connections themselves, after showing
        # the last line (OpenSSH drops what it has not shown yet when disconnected)
        await self._closed(timeout=2)
        for conn in list(self.connections):
            conn.close()
        await self._closed(timeout=2)
        if self.acceptor is not None:
            await self.acceptor.wait_closed()
        self.burst.flush()
        if self.watching is not None:
            self.watching.cancel()
        if self.registry is not None:
            self.registry.stop()
        if self.board is not None:
            self.board.close()
        self.log("stopped")
