"""Nothing typed is lost: every form is a draft until saved or knowingly discarded (esc
asks: save, discard or keep editing), the item editor is never left holding the last
item's typing, it opens on Details with keys typed at once landing in its first field,
and the settings say only what this user changed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import Input, OptionList, TabbedContent

from poboard.board import Board
from poboard.tui.app import PoboardApp
from poboard.tui.screens.settings import SettingsScreen, field_id
from poboard.tui.widgets.dialogs import PromptScreen, UnsavedScreen
from poboard.tui.widgets.forms import ActionDialog, ExperimentResultDialog, GoalDialog
from poboard.tui.widgets.item_editor import ItemEditor
from poboard.tui.widgets.okr_forms import CheckInDialog, KeyResultDialog
from poboard.tui.widgets.sprint_forms import CloseSprintDialog, NewSprintDialog

from .conftest import USER, make_app, paste, running, settle, stored, toasts

# ----- every form asks before it drops what was typed --------------------------------------


def what_is_stored(path: Path) -> tuple[Any, ...]:
    """Everything the forms below could write, read on a fresh connection."""
    board = Board.open(path, "tester")
    try:
        goals = board.goals.all()
        sprint = board.sprints.find_sprint("Sprint 14")
        retro = board.retros.retro_for("Sprint 14")
        return (
            [(g.title, [(kr.metric, len(kr.checkins)) for kr in g.key_results]) for g in goals],
            [s.name for s in board.sprints.all()],
            sprint.state,
            [a.text for a in retro.actions] if retro else [],
            board.items.get(2).result_note,
            board.settings().name,
            board.settings().wip,
        )
    finally:
        board.close()


Form = Callable[[Board], Screen[Any]]
FORMS: dict[str, tuple[Form, str]] = {  # the form, and the field typed in
    "goal": (GoalDialog, "title"),
    "key result": (lambda b: KeyResultDialog(b, b.goals.all(), b.goals.all()[0].id), "metric"),
    "check-in": (
        lambda b: CheckInDialog(b, b.goals.all(), b.goals.all()[0].key_results[0].id),
        "value",
    ),
    "retro action": (lambda b: ActionDialog(b, b.retros.open_retro(1).id or 0), "text"),
    "experiment decision": (
        lambda b: ExperimentResultDialog(b, b.lists.find_items("Pricing page test")[0]),
        "note",
    ),
    "new sprint": (NewSprintDialog, "goal"),
    "sprint close, a reason": (
        lambda b: CloseSprintDialog(
            b, b.sprints.find_sprint("Sprint 14"), b.lists.find_items("Onboarding")
        ),
        "why-1",
    ),
    "settings": (SettingsScreen, field_id("name")),
}


@pytest.mark.parametrize("name", list(FORMS))
async def test_escape_on_a_form_with_changes_asks_and_keeps_them_until_discarded(
    seeded: Path, name: str
) -> None:
    make, typed_in = FORMS[name]
    before = what_is_stored(seeded)
    app = make_app(seeded, poll_seconds=60)
    async with running(app, size=(100, 40)) as pilot:
        form = make(app.board)
        app.push_screen(form)
        await settle(pilot)
        await pilot.press("escape")  # nothing changed: it closes at once
        await settle(pilot)
        assert app.screen is not form and not isinstance(app.screen, UnsavedScreen)

        form = make(app.board)
        app.push_screen(form)
        await settle(pilot)
        field = form.query_one(f"#{typed_in}", Input)
        field.focus()
        await pilot.pause()
        await paste(pilot, " 42 typed")
        typed = field.value
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen), "esc asks"
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.screen is form and field.value == typed

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")  # discard, knowingly
        await settle(pilot)
        assert app.screen is not form
    assert what_is_stored(seeded) == before


async def test_save_from_the_question_saves_the_form(seeded: Path) -> None:
    """`s` in the question saves as ctrl+s would; a refusal keeps the form and its text."""
    app = make_app(seeded, poll_seconds=60)
    async with running(app, size=(100, 40)) as pilot:
        board = app.board
        form = CheckInDialog(board, board.goals.all(), board.goals.all()[0].key_results[0].id)
        app.push_screen(form)
        await settle(pilot)
        await paste(pilot, "thirty")
        await pilot.press("escape", "s")
        await settle(pilot)
        assert app.screen is form, "refused: not a number"
        assert form.query_one("#value", Input).value == "thirty"
        await pilot.press("ctrl+u")
        await paste(pilot, "33.5")
        await pilot.press("escape", "s")
        await settle(pilot)
        assert app.screen is not form
    board = Board.open(seeded, "tester")
    try:
        assert [c.value for c in board.goals.all()[0].key_results[0].checkins] == [33.5]
    finally:
        board.close()


async def test_a_typed_retro_card_is_asked_about_too(seeded: Path) -> None:
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        answers: list[str | None] = []
        app.push_screen(PromptScreen("A card:"), answers.append)
        await settle(pilot)
        await paste(pilot, "Standups ran long")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen)
        await pilot.press("s")
        await settle(pilot)
        assert answers == ["Standups ran long"]


# ----- the item editor: one screen, never holding the last item's typing --------------------


def editor(app: PoboardApp) -> ItemEditor:
    assert isinstance(app.screen, ItemEditor), f"expected the editor, got {app.screen}"
    return app.screen


def box(app: PoboardApp) -> Input:
    return editor(app).query_one("#criterion-input", Input)


async def to_criteria(pilot: Any) -> None:
    await pilot.press("ctrl+t")
    await settle(pilot)
    assert box(pilot.app).has_focus, "focus starts in the new criterion's box"


async def test_a_criterion_typed_and_not_entered_is_a_change_saved_with_ctrl_s(
    seeded: Path,
) -> None:
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await to_criteria(pilot)
        await paste(pilot, "holdout group configured")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, UnsavedScreen), "typed text is a change"
        await pilot.press("escape")
        await settle(pilot)
        assert box(app).value == "holdout group configured"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
    assert [c.text for c in stored(seeded, 1).criteria] == [
        "5 emails approved by legal",
        "events tracked in analytics",
        "holdout group configured",
    ]


async def test_text_left_in_the_box_never_reaches_the_next_item(seeded: Path) -> None:
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await to_criteria(pilot)
        await paste(pilot, "meant for #1 only")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)

        await pilot.press("down", "e")
        await settle(pilot)
        await to_criteria(pilot)
        assert box(app).value == ""
        await pilot.press("enter")  # nothing typed: nothing added
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, (ItemEditor, UnsavedScreen)), "nothing changed"
    for key in (1, 2):
        assert "meant for #1 only" not in [c.text for c in stored(seeded, key).criteria]


def at_once(app: PoboardApp, *keys: str) -> None:
    """Keys as a terminal delivers them typed fast: queued together, none waiting for
    what the one before does (Pilot's `press` waits for the app between keys)."""
    for key in keys:
        name = {" ": "space"}.get(key, key)
        app.post_message(events.Key(name, key if len(key) == 1 else None))


async def test_the_editor_opens_on_details_and_keys_typed_at_once_reach_the_title(
    seeded: Path,
) -> None:
    """Closed on Criteria, `e` on another item then `x` at once: the x is typed in the
    title, it removes no criterion (it did: the criteria list had the focus, hidden)."""
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await pilot.press("down", "down", "e")  # #3, one criterion
        await settle(pilot)
        await pilot.press("ctrl+t", "up")  # on the list, as one ticking criteria is
        await settle(pilot)
        assert editor(app).query_one("#criteria-list", OptionList).has_focus
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("up", "up")  # #1, two criteria
        at_once(app, "e", "x")
        await settle(pilot)
        form = editor(app)
        assert form.query_one(TabbedContent).active == "tab-details"
        title = form.query_one("#title", Input)
        assert title.has_focus and title.value == "Onboarding email seriesx"
        assert len(form.query_one("#criteria-list", OptionList).options) == 2
        await pilot.press("backspace", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
    item = stored(seeded, 1)
    assert (item.title, len(item.criteria), item.version) == ("Onboarding email series", 2, 1)


async def test_on_criteria_typing_is_text_never_the_lists_keys(seeded: Path) -> None:
    """`x` on the sprint board opens the criteria: typing there (space, x, w) is a new
    criterion, and marks, removes or waives nothing."""
    app = make_app(seeded, poll_seconds=60)
    async with running(app, size=(120, 40)) as pilot:
        app.push_screen(app.item_editor(1, tab="criteria"))
        at_once(app, *"wax box")
        await settle(pilot)
        assert box(app).value == "wax box"
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
    item = stored(seeded, 1)
    assert [(c.text, c.state.value) for c in item.criteria] == [
        ("5 emails approved by legal", "open"),
        ("events tracked in analytics", "open"),
        ("wax box", "open"),
    ]


# ----- settings say what this user did ------------------------------------------------------


async def test_settings_saved_names_only_what_this_user_changed(seeded: Path) -> None:
    app = make_app(seeded, poll_seconds=60)
    async with running(app) as pilot:
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        teammate = Board.open(seeded, "ben")
        try:
            teammate.config.configure_many(
                {"wip.doing": "3", "definition_of_done": "Peer reviewed\nIn analytics\n"}
            )
        finally:
            teammate.close()
        name = app.screen.query_one(f"#{field_id('name')}", Input)
        await pilot.press("end", "ctrl+u")
        await paste(pilot, "Growth board")
        assert name.value == "Growth board"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert any(said == "Settings saved\nBoard name" for said in toasts(app)), toasts(app)
    board = Board.open(seeded, USER)
    try:
        settings = board.settings()
        assert settings.name == "Growth board"
        assert settings.wip["doing"] == 3, "the teammate's limit stays"
        assert settings.definition_of_done == ["Peer reviewed", "In analytics"]
    finally:
        board.close()
