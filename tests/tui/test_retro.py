"""Retro: start one for a closed sprint, cards and votes, actions that become backlog items,
and last retro's open actions reviewed first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from poboard.board import Board
from poboard.domain.models import ActionState, RetroFormat
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.dialogs import ConfirmScreen, PromptScreen
from poboard.tui.widgets.forms import ActionDialog, RetroDialog

from .conftest import USER, make_app, paste, running, settle, text_of, toasts, type_text


def closed_sprint(board: Board, name: str, start: date, end: date) -> int:
    sprint = board.sprints.new_sprint(name, f"{name} goal", start, end, 20)
    board.sprints.start_sprint(name)
    board.sprints.close_sprint()
    return sprint.id or 0


def board_with_closed_sprint(path: Path) -> Board:
    board = Board.open(path, USER)
    closed_sprint(board, "Sprint 13", date(2026, 11, 4), date(2026, 11, 17))
    return board


@pytest.fixture
def closed_db(db_path: Path) -> Path:
    """Sprint 13 is closed and has no retro yet."""
    board_with_closed_sprint(db_path).close()
    return db_path


@pytest.fixture
def retro_db(db_path: Path) -> Path:
    """Sprint 13's retro, in the default format, with one card of dana's and one of ana's."""
    board = board_with_closed_sprint(db_path)
    retro = board.retros.open_retro()
    board.retros.add_card(retro.id or 0, "Went well", "Legal in 24h")
    board.close()
    dana = Board.open(db_path, "dana")
    dana.retros.add_card(retro.id or 0, "Went well", "Webinar turnout")
    dana.retros.add_card(retro.id or 0, "To improve", "Briefs arrive late")
    dana.close()
    return db_path


def cards(app: PoboardApp, n: int) -> CardList:
    return app.screen.query_one(f"#retro-col-{n}", CardList)


def shown(app: PoboardApp, widget_id: str) -> str:
    return text_of(app.screen.query_one(f"#{widget_id}"))


async def open_retro(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press("4", *keys)
    await settle(pilot)


async def test_n_starts_the_retro_of_a_closed_sprint_in_the_format_chosen(
    closed_db: Path, open_board: Callable[..., Board]
):
    app = make_app(closed_db)
    async with running(app) as pilot:
        await open_retro(pilot)
        assert app.screen.query_one("#retro-empty").display
        assert not app.screen.query_one("#retro-columns").display
        assert shown(app, "retro-empty") == (
            "Sprint 13 is closed and has no retro yet. Press n to start it."
        )
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, RetroDialog)
        assert dialog.focused is dialog.query_one("#format", Choice)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert dialog.query_one("#format", Choice).value == "start-stop-continue"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Retro"
        assert shown(app, "retro-head") == (
            "Retro · Sprint 13 · Start / Stop / Continue · votes left: 3"
        )
        titles = [shown(app, f"retro-title-{n}") for n in range(3)]
        assert titles == ["START (0)", "STOP (0)", "CONTINUE (0)"]
        assert not app.screen.query_one("#retro-column-3").display
        assert cards(app, 0).texts() == []

    saved = open_board()
    retros = saved.retros.all()
    assert [(r.sprint_id, r.format, r.created_by) for r in retros] == [
        (1, RetroFormat.START_STOP_CONTINUE, USER)
    ]


async def test_a_adds_cards_in_each_column_and_shift_a_adds_one_anonymously(
    retro_db: Path, open_board: Callable[..., Board]
):
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot)
        assert cards(app, 0).texts() == [
            "Legal in 24h ▲0",
            "  — ana (you)",
            "Webinar turnout ▲0",
            "  — dana",
        ]
        await pilot.press("right", "a")
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert text_of(prompt.query_one("Label")) == "A card for To improve, as ana:"
        await type_text(pilot, "QA late")
        await pilot.press("enter")
        await settle(pilot)
        assert cards(app, 1).texts()[-2:] == ["QA late ▲0", "  — ana (you)"]
        assert shown(app, "retro-title-1") == "TO IMPROVE (2)"
        assert app.screen.focused is cards(app, 1)

        await pilot.press("right", "A")
        await settle(pilot)
        assert text_of(app.screen.query_one("Label")) == "A card for Standardize, anonymously:"
        await type_text(pilot, "Checklist")
        await pilot.press("enter")
        await settle(pilot)
        assert cards(app, 2).texts() == ["Checklist ▲0", "  — anonymous"]

        await pilot.press("a", "escape")  # a cancelled card is not added
        await settle(pilot)
        assert shown(app, "retro-title-2") == "STANDARDIZE (1)"

    saved = open_board()
    retro = saved.retros.all()[-1]
    assert [(c.column, c.text, c.author) for c in retro.cards] == [
        ("Went well", "Legal in 24h", "ana"),
        ("Went well", "Webinar turnout", "dana"),
        ("To improve", "Briefs arrive late", "dana"),
        ("To improve", "QA late", "ana"),
        ("Standardize", "Checklist", None),
    ]
    card_events = [(e.user, e.new) for e in saved.events() if e.action == "card"]
    assert card_events[-2:] == [("ana", "QA late"), ("anonymous", "Checklist")]


