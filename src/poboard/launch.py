"""`poboard` with no command opens the board. Given nothing but where the board is and
who you are, it opens it without loading the commands and their toolkit (click: ~25 ms
of every start, and every `ssh` connection to a served board is a start). Any other
command line, and any board that cannot be opened, goes to the commands (`cli.main`),
which read it as always and say in their one line what is wrong."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import PoboardError
from .paths import default_db

# The options that say which board and who, and their environment variables (the
# commands read the same: `cli.main`).
BOARD_OPTIONS = {"--db": "POBOARD_DB", "--user": "POBOARD_USER"}


def board_options(args: list[str]) -> dict[str, str] | None:
    """`--db FILE` and `--user NAME` (or `--db=FILE`), each at most once, and nothing
    else: the options by name; None for any other command line."""
    given: dict[str, str] = {}
    rest = list(args)
    while rest:
        name, equals, value = rest.pop(0).partition("=")
        if name not in BOARD_OPTIONS or name in given:
            return None
        if not equals:
            value = rest.pop(0) if rest else ""
        if not value or value.startswith("-"):
            return None
        given[name] = value
    return given


def open_board_directly(args: list[str]) -> bool:
    """Run the board for a command line of board options only (their environment
    variables as `cli.main` reads them); False, having run nothing, for anything else."""
    options = board_options(args)
    if options is None:
        return False
    db_text, user = (
        options.get(name) or os.environ.get(variable) for name, variable in BOARD_OPTIONS.items()
    )
    db = Path(db_text) if db_text else default_db()
    if db.is_dir():
        return False
    from .tui.app import board_app

    try:
        app = board_app(db, user)
    except (PoboardError, sqlite3.Error, OSError):
        return False
    app.run()
    return True
