"""Fixtures for the assistant tests: a demo board made once with `poboard demo` and
copied per test, and a fresh board file, both real SQLite files in tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from poboard.cli import main


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`poboard demo` once per run (it plays a quarter of a team's history)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(main, ["--db", str(path), "--user", "ana", "demo"])
    assert result.exit_code == 0, result.output
    assert not Path(f"{path}-wal").exists(), "the demo board was left open"
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A demo board of this test's own: product owner ana, an active sprint, goals."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "board.db"
