"""In a real terminal (tmux), a board whose item title holds an OSC 0 sequence (written
with sqlite3, around the rule) does not retitle the window when the title is shown: the
pane's title stays what the shell set (issue #27). The shell sets it with the very same
kind of sequence first, so the check would see a retitle."""

from __future__ import annotations

import shlex
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import poboard

from .conftest import USER

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

SOURCE = Path(poboard.__file__).parents[1]


@pytest.fixture
def tmux() -> Iterator[list[str]]:
    """A tmux server of this test's own (its own socket), ended afterwards."""
    command = ["tmux", "-L", f"poboard-title-{uuid.uuid4().hex[:8]}", "-f", "/dev/null"]
    yield command
    subprocess.run([*command, "kill-server"], capture_output=True, check=False)


def tmux_says(tmux: list[str], *command: str) -> str:
    """What a tmux command about the board's pane prints."""
    done = subprocess.run([*tmux, *command], capture_output=True, text=True, check=False)
    return done.stdout


def wait(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether `check` holds within `seconds` (looked at every 50 ms)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def test_a_poisoned_title_does_not_retitle_the_terminal(tmux: list[str], seeded: Path) -> None:
    with sqlite3.connect(seeded) as db:
        db.execute("UPDATE items SET title = ? WHERE id = 1", ("Evil \x1b]0;pwned\x07 title",))
    db.close()
    board = " ".join(
        shlex.quote(part)
        for part in ["env", f"PYTHONPATH={SOURCE}", sys.executable, "-m", "poboard",
                     "--db", str(seeded), "--user", USER]
    )  # fmt: skip
    shell = f"printf '\\033]0;before\\007'; TERM=xterm-256color {board}; sleep 60"
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", "board", "-x", "120", "-y", "30", shell], check=True
    )

    def title() -> str:
        return tmux_says(tmux, "display-message", "-p", "-t", "board", "#{pane_title}").strip()

    def screen() -> str:
        return tmux_says(tmux, "capture-pane", "-p", "-t", "board")

    assert wait(lambda: "Evil ␛]0;pwned␇ title" in screen()), screen()
    # the shell's own OSC 0 was obeyed (a program that prints one does retitle the pane)
    assert wait(lambda: title() == "before", 5), title()
    subprocess.run([*tmux, "send-keys", "-t", "board", "e"], check=True)  # the editor
    assert wait(lambda: "Edit" in screen() and "pwned" in screen()), screen()
    assert title() == "before"
    subprocess.run([*tmux, "send-keys", "-t", "board", "Escape", "C-q"], check=True)
