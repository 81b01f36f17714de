"""`poboard` with board options alone opens the board without loading the commands
(`poboard.launch`); anything else, and a board that cannot be opened, goes to them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from poboard.launch import board_options

from .conftest import Cli


@pytest.mark.parametrize(
    ("args", "options"),
    [
        ([], {}),
        (["--db", "b.db"], {"--db": "b.db"}),
        (["--db=b.db", "--user", "ana"], {"--db": "b.db", "--user": "ana"}),
        (["--user", "ana", "--db", "b.db"], {"--user": "ana", "--db": "b.db"}),
    ],
)
def test_board_options_alone_are_read_here(args: list[str], options: dict[str, str]) -> None:
    assert board_options(args) == options


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["--db", "b.db", "list"],
        ["--json"],
        ["--help"],
        ["--version"],
        ["--db"],
        ["--db="],
        ["--db", "--user", "ana"],
        ["--db", "a.db", "--db", "b.db"],
        ["--user", "ana", "-h"],
    ],
)
def test_any_other_command_line_is_left_to_the_commands(args: list[str]) -> None:
    assert board_options(args) is None


# The board's app with its run replaced: what it would open, and whether click loaded.
OPENED = """
import sys
from poboard.tui.app import PoboardApp

def run(self, *args, **kwargs):
    print("board", self.board.db.path, self.board.user, self.build_ahead)

PoboardApp.run = run
sys.argv = ["poboard", *sys.argv[1:]]
import poboard
poboard.run()
print("click loaded:", "click" in sys.modules)
"""


def opened(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", OPENED, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_the_board_opens_without_loading_the_commands(ok: Cli, db: Path) -> None:
    ok("add", "Launch page")
    run = opened("--db", str(db), "--user", "ana")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"board {db} ana True", "click loaded: False"]


def test_the_environment_says_which_board_and_who_as_for_the_commands(ok: Cli, db: Path) -> None:
    """As `poboard serve` starts a member's session: no options, the environment."""
    ok("add", "Launch page")
    env = {**os.environ, "POBOARD_DB": str(db), "POBOARD_USER": "ben", "POBOARD_SERVED": "1"}
    run = opened(env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"board {db} ben False", "click loaded: False"]


def test_a_board_that_cannot_be_opened_is_refused_by_the_commands_in_one_line(
    tmp_path: Path,
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a board\n")
    for args, said in (
        (["--db", str(text)], f"poboard: {text} is not a poboard board (not an SQLite file)"),
        (
            ["--db", str(tmp_path)],
            f"Error: Invalid value for '--db': File '{tmp_path}' is a directory.",
        ),
    ):
        run = opened(*args)
        assert run.returncode != 0
        assert run.stderr.strip().splitlines()[-1].startswith(said)
        assert "Traceback" not in run.stderr
    assert text.read_text() == "not a board\n"
