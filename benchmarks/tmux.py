"""A real terminal for benchmarks: a program in tmux, keys sent, the screen read back.

`Terminal.press` times what a user waits for: from the moment the key is sent to the
moment the screen shows something else. The screen is read with `tmux capture-pane`
(a few milliseconds a look), so every figure carries that cost, as does its floor.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable


class Terminal:
    def __init__(self, command: str, size: str = "160x48", env: dict[str, str] | None = None):
        self.session = f"bench{uuid.uuid4().hex[:8]}"
        cols, rows = size.split("x")
        # The tmux server may be older than this run: its sessions get the server's
        # environment, so the code under test (PYTHONPATH) is passed on explicitly.
        path = {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**path, **(env or {})}.items())
        shell = f"export TERM=xterm-256color {exports}; {command}; sleep 600"
        for attempt in range(3):  # the tmux server may be shutting down after a last session
            self.started = time.perf_counter()
            done = subprocess.run(
                ["tmux", "new-session", "-d", "-s", self.session, "-x", cols, "-y", rows, shell],
                env={**os.environ, "TMUX": ""},
                check=attempt == 2,
                stderr=None if attempt == 2 else subprocess.DEVNULL,  # "server exited unexpectedly"
            )
            if done.returncode == 0:
                break
            time.sleep(0.2)

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", f"={self.session}:"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def send(self, key: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", f"={self.session}:", key], check=True)

    def wait_for(self, done: Callable[[str], bool], timeout: float = 30.0) -> float:
        """Seconds until `done(screen)` holds, counted from now."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if done(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.002)
        raise TimeoutError(f"the screen never got there; it shows:\n{self.screen()}")

    def settle(self, quiet: float = 0.25, timeout: float = 30.0) -> str:
        """Wait until the screen has not changed for `quiet` seconds; returns it."""
        last, since = self.screen(), time.perf_counter()
        start = since
        while time.perf_counter() - start < timeout:
            time.sleep(0.02)
            now = self.screen()
            if now != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                return now
        return last

    def press(self, key: str, timeout: float = 30.0) -> float:
        """Seconds from sending `key` to the screen changing."""
        before = self.screen()
        start = time.perf_counter()
        self.send(key)
        while time.perf_counter() - start < timeout:
            if self.screen() != before:
                return time.perf_counter() - start
            time.sleep(0.001)
        raise TimeoutError(f"{key!r} changed nothing on the screen")

    def press_until(self, key: str, done: Callable[[str], bool], timeout: float = 60.0) -> float:
        """Seconds from sending `key` to the screen showing what `done` looks for."""
        start = time.perf_counter()
        self.send(key)
        while time.perf_counter() - start < timeout:
            if done(self.screen()):
                return time.perf_counter() - start
            time.sleep(0.001)
        raise TimeoutError(f"after {key!r} the screen never got there:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", f"={self.session}"], check=False)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
