"""The open item editor is live: a teammate (a second connection to the same file, as
another process) changes the item, and the form shows it at once, their fields marked,
yours kept; both changing one thing offers the merge; a drop or a move is said plainly,
and a dropped item's edits are saved, if at all, as a new item."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input

from poboard.board import Board
from poboard.domain.models import Status
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.item_editor import ItemEditor
from poboard.tui.widgets.merge_dialog import MergeScreen

from .conftest import make_app, paste, running, settle, stored, stored_items, text_of, wait_until

POLL = 0.1  # the app's check for others' changes, often: the tests wait on it


def editor(app: PoboardApp) -> ItemEditor:
    assert isinstance(app.screen, ItemEditor), f"expected the editor, got {app.screen}"
    return app.screen


def notice(app: PoboardApp) -> str:
    widget = editor(app).query_one("#editor-notice")
    return text_of(widget) if widget.display else ""


def field(app: PoboardApp, name: str) -> Input:
    return editor(app).query_one(f"#{name}", Input)


async def test_a_teammates_change_shows_at_once_marked_and_mine_is_kept(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(seeded, poll_seconds=POLL)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("end")
        await paste(pilot, " for admins")  # my title, not saved yet
        open_board("ben").items.edit(1, {"owner": "ben", "proof": "5 quotes"}, expected_version=1)
        assert await wait_until(pilot, lambda: field(app, "owner").value == "ben")
        said = notice(app)
        assert said.startswith("#1 was changed by ben at ")
        assert "took theirs: Owner, Proof" in said and "your other edits are kept" in said
        assert "version 2" in text_of(editor(app).query_one("#editor-title"))
        assert field(app, "owner").has_class("-theirs") and field(app, "proof").has_class("-theirs")
        assert not field(app, "title").has_class("-theirs")
        assert field(app, "title").value == "Onboarding email series for admins"
        assert field(app, "title").has_focus, "the cursor stays where I type"

        await pilot.press("ctrl+s")  # no conflict left: it saves at once
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
    item = stored(seeded, 1)
    assert (item.title, item.owner, item.proof, item.version) == (
        "Onboarding email series for admins",
        "ben",
        "5 quotes",
        3,
    )


async def test_both_changing_one_field_offers_the_merge_then(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(seeded, poll_seconds=POLL)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        field(app, "promise").value = "activation in one session"
        open_board("ben").items.edit(1, {"promise": "value on day one", "owner": "ben"})
        assert await wait_until(pilot, lambda: "you both changed Promise" in notice(app))
        assert "ctrl+s shows both versions" in notice(app)
        assert field(app, "promise").value == "activation in one session", "mine, until I choose"
        assert field(app, "owner").value == "ben", "their other change joins the form"
        assert not isinstance(app.screen, MergeScreen), "no dialog takes the keys I type"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MergeScreen)
        await pilot.press("y", "enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, (ItemEditor, MergeScreen))
    item = stored(seeded, 1)
    assert (item.promise, item.owner) == ("activation in one session", "ben")


async def test_a_drop_by_someone_else_is_said_and_my_edits_become_a_new_item(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(seeded, poll_seconds=POLL)
    async with running(app) as pilot:
        await pilot.press("e")
        await settle(pilot)
        field(app, "owner").value = "zoe"
        open_board("ben").items.move(1, "dropped")
        assert await wait_until(pilot, lambda: "dropped" in notice(app))
        said = notice(app)
        assert said.startswith("#1 was dropped by ben at ")
        assert "your edits are still here: ctrl+s saves them as a new item" in said
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
    dropped = stored(seeded, 1)
    assert (dropped.status, dropped.owner) == (Status.DROPPED, "dana"), "left as ben left it"
    [new] = [item for item in stored_items(seeded) if item.id not in (1, 2, 3, 4)]
    assert (new.title, new.owner, new.status) == ("Onboarding email series", "zoe", Status.BACKLOG)
    assert [c.text for c in new.criteria] == [c.text for c in dropped.criteria]


async def test_a_move_by_someone_else_is_said_plainly(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    app = make_app(seeded, poll_seconds=POLL)
    async with running(app) as pilot:
        await pilot.press("down", "down", "e")  # #3, ready: it can join the sprint
        await settle(pilot)
        open_board("ben").sprints.commit([3], "Sprint 14")
        assert await wait_until(pilot, lambda: "moved to todo by ben" in notice(app))
        await pilot.press("escape")  # nothing of mine to keep: it closes
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
    assert stored(seeded, 3).status is Status.TODO
