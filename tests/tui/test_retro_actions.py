"""Retro actions as a keyed area (g), keys that cannot act saying why, and an action
becoming a backlog item through the editor, opened on the action's draft."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from poboard.board import Board
from poboard.domain.models import ActionState, Kind
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.dialogs import HelpScreen, UnsavedScreen
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import (
    USER,
    footer_keys,
    make_app,
    paste,
    running,
    settle,
    text_of,
    toasts,
    type_text,
)
from .test_retro import closed_sprint, open_retro, shown

BRIEF = "Brief template with audience, metric, proof"


@pytest.fixture
def actions_db(db_path: Path) -> Path:
    """Sprint 12's retro left "Runbook" open; Sprint 13's retro has one card and two
    actions, the brief template (dana's, due Dec 1) and an unowned one."""
    board = Board.open(db_path, USER)
    closed_sprint(board, "Sprint 12", date(2026, 10, 21), date(2026, 11, 3))
    old = board.retros.open_retro()
    board.retros.add_action(old.id or 0, "Runbook", "sam")
    closed_sprint(board, "Sprint 13", date(2026, 11, 4), date(2026, 11, 17))
    retro = board.retros.open_retro()
    board.retros.add_card(retro.id or 0, "Went well", "Legal in 24h")
    board.retros.add_action(retro.id or 0, BRIEF, "dana", date(2099, 12, 1))
    board.retros.add_action(retro.id or 0, "Quote approvals at kickoff")
    board.close()
    return db_path


def focused_id(app: PoboardApp) -> str:
    focused = app.screen.focused
    return focused.id or "" if focused is not None else ""


def actions(app: PoboardApp) -> CardList:
    return app.screen.query_one("#actions", CardList)


def editor(app: PoboardApp) -> ItemEditor:
    assert isinstance(app.screen, ItemEditor)
    return app.screen


def value(app: PoboardApp, name: str) -> str:
    return editor(app).query_one(f"#{name}", Input).value


async def press(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def last_toast(app: PoboardApp) -> str:
    return toasts(app)[-1]


async def each_refused(pilot: Pilot[None], refusals: list[tuple[str, str]]) -> None:
    """Each key, pressed in turn, is refused with its reason and leaves the Retro screen."""
    for key, why in refusals:
        await press(pilot, key)
        assert last_toast(pilot.app) == f"Refused\n{why}", key
        assert pilot.app.screen.title == "Retro"


async def test_g_goes_to_the_review_then_the_actions_then_back_to_the_cards(
    actions_db: Path,
):
    app = make_app(actions_db, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot, "right")
        assert focused_id(app) == "retro-col-1"
        assert "g" in footer_keys(app)
        assert shown(app, "review-title").startswith("REVIEW FIRST (1)  g ")
        assert shown(app, "actions-title") == (
            "ACTIONS (2)  g   t add · b to backlog · d done · x drop"
        )

        await press(pilot, "g")
        assert focused_id(app) == "review"
        await press(pilot, "g")
        assert focused_id(app) == "actions"
        assert actions(app).current_id == 2
        assert footer_keys(app)[:4] == ["g", "t", "b", "d"]
        await press(pilot, "g")
        assert focused_id(app) == "retro-col-1"

        await press(pilot, "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        keys = text_of(help_screen.query_one("Static"))
        assert "g             Go to the actions (the review of earlier ones first)" in keys
        assert "b             Action → backlog item: the editor opens on" in keys


async def test_keys_that_cannot_act_say_why(actions_db: Path, open_board: Callable[..., Board]):
    app = make_app(actions_db, poll_seconds=60)
    async with running(app, size=(120, 30)) as pilot:
        await open_retro(pilot)
        assert focused_id(app) == "retro-col-0"
        assert not {"b", "d", "o"} & set(footer_keys(app))
        await each_refused(
            pilot,
            [
                (
                    "b",
                    "b turns an action into a backlog item — g goes to the review, g again to "
                    "the actions",
                ),
                ("d", "d marks an action done — g goes to the review, g again to the actions"),
                (
                    "o",
                    "o carries over an open action of an earlier retro into this one — "
                    "g goes to the review",
                ),
                (
                    "n",
                    "No sprint waits for a retro: Sprint 13 has this one, and the next comes "
                    "when a sprint closes (3)",
                ),
            ],
        )

        await press(pilot, "right", "e")  # To improve has no cards
        assert last_toast(app) == ("Refused\nNo card here: a adds one, ←/→ go to the other columns")

        await press(pilot, "g", "g")
        assert focused_id(app) == "actions"
        assert not {"v", "V", "e", "a", "A", "o"} & set(footer_keys(app))
        await each_refused(
            pilot,
            [
                ("v", "v votes for a card; actions take no votes — ←/→ go to the cards"),
                ("V", "V takes back a vote on a card — ←/→ go to the cards"),
                ("e", "e edits your card, not an action — ←/→ go to the cards"),
                ("a", "a adds a card to the column the cursor is in — ←/→ go to the cards"),
                (
                    "o",
                    "o carries over an open action of an earlier retro into this one — "
                    "g goes to the review",
                ),
            ],
        )

    saved = open_board()
    assert saved.items.all() == []
    assert [(a.text, a.state, a.item_id) for a in saved.retros.all()[-1].actions] == [
        (BRIEF, ActionState.OPEN, None),
        ("Quote approvals at kickoff", ActionState.OPEN, None),
    ]
    assert [c.votes for c in saved.retros.all()[-1].cards] == [0]


async def test_without_a_review_the_keys_point_at_the_actions(db_path: Path):
    board = Board.open(db_path, USER)
    closed_sprint(board, "Sprint 13", date(2026, 11, 4), date(2026, 11, 17))
    board.retros.open_retro()
    board.close()
    app = make_app(db_path, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot, "b")
        assert last_toast(app) == (
            "Refused\nb turns an action into a backlog item — g goes to the actions"
        )
        await press(pilot, "o")
        assert last_toast(app) == (
            "Refused\no carries over an open action of an earlier retro into this one; "
            "none is left open"
        )
        await press(pilot, "g", "x")
        assert focused_id(app) == "actions"
        assert last_toast(app) == "Refused\nNo action here to drop: t adds one"


async def test_keys_without_a_retro_say_what_comes_first(db_path: Path):
    Board.open(db_path, USER).close()
    app = make_app(db_path, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot)
        await press(pilot, "a")
        assert last_toast(app) == (
            "Refused\nNo retro yet: a retro follows a closed sprint — close one on the "
            "Sprint screen (3)"
        )
        await press(pilot, "n")
        assert last_toast(app) == (
            "Refused\nNo sprint waits for a retro: close one on the Sprint screen (3) first"
        )
        assert footer_keys(app) == ["?", "^p"]


async def test_b_opens_the_editor_on_the_actions_draft_and_saving_links_the_item(
    actions_db: Path, open_board: Callable[..., Board]
):
    app = make_app(actions_db, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot, "g", "g", "b")
        form = editor(app)
        assert text_of(form.query_one("#editor-title")).startswith(
            "New backlog item from a retro action"
        )
        assert (value(app, "title"), value(app, "owner"), value(app, "audience")) == (
            BRIEF,
            "dana",
            "",
        )
        description = form.query_one("#description", TextArea).text
        assert description.startswith(f"From the Sprint 13 retro: {BRIEF}")
        # a chore: the first thing its Definition of Ready needs is an estimate
        assert form.focused is form.query_one("#estimate")
        form.query_one("#audience").focus()
        await type_text(pilot, "designers")
        await press(pilot, "ctrl+s")

        assert app.screen.title == "Retro"
        assert "#1 added to the backlog; the action links to it" in last_toast(app)
        assert actions(app).texts()[0] == f"{BRIEF} dana · Dec 01 · open · → #1"
        assert focused_id(app) == "actions"

        await press(pilot, "b")  # a second time: it is an item already
        assert last_toast(app) == "Refused\naction 2 is already backlog item #1"
        assert app.screen.title == "Retro"

    saved = open_board()
    assert saved.retros.action(2).item_id == 1
    assert saved.retros.action(2).state is ActionState.OPEN
    item = saved.items.get(1)
    assert (item.title, item.owner, item.audience, item.kind) == (
        BRIEF,
        "dana",
        "designers",
        Kind.CHORE,
    )
    assert item.description.startswith(f"From the Sprint 13 retro: {BRIEF}")
    assert len(saved.items.all()) == 1


async def test_b_on_an_earlier_retros_action_names_that_retro(
    actions_db: Path, open_board: Callable[..., Board]
):
    app = make_app(actions_db, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot, "g", "b")
        assert value(app, "title") == "Runbook"
        assert (
            editor(app)
            .query_one("#description", TextArea)
            .text.startswith("From the Sprint 12 retro: Runbook")
        )
        await press(pilot, "ctrl+s")
        assert app.screen.title == "Retro"
        review = app.screen.query_one("#review", CardList)
        assert review.texts() == ["[Sprint 12] Runbook sam · open · → #1"]

    saved = open_board()
    assert saved.retros.action(1).item_id == 1
    assert saved.items.get(1).owner == "sam"


async def test_esc_leaves_the_action_open_and_unlinked(
    actions_db: Path, open_board: Callable[..., Board]
):
    app = make_app(actions_db, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot, "g", "g", "b")
        await press(pilot, "escape")  # nothing typed: no question asked
        assert app.screen.title == "Retro"

        await press(pilot, "b")
        editor(app).query_one("#audience").focus()
        await type_text(pilot, "ops")
        await press(pilot, "escape")  # something typed: asked first
        assert isinstance(app.screen, UnsavedScreen)
        await press(pilot, "d")
        assert app.screen.title == "Retro"
        assert actions(app).texts()[0] == f"{BRIEF} dana · Dec 01 · open"

    saved = open_board()
    assert saved.items.all() == []
    assert (saved.retros.action(2).state, saved.retros.action(2).item_id) == (
        ActionState.OPEN,
        None,
    )


async def test_a_refused_save_keeps_what_was_typed_and_links_nothing(
    actions_db: Path, open_board: Callable[..., Board]
):
    app = make_app(actions_db, poll_seconds=60)
    async with running(app) as pilot:
        await open_retro(pilot, "g", "g", "b")
        form = editor(app)
        form.query_one("#audience").focus()
        await type_text(pilot, "designers")
        form.query_one("#blocked_by", Input).focus()
        await pilot.pause()
        await paste(pilot, "#99")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert text_of(form.query_one("#editor-notice")) == (
            "Not saved: blocked-by #99 does not exist"
        )
        assert (value(app, "title"), value(app, "audience")) == (BRIEF, "designers")

        # meanwhile someone drops the action: the save is refused, nothing is added
        other = Board.open(actions_db, "dana")
        other.retros.set_action_state(2, "dropped")
        other.close()
        await pilot.press("end", "ctrl+u")
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert text_of(form.query_one("#editor-notice")) == (
            "Not saved: action 2 is dropped; only an open action becomes a backlog item"
        )
        assert value(app, "audience") == "designers"

    saved = open_board()
    assert saved.items.all() == []
    assert saved.retros.action(2).item_id is None
