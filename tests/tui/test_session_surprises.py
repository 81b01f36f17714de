"""What lost a product owner's work or surprised them in a session (issue 11): the editor
opening on the title, keys typed while it opens, a refusal that outlives its truth, a
cursor that loses its card, and a launch checklist added out of sight."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.widgets import Input, Static, TabbedContent

from poboard.board import Board
from poboard.domain.models import Kind
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.criteria_editor import CriteriaEditor
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import (
    current_key,
    make_app,
    running,
    settle,
    stored,
    text_of,
    toasts,
    type_text,
    wait_until,
)
from .test_sprint import fill as fill_sprint

LAUNCH_CHECKLIST = 4


def editor_of(app: object) -> ItemEditor:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ItemEditor)
    return screen


# ----- the editor ---------------------------------------------------------------------------


async def test_the_editor_opens_with_the_cursor_after_the_title_never_selecting_it(
    seeded: Path,
):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        title = editor_of(app).query_one("#title", Input)
        assert app.screen.focused is title
        assert title.selection.is_empty and title.cursor_position == len(title.value)
        await type_text(pilot, " v2")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(seeded, 1).title == "Onboarding email series v2"


async def test_e_after_a_not_ready_refusal_opens_on_the_first_missing_field(seeded: Path):
    """#4 lacks proof, estimate and criteria: `c` is refused, `e` puts the cursor in
    Proof, and typing fills the proof — the title stays as it was."""
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down", "down", "down")
        assert current_key(app) == "#4"
        await pilot.press("c")
        await settle(pilot)
        assert any("missing proof, estimate, acceptance criteria" in t for t in toasts(app))
        await pilot.press("e")
        await settle(pilot)
        editor = editor_of(app)
        assert app.screen.focused is editor.query_one("#proof", Input)
        await type_text(pilot, "2 quotes")
        await pilot.press("ctrl+s")
        await settle(pilot)
    item = stored(seeded, 4)
    assert (item.title, item.proof) == ("SEO cluster: forecasting", "2 quotes")


async def test_e_after_a_refusal_for_criteria_alone_opens_on_the_criteria_tab(seeded: Path):
    """With proof and estimate given, #4 lacks only acceptance criteria: `e` after the
    refusal opens the Criteria tab, the cursor in the new criterion's box."""
    board = Board.open(seeded, "ana")
    try:
        board.items.edit(4, {"proof": "2 quotes", "estimate": 3})
    finally:
        board.close()
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down", "down", "down")
        assert current_key(app) == "#4"
        await pilot.press("c")
        await settle(pilot)
        assert any("#4 is not ready: missing acceptance criteria —" in t for t in toasts(app))
        await pilot.press("e")
        await settle(pilot)
        editor = editor_of(app)
        assert editor.query_one(TabbedContent).active == "tab-criteria"
        assert app.screen.focused is editor.query_one("#criterion-input", Input)


async def test_keys_typed_while_the_editor_is_first_built_reach_it(seeded: Path):
    """The first open builds the editor (~0.5 s on a real terminal): keys typed meanwhile
    wait for it instead of going to the backlog behind."""
    app = make_app(seeded)
    async with running(app) as pilot:
        for key in ("e", "X", "Y", "Z"):  # at once, as a fast typist sends them
            app.post_message(events.Key(key, key))
        await settle(pilot)
        title = editor_of(app).query_one("#title", Input)
        assert title.value == "Onboarding email seriesXYZ"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(seeded, 1).title == "Onboarding email seriesXYZ"


# ----- the launch checklist -----------------------------------------------------------------


