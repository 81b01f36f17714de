"""Where the board lives. Computed when asked, never at import time."""

from __future__ import annotations

import os
from pathlib import Path


def default_db() -> Path:
    """`POBOARD_DB`, else `board.db` in the user's data directory (honours XDG_DATA_HOME)."""
    configured = os.environ.get("POBOARD_DB")
    if configured:
        return Path(configured).expanduser()
    return data_dir() / "board.db"


SERVED = "POBOARD_SERVED"


def served() -> bool:
    """Whether this process is a member's session under `poboard serve`: the server alone
    sets POBOARD_SERVED (it drops every POBOARD_ setting of its own environment, and a
    member's environment is never passed on). A served session starts no program, writes
    no file but the board, and shows no server path or account."""
    return os.environ.get(SERVED) == "1"


def data_dir() -> Path:
    """poboard's folder in the user's data directory (platformdirs is imported only here:
    a command given --db never pays for it)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("poboard", appauthor=False))


def styles_dir() -> Path:
    """The .tcss files: inside the installed package, or beside `src/` in a checkout."""
    packaged = Path(__file__).parent / "styles"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "styles"
