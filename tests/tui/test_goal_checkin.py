"""OKR check-ins in the TUI: `k` on the Roadmap checks in a key result (value, confidence,
note), `K` adds one to a goal, and `o` opens a goal with its key results, their trend
and their check-ins, newest first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from poboard.board import Board
from poboard.domain.models import Confidence, Horizon
from poboard.tui.app import PoboardApp
from poboard.tui.screens.goal import GoalScreen
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.lines import Lines
from poboard.tui.widgets.okr_forms import CheckInDialog, KeyResultDialog

from .conftest import USER, make_app, paste, running, settle, text_of, toasts, type_text, wait_until
from .test_palette import search
from .test_roadmap import goals_panel, lane

D = TypeVar("D", bound=Screen[Any])


@pytest.fixture
def okr_db(db_path: Path) -> Path:
    """G1 with two key results (#1 serves the second), G2 with one; #2 has no goal."""
    board = Board.open(db_path, USER)
    try:
        activation = board.goals.add_goal(
            "Lift activation", "2026-Q4", False, ["activation %:30:40", "days to first board:6:3"]
        )
        pipeline = board.goals.add_goal("Grow pipeline", "2026-Q4", False, ["pipeline $k:400:600"])
        board.items.add("Onboarding emails", horizon="now", goal_id=activation.id, key_result_id=2)
        board.items.add("Community program", horizon="now")
        board.items.add("Q1 webinar", horizon="next", goal_id=pipeline.id)
    finally:
        board.close()
    return db_path


@pytest.fixture
def checked_db(okr_db: Path) -> Path:
    """Two check-ins of activation % a week apart; a note that looks like markup."""
    board = Board.open(okr_db, "raj")
    try:
        board.goals.check_in(1, "activation %", 32, "on track", day=date(2026, 11, 16))
        board.goals.check_in(
            1, "activation %", 34, "at risk", "legal review [b]late[/b]", date(2026, 11, 23)
        )
    finally:
        board.close()
    return okr_db


def goal_text(app: PoboardApp) -> list[str]:
    return app.screen.query_one(Lines).text


async def opened(pilot: Pilot[None], kind: type[D], *keys: str) -> D:
    """Press the keys that open a dialog; the dialog, once it is up."""
    await pilot.press(*keys)
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, kind)
    return dialog


async def choose(pilot: Pilot[None], select_id: str, downs: int) -> None:
    """Open a Choice with enter, move down `downs` options, and pick with enter."""
    pilot.app.screen.query_one(f"#{select_id}", Choice).focus()
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(*["down"] * downs, "enter")
    await settle(pilot)


async def test_k_checks_in_the_key_result_the_card_serves_with_confidence_and_note(
    okr_db: Path, open_board: Callable[..., Board]
):
    app = make_app(okr_db)
    async with running(app) as pilot:
        dialog = await opened(pilot, CheckInDialog, "2", "k")
        assert dialog.query_one("#kr", Choice).value == 2  # #1 serves G1's second result
        assert dialog.focused is dialog.query_one("#value", Input)
        now = text_of(dialog.query_one("#kr-now"))
        assert now == "now 6 · baseline 6 · target 3\nLift activation"
        await type_text(pilot, "4.5")
        await choose(pilot, "confidence", 2)  # not stated, on track, at risk
        assert dialog.query_one("#confidence", Choice).value == "at risk"
        dialog.query_one("#note", Input).focus()
        await paste(pilot, "checklist shipped [b]today[/b]")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        assert "days to first board 6 → 4.5 → 3" in goals_panel(app)
        said = f"KR2 days to first board: 4.5 on {date.today()} · at risk (50% of the way to 3)"
        assert any(said in toast for toast in toasts(app))

    kr = open_board().goals.goal(1).key_results[1]
    assert kr.current == 4.5
    assert [(c.day, c.value, c.confidence, c.note, c.by) for c in kr.checkins] == [
        (date.today(), 4.5, Confidence.AT_RISK, "checklist shipped [b]today[/b]", USER)
    ]


async def test_a_value_that_is_not_a_number_is_refused_under_its_field_and_kept(
    okr_db: Path, open_board: Callable[..., Board]
):
    app = make_app(okr_db)
    async with running(app) as pilot:
        dialog = await opened(pilot, CheckInDialog, "2", "k")
        await type_text(pilot, "3x")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CheckInDialog)
        error = dialog.query_one("#error-value")
        assert error.display
        assert text_of(error) == "↳ “3x” is not a number: write one like 34.8 or 1,240"
        assert dialog.query_one("#value", Input).value == "3x"
        assert dialog.focused is dialog.query_one("#value", Input)
        assert not dialog.query_one("#form-error").display

        await pilot.press("backspace")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"

    assert [c.value for c in open_board().goals.goal(1).key_results[1].checkins] == [3]


async def test_k_on_a_card_without_a_goal_asks_which_key_result(
    okr_db: Path, open_board: Callable[..., Board]
):
    app = make_app(okr_db)
    async with running(app) as pilot:
        dialog = await opened(pilot, CheckInDialog, "2", "down", "k")  # #2 serves no goal
        assert dialog.query_one("#kr", Choice).value is Choice.NULL
        assert dialog.focused is dialog.query_one("#kr", Choice)
        assert not dialog.query_one("#kr-now").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(dialog.query_one("#error-kr")) == "↳ choose the key result to check in"
        await choose(pilot, "kr", 3)  # choose…, G1 activation, G1 days, G2 pipeline
        assert dialog.query_one("#kr", Choice).value == 3
        assert text_of(dialog.query_one("#kr-now")) == (
            "now 400 · baseline 400 · target 600\nGrow pipeline"
        )
        dialog.query_one("#value", Input).focus()
        await type_text(pilot, "450")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"

    kr = open_board().goals.goal(2).key_results[0]
    assert [(c.value, c.confidence, c.note) for c in kr.checkins] == [(450, None, None)]


