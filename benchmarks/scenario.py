"""A scripted user session in a real terminal: steps that send keys to poboard in tmux,
wait for what the screen should then show (with a deadline, never a fixed sleep), check
what was stored through the CLI's `--json`, and keep each step's last screen in a file.

Each step prints one line, ✓ or ✗ with why; a failed step does not stop the run (the
next step starts from whatever the screen shows), and `Session.failed` counts them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tmux import Terminal

POBOARD = str(Path(sys.executable).parent / "poboard")
POLL = 0.02  # seconds between two looks at the screen


class StepFailed(AssertionError):
    """What a step expected and did not find."""


def check(condition: object, what: str) -> None:
    if not condition:
        raise StepFailed(what)


def cursor_marks(screen: str) -> list[tuple[int, int]]:
    """Where the focused field's mark (▊) is: (line, column) of each."""
    return [
        (row, col)
        for row, line in enumerate(screen.splitlines())
        for col, char in enumerate(line)
        if char == "▊"
    ]


class Session:
    """poboard on `db` in a tmux terminal of `size`, as `user`, run from `folder` (where
    the palette writes its reports); the CLI beside it on the same file."""

    def __init__(self, db: Path, size: str, out: Path, folder: Path, user: str = "ana") -> None:
        self.db, self.size, self.out, self.folder, self.user = db, size, out, folder, user
        self.number = 0
        self.failed: list[str] = []
        self.term: Terminal | None = None

    # ----- the terminal ----------------------------------------------------------------

    def open(self, args: str = "") -> None:
        """Start poboard (again) in a fresh terminal and wait for its first paint."""
        self.close()
        command = f"cd {self.folder} && {POBOARD} --db {self.db} --user {self.user} {args}"
        self.term = Terminal(command, size=self.size)
        self.wait(lambda s: "1 Backlog" in s and "palette" in s, timeout=30)

    def close(self) -> None:
        if self.term is not None:
            self.term.close()
            self.term = None

    @property
    def screen(self) -> str:
        assert self.term is not None
        return self.term.screen()

    def keys(self, *keys: str) -> None:
        """Send tmux key names (`Enter`, `Tab`, `S-Up`, `C-s`, `x` …) one after another."""
        assert self.term is not None
        for key in keys:
            self.term.send(key)

    def press(self, *keys: str) -> None:
        """Send each key once the one before has changed the screen (a key that moves
        focus, say, before text typed for the next field: sent in one burst, Textual may
        hand the text to the field focus is leaving)."""
        assert self.term is not None
        for key in keys:
            self.term.press(key, timeout=10)

    def tab(self, times: int = 1, key: str = "Tab") -> None:
        """Move focus field by field, each time waiting until the cursor (▊) has moved:
        text typed before then would still reach the field being left."""
        for _ in range(times):
            before = cursor_marks(self.screen)
            self.keys(key)

            def moved(screen: str, before: list[tuple[int, int]] = before) -> bool:
                return bool(set(cursor_marks(screen)) - set(before))  # a new place marked

            moved.__doc__ = f"the cursor moved by {key}"
            self.wait(moved)

    def type(self, text: str, shown: bool = True) -> None:
        """Type `text` literally (no key names) and, unless `shown` is False, wait until
        the focused field (the line marked ▊) shows it: a key bound with priority, as
        ctrl+s is, would otherwise act before the text has reached the field."""
        assert self.term is not None
        subprocess.run(
            ["tmux", "send-keys", "-l", "-t", f"={self.term.session}:", text], check=True
        )
        if shown:
            end = text[-12:]

            def in_field(screen: str) -> bool:
                return any("▊" in line and end in line for line in screen.splitlines())

            in_field.__doc__ = f"{end!r} in the focused field"
            self.wait(in_field)

    def wait(self, done: Callable[[str], bool] | str, timeout: float = 10.0) -> str:
        """The screen once `done` holds (or shows the text `done`), within `timeout`."""
        test = (lambda s: done in s) if isinstance(done, str) else done
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                what = done if isinstance(done, str) else done.__doc__ or "its condition"
                raise StepFailed(f"the screen never showed {what!r}")
            time.sleep(POLL)

    def focused(self, label: str, timeout: float = 10.0) -> str:
        """The screen once the field labelled `label` has the cursor (▊ on its line): keys
        typed into a form before its first field has focus may be lost (see the report)."""

        def there(screen: str) -> bool:
            return any(label in line and "▊" in line for line in screen.splitlines())

        there.__doc__ = f"the cursor in {label}"
        return self.wait(there, timeout)

    def gone(self, text: str, timeout: float = 10.0) -> str:
        return self.wait(lambda s: text not in s, timeout)

    def choose(self, option: str, shown: str | None = None) -> None:
        """In a focused Choice: open its list, type to find `option`, take it."""
        self.press("Enter")
        self.wait(lambda s: "▲" in s)
        self.type(option, shown=False)
        self.keys("Enter")
        self.wait(lambda s: "▲" not in s and (shown or option) in s)

    def settle(self) -> str:
        assert self.term is not None
        return self.term.settle(quiet=0.3, timeout=10)

    # ----- the CLI on the same file ----------------------------------------------------

    def cli(self, *args: str, user: str | None = None, ok: bool = True) -> str:
        done = subprocess.run(
            [POBOARD, "--db", str(self.db), "--user", user or self.user, *args],
            capture_output=True,
            text=True,
            cwd=self.folder,
            check=False,
        )
        if ok and done.returncode != 0:
            raise StepFailed(f"poboard {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def json(self, *args: str) -> Any:
        return json.loads(self.cli(*args, "--json"))

    def item(self, key: str) -> dict[str, Any]:
        found: dict[str, Any] = self.json("show", key)
        return found

    def config(self) -> dict[str, str]:
        lines = self.cli("config").splitlines()
        return dict(line.split(" = ", 1) for line in lines if " = " in line)

    def snap(self, name: str) -> None:
        """Keep the screen as it is now, beside the step's own (`NN-name-SIZE.txt`, under
        the number of the step it is part of)."""
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        (self.out / f"{self.number:02d}-{slug}-{self.size}.txt").write_text(self.screen)

    def recover(self) -> None:
        """Back to a board screen after a failed step: esc, and discard what a form held."""
        for _ in range(6):
            screen = self.settle()
            if "1 Backlog" in screen and "█▀▀" not in screen and "▲" not in screen:
                return
            self.keys("d" if "discard" in screen.lower() else "Escape")

    # ----- steps -----------------------------------------------------------------------

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """One step: ✓ or ✗ printed, and the screen it ended on written to the out dir."""
        self.number += 1
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        path = self.out / f"{self.number:02d}-{slug}-{self.size}.txt"
        started = time.monotonic()
        problem = ""
        try:
            yield
        except StepFailed as failed:
            problem = str(failed)
        except Exception:  # a broken step is reported as failed, and the run goes on
            problem = traceback.format_exc(limit=3).strip().splitlines()[-1]
        seconds = time.monotonic() - started
        if self.term is not None:
            path.write_text(self.screen)
            if problem:
                self.recover()
        mark = "✗" if problem else "✓"
        print(f"  {mark} {self.number:02d} {name} ({seconds:.1f} s) → {path.name}", flush=True)
        if problem:
            self.failed.append(f"{self.number:02d} {name}")
            for line in problem.splitlines()[:12]:
                print(f"      {line}", flush=True)