async def test_votes_stop_at_the_limit_and_v_takes_one_back(
    retro_db: Path, open_board: Callable[..., Board]
):
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot, "down", "v", "v")
        await settle(pilot)
        assert cards(app, 0).texts()[2] == "Webinar turnout ▲2"
        assert cards(app, 0).current_id == 2
        await pilot.press("right", "v")
        await settle(pilot)
        assert cards(app, 1).texts()[0] == "Briefs arrive late ▲1"
        assert shown(app, "retro-head").endswith("votes left: 0")

        await pilot.press("v")  # a fourth vote
        await settle(pilot)
        assert "Refused\nana has used all 3 votes in this retro" in toasts(app)
        assert cards(app, 1).texts()[0] == "Briefs arrive late ▲1"

        await pilot.press("left", "V")
        await settle(pilot)
        assert cards(app, 0).texts()[2] == "Webinar turnout ▲1"
        assert shown(app, "retro-head").endswith("votes left: 1")

    saved = open_board()
    retro = saved.retros.all()[-1]
    assert [(v.card_id, v.user) for v in retro.votes] == [(2, "ana"), (3, "ana")]
    assert [c.votes for c in retro.cards] == [0, 1, 1]


async def test_s_sorts_each_column_by_votes(retro_db: Path, open_board: Callable[..., Board]):
    setup = Board.open(retro_db, "sam")
    setup.retros.vote(2)
    setup.retros.vote(2)
    setup.close()
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot)
        assert cards(app, 0).card_ids == [1, 1, 2, 2]
        await pilot.press("s")
        await settle(pilot)
        assert cards(app, 0).texts() == [
            "Webinar turnout ▲2",
            "  — dana",
            "Legal in 24h ▲0",
            "  — ana (you)",
        ]
        await pilot.press("s")
        await settle(pilot)
        assert cards(app, 0).card_ids == [1, 1, 2, 2]

    saved = open_board()
    assert [(c.id, c.votes) for c in saved.retros.all()[-1].cards] == [(1, 0), (2, 2), (3, 0)]


async def test_e_edits_and_x_deletes_your_own_card(
    retro_db: Path, open_board: Callable[..., Board]
):
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot, "e")
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        assert prompt.query_one("#answer", Input).value == "Legal in 24h"
        await pilot.press("end")
        await type_text(pilot, " ok")
        await pilot.press("enter")
        await settle(pilot)
        assert cards(app, 0).texts()[0] == "Legal in 24h ok ▲0"
        assert cards(app, 0).current_id == 1

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert cards(app, 0).card_ids == [2, 2]
        assert shown(app, "retro-title-0") == "WENT WELL (1)"

    saved = open_board()
    assert [c.text for c in saved.retros.all()[-1].cards] == [
        "Webinar turnout",
        "Briefs arrive late",
    ]
    assert [(e.old, e.new, e.note) for e in saved.events() if e.action == "card"][-2:] == [
        ("Legal in 24h", "Legal in 24h ok", None),
        ("Legal in 24h ok", None, "deleted"),
    ]


async def test_someone_elses_card_cannot_be_deleted(
    retro_db: Path, open_board: Callable[..., Board]
):
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot, "down", "x")
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
            await settle(pilot)
        assert app.screen.title == "Retro"
        assert "Refused\ncard 2 is dana's; only its author may delete it" in toasts(app)
        assert cards(app, 0).card_ids == [1, 1, 2, 2]

    saved = open_board()
    assert [c.id for c in saved.retros.all()[-1].cards] == [1, 2, 3]


async def test_someone_elses_card_is_refused_before_asking_anything(
    retro_db: Path, open_board: Callable[..., Board]
):
    """e and x on dana's card open a prompt (or a confirmation) first and refuse only
    after ana has typed her new text or said yes: the refusal should come at once."""
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot, "down", "e")
        assert not isinstance(app.screen, PromptScreen)
        assert "Refused\ncard 2 is dana's; only its author may edit it" in toasts(app)
        await pilot.press("x")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert "Refused\ncard 2 is dana's; only its author may delete it" in toasts(app)

    saved = open_board()
    assert saved.retros.card(2).text == "Webinar turnout"
    assert [e for e in saved.events() if e.action == "card" and e.old] == []


