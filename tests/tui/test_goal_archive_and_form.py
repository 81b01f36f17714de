"""Goals in the TUI (issue #23, items 11 and 13): `A` on the Roadmap lists the archived
goals and restores one (the service method `goal archive --restore` uses), and the
add-goal form says a quarter in another form under the Quarter field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, OptionList

from poboard.board import Board
from poboard.tui.screens.archived_goals import ArchivedGoalsScreen
from poboard.tui.widgets.forms import GoalDialog

from .conftest import USER, make_app, running, settle, text_of, toasts, type_text
from .test_roadmap import goals_panel


def archived_lines(app) -> list[str]:
    listed = app.screen.query_one(OptionList)
    return [str(listed.get_option_at_index(n).prompt) for n in range(listed.option_count)]


async def test_shift_a_on_the_roadmap_lists_archived_goals_and_r_restores_one(
    db_path: Path, open_board: Callable[..., Board]
) -> None:
    board = Board.open(db_path, USER)
    try:
        board.goals.add_goal("Lift activation", "2026-Q4", False, ["activation %:30:40"])
        board.goals.add_goal("Grow [b]pipeline[/b]", None, False, ["pipeline $k:400:600"])
        board.goals.add_goal("Weekly active teams", None, True, [])
        board.goal_edits.archive_goal("G1")
        board.goal_edits.archive_goal("G2")
    finally:
        board.close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert "Lift activation" not in goals_panel(app)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchivedGoalsScreen)
        lines = archived_lines(app)
        assert [line.splitlines()[0] for line in lines] == [
            "G1 Lift activation (2026-Q4)",
            "G2 Grow [b]pipeline[/b]",  # user text shown literally
        ]
        assert "activation %" in lines[0]
        await pilot.press("down", "r")  # G2 back
        await settle(pilot)
        assert any("G2 Grow [b]pipeline[/b] restored" in t for t in toasts(app))
        assert [line.splitlines()[0] for line in archived_lines(app)] == [
            "G1 Lift activation (2026-Q4)"
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        assert "Grow [b]pipeline[/b]" in goals_panel(app)
        assert "Lift activation" not in goals_panel(app)

    board = open_board()
    assert [g.title for g in board.goals.archived_goals()] == ["Lift activation"]
    restored = board.goals.goal(2)
    assert restored.archived_at is None
    assert [kr.metric for kr in restored.key_results] == ["pipeline $k"]


async def test_enter_restores_and_an_empty_list_says_how_goals_are_archived(
    db_path: Path, open_board: Callable[..., Board]
) -> None:
    board = Board.open(db_path, USER)
    try:
        board.goals.add_goal("Lift activation", "2026-Q4", False, ["activation %:30:40"])
        board.goal_edits.archive_goal("G1")
    finally:
        board.close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("2", "A")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert archived_lines(app) == ["No archived goals. A goal's view archives it with A."]
        await pilot.press("escape")
        await settle(pilot)
        assert "G1 Lift activation (2026-Q4)" in goals_panel(app)

    assert open_board().goals.archived_goals() == []


async def test_the_add_goal_form_says_a_bad_quarter_under_the_quarter_field(
    db_path: Path, open_board: Callable[..., Board]
) -> None:
    Board.open(db_path, USER).close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("2", "n")
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
        await type_text(pilot, "Lift activation")
        app.screen.query_one("#quarter", Input).focus()
        await type_text(pilot, "2026")
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, GoalDialog)  # kept open, with what was typed
        said = text_of(dialog.query_one("#error-quarter"))
        assert said == "↳ quarter '2026' should read like 2026-Q1: the year, a dash, Q and 1 to 4"
        assert dialog.query_one("#error-quarter").display
        assert not dialog.query_one("#form-error").display  # not above the buttons
        assert app.focused is dialog.query_one("#quarter", Input)
        assert dialog.query_one("#title", Input).value == "Lift activation"
        assert open_board().goals.all() == []
        await pilot.press(*"-Q1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"

    goals = open_board().goals.all()
    assert [(g.title, g.quarter) for g in goals] == [("Lift activation", "2026-Q1")]


async def test_the_add_goal_form_says_a_missing_objective_under_it(
    db_path: Path, open_board: Callable[..., Board]
) -> None:
    Board.open(db_path, USER).close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("2", "n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, GoalDialog)
        assert text_of(dialog.query_one("#error-title")) == "↳ a goal needs an objective"
        assert not dialog.query_one("#form-error").display
    assert open_board().goals.all() == []
