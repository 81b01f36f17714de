"""A board whose terminal goes away ends, and spins on nothing meanwhile: `poboard` runs
on a real pseudo-terminal (PTY), as `su USER -c poboard`, `setsid`, a container's exec
or a login shell start it, and the test takes the terminal away as a closed window or a
dropped connection does."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from poboard.tui.terminal import HUNG_UP

GONE_WITHIN = 10.0  # seconds: "a few", with room for a loaded machine
MOST_CPU = 1.5  # CPU-seconds from the terminal's going to the board's end: not spinning
PAINTED = b"Onboarding email series"  # a row of the seeded backlog
LEFT_FULL_SCREEN = b"\x1b[?1049l"  # a terminal given back as it was found


@dataclass
class BoardProcess:
    """A `poboard` process on a PTY (`master` is the terminal's side) and its input."""

    process: subprocess.Popen[bytes]
    master: int
    input_writer: int | None  # the pipe's other end, when its input is a pipe

    def close_terminal(self) -> None:
        """As a closed window or a dropped connection closes it."""
        assert self.process.poll() is None, "the board ended before its terminal did"
        os.close(self.master)
        self.master = -1

    def close_input(self) -> None:
        assert self.process.poll() is None, "the board ended before its input did"
        assert self.input_writer is not None
        os.close(self.input_writer)
        self.input_writer = None

    def cpu_seconds(self) -> float:
        """User and system time so far (/proc/PID/stat: utime, stime in clock ticks)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def read_until(self, wanted: bytes, timeout: float) -> bytes:
        """What the board wrote to its terminal, up to and including `wanted`."""
        seen = b""
        deadline = time.monotonic() + timeout
        while wanted not in seen:
            left = deadline - time.monotonic()
            assert left > 0, f"no {wanted!r} within {timeout} s; the board wrote {seen[-400:]!r}"
            if select.select([self.master], [], [], left)[0]:
                try:
                    seen += os.read(self.master, 65536)
                except OSError:  # EIO: the board closed its side
                    break
        return seen

    def end(self) -> tuple[int, float, float]:
        """Wait for the process to end: its exit code (minus the signal that ended it),
        the seconds waited and the CPU-seconds it used meanwhile."""
        cpu_before, start = self.cpu_seconds(), time.monotonic()
        while time.monotonic() - start < GONE_WITHIN:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                waited = time.monotonic() - start
                self.process.returncode = os.waitstatus_to_exitcode(status)
                used = usage.ru_utime + usage.ru_stime - cpu_before
                return self.process.returncode, waited, used
            time.sleep(0.05)  # polling a process to end, against a deadline (no race)
        used = self.cpu_seconds() - cpu_before
        raise AssertionError(f"still running {GONE_WITHIN} s on, having used {used:.2f} CPU-s")


def _controlling_terminal() -> None:
    """In the child, after setsid(): its PTY becomes its controlling terminal, as a
    login shell's is."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _controlling_terminal_hang_ups_ignored() -> None:
    """As `nohup` leaves a program on its terminal: hang-ups ignored."""
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    _controlling_terminal()


@pytest.fixture
def start_board(seeded: Path) -> Iterator[Callable[..., BoardProcess]]:
    """Start `poboard --db FILE` in a new session on a fresh PTY, once it has painted."""
    started: list[BoardProcess] = []

    def start(setup: Callable[[], None] | None = None, input_pipe: bool = False) -> BoardProcess:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        reader, writer = os.pipe() if input_pipe else (slave, None)
        env = {name: value for name, value in os.environ.items() if not name.startswith("TEXTUAL")}
        env.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "poboard", "--db", str(seeded)],
                stdin=reader,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,
                preexec_fn=setup,
            )
        finally:
            os.close(slave)
            if input_pipe:
                os.close(reader)
        board = BoardProcess(process, master, writer)
        started.append(board)
        board.read_until(PAINTED, timeout=30)
        return board

    yield start
    for board in started:
        if board.process.returncode is None:
            board.process.kill()
            board.process.wait()
        for fd in (board.master, board.input_writer):
            if fd is not None and fd >= 0:
                os.close(fd)


def assert_closed_its_board(db: Path) -> None:
    """SQLite removes the write-ahead log as the last connection to the file closes: one
    left behind means the board's connections were not closed, but dropped."""
    assert not db.with_name(db.name + "-wal").exists()


@pytest.mark.parametrize(
    "setup",
    [None, _controlling_terminal_hang_ups_ignored],
    ids=["no controlling terminal (su -c, setsid)", "hang-ups ignored (nohup)"],
)
def test_a_board_whose_terminal_closes_ends_and_closes_its_board(
    start_board: Callable[..., BoardProcess], seeded: Path, setup: Callable[[], None] | None
) -> None:
    board = start_board(setup)
    board.close_terminal()
    code, waited, used = board.end()
    assert code == HUNG_UP, f"ended by signal {-code}" if code < 0 else f"exit {code}"
    assert used < MOST_CPU, f"{used:.2f} CPU-s in the {waited:.2f} s it took to end"
    assert_closed_its_board(seeded)


def test_a_board_whose_input_pipe_ends_gives_its_terminal_back(
    start_board: Callable[..., BoardProcess], seeded: Path
) -> None:
    """Input from a pipe (`producer | poboard`) that ends: the board ends too, and leaves
    the terminal it drew on (still there) as it found it."""
    board = start_board(input_pipe=True)
    board.close_input()
    board.read_until(LEFT_FULL_SCREEN, timeout=GONE_WITHIN)
    code, waited, used = board.end()
    assert code == HUNG_UP, f"ended by signal {-code}" if code < 0 else f"exit {code}"
    assert used < MOST_CPU, f"{used:.2f} CPU-s in the {waited:.2f} s it took to end"
    assert_closed_its_board(seeded)


def test_a_board_on_its_controlling_terminal_ends_on_the_hang_up(
    start_board: Callable[..., BoardProcess],
) -> None:
    """A login's terminal: closing it sends the hang-up (SIGHUP), which ends the board at
    once, as under `poboard serve` (whose sessions count on it: "exit 129")."""
    board = start_board(_controlling_terminal)
    board.close_terminal()
    code, waited, used = board.end()
    assert code == -signal.SIGHUP
    assert used < MOST_CPU, f"{used:.2f} CPU-s in the {waited:.2f} s it took to end"
