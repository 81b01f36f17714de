"""Fuzzing the CLI's text arguments (#27): titles, descriptions, owners and criteria as
hostile as text comes. Each command goes through, or is refused in one line with no
traceback and the board's bytes unchanged; no ESC or BEL byte is printed either way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from .conftest import Cli
from .fuzz_shapes import fuzz_settings, texts
from .helpers import one_line
from .test_hostile_imports import board_bytes


def done_or_refused(cli: Cli, db: Path, *args: str) -> str | None:
    """Run the command; the property holds either way. Its output when it went through."""
    before = board_bytes(db)
    result = cli(*args)  # the fixture fails the test on a traceback
    assert "\x1b" not in result.output and "\x07" not in result.output, result.output
    if result.exit_code == 0:
        return result.stdout
    assert result.exit_code in (1, 2), result.output
    one_line(result.stderr)
    assert board_bytes(db) == before
    return None


def test_add_with_any_title_description_owner_and_criterion(cli: Cli, add: Any, db: Path) -> None:
    add("On the board before")

    @fuzz_settings()
    @given(title=texts, description=texts, owner=texts, criterion=texts)
    def run(title: str, description: str, owner: str, criterion: str) -> None:
        args = [f"--description={description}", f"--owner={owner}", f"--ac={criterion}"]
        added = done_or_refused(cli, db, "add", *args, "--", title)
        if added is not None:  # whatever was stored prints safely
            shown = cli("show", added.strip())
            assert shown.exit_code == 0, shown.output
            assert "\x1b" not in shown.output and "\x07" not in shown.output

    run()


def test_edit_with_any_text(cli: Cli, add: Any, db: Path) -> None:
    add("On the board before", "--description", "kept")

    @fuzz_settings()
    @given(field=st.sampled_from(["title", "description", "owner", "audience", "ac"]), value=texts)
    def run(field: str, value: str) -> None:
        if done_or_refused(cli, db, "edit", "1", f"--{field}={value}") is not None:
            shown = cli("show", "1")
            assert "\x1b" not in shown.output and "\x07" not in shown.output

    run()


def test_goal_sprint_and_waiver_text(cli: Cli, add: Any, db: Path) -> None:
    add("On the board before", "--ac", "a criterion to waive")

    @fuzz_settings()
    @given(
        command=st.sampled_from(["goal", "kr", "sprint", "goal-sprint", "waive"]),
        text=texts,
        other=texts,
    )
    def run(command: str, text: str, other: str) -> None:
        args = {
            "goal": ["goal", "add", f"--quarter={other}", "--", text],
            "kr": ["goal", "add", f"--kr={text}:1:2", "--", other],
            "sprint": ["sprint", "new", f"--goal={other}", "--start=2026-05-04",
                       "--end=2026-05-15", "--capacity=20", "--", text],
            "goal-sprint": ["sprint", "new", f"--goal={text}", "--start=2026-06-01",
                            "--end=2026-06-12", "--capacity=20", "--", other],
            "waive": ["waive", "1", "1", f"--reason={text}"],
        }[command]  # fmt: skip
        done_or_refused(cli, db, *args)

    run()
