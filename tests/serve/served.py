"""A board served by a real `poboard serve --ssh` process, and what the tests ask of it."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh
import pytest

from poboard.board import Board
from poboard.services.members import parse_keys

SSH = shutil.which("ssh")
LISTENING = re.compile(r"listening on 127\.0\.0\.1:(\d+) ")


def make_key(folder: Path, name: str) -> asyncssh.SSHKey:
    """An ed25519 key pair in `folder` (private key 0600, as OpenSSH wants it)."""
    key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@laptop")
    key.write_private_key(folder / name)
    (folder / name).chmod(0o600)
    key.write_public_key(folder / f"{name}.pub")
    return key


def make_board(
    db: Path, folder: Path, members: tuple[str, ...], product_owner: str = "po"
) -> dict[str, asyncssh.SSHKey]:
    """A small board with two items and the members' keys; returns the keys by name. A
    served board with members names a product owner: `po` (the server's account) unless
    told another."""
    board = Board.open(db, "po")
    keys = {}
    try:
        board.items.add("Spring webinar")
        board.items.add("Pricing page test")
        for name in members:
            keys[name] = make_key(folder, name)
            text = (folder / f"{name}.pub").read_text()
            board.members.add_member(name, parse_keys(text))
        board.config.configure("product_owners", product_owner)
    finally:
        board.close()
    return keys


OWN_LINES = ("warning: ", "poboard: ")


@dataclass
class Served:
    """A running server: its process, port, board, and the lines it logged."""

    process: subprocess.Popen[str]
    port: int
    db: Path
    folder: Path
    log: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """poboard's own lines on the server's stderr, wherever they are among others."""
        return [line for line in self.errors if line.startswith(OWN_LINES)]

    @property
    def noise(self) -> list[str]:
        """Any other line on the server's stderr (a library's warning, a traceback)."""
        return [line for line in self.errors if not line.startswith(OWN_LINES)]

    def connect(self, key: asyncssh.SSHKey, **options: object) -> asyncssh.SSHClientConnection:
        return asyncssh.connect(  # type: ignore[return-value]
            "127.0.0.1",
            self.port,
            username="anyone",
            client_keys=[key],
            known_hosts=None,
            agent_path=None,
            **options,
        )

    def descendants(self) -> list[int]:
        """The server's child processes and theirs (read from /proc)."""
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
        found, todo = [], [self.process.pid]
        while todo:
            kids = parents.get(todo.pop(), [])
            found += kids
            todo += kids
        return found

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=15)


def start_server(
    folder: Path,
    db: Path,
    *options: str,
    hang_ups_ignored: bool = False,
    env: dict[str, str] | None = None,
) -> Served:
    """`poboard serve --ssh` on a free port; `hang_ups_ignored` starts it as `nohup` would
    (SIGHUP ignored, which its children inherit unless the server says otherwise); `env`
    adds to (or replaces) the server's environment variables."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("POBOARD_")}
    environ["XDG_DATA_HOME"] = str(folder / "xdg")
    # as from a shell that exports its size: a member's board must follow their terminal
    environ.update(COLUMNS="80", LINES="24")
    environ.update(env or {})
    argv = [sys.executable, "-m", "poboard", "--db", str(db), "serve", "--ssh", "--port", "0"]
    process = subprocess.Popen(
        [*argv, "--host-key", str(folder / "host_key"), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environ,
        preexec_fn=_ignore_hang_ups if hang_ups_ignored else None,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    found = LISTENING.search(first)
    if found is None:
        process.kill()
        raise AssertionError(f"the server did not start: {first}{process.stderr.read()}")
    served = Served(process, int(found.group(1)), db, folder, log=[first.strip()])
    threading.Thread(target=_collect, args=(process.stdout, served.log), daemon=True).start()
    threading.Thread(target=_collect, args=(process.stderr, served.errors), daemon=True).start()
    return served


def _ignore_hang_ups() -> None:
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


def _collect(stream: object, into: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.append(line.rstrip("\n"))


async def wait_until(check: Callable[[], object], timeout: float, what: str) -> None:
    """Until `check()` is true, or fail after `timeout` seconds saying what was awaited."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await asyncio.sleep(0.02)


class Screen:
    """Everything a TUI session wrote, read as it comes."""

    def __init__(self, process: asyncssh.SSHClientProcess[bytes]) -> None:
        self.process = process
        self.data = bytearray()
        self.task = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while chunk := await self.process.stdout.read(65536):
            self.data += chunk

    async def shows(self, text: bytes | re.Pattern[bytes], timeout: float, since: int = 0) -> int:
        """Wait until the output after `since` holds `text`; returns where it ends."""

        def found() -> re.Match[bytes] | None:
            pattern = text if isinstance(text, re.Pattern) else re.compile(re.escape(text))
            return pattern.search(self.data, since)

        await wait_until(found, timeout, f"{text!r} on the screen")
        match = found()
        assert match is not None
        return match.end()

    def rows(self, since: int = 0) -> set[int]:
        """The rows the app moved the cursor to (ESC [ row ; col H)."""
        return {int(m) for m in re.findall(rb"\x1b\[(\d+);\d+H", bytes(self.data[since:]))}


# ----- the stock OpenSSH client ----------------------------------------------------------------

needs_ssh = pytest.mark.skipif(SSH is None, reason="the OpenSSH client (ssh) is not installed")


async def openssh(
    server: Served, key: str, *args: str, tty: bool = False
) -> asyncio.subprocess.Process:
    options = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
    options += ["-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]
    options += ["-F", "/dev/null", "-i", str(server.folder / key), "-p", str(server.port)]
    env = {**os.environ, "TERM": "xterm-256color"}
    return await asyncio.create_subprocess_exec(
        str(SSH),
        *options,
        *(["-tt"] if tty else []),
        "127.0.0.1",
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )


async def ssh_run(server: Served, key: str, *args: str) -> tuple[int, str, str]:
    process = await openssh(server, key, *args)
    out, err = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode or 0, out.decode(), err.decode()