async def test_choosing_launch_shows_its_checklist_in_the_editor_and_saves_it(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("a")
        await settle(pilot)
        editor = editor_of(app)
        await type_text(pilot, "Templates gallery")
        editor.query_one("#kind", Choice).value = Kind.LAUNCH.value
        await settle(pilot)
        criteria = editor.query_one(CriteriaEditor).criteria
        assert len(criteria) == LAUNCH_CHECKLIST
        assert criteria[0].text.startswith("Customer value stated")
        notice = text_of(editor.query_one("#editor-notice", Static))
        assert "launch checklist joins the criteria (4 added)" in notice
        editor.query_one("#kind", Choice).value = Kind.STORY.value  # changed my mind
        await settle(pilot)
        assert editor.query_one(CriteriaEditor).criteria == []
        editor.query_one("#kind", Choice).value = Kind.LAUNCH.value
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    item = open_board().items.get(5)
    assert item.kind is Kind.LAUNCH and len(item.criteria) == LAUNCH_CHECKLIST
    added = [e for e in open_board().items.history(5) if e.action == "criterion-added"]
    assert len(added) == LAUNCH_CHECKLIST


async def test_an_item_turned_into_a_launch_gains_the_checklist_after_its_criteria(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        editor = editor_of(app)
        editor.query_one("#kind", Choice).value = Kind.LAUNCH.value
        await settle(pilot)
        texts = [c.text for c in editor.query_one(CriteriaEditor).criteria]
        assert texts[:2] == ["5 emails approved by legal", "events tracked in analytics"]
        assert len(texts) == 2 + LAUNCH_CHECKLIST
        await pilot.press("ctrl+s")
        await settle(pilot)

    item = open_board().items.get(1)
    assert [c.n for c in item.criteria] == list(range(1, 7))
    assert item.criteria[2].text.startswith("Customer value stated")


# ----- a refusal gives way to the next step ---------------------------------------------------


async def test_a_not_ready_refusal_turns_into_the_next_step_once_fixed(
    db_path: Path, open_board: Callable[..., Board]
):
    """Planning: #7 is refused for what it lacks; a teammate fills it in; the refusal
    gives way to "#7 is ready now — c commits it", and c does."""
    fill_sprint(db_path)
    app = make_app(db_path, poll_seconds=0.1)
    async with running(app, size=(120, 36)) as pilot:
        await pilot.press("3", "p")
        await settle(pilot)
        backlog = app.screen.query_one("#plan-backlog", CardList)
        assert backlog.select(7)
        await pilot.press("c")
        await settle(pilot)
        assert any(t.startswith("Refused\n#7 is not ready") for t in toasts(app))

        ben = open_board("ben")
        ben.items.edit(
            7, {"proof": "2 partner quotes", "estimate": 3}, append_criteria=["deck done"]
        )
        fixed = "Fixed\n#7 is ready now — c commits it"
        assert await wait_until(pilot, lambda: fixed in toasts(app))
        assert not any(t.startswith("Refused\n") for t in toasts(app))  # it gave way
        assert backlog.current_id == 7
        await pilot.press("c")
        await settle(pilot)
        assert fixed not in toasts(app)  # done with: put away
    assert stored(db_path, 7).sprint_id is not None


# ----- the cursor keeps its card --------------------------------------------------------------


async def test_the_cursor_follows_a_card_a_teammate_moves_or_says_where_it_went(
    db_path: Path, open_board: Callable[..., Board]
):
    fill_sprint(db_path)
    app = make_app(db_path, poll_seconds=0.1)
    async with running(app, size=(120, 36)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        todo = app.screen.query_one("#col-todo", CardList)
        doing = app.screen.query_one("#col-doing", CardList)
        assert app.screen.focused is todo and todo.current_id == 1

        ben = open_board("ben")
        ben.items.move(1, "doing")
        assert await wait_until(pilot, lambda: app.screen.focused is doing)
        assert doing.current_id == 1
        assert "#1 moved to Doing by ben: the cursor follows it" in toasts(app)
        await pilot.press("shift+right")  # the cursor's card moves on: nothing lost
        await settle(pilot)
        assert stored(db_path, 1).status.value == "review"

        review = app.screen.query_one("#col-review", CardList)
        assert app.screen.focused is review and review.current_id == 1
        ben.items.move(1, "backlog")
        assert await wait_until(
            pilot, lambda: "#1 moved to backlog by ben and left this view" in toasts(app)
        )
        assert app.screen.focused is review and review.current_id == 3  # its neighbour
