"""Reading the retro (issue #23, item 13): an open action past its due day is marked
overdue; a due day in the past is refused, by the service, in one line; the part of the
retro the cursor is in is marked by its title."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.domain.errors import InvalidInputError
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.forms import ActionDialog

from .conftest import USER, make_app, paste, running, settle, text_of, type_text
from .test_retro import closed_sprint, open_retro

A_WEEK_BEFORE_TODAY = datetime(2026, 11, 18, 12, tzinfo=UTC)  # the tests' TODAY: Nov 25


@pytest.fixture
def due_db(db_path: Path) -> Path:
    """Sprint 13's retro, held on Nov 18: one action due Nov 20 (overdue by the 25th),
    one due Nov 30, one done though its day is past, one with no day."""
    board = Board.open(db_path, USER, clock=lambda: A_WEEK_BEFORE_TODAY)
    try:
        closed_sprint(board, "Sprint 13", date(2026, 11, 4), date(2026, 11, 17))
        retro = board.retros.open_retro()
        board.retros.add_action(retro.id or 0, "Brief template", "dana", date(2026, 11, 20))
        board.retros.add_action(retro.id or 0, "Runbook", "ben", date(2026, 11, 30))
        done = board.retros.add_action(retro.id or 0, "WIP limit", "ana", date(2026, 11, 19))
        board.retros.set_action_state(done.id or 0, "done")
        board.retros.add_action(retro.id or 0, "Quote approvals")
    finally:
        board.close()
    return db_path


def test_the_service_refuses_a_due_day_in_the_past(db_path: Path):
    board = Board.open(db_path, USER, clock=lambda: A_WEEK_BEFORE_TODAY)
    try:
        closed_sprint(board, "Sprint 13", date(2026, 11, 4), date(2026, 11, 17))
        retro_id = board.retros.open_retro().id or 0
        with pytest.raises(InvalidInputError) as refused:
            board.retros.add_action(retro_id, "Brief template", "dana", date(2026, 11, 17))
        assert str(refused.value) == (
            "due 2026-11-17 is in the past: choose today (2026-11-18) or a later day"
        )
        assert board.retros.retro(retro_id).actions == []
        today = board.retros.add_action(retro_id, "Brief template", "dana", date(2026, 11, 18))
        assert today.due == date(2026, 11, 18)
    finally:
        board.close()


async def test_an_open_action_past_its_day_is_marked_overdue(due_db: Path):
    app = make_app(due_db)
    async with running(app, size=(160, 48)) as pilot:
        await open_retro(pilot)
        actions = app.screen.query_one("#actions", CardList)
        assert actions.texts() == [
            "Brief template dana · Nov 20 overdue · open",
            "Runbook ben · Nov 30 · open",
            "WIP limit ana · Nov 19 · done",
            "Quote approvals no owner · open",
        ]
        assert [line.tone for line in actions.lines] == ["warning", "", "muted", ""]


async def test_the_action_dialog_refuses_a_due_day_in_the_past(
    due_db: Path, open_board: Callable[..., Board]
):
    app = make_app(due_db)
    async with running(app) as pilot:
        await open_retro(pilot, "t")
        await type_text(pilot, "Runbook")
        await pilot.press("tab", "tab")
        await paste(pilot, "2026-01-05")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ActionDialog)
        error = text_of(app.screen.query_one("#form-error"))
        assert error.startswith("Not saved: due 2026-01-05 is in the past: choose today (")
        assert "\n" not in error
    assert len(open_board().retros.all()[-1].actions) == 4


async def test_the_part_the_cursor_is_in_is_marked_by_its_title(due_db: Path):
    app = make_app(due_db)
    async with running(app, size=(160, 48)) as pilot:
        await open_retro(pilot)

        def marked() -> list[str]:
            titles = app.screen.query(".column-title")
            lit = [t for t in titles if t.display and t.styles.text_style.bold]
            return [t.id or "" for t in lit]

        assert marked() == ["retro-title-0"]
        await pilot.press("right")
        await settle(pilot)
        assert marked() == ["retro-title-1"]
        first, second = (
            app.screen.query_one("#retro-title-0"),
            app.screen.query_one("#retro-title-1"),
        )
        assert first.styles.background != second.styles.background
        await pilot.press("g")
        await settle(pilot)
        assert marked() == ["actions-title"]