async def test_shift_k_adds_a_key_result_to_the_goal_of_the_card(
    okr_db: Path, open_board: Callable[..., Board]
):
    app = make_app(okr_db)
    async with running(app) as pilot:
        dialog = await opened(pilot, KeyResultDialog, "2", "K")
        assert dialog.query_one("#goal", Choice).value == 1
        assert dialog.focused is dialog.query_one("#metric", Input)
        await paste(pilot, "trials started")
        await pilot.press("tab")
        await type_text(pilot, "1,000")
        await pilot.press("tab")
        await type_text(pilot, "lots")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert text_of(dialog.query_one("#error-target")) == (
            "↳ “lots” is not a number: write one like 34.8 or 1,240"
        )
        target = dialog.query_one("#target", Input)
        assert (target.value, dialog.focused) == ("lots", target)
        target.value = "1500"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        assert "trials started 1,000 → 1,000 → 1,500" in goals_panel(app)

    krs = open_board().goals.goal(1).key_results
    assert [(kr.metric, kr.baseline, kr.current, kr.target) for kr in krs][-1] == (
        "trials started",
        1000,
        1000,
        1500,
    )


async def test_o_opens_the_goal_with_its_trend_and_check_ins_newest_first(
    checked_db: Path, open_board: Callable[..., Board]
):
    app = make_app(checked_db)
    async with running(app) as pilot:
        await pilot.press("2", "o")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        title = text_of(app.screen.query_one("#goal-title"))
        assert title == "G1 Lift activation (2026-Q4)   goal 1 of 2"
        assert goal_text(app) == [
            "▓▓░░░░░░░░ 20%  of the way: the mean of its 2 key results",
            "",
            "KR1 activation %",
            "  30 → 34 → 40  baseline → now → target",
            "  ▓▓▓▓░░░░░░ 40%   confidence at risk",
            "  trend ▁▅█  baseline, then 2 check-ins; newest first:",
            "  2026-11-23  34  at risk    raj legal review [b]late[/b]",
            "  2026-11-16  32  on track   raj ",
            "",
            "KR2 days to first board",
            "  6 → 6 → 3  baseline → now → target",
            "  ░░░░░░░░░░ 0%   confidence —",
            "  no check-ins yet: k records today's value",
        ]
        await pilot.press("right")
        await settle(pilot)
        assert "G2 Grow pipeline" in text_of(app.screen.query_one("#goal-title"))
        assert "KR3 pipeline $k" in goal_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        assert lane(app, Horizon.NOW).current_id == 1

    assert len(open_board().goals.goal(1).key_results[0].checkins) == 2  # looking wrote nothing


async def test_k_in_the_goal_view_checks_in_and_the_view_shows_it_first(
    checked_db: Path, open_board: Callable[..., Board]
):
    app = make_app(checked_db)
    async with running(app) as pilot:
        dialog = await opened(pilot, CheckInDialog, "2", "o", "k")
        assert list(dialog.choices) == [1, 2]  # this goal's key results only
        assert dialog.query_one("#kr", Choice).value == 1
        await type_text(pilot, "36")
        await choose(pilot, "confidence", 1)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        lines = goal_text(app)
        assert "  30 → 36 → 40  baseline → now → target" in lines
        assert "  trend ▁▃▆█  baseline, then 3 check-ins; newest first:" in lines
        newest = lines.index("  trend ▁▃▆█  baseline, then 3 check-ins; newest first:") + 1
        assert lines[newest] == f"  {date.today()}  36  on track   {USER} "
        await pilot.press("escape")
        await settle(pilot)
        assert "activation % 30 → 36 → 40" in goals_panel(app)

    checkins = open_board().goals.goal(1).key_results[0].checkins
    assert [(c.value, c.confidence, c.by) for c in checkins][-1] == (36, Confidence.ON_TRACK, USER)


async def test_the_goal_view_scrolls_at_80x24_and_shows_what_others_check_in(
    checked_db: Path, open_board: Callable[..., Board]
):
    dana = open_board("dana")
    for day in range(1, 10):
        dana.goals.check_in(1, "days to first board", 6 - day / 10, day=date(2026, 11, day))
    app = make_app(checked_db)
    async with running(app) as pilot:
        await pilot.press("2", "o")
        await settle(pilot)
        body = app.screen.query_one("#goal-body", VerticalScroll)
        assert body.has_focus
        assert body.max_scroll_y > 0
        await pilot.press("end")
        await settle(pilot)
        assert body.scroll_y == body.max_scroll_y

        dana.goals.check_in(2, "pipeline $k", 420, "on track", "first [i]webinar[/i] leads")
        dana.goals.check_in(1, "activation %", 35, "on track", "pricing test shipped")
        assert await wait_until(pilot, lambda: "pricing test" in " ".join(goal_text(app)))
        assert f"  {date.today()}   35  on track   dana pricing test shipped" in goal_text(app)


async def test_the_palette_opens_the_goal_view(checked_db: Path):
    """The goal view, the check-in and the new key result are in the palette (and so in
    `?`, which lists the same bindings), not only on keys the footer may not fit."""
    app = make_app(checked_db)
    async with running(app) as pilot:
        await pilot.press("2")
        await settle(pilot)
        hits = await search(pilot, "open goal", "Open goal")
        assert any("Open goal" in hit for hit in hits)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalScreen)
        assert "G1 Lift activation" in text_of(app.screen.query_one("#goal-title"))
        await pilot.press("escape")
        await settle(pilot)
        for query, first in (("check in", "Check in"), ("add key result", "Add key result")):
            await search(pilot, query, first)
            await pilot.press("escape")
            await settle(pilot)
