"""One SSH session of one member: the board on a PTY, or one poboard command.

Nothing else is served: no shell, no subsystems (sftp), and the server turns down
port, agent and X11 forwarding.
"""

from __future__ import annotations

import asyncio
import shlex
import time
from collections.abc import Callable, Collection
from concurrent.futures import Future
from typing import Protocol

import asyncssh

from .child import INPUT_HIGH_WATER, Child, PipeChild, PtyChild
from .limits import memory_ceiling
from .options import ServeOptions
from .policy import CommandRefused, command_argv
from .registry import Registry

TERMINAL_RESET = (
    b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reporting off
    b"\x1b[?2004l\x1b[?1049l\x1b[?25h\x1b[0m"  # bracketed paste off, main screen, cursor
)


def printable(command: str, limit: int = 60) -> str:
    """A member's command line as the log shows it: one line, control characters escaped
    (a newline in it must not forge a log line), cut at `limit`."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in command)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def _usable(size: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A client that cannot tell its size (ssh -tt from a pipe) says 0×0: use 80×24."""
    columns, rows, width, height = size
    return (columns or 80, rows or 24, width, height)


class SessionServer(Protocol):
    """What a session asks of the server that accepted it (`server.Server`): its options
    and the commands it serves, how to start poboard for a member, room for one more
    session, the board's register of sessions and the server's log."""

    options: ServeOptions
    commands: Collection[str]
    registry: Registry | None

    def log(self, line: str) -> None: ...

    def argv(self) -> list[str]: ...

    def env(self, member: str, term: str | None) -> dict[str, str]: ...

    def admit(self, session: PoboardSession) -> str | None: ...

    def session_ended(self, session: PoboardSession, code: int, seconds: float) -> None: ...


