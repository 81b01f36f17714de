"""Goals and key results corrected in the goal view: ↑↓ highlight a key result or a
check-in; `c` corrects the highlighted check-in, `x` deletes it (asked first), `e` edits
the goal, `r` the key result. Each asserted on the screen and on what was stored; each
form is a draft, so esc with changes asks."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from poboard.board import Board
from poboard.domain.models import Confidence
from poboard.tui.screens.goal import GoalScreen
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.dialogs import ConfirmScreen, UnsavedScreen
from poboard.tui.widgets.item_editor import ItemEditor
from poboard.tui.widgets.lines import Lines
from poboard.tui.widgets.okr_forms import CheckInEditDialog, GoalEditDialog, KeyResultEditDialog

from .conftest import USER, make_app, running, settle, text_of, type_text
from .test_roadmap import goals_panel


@pytest.fixture
def goal_db(db_path: Path) -> Path:
    """G1 "Lift activation" (KR1 with a check-in of 32 and a typo of -5; KR2 with none)."""
    board = Board.open(db_path, USER)
    try:
        board.goals.add_goal(
            "Lift activation", "2026-Q4", False, ["activation %:30:40", "days to first board:6:3"]
        )
        board.goals.check_in(1, "activation %", 32, "on track", "email 2", date(2026, 11, 16))
        board.goals.check_in(1, "activation %", -5, None, None, date(2026, 11, 23))
    finally:
        board.close()
    return db_path


def view(pilot: Pilot[None]) -> list[str]:
    return pilot.app.screen.query_one(Lines).text


async def open_goal(pilot: Pilot[None], *downs: str) -> None:
    await pilot.press("2", "o", *downs)
    await settle(pilot)
    assert isinstance(pilot.app.screen, GoalScreen)


async def retype(pilot: Pilot[None], field: str, text: str) -> None:
    """Clear a form field with keys (home, ctrl+k) and type into it."""
    pilot.app.screen.query_one(f"#{field}", Input).focus()
    await pilot.press("home", "ctrl+k")
    await type_text(pilot, text)


def logged(path: Path, action: str) -> list[tuple[str | None, str | None]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT old, new FROM events WHERE action = ? ORDER BY id", [action])
        return [(row[0], row[1]) for row in rows]


async def test_c_corrects_the_highlighted_check_in(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(goal_db)
    async with running(app) as pilot:
        await open_goal(pilot, "down")  # from KR1 to its newest check-in, the typo
        assert "▸ 2026-11-23  -5  —          ana " in view(pilot)
        await pilot.press("c")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CheckInEditDialog)
        assert dialog.query_one("#value", Input).value == "-5"
        await retype(pilot, "value", "33.5")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "▸ 2026-11-23  33.5  —          ana " in view(pilot)
        assert "  30 → 33.5 → 40  baseline → now → target" in view(pilot)

    kr = open_board().goals.goal(1).key_results[0]
    assert (kr.current, [c.value for c in kr.checkins]) == (33.5, [32, 33.5])
    assert logged(goal_db, "check-in") == [
        ("2026-11-23 -5 · no confidence", "2026-11-23 33.5 · no confidence")
    ]


async def test_esc_on_a_changed_correction_asks_and_discarding_keeps_the_check_in(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(goal_db)
    async with running(app) as pilot:
        await open_goal(pilot, "down", "down")  # the older check-in, 32
        await pilot.press("c")
        await settle(pilot)
        await retype(pilot, "value", "31")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("escape")  # keep editing: the typed value is still there
        await settle(pilot)
        assert app.screen.query_one("#value", Input).value == "31"
        await pilot.press("escape", "d")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "▸ 2026-11-16  32  on track   ana email 2" in view(pilot)

    assert [c.value for c in open_board().goals.goal(1).key_results[0].checkins] == [32, -5]


async def test_x_deletes_the_highlighted_check_in_once_confirmed(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(goal_db)
    async with running(app) as pilot:
        await open_goal(pilot, "down")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # not deleted
        await settle(pilot)
        assert len(open_board().goals.goal(1).key_results[0].checkins) == 2
        await pilot.press("x", "y")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        lines = view(pilot)
        assert not any("-5" in line for line in lines)
        assert "  30 → 32 → 40  baseline → now → target" in lines
        assert "  trend ▁█  baseline, then 1 check-in; newest first:" in lines

    kr = open_board().goals.goal(1).key_results[0]
    assert (kr.current, [(c.value, c.confidence) for c in kr.checkins]) == (
        32,
        [(32, Confidence.ON_TRACK)],
    )
    assert logged(goal_db, "check-in") == [("2026-11-23 -5 · no confidence", None)]


async def test_e_edits_the_goal_and_a_quarter_in_another_form_is_refused(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(goal_db)
    async with running(app) as pilot:
        await open_goal(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, GoalEditDialog)
        await retype(pilot, "title", "Lift trial activation")
        await retype(pilot, "quarter", "2027")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalEditDialog)  # stays open, with what was typed
        said = text_of(app.screen.query_one("#error-quarter"))
        assert said == "↳ quarter '2027' should read like 2026-Q1: the year, a dash, Q and 1 to 4"
        assert open_board().goals.goal(1).title == "Lift activation"
        await retype(pilot, "quarter", "2027-Q1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        title = text_of(app.screen.query_one("#goal-title"))
        assert title == "G1 Lift trial activation (2027-Q1)   goal 1 of 1"

    goal = open_board().goals.goal(1)
    assert (goal.title, goal.quarter, goal.north_star) == (
        "Lift trial activation",
        "2027-Q1",
        False,
    )


async def test_r_renames_and_rebaselines_the_highlighted_key_result(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(goal_db)
    async with running(app) as pilot:
        await open_goal(pilot, "down", "down", "down")  # past KR1's check-ins: KR2
        await pilot.press("r")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KeyResultEditDialog)
        assert dialog.query_one("#metric", Input).value == "days to first board"
        await retype(pilot, "metric", "median days to first board")
        await retype(pilot, "baseline", "7")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "KR2 median days to first board" in view(pilot)
        assert "  7 → 7 → 3  baseline → now → target" in view(pilot)

    kr = open_board().goals.goal(1).key_results[1]
    assert (kr.metric, kr.baseline, kr.current, kr.target) == (
        "median days to first board",
        7,
        7,
        3,
    )


async def test_shift_a_archives_the_goal_once_confirmed_and_the_roadmap_drops_it(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    open_board().goals.add_goal("Grow pipeline", "2026-Q4", False, ["pipeline $k:400:600"])
    app = make_app(goal_db)
    async with running(app) as pilot:
        await open_goal(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        panel = goals_panel(app)
        assert "Grow pipeline" in panel
        assert "Lift activation" not in panel

    board = open_board()
    assert [g.title for g in board.goals.all()] == ["Grow pipeline"]
    archived = board.goals.archived_goals()
    assert [(g.title, len(g.key_results[0].checkins)) for g in archived] == [("Lift activation", 2)]


async def test_an_item_of_an_archived_goal_still_opens_and_keeps_its_goal(
    goal_db: Path, open_board: Callable[..., Board]
) -> None:
    board = open_board()
    item = board.items.add("Onboarding emails", goal_id=1, key_result_id=1)
    board.goal_edits.archive_goal("G1")
    app = make_app(goal_db)
    async with running(app) as pilot:
        await pilot.press("1", "e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ItemEditor)
        goal = editor.query_one("#goal_id", Choice)
        assert goal.value == 1
        assert "G1 Lift activation (archived)" in text_of_choice(goal)
        await type_text(pilot, " v2")
        await pilot.press("ctrl+s")
        await settle(pilot)

    saved = open_board().items.get(item.id or 0)
    assert (saved.title, saved.goal_id, saved.key_result_id) == ("Onboarding emails v2", 1, 1)


def text_of_choice(choice: Choice[int]) -> str:
    return str(choice.render())
