"""Fixtures for the command-line tests: a board file in tmp_path, the CLI run in-process
with click's CliRunner, the installed console script run as a real subprocess, and a
snapshot of everything a board holds (to prove a refusal changed nothing)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from poboard.cli import main

Cli = Callable[..., Result]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "board.db"


@pytest.fixture
def cli(db: Path) -> Cli:
    """Run `poboard --db DB [--user U] ARGS...` in-process.

    Any exception other than the exit click raises is a crash (a traceback for a user),
    so it fails the test right here.
    """

    def run(*args: str, user: str | None = None, on: Path | None = None) -> Result:
        argv = ["--db", str(on or db)]
        if user is not None:
            argv += ["--user", user]
        argv += [str(a) for a in args]
        result = CliRunner().invoke(main, argv, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(
                f"poboard {' '.join(argv)} crashed: {result.exception!r}\n{result.output}"
            ) from result.exception
        return result

    return run


@pytest.fixture
def ok(cli: Cli) -> Cli:
    """Like `cli`, but the command must succeed; returns the result."""

    def run(*args: str, **kwargs: Any) -> Result:
        result = cli(*args, **kwargs)
        assert result.exit_code == 0, (
            f"poboard {' '.join(map(str, args))} exited {result.exit_code}:\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}"
        )
        return result

    return run


@pytest.fixture
def add(ok: Cli) -> Callable[..., int]:
    """Add an item through the CLI and return its id."""

    def run(title: str, *options: str, on: Path | None = None) -> int:
        out = ok("add", title, *options, on=on).stdout.strip()
        assert out.startswith("#"), out
        return int(out[1:])

    return run


@pytest.fixture
def snapshot(ok: Cli) -> Callable[..., dict[str, Any]]:
    """Everything the board holds, read through the CLI: the item list, each item's
    detail and history, and the full JSON export (settings, goals, sprints, retros,
    events)."""

    def take(on: Path | None = None) -> dict[str, Any]:
        items = json.loads(ok("list", "--json", on=on).stdout)
        return {
            "list": items,
            "show": [json.loads(ok("show", i["key"], "--json", on=on).stdout) for i in items],
            "history": [ok("history", i["key"], on=on).stdout for i in items],
            "export": json.loads(ok("export", "--format", "json", on=on).stdout),
        }

    return take
