"""A session's own poboard process: on a PTY for the board, on pipes for one command.

Each child leads its own process group, so ending a session ends everything it
started (no orphans); a PTY child's terminal is its controlling terminal, so a window
size set on it reaches the app as SIGWINCH.

Nothing is held without bound for a child: its input waits here only up to
INPUT_HIGH_WATER bytes (then `input_full` tells the session to stop reading from the
client until `input_drained`), and its output is read only while the client takes it
(`pause`/`resume`). A memory ceiling, when given, applies to the child's process.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Sequence

Output = Callable[[bytes], None]
Preexec = Callable[[], None]
GRACE_SECONDS = 2.0
READ_SIZE = 65536
INPUT_HIGH_WATER = 256 * 1024  # the member's input waiting for the child, at most (about)
INPUT_LOW_WATER = 64 * 1024


def _nothing() -> None:
    """The flow hooks' default: no one to tell."""


def _ends_on_hang_up() -> None:
    """In the child: a hang-up (SIGHUP) ends it, as it ends a program whose terminal
    closes, even when the server was started with hang-ups ignored (`nohup poboard
    serve`), which its children would inherit and then outlive their members."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _take_terminal() -> None:
    """In the child, after setsid(): make the PTY on stdin its controlling terminal."""
    _ends_on_hang_up()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _then(first: Preexec, limits: Preexec | None) -> Preexec:
    """A child's preexec: `first`, then the limits on its resources, if any."""
    if limits is None:
        return first

    def both() -> None:
        first()
        limits()

    return both


def set_size(fd: int, columns: int, rows: int, width: int = 0, height: int = 0) -> None:
    """TIOCSWINSZ: the kernel tells the terminal's foreground processes with SIGWINCH."""
    packed = struct.pack("HHHH", max(rows, 1), max(columns, 1), width, height)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, packed)


class Child:
    """What the session needs of its process, whichever way it talks."""

    def __init__(self, output: Output, errors: Output) -> None:
        self.output = output
        self.errors = errors
        self.process: asyncio.subprocess.Process | None = None
        self.done = asyncio.Event()  # every byte the child wrote has been passed on
        self.input_full: Callable[[], None] = _nothing  # stop reading the member's input
        self.input_drained: Callable[[], None] = _nothing  # read it again
        self.limits: Preexec | None = None  # run in the child before poboard starts

    async def wait(self) -> int:
        """The exit code once the child and its output are done; a signal counts as 128+n."""
        assert self.process is not None
        code = await self.process.wait()
        self._end_group(signal.SIGKILL)  # anything it left behind in its group
        try:
            await asyncio.wait_for(self.done.wait(), GRACE_SECONDS)
        except TimeoutError:
            self.abandon_output()
        return code if code >= 0 else 128 - code

    def abandon_output(self) -> None:
        """Stop passing output on (what is left is no one's)."""
        self.done.set()

    async def stop(self) -> None:
        """End the child's whole process group: SIGHUP as a closing terminal would, then
        SIGKILL after a grace period."""
        if self.process is None or self.process.returncode is not None:
            self._end_group(signal.SIGKILL)
            return
        self._end_group(signal.SIGHUP)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.process.wait(), GRACE_SECONDS)
        self._end_group(signal.SIGKILL)

    def _end_group(self, sig: signal.Signals) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    def write(self, data: bytes) -> None:
        """The member's input, to the child: PtyChild and PipeChild each write it their own
        way (the other hooks here default to doing nothing; this one has no default)."""
        raise NotImplementedError

    def input_backlogged(self) -> bool:
        """Between `input_full` and `input_drained`."""
        return False

    def close_input(self) -> None:
        """The client sent EOF."""

    def resize(self, columns: int, rows: int, width: int, height: int) -> None:
        """The client's window changed size."""

    def pause(self) -> None:
        """The client reads slower than the child writes: stop reading its output."""

    def resume(self) -> None:
        """The client caught up."""