async def test_t_adds_an_action_with_owner_and_due_date(
    retro_db: Path, open_board: Callable[..., Board]
):
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot, "t")
        dialog = app.screen
        assert isinstance(dialog, ActionDialog)
        assert dialog.query_one("#owner", Input).value == USER
        await paste(pilot, "Brief template")
        await pilot.press("tab", "home", "ctrl+k")
        await type_text(pilot, "dana")
        await pilot.press("tab")
        await paste(pilot, "2099-12-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Retro"
        actions = app.screen.query_one("#actions", CardList)
        assert actions.texts() == ["Brief template dana · Dec 01 · open"]

    saved = open_board()
    action = saved.retros.all()[-1].actions[0]
    assert (action.text, action.owner, action.due, action.state) == (
        "Brief template",
        "dana",
        date(2099, 12, 1),
        ActionState.OPEN,
    )


async def test_a_bad_due_date_keeps_the_action_dialog_open(
    retro_db: Path, open_board: Callable[..., Board]
):
    app = make_app(retro_db)
    async with running(app) as pilot:
        await open_retro(pilot, "t")
        await type_text(pilot, "Runbook")
        await pilot.press("tab", "tab")
        await type_text(pilot, "soon")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ActionDialog)
        assert text_of(app.screen.query_one("#form-error")) == (
            "Not saved: due should be a date like 2026-12-01"
        )

    saved = open_board()
    assert saved.retros.all()[-1].actions == []


@pytest.fixture
def two_retros_db(db_path: Path) -> Path:
    """Sprint 12's retro left three open actions; Sprint 13's retro is the newer one."""
    board = Board.open(db_path, USER)
    closed_sprint(board, "Sprint 12", date(2026, 10, 21), date(2026, 11, 3))
    old = board.retros.open_retro()
    board.retros.add_action(old.id or 0, "Brief template", "dana", date(2099, 11, 20))
    board.retros.add_action(old.id or 0, "Runbook", "sam")
    board.retros.add_action(old.id or 0, "Quote approvals", None)
    finished = board.retros.add_action(old.id or 0, "WIP limit", "ana")
    board.retros.set_action_state(finished.id or 0, "done")
    closed_sprint(board, "Sprint 13", date(2026, 11, 4), date(2026, 11, 17))
    board.retros.open_retro()
    board.close()
    return db_path


async def test_the_newer_retro_reviews_the_older_ones_open_actions_first(
    two_retros_db: Path, open_board: Callable[..., Board]
):
    app = make_app(two_retros_db, poll_seconds=60)
    async with running(app, size=(100, 30)) as pilot:
        await open_retro(pilot)
        assert shown(app, "retro-head").startswith("Retro · Sprint 13 ·")
        assert app.screen.query_one("#review-box").display
        assert shown(app, "review-title") == (
            "REVIEW FIRST (3)  g   d done · o carry over · x drop · b to backlog"
        )
        review = app.screen.query_one("#review", CardList)
        assert review.texts() == [
            "[Sprint 12] Brief template dana · Nov 20 · open",
            "[Sprint 12] Runbook sam · open",
            "[Sprint 12] Quote approvals no owner · open",
        ]
        await pilot.press("g")  # from the first column to the review
        assert app.screen.focused is review
        await pilot.press("d")
        await settle(pilot)
        assert "Done" in toasts(app)
        assert review.card_ids == [2, 3]
        assert app.screen.focused is review

        await pilot.press("o")
        await settle(pilot)
        assert review.card_ids == [3]
        actions = app.screen.query_one("#actions", CardList)
        assert actions.texts() == ["Runbook sam · open"]

        await pilot.press("x")
        await settle(pilot)
        assert "Dropped" in toasts(app)
        assert not app.screen.query_one("#review-box").display

    saved = open_board()
    old, new = saved.retros.all()
    assert [(a.text, a.state) for a in old.actions] == [
        ("Brief template", ActionState.DONE),
        ("Runbook", ActionState.CARRIED),
        ("Quote approvals", ActionState.DROPPED),
        ("WIP limit", ActionState.DONE),
    ]
    assert [(a.text, a.owner, a.state, a.carried_from) for a in new.actions] == [
        ("Runbook", "sam", ActionState.OPEN, 2)
    ]
    assert saved.retros.previous_open_actions(new.id or 0) == []
