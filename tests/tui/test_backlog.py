"""The Backlog screen: every key, what the screen shows afterwards, and what the file holds."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Label, Markdown

from poboard.board import Board
from poboard.domain.models import Horizon, Status
from poboard.tui.screens.backlog import BacklogScreen
from poboard.tui.widgets.dialogs import ChoicePopup, ConfirmScreen, HelpScreen
from poboard.tui.widgets.header import BoardHeader
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import (
    READY,
    current_key,
    detail,
    keys,
    make_app,
    paste,
    rows,
    running,
    settle,
    stored,
    stored_items,
    table,
    text_of,
    titles,
    toasts,
    type_text,
    wait_until,
)


def header(app) -> str:
    return text_of(app.screen.query_one(BoardHeader).query_one("#header-line"))


def done_of_committed(app) -> str:
    """The sprint's 'done/committed' points as the header shows them."""
    found = re.search(r"(\d+/\d+) pts", header(app))
    assert found, header(app)
    return found.group(1)


def filter_bar(app) -> str:
    return text_of(app.screen.query_one("#filter-bar"))


def versions(path: Path) -> dict[int, int]:
    return {item.id or 0: item.version for item in stored_items(path)}


# ----- a / e / enter -------------------------------------------------------------------------


async def test_a_adds_an_item_through_the_editor(seeded: Path, open_board: Callable[..., Board]):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        await type_text(pilot, "Webinars")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert not isinstance(app.screen, ItemEditor)
        assert titles(app)[-1] == "Webinars"
        assert current_key(app) == "#5"
        assert "#5 Webinars" in detail(app)
        assert "5 items" in filter_bar(app)

    item = stored(seeded, 5)
    assert item.title == "Webinars"
    assert item.created_by == "ana"
    assert item.status is Status.BACKLOG
    assert [i.id for i in stored_items(seeded)] == [1, 2, 3, 4, 5]
    history = open_board().items.history(5)
    assert [(e.action, e.user, e.new) for e in history] == [("create", "ana", "Webinars")]


@pytest.mark.parametrize("key", ["e", "enter"])
async def test_e_and_enter_edit_the_highlighted_item(
    seeded: Path, open_board: Callable[..., Board], key: str
):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down")
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor), f"{key} did not open the editor"
        assert "Edit #2 Pricing page test · version 1" in text_of(
            app.screen.query_one("#editor-title")
        )
        await pilot.press("end", "ctrl+u")
        await paste(pilot, "Pricing page A/B test")
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert not isinstance(app.screen, ItemEditor)
        assert titles(app)[1] == "Pricing page A/B test"
        assert current_key(app) == "#2"
        assert detail(app).startswith("#2 Pricing page A/B test")

    item = stored(seeded, 2)
    assert item.title == "Pricing page A/B test"
    assert item.version == 2
    assert item.updated_by == "ana"
    edits = [e for e in open_board().items.history(2) if e.action == "edit"]
    assert [(e.user, e.field, e.old, e.new) for e in edits] == [
        ("ana", "title", "Pricing page test", "Pricing page A/B test")
    ]


# ----- d --------------------------------------------------------------------------------------


async def test_d_asks_then_n_keeps_and_y_drops(seeded: Path, open_board: Callable[..., Board]):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert text_of(app.screen.query_one(Label)) == (
            "Drop #2 “Pricing page test”? It leaves the backlog."
        )
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert keys(app) == ["#1", "#2", "#3", "#4"]
        assert current_key(app) == "#2"
        assert toasts(app) == []
        assert (stored(seeded, 2).status, stored(seeded, 2).version) == (Status.BACKLOG, 1)

        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert keys(app) == ["#1", "#3", "#4"]
        assert "3 items" in filter_bar(app)
        assert any("#2 dropped" in toast for toast in toasts(app))

    item = stored(seeded, 2)
    assert item.status is Status.DROPPED
    assert item.version == 2
    moves = [e for e in open_board().items.history(2) if e.action == "move"]
    assert [(e.user, e.old, e.new) for e in moves] == [("ana", "backlog", "dropped")]


# ----- shift+up / shift+down / s ----------------------------------------------------------------