class PtyChild(Child):
    """The board on its own pseudo-terminal."""

    def __init__(self, output: Output) -> None:
        super().__init__(output, output)
        self.master = -1
        self.pending = bytearray()
        self.reading = False
        self.backlogged = False  # input_full was said, input_drained not yet

    async def start(
        self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int, int, int]
    ) -> None:
        master, slave = os.openpty()
        try:
            set_size(slave, *size)
            self.process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                preexec_fn=_then(_take_terminal, self.limits),
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self.master = master
        self.resume()

    def _readable(self) -> None:
        try:
            data = os.read(self.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError as error:
            if error.errno != errno.EIO:  # EIO: every copy of the PTY's other end closed
                raise
            data = b""
        if data:
            self.output(data)
            return
        self._close()

    def _close(self) -> None:
        if self.master < 0:
            return
        loop = asyncio.get_running_loop()
        loop.remove_reader(self.master)
        loop.remove_writer(self.master)
        os.close(self.master)
        self.master = -1
        self.pending.clear()
        self._drained()
        self.done.set()

    def write(self, data: bytes) -> None:
        """The member's keys reach the board while they read its screen: a client that
        stops reading (output paused) has its keys held, so the board never takes in
        more than it can answer (Textual queues each key it reads, without bound, while
        its output is blocked)."""
        if self.master < 0:
            return
        self.pending += data
        if self.reading:
            self._flush()
        if len(self.pending) > INPUT_HIGH_WATER and not self.backlogged:
            self.backlogged = True
            self.input_full()

    def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            written = os.write(self.master, self.pending) if self.pending else 0
        except BlockingIOError:
            written = 0
        except OSError:
            self.pending.clear()
            self._drained()
            return
        del self.pending[:written]
        if self.pending:
            loop.add_writer(self.master, self._flush)
        else:
            loop.remove_writer(self.master)
        if len(self.pending) <= INPUT_LOW_WATER:
            self._drained()

    def input_backlogged(self) -> bool:
        return self.backlogged

    def _drained(self) -> None:
        if self.backlogged:
            self.backlogged = False
            self.input_drained()

    def resize(self, columns: int, rows: int, width: int, height: int) -> None:
        if self.master >= 0:
            set_size(self.master, columns, rows, width, height)

    def pause(self) -> None:
        if self.master >= 0 and self.reading:
            loop = asyncio.get_running_loop()
            loop.remove_reader(self.master)
            loop.remove_writer(self.master)  # and its input waits (see write)
            self.reading = False

    def resume(self) -> None:
        if self.master >= 0 and not self.reading:
            asyncio.get_running_loop().add_reader(self.master, self._readable)
            self.reading = True
            self._flush()

    async def stop(self) -> None:
        await super().stop()
        self._close()

    def abandon_output(self) -> None:
        self._close()


class PipeChild(Child):
    """One command: its standard output and error passed through apart."""

    def __init__(self, output: Output, errors: Output) -> None:
        super().__init__(output, errors)
        self.paused = asyncio.Event()
        self.paused.set()
        self.pumps: list[asyncio.Task[None]] = []
        self.finishing: asyncio.Task[None] | None = None
        self.draining: asyncio.Task[None] | None = None  # input over the high water

    async def start(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            start_new_session=True,
            preexec_fn=_then(_ends_on_hang_up, self.limits),
        )
        assert self.process.stdout is not None and self.process.stderr is not None
        self.pumps = [
            asyncio.ensure_future(self._pump(self.process.stdout, self.output)),
            asyncio.ensure_future(self._pump(self.process.stderr, self.errors)),
        ]
        self.finishing = asyncio.ensure_future(self._finish())

    async def _pump(self, stream: asyncio.StreamReader, send: Output) -> None:
        while data := await stream.read(READ_SIZE):
            await self.paused.wait()
            send(data)

    def abandon_output(self) -> None:
        for pump in self.pumps:
            pump.cancel()
        self.done.set()

    async def _finish(self) -> None:
        await asyncio.gather(*self.pumps, return_exceptions=True)
        self.done.set()

    def write(self, data: bytes) -> None:
        assert self.process is not None and self.process.stdin is not None
        stdin = self.process.stdin
        if stdin.is_closing():
            return
        stdin.write(data)
        if stdin.transport.get_write_buffer_size() > INPUT_HIGH_WATER and not self.draining:
            self.input_full()
            self.draining = asyncio.ensure_future(self._drain(stdin))

    def input_backlogged(self) -> bool:
        return self.draining is not None

    async def _drain(self, stdin: asyncio.StreamWriter) -> None:
        """Until the child has taken most of its input (or gone): then read more."""
        with contextlib.suppress(OSError):  # the child went away: what it left is no one's
            await stdin.drain()
        self.draining = None
        self.input_drained()

    def close_input(self) -> None:
        if self.process is not None and self.process.stdin is not None:
            self.process.stdin.close()

    async def stop(self) -> None:
        """As Child.stop, and what the child wrote is read to its end whether or not the
        client takes it (the session drops what it cannot pass on): asyncio's wait()
        returns only once its pipes are closed, so a paused pipe would keep the session
        open for good."""
        self.resume()
        await super().stop()

    def pause(self) -> None:
        self.paused.clear()

    def resume(self) -> None:
        self.paused.set()
