"""Keep every test away from the machine's real board."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point POBOARD_DB, the user and platformdirs' data directory into tmp_path."""
    monkeypatch.setenv("POBOARD_DB", str(tmp_path / "default.db"))
    monkeypatch.setenv("POBOARD_USER", "tester")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
