"""Two people, one item: a save that meets a teammate's newer version loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, OptionList

from poboard.board import Board
from poboard.domain.models import CriterionState
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.criteria_editor import CriteriaEditor
from poboard.tui.widgets.item_editor import ItemEditor
from poboard.tui.widgets.merge_dialog import ClashChoice, MergeScreen

from .conftest import make_app, running, settle, stored, text_of, toasts

OPEN, MET = CriterionState.OPEN, CriterionState.MET


SAVE_TIME = 60  # polls too rare to see the teammate first: the merges met at save time


def editor(app: PoboardApp) -> ItemEditor:
    assert isinstance(app.screen, ItemEditor), f"expected the editor, got {app.screen}"
    return app.screen


def notice(app: PoboardApp) -> str:
    widget = editor(app).query_one("#editor-notice")
    return text_of(widget) if widget.display else ""


def states(path: Path) -> list[tuple[str, CriterionState]]:
    return [(c.text, c.state) for c in stored(path, 1).criteria]


async def test_my_criteria_save_keeps_a_teammates_new_and_reopened_criteria(
    seeded: Path, open_board: Callable[..., Board]
):
    """po unticks criterion 3 while ben adds one and unticks criterion 1: both hold."""
    ana = open_board("ana")
    ana.items.edit(1, {}, append_criteria=["holdout group configured"])
    ana.items.check(1, 1)
    ana.items.check(1, 3)
    app = make_app(seeded, poll_seconds=SAVE_TIME)
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+t", "up")  # focus starts in the new criterion's box
        await settle(pilot)
        options = editor(app).query_one("#criteria-list", OptionList)
        assert options.has_focus
        options.highlighted = 2
        await pilot.press("space")
        await settle(pilot)

        ben = open_board("ben")
        ben.items.edit(1, {}, append_criteria=["legal sign-off"])
        ben.items.uncheck(1, 1)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor), "a stale save must not close the editor"
        said = notice(app)
        assert "#1 was changed by ben" in said
        assert "new criterion “legal sign-off”" in said
        assert "open “5 emails approved by legal”" in said
        assert states(seeded) == [
            ("5 emails approved by legal", OPEN),
            ("events tracked in analytics", OPEN),
            ("holdout group configured", MET),
            ("legal sign-off", OPEN),
        ], "nothing is saved before the user saves the merge"

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)

    assert states(seeded) == [
        ("5 emails approved by legal", OPEN),  # ben reopened it: it stays open
        ("events tracked in analytics", OPEN),
        ("holdout group configured", OPEN),  # po's untick
        ("legal sign-off", OPEN),  # ben's new criterion survives
    ]


async def test_the_same_field_changed_on_both_sides_shows_both_and_lets_me_choose(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=SAVE_TIME)
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        promise = editor(app).query_one("#promise", Input)
        promise.value = "activation in one session"
        open_board("ben").items.edit(1, {"promise": "value on day one"})

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        [choice] = app.screen.query(ClashChoice)
        shown = " ".join(text_of(s) for s in choice.query(".side"))
        assert "value on day one" in shown, "their version is shown"
        assert "activation in one session" in shown, "my version is shown"
        assert "theirs (ben)" in str(choice.query_one(".-theirs").border_title)
        assert stored(seeded, 1).promise == "value on day one"

        # nothing is chosen for me: enter alone asks again
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        assert "Choose a version for 1 more" in text_of(app.screen.query_one("#merge-notice"))

        # going back leaves both versions as they were; saving asks again
        await pilot.press("escape")
        await settle(pilot)
        assert "Not saved" in notice(app)
        assert promise.value == "activation in one session"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)

        await pilot.press("t", "enter")
        await settle(pilot)
        assert "Promise: kept theirs" in notice(app)
        assert promise.value == "value on day one"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)

    item = stored(seeded, 1)
    assert item.promise == "value on day one"
    assert item.updated_by == "ben", "choosing theirs saves nothing new"


async def test_keeping_my_version_of_a_clash_saves_mine_over_theirs_knowingly(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded, poll_seconds=SAVE_TIME)
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        editor(app).query_one("#owner", Input).value = "ana"
        editor(app).query_one("#proof", Input).value = "5 customer quotes"
        open_board("dana").items.edit(1, {"owner": "sam", "metric": "week-1 activation"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        assert [c.clash.label for c in app.screen.query(ClashChoice)] == ["Owner"]
        await pilot.press("y", "enter")
        await settle(pilot)
        assert "Owner: kept yours" in notice(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)

    item = stored(seeded, 1)
    assert (item.owner, item.proof, item.metric) == (
        "ana",
        "5 customer quotes",
        "week-1 activation",
    )


async def test_a_done_items_criteria_are_settled_in_the_editor(
    seeded: Path, open_board: Callable[..., Board]
):
    ana = open_board("ana")
    ana.sprints.commit([1], "Sprint 14")
    ana.items.check(1, 1)
    ana.items.check(1, 2)
    ana.items.accept(1)
    app = make_app(seeded, poll_seconds=SAVE_TIME)
    async with running(app, size=(100, 30)) as pilot:
        await pilot.press("3")  # done work is on the Sprint board, not in the backlog
        await settle(pilot)
        app.screen.query_one("#col-done").focus()
        await pilot.press("e")
        await settle(pilot)
        form = editor(app)
        assert form.base.id == 1
        assert form.query_one("#estimate").disabled
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "#1 is done: its criteria and estimate are settled" in text_of(
            form.query_one("#criteria-help")
        )
        form.query_one("#criteria-list", OptionList).focus()
        await pilot.press("space", "x")
        await settle(pilot)
        assert [c.state for c in form.query_one(CriteriaEditor).criteria] == [MET, MET]
        assert any("Reopen it" in toast for toast in toasts(app))
    assert stored(seeded, 1).version == ana.items.get(1).version