async def test_shift_down_and_up_rank_the_item_and_the_cursor_follows(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("shift+down")
        await settle(pilot)
        assert keys(app) == ["#2", "#1", "#3", "#4"]
        assert [r["rank"] for r in rows(app)] == ["1", "2", "3", "4"]
        assert current_key(app) == "#1"
        assert [i.id for i in stored_items(seeded)] == [2, 1, 3, 4]

        await pilot.press("shift+down")
        await settle(pilot)
        assert keys(app) == ["#2", "#3", "#1", "#4"]
        assert current_key(app) == "#1"
        assert detail(app).startswith("#1 Onboarding email series")
        assert [i.id for i in stored_items(seeded)] == [2, 3, 1, 4]

        await pilot.press("shift+up")
        await settle(pilot)
        assert keys(app) == ["#2", "#1", "#3", "#4"]
        assert current_key(app) == "#1"

        await pilot.press("up", "shift+up")  # already first: nothing moves
        await settle(pilot)
        assert keys(app) == ["#2", "#1", "#3", "#4"]
        assert current_key(app) == "#2"

    assert [i.id for i in stored_items(seeded)] == [2, 1, 3, 4]
    assert stored(seeded, 1).version == 1  # rank is the board's order, not the item's content
    ranks = [(e.old, e.new) for e in open_board().items.history(1) if e.action == "rank"]
    assert ranks == [("1", "2"), ("2", "3"), ("3", "2")]


async def test_s_ranks_by_score_only_after_confirmation(
    seeded: Path, open_board: Callable[..., Board]
):
    setup = open_board("ana")
    setup.items.rank(1, bottom=True)  # the best-scoring item starts last
    setup.items.edit(3, {"value": 1})  # and #3 scores lowest
    before = [2, 3, 4, 1]
    assert [i.id for i in setup.items.all()] == before

    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Reorder every open item by score?" in text_of(app.screen.query_one(Label))
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen)
        assert keys(app) == ["#2", "#3", "#4", "#1"]
        assert [i.id for i in stored_items(seeded)] == before

        await pilot.press("s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert keys(app) == ["#1", "#2", "#4", "#3"]
        scores = [float(r["score"]) for r in rows(app)]
        assert scores == sorted(scores, reverse=True)
        assert current_key(app) == "#2"  # the cursor stays on its item
        assert any("Ranked by score" in t for t in toasts(app))

    assert [i.id for i in stored_items(seeded)] == [1, 2, 4, 3]


# ----- h --------------------------------------------------------------------------------------


async def test_h_picks_the_horizon_with_one_key(seeded: Path, open_board: Callable[..., Board]):
    app = make_app(seeded)
    async with running(app) as pilot:
        assert stored(seeded, 1).horizon is Horizon.NOW
        await pilot.press("h")
        await settle(pilot)
        picker = app.screen.query_one(ChoicePopup)
        assert "Horizon for #1" in text_of(picker.query_one(Label))
        await pilot.press("e", "2")  # the board's keys wait for the pick
        await settle(pilot)
        assert isinstance(app.screen, BacklogScreen) and app.screen.query_one(ChoicePopup).display
        await pilot.press("down", "enter")  # the arrows and enter pick too: now → next
        await settle(pilot)
        assert not app.screen.query_one(ChoicePopup).display
        assert stored(seeded, 1).horizon is Horizon.NEXT
        await pilot.press("h", "up", "enter")  # ...and back
        await settle(pilot)
        assert stored(seeded, 1).horizon is Horizon.NOW
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("escape")  # cancelled: nothing written
        await settle(pilot)
        assert not app.screen.query_one(ChoicePopup).display
        assert app.screen.focused is table(app)
        assert stored(seeded, 1).version == 3
        for version, (key, horizon) in enumerate(
            [("x", "next"), ("l", "later"), ("u", "unplanned"), ("n", "now")], start=4
        ):
            await pilot.press("h", key)
            await settle(pilot)
            assert f"· {horizon} ·" in detail(app).splitlines()[1]
            assert any(f"#1 → {horizon}" in t for t in toasts(app))
            item = stored(seeded, 1)
            assert item.horizon.value == horizon
            assert item.version == version
        assert current_key(app) == "#1"

    changes = [(e.old, e.new) for e in open_board().items.history(1) if e.field == "horizon"]
    assert changes == [
        ("now", "next"),
        ("next", "now"),
        ("now", "next"),
        ("next", "later"),
        ("later", "unplanned"),
        ("unplanned", "now"),
    ]


async def test_horizon_column_shows_at_wide_sizes(seeded: Path):
    app = make_app(seeded)  # at 160 beside the detail the goal comes first; at 180, both
    async with running(app, size=(180, 48)) as pilot:
        assert [r["horizon"] for r in rows(app)] == ["now", "unplanned", "next", "later"]
        # beside the detail the title keeps the room the kind had; the detail says the kind
        assert detail(app).splitlines()[1].startswith("story · owner dana")
        assert "Lift trial activation" in header(app)  # the sprint goal fits at this width
        await pilot.press("down", "h", "n")
        await settle(pilot)
        assert rows(app)[1]["horizon"] == "now"
    assert stored(seeded, 2).horizon is Horizon.NOW


# ----- c --------------------------------------------------------------------------------------


async def test_c_commits_a_ready_item_to_the_active_sprint(
    seeded: Path, open_board: Callable[..., Board]
):
    app = make_app(seeded)
    async with running(app) as pilot:
        assert done_of_committed(app) == "0/0"
        await pilot.press("c")
        await settle(pilot)
        assert any("#1 committed to Sprint 14" in t for t in toasts(app))
        assert "Sprint 14 · todo" in detail(app)
        assert done_of_committed(app) == "0/5"
        assert current_key(app) == "#1"

        await pilot.press("c")
        await settle(pilot)
        assert any("#1 is already in Sprint 14" in t for t in toasts(app))

    board = open_board()
    item = board.items.get(1)
    assert item.status is Status.TODO
    assert item.sprint_id == board.sprints.find_sprint("Sprint 14").id
    assert item.version == 2
    assert ("sprint", None, "Sprint 14") in [
        (e.action, e.old, e.new) for e in board.items.history(1)
    ]


async def test_c_refuses_an_unready_item_naming_each_missing_field(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        for down, key, missing in [
            (1, "#2", ["audience", "promise", "proof", "metric", "acceptance criteria"]),
            (2, "#4", ["proof", "estimate", "acceptance criteria"]),
        ]:
            await pilot.press(*["down"] * down, "c")
            await settle(pilot)
            title, message = toasts(app)[-1].split("\n", 1)
            assert title == "Refused"
            assert message.startswith(f"{key} is not ready: missing ")
            for name in missing:
                assert name in message
            assert message.endswith("press e to edit it")
            assert "Sprint" not in detail(app).splitlines()[1]
            assert done_of_committed(app) == "0/0"
            assert current_key(app) == key

    for key in ("#2", "#4"):
        item = stored(seeded, key)
        assert (item.status, item.sprint_id, item.version) == (Status.BACKLOG, None, 1)


# ----- / filter --------------------------------------------------------------------------------


FILTERS = [
    ("WEBINAR", ["#3"]),
    ("kind:experiment", ["#2"]),
    ("owner:dana", ["#1", "#4"]),
    ("goal:lift", ["#1"]),
    ("goal:g1", ["#1"]),
    ("ready:yes owner:ana", ["#3"]),
    ("horizon:later", ["#4"]),
    ("nothing-matches", []),
]


async def test_filter_shows_only_matching_rows_and_esc_clears(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        for query, expected in FILTERS:
            await pilot.press("slash")
            await settle(pilot)
            await paste(pilot, query)
            await pilot.press("enter")
            await settle(pilot)
            assert keys(app) == expected, query
            bar = filter_bar(app)
            assert f"{len(expected)} of 4 items" in bar
            for part in query.lower().split():
                assert part in bar.split("filter:", 1)[1]
            assert "esc clears" in bar
            assert app.focused is table(app)
            if expected:
                assert detail(app).startswith(current_key(app) + " ")
            else:
                assert detail(app) == "No item matches the filter; esc clears it."

            await pilot.press("escape")
            await settle(pilot)
            assert keys(app) == ["#1", "#2", "#3", "#4"]
            assert filter_bar(app).strip() == "4 items"

    assert versions(seeded) == {1: 1, 2: 1, 3: 1, 4: 1}


async def test_filter_narrows_as_you_type_and_reports_unknown_tokens(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("slash")
        await type_text(pilot, "kind:c")
        await settle(pilot)
        assert keys(app) == ["#3", "#4"]  # campaign, content
        await type_text(pilot, "a")
        await settle(pilot)
        assert keys(app) == ["#3"]
        assert "1 of 4 items" in filter_bar(app)
        await pilot.press("escape")  # straight from the filter field
        await settle(pilot)
        assert keys(app) == ["#1", "#2", "#3", "#4"]
        assert app.focused is table(app)

        await pilot.press("slash")
        await paste(pilot, "colour:red")
        assert "unknown filter colour:" in filter_bar(app)
        assert keys(app) == ["#1", "#2", "#3", "#4"]
        await pilot.press("escape")
        await settle(pilot)
        assert "unknown" not in filter_bar(app)
    assert versions(seeded) == {1: 1, 2: 1, 3: 1, 4: 1}


async def test_status_filter_brings_back_dropped_items(seeded: Path, open_board):
    open_board("ana").items.move(4, "dropped")
    app = make_app(seeded)
    async with running(app) as pilot:
        assert keys(app) == ["#1", "#2", "#3"]
        await pilot.press("slash")
        await paste(pilot, "status:dropped")
        await pilot.press("enter")
        await settle(pilot)
        assert keys(app) == ["#4"]
        assert "status:dropped" in filter_bar(app)
        assert "· dropped" in detail(app).splitlines()[1] or "#4 SEO" in detail(app)
    assert stored(seeded, 4).status is Status.DROPPED


async def test_rank_inside_a_filter_swaps_visible_neighbours(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("slash")
        await paste(pilot, "owner:dana")
        await pilot.press("enter", "down", "shift+up")
        await settle(pilot)
        assert keys(app) == ["#4", "#1"]
        assert current_key(app) == "#4"
    assert [i.id for i in stored_items(seeded)] == [4, 1, 2, 3]


# ----- ? and ctrl+p -------------------------------------------------------------------------


async def test_question_mark_lists_every_key(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(text_of(s) for s in app.screen.query("Static"))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for line in [
            "Backlog keys",
            "a Add",
            "⇧↑ Rank up",
            "⇧↓ Rank down",
            "h Horizon",
            "c Commit",
            "/ Filter",
            "s Rank by score",
            "d Drop",
            "? this help",
            "ctrl+p command palette: every action",
        ]:
            assert line in lines, f"{line!r} missing from help"
        edit = next(line for line in lines if line.endswith(" Edit"))
        assert "," not in edit, f"help shows the raw binding spec: {edit!r}"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        assert keys(app) == ["#1", "#2", "#3", "#4"]
    assert versions(seeded) == {1: 1, 2: 1, 3: 1, 4: 1}


async def test_the_horizon_picker_stays_in_the_middle_as_the_window_changes(seeded: Path):
    app = make_app(seeded)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("h")
        await settle(pilot)
        picker = app.screen.query_one(ChoicePopup)
        assert picker.region.x == (80 - picker.outer_size.width) // 2
        await pilot.resize_terminal(160, 48)
        await settle(pilot)
        assert picker.display
        assert picker.region.x == (160 - picker.outer_size.width) // 2
        assert picker.region.y == (48 - picker.outer_size.height) // 2
        await pilot.press("x")
        await settle(pilot)
        assert not picker.display
    assert stored(seeded, 1).horizon is Horizon.NEXT


async def test_a_click_beside_the_horizon_picker_cancels_it(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("h")
        await settle(pilot)
        picker = app.screen.query_one(ChoicePopup)
        assert picker.display
        await pilot.click(BoardHeader)
        await settle(pilot)
        assert not picker.display
        await pilot.press("x")  # the picker is gone: x is no horizon now
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        await pilot.click(ChoicePopup, offset=(6, 7))  # the Later option
        await settle(pilot)
        assert not picker.display
    assert stored(seeded, 1).horizon is Horizon.LATER
    assert stored(seeded, 1).version == 2


async def test_the_detail_pane_shows_a_description_only_where_there_is_one(
    seeded: Path, open_board: Callable[..., Board]
):
    board = open_board()
    board.items.edit(2, {"description": "## Why\nPrice *anchors* matter."}, 1)
    app = make_app(seeded)
    async with running(app, size=(160, 48)) as pilot:
        assert not app.screen.query("#description")  # the first item has none: no Markdown
        await pilot.press("down")
        await settle(pilot)
        shown = app.screen.query_one("#description", Markdown)
        assert shown.display and shown.source == "## Why\nPrice *anchors* matter."
        await pilot.press("down")
        await settle(pilot)
        assert current_key(app) == "#3" and not shown.display
        await pilot.press("up")
        await settle(pilot)
        assert shown.display and "anchors" in shown.source


async def test_command_palette_runs_a_screen_action(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "horizon")
        hits = app.screen.query_one(CommandList)
        assert await wait_until(pilot, lambda: hits.option_count > 0)
        assert "Horizon" in str(hits.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one(ChoicePopup).display  # the horizon picker
        await pilot.press("x")
        await settle(pilot)
        assert "· next ·" in detail(app).splitlines()[1]
        assert any("#1 → next" in t for t in toasts(app))
    item = stored(seeded, 1)
    assert item.horizon is Horizon.NEXT
    assert item.version == 2


# ----- user text stays text ---------------------------------------------------------------------

TRICKY = ["[@click=app.quit]x", "[bold]x[/]", "\x1b[31mred"]
SHOWN = ["[@click=app.quit]x", "[bold]x[/]", "␛[31mred"]


@pytest.fixture
def tricky(db_path: Path) -> Path:
    """Titles that read as markup, and one holding an escape code: the text rule refuses
    that one now, so it is written into the file as an older board would hold it."""
    board = Board.open(db_path, "ana")
    try:
        for title in TRICKY:
            clean = title.replace("\x1b", "")
            board.items.add(clean, criteria=[clean], owner=clean, audience=clean)
    finally:
        board.close()
    with sqlite3.connect(db_path) as db:
        for n, title in enumerate(TRICKY, start=1):
            db.execute(
                "UPDATE items SET title = ?, owner = ?, audience = ? WHERE id = ?",
                (title, title, title, n),
            )
            db.execute("UPDATE criteria SET text = ? WHERE item_id = ?", (title, n))
    db.close()
    return db_path


async def test_markup_and_escape_codes_in_titles_show_literally(tricky: Path):
    app = make_app(tricky)
    async with running(app) as pilot:
        assert titles(app) == SHOWN
        for n, shown in enumerate(SHOWN, start=1):
            facts = detail(app).splitlines()
            assert facts[0] == f"#{n} {shown}"
            assert f"owner {shown}" in facts[1]
            assert f"Audience  {shown}" in facts
            assert f"○ 1. {shown}" in facts
            await pilot.press("down")
            await settle(pilot)

        await pilot.press("home", "d")
        await settle(pilot)
        assert text_of(app.screen.query_one(Label)) == (
            "Drop #1 “[@click=app.quit]x”? It leaves the backlog."
        )
        await pilot.press("n")
        await settle(pilot)
        assert app.is_running
    assert [i.title for i in stored_items(tricky)] == TRICKY
    assert {i.status for i in stored_items(tricky)} == {Status.BACKLOG}


async def test_clicking_a_markup_title_does_not_quit(tricky: Path):
    app = make_app(tricky)
    async with running(app) as pilot:
        found = table(app)
        title_x = 1 + sum(c.width + 2 for c in found.columns_shown[:2]) + 2
        for row in range(3):
            assert await pilot.click(found, offset=(title_x, 2 + row))
            await settle(pilot)
            assert app.is_running
            assert app.return_code is None
            assert current_key(app) == f"#{row + 1}"
        assert titles(app) == SHOWN
    assert len(stored_items(tricky)) == 3


@pytest.mark.parametrize("sprint", ["[b]S9[/b]", "S9 [/b]", "[@click=app.quit]S9[/]"])
async def test_user_text_in_a_notification_is_not_markup(db_path: Path, sprint: str):
    """Sprint names are user text; the 'already in' refusal must show them as typed,
    must not crash on a stray closing tag, and clicking it must not run an action."""
    board = Board.open(db_path, "ana")
    try:
        board.items.add("Ready item", criteria=["done"], **READY)
        board.sprints.new_sprint(sprint, "goal", date(2026, 11, 17), date(2026, 11, 28), 20)
        board.sprints.start_sprint(sprint)
        board.sprints.commit([1])
    finally:
        board.close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running
        shown = toasts(app)
        # Click the sprint's name in the toast: the message line, after "#1 is already in ".
        toast = app.screen.query_one("Toast")
        await pilot.click(toast, offset=(2 + len("#1 is already in "), 2))
        await settle(pilot)
        assert app.is_running
        assert app.return_code is None
        assert shown == [f"Refused\n#1 is already in {sprint}"]
    assert stored(db_path, 1).version == 2