class PoboardSession(asyncssh.SSHServerSession[bytes]):
    """Runs the member's poboard process and passes bytes, sizes and EOF both ways."""

    def __init__(self, server: SessionServer, member: str, fingerprint: str, peer: str) -> None:
        self.server = server
        self.member = member
        self.fingerprint = fingerprint  # the key it logged in with
        self.peer = peer
        self.registered: Future[int | None] | None = None  # its row in the board's sessions
        self.on_end: Callable[[PoboardSession], object] | None = None
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = (80, 24, 0, 0)
        self.pty = False
        self.command: str | None = None
        self.what = "board"
        self.child: Child | None = None
        self.early_input: list[bytes] = []
        self.input_paused = False  # the member's input waits on the client's side
        self.idle: asyncio.TimerHandle | None = None
        self.gone = False
        self.task: asyncio.Task[None] | None = None
        self.stopping: asyncio.Task[None] | None = None
        self.farewell = ""  # why the server ended the session, said once the app is gone

    # ----- what the client asks for ----------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object
    ) -> bool:
        self.pty, self.term, self.size = True, term_type, _usable(term_size)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.command = command
        self.what = printable(command)
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        return False

    def session_started(self) -> None:
        self.task = asyncio.ensure_future(self._run())

    def data_received(self, data: bytes, datatype: asyncssh.DataType) -> None:
        self._touch()
        if self.child is None:
            self.early_input.append(data)
            if sum(map(len, self.early_input)) > INPUT_HIGH_WATER:
                self._pause_input()
        else:
            self.child.write(data)

    def eof_received(self) -> bool:
        if self.child is not None:
            self.child.close_input()
        return True  # half open: the command's output still goes out

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = _usable((width, height, pixwidth, pixheight))
        self._touch()
        if self.child is not None:
            self.child.resize(*self.size)

    def _pause_input(self) -> None:
        """The member's process has enough input waiting: the client's next bytes wait
        on its side (asyncssh stops opening the channel's window)."""
        if not self.input_paused and self.chan is not None:
            self.input_paused = True
            self.chan.pause_reading()

    def _resume_input(self) -> None:
        if self.input_paused and self.chan is not None and not self.gone:
            self.input_paused = False
            self.chan.resume_reading()

    def pause_writing(self) -> None:
        if self.child is not None:
            self.child.pause()

    def resume_writing(self) -> None:
        if self.child is not None:
            self.child.resume()

    def connection_lost(self, exc: Exception | None) -> None:
        """The client went away (or the session ended): its process goes too."""
        self.gone = True
        self._stop_child()

    # ----- running it -----------------------------------------------------------------------

    async def _run(self) -> None:
        started = time.monotonic()
        code = 1
        try:
            code = await self._serve()
            if self.farewell:
                self._say(self.farewell)
        finally:
            if self.idle is not None:
                self.idle.cancel()
            self.server.session_ended(self, code, time.monotonic() - started)
            if self.on_end is not None:
                self.on_end(self)
            if not self.gone and self.chan is not None:
                self.chan.exit(code)

    async def _serve(self) -> int:
        if refusal := self.server.admit(self):
            self._refuse(refusal)
            return 1
        args: list[str] = []
        if self.command is None and not self.pty:
            self._say(
                "poboard: the board needs a terminal: ssh -t HOST, "
                "or run one command: ssh HOST list"
            )
            return 1
        if self.command is not None:
            try:
                args = command_argv(self.command, self.server.commands)
            except CommandRefused as refusal:
                self._refuse(str(refusal))
                return 1
            self.what = printable(shlex.join(args))
        if self.server.registry is not None:
            word = next((a for a in args if not a.startswith("-")), None)
            what = "board" if word is None else "mcp" if word == "mcp" else "command"
            command = None if word is None else self.what
            self.server.registry.opened(self, self.peer, what, command)
        argv = [*self.server.argv(), *args]
        try:
            child = await self._start(argv)
        except OSError as error:  # out of processes, open files or memory
            self._refuse(f"the server cannot start a session now ({error.strerror})")
            return 1
        self.child = child
        for data in self.early_input:
            child.write(data)
        self.early_input.clear()
        if not child.input_backlogged():
            self._resume_input()
        if self.gone or self.farewell:
            await child.stop()
        self._touch()
        return await child.wait()

    async def _start(self, argv: list[str]) -> Child:
        """The board, or a command run with ssh -t, on a terminal (as sshd would); any
        other command on pipes. Either way with the session's memory ceiling, and its
        input passed on no faster than it takes it."""
        child: PtyChild | PipeChild
        child = PtyChild(self._output) if self.pty else PipeChild(self._output, self._errors)
        child.limits = memory_ceiling(self.server.options.session_memory)
        child.input_full, child.input_drained = self._pause_input, self._resume_input
        if isinstance(child, PtyChild):
            await child.start(argv, self.server.env(self.member, self.term), self.size)
        else:
            await child.start(argv, self.server.env(self.member, None))
        return child

    def _output(self, data: bytes) -> None:
        if self.command is not None:
            self._touch()
        if not self.gone and self.chan is not None:
            self.chan.write(data)

    def _errors(self, data: bytes) -> None:
        if not self.gone and self.chan is not None:
            self.chan.write_stderr(data)

    def _refuse(self, why: str) -> None:
        """One line to the member, and to the log, saying why not."""
        self.server.log(f"refused {self.member} from {self.peer}: {why}")
        self._say(f"poboard: {why}")

    def _say(self, line: str) -> None:
        """One line to the member: on standard error, or on the terminal, which a killed
        app left as it was (alternate screen, mouse reporting, hidden cursor)."""
        if self.pty:
            self._output(TERMINAL_RESET + (line + "\r\n").encode())
        else:
            self._errors((line + "\n").encode())

    def _touch(self) -> None:
        """Input (or a command's output) came: the idle clock starts again."""
        timeout = self.server.options.idle_timeout
        if not timeout or self.gone:
            return
        if self.idle is not None:
            self.idle.cancel()
        self.idle = asyncio.get_running_loop().call_later(timeout, self._idle)

    def _idle(self) -> None:
        if self.child is None:
            return
        self._say(f"poboard: no input for {self.server.options.idle_timeout:g} s; session closed")
        self._stop_child()

    def _stop_child(self) -> None:
        if self.child is not None and self.stopping is None:
            self.stopping = asyncio.ensure_future(self.child.stop())

    def end_with(self, line: str) -> None:
        """End the session (its process first), then say `line` to the member."""
        if self.farewell:
            return
        self.farewell = line
        self._stop_child()

    async def end(self) -> None:
        """The server is stopping: end the member's process and say so."""
        self.end_with("poboard: the server is stopping; session closed")
        if self.stopping is not None:
            await self.stopping
        if self.task is not None:
            await asyncio.wait([self.task], timeout=5)
