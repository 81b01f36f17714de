"""Fuzzing `poboard import` (#27): arbitrary bytes, and arbitrary JSON or CSV shaped like
each format it reads, written to a real file and imported into a real board. Each is
imported, or refused in one line with no traceback and the board's bytes unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given

from .conftest import Cli
from .fuzz_shapes import (
    fuzz_settings,
    github_files,
    jira_files,
    poboard_csv_files,
    poboard_json_files,
    raw_files,
    trello_files,
)
from .helpers import one_line
from .test_hostile_imports import board_bytes


def import_or_refuse(cli: Cli, db: Path, path: Path, *options: str) -> None:
    """The property: a clean import, or one refusal line and the board as it was."""
    before = board_bytes(db)
    result = cli("import", path, *options)  # the fixture fails the test on a traceback
    output = result.stdout + result.stderr
    assert "\x1b" not in output and "\x07" not in output, output
    if result.exit_code == 0:
        return
    assert result.exit_code in (1, 2), result.output
    assert result.stdout == ""
    one_line(result.stderr)
    assert board_bytes(db) == before


def fuzz_import(cli: Cli, add: Any, db: Path, tmp_path: Path, files: Any, name: str) -> None:
    add("On the board before")
    path = tmp_path / name

    @fuzz_settings()
    @given(files)
    def run(content: str | bytes) -> None:
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        import_or_refuse(cli, db, path)

    run()


def test_arbitrary_bytes(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    fuzz_import(cli, add, db, tmp_path, raw_files, "any.json")


def test_arbitrary_github_issue_lists(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    fuzz_import(cli, add, db, tmp_path, github_files, "issues.json")


def test_arbitrary_trello_boards(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    fuzz_import(cli, add, db, tmp_path, trello_files, "board.json")


def test_arbitrary_jira_csv(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    fuzz_import(cli, add, db, tmp_path, jira_files, "jira.csv")


def test_arbitrary_poboard_csv(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    fuzz_import(cli, add, db, tmp_path, poboard_csv_files, "items.csv")


def test_arbitrary_poboard_json(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    fuzz_import(cli, add, db, tmp_path, poboard_json_files, "board.json")


def test_arbitrary_dry_runs(cli: Cli, add: Any, db: Path, tmp_path: Path) -> None:
    """A dry run writes nothing, whatever the file: the board's bytes never change."""
    add("On the board before")
    path = tmp_path / "issues.json"

    @fuzz_settings()
    @given(github_files | trello_files | jira_files)
    def run(content: str) -> None:
        path.write_text(content, encoding="utf-8")
        before = board_bytes(db)
        result = cli("import", "--dry-run", path)
        assert result.exit_code in (0, 1, 2)
        if result.exit_code:
            one_line(result.stderr)
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert board_bytes(db) == before

    run()
