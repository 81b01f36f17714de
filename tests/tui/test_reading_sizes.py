"""Reading the board at every size (issue #23, item 13): the backlog's title takes the
width the columns leave and a goal column appears when there is room; an empty backlog
says how to fill it; the horizon picker says which horizon the item has; the planning
pane is titled for what it lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList

from poboard.board import Board
from poboard.domain.models import Horizon
from poboard.tui.widgets.dialogs import ChoicePopup
from poboard.tui.widgets.item_detail import ItemDetail

from .conftest import make_app, paste, rows, running, settle, stored, table, text_of

LONG = "Webinar follow-up sequence: attendees vs no-shows, with a survey"


def add_long_item(path: Path) -> None:
    board = Board.open(path, "ana")
    try:
        board.items.add(LONG, owner="dana")
    finally:
        board.close()


def table_lines(app) -> list[str]:
    """The table as drawn: its header line and first rows, plain text."""
    found = table(app)
    return [found.render_line(y).text for y in range(min(6, found.size.height))]


async def test_at_160_columns_the_title_takes_the_width_the_columns_leave(seeded: Path):
    add_long_item(seeded)
    app = make_app(seeded)
    async with running(app, size=(160, 48)) as pilot:
        shown = {c.key: c.width for c in table(app).columns_shown}
        assert shown["title"] >= 44  # beside a detail pane of at most 50 columns
        assert LONG[: shown["title"] - 1] + "…" in table_lines(app)[5]
        assert "goal" in shown  # beside the detail, the goal before the horizon
        assert table_lines(app)[0].split()[-1] == "Goal"
        assert "Lift trial activat…" in table_lines(app)[1]  # its title, cut to the column
        await pilot.press("i")  # the detail hides: the table takes the width
        await settle(pilot)
        assert not app.screen.query_one(ItemDetail).display
        shown = {c.key: c.width for c in table(app).columns_shown}
        assert {"goal", "kind", "horizon", "owner"} <= set(shown)
        assert rows(app)[0]["goal"] == "Lift trial activation"
        assert "Lift trial activation" in table_lines(app)[1]
        assert LONG in table_lines(app)[5]


async def test_at_80_columns_the_table_keeps_its_columns(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        shown = [c.key for c in table(app).columns_shown]
        assert shown == ["rank", "key", "title", "score", "ready", "estimate", "owner", "horizon"]
        await pilot.press("i")
        await settle(pilot)
        assert not app.screen.query_one(ItemDetail).display


async def test_an_empty_backlog_says_how_to_add_an_item(db_path: Path):
    Board.open(db_path, "ana").close()
    app = make_app(db_path)
    async with running(app, size=(160, 48)) as pilot:
        assert "No items yet — a adds one, , opens settings" in table_lines(app)[1]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"Launch")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [r["title"] for r in rows(app)] == ["Launch"]
        assert "No items yet" not in "\n".join(table_lines(app))
    board = Board.open(db_path, "ana")
    try:
        assert [i.title for i in board.items.all()] == ["Launch"]
    finally:
        board.close()


async def test_a_filter_that_hides_everything_says_so(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("slash", *"zzz")
        await settle(pilot)
        assert "No item matches the filter — esc clears it" in table_lines(app)[1]


async def test_the_horizon_picker_names_the_current_horizon_apart_from_now(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("down", "down", "down")  # #4 SEO cluster, later
        await pilot.press("h")
        await settle(pilot)
        picker = app.screen.query_one(ChoicePopup)
        assert text_of(picker.query_one(Label)) == "Horizon for #4 “SEO cluster: forecasting”"
        assert text_of(picker.query_one("#choice-hint")).startswith("currently Later\n")
        options = picker.query_one(OptionList)
        labels = [str(options.get_option_at_index(n).prompt) for n in range(4)]
        assert "(now)" not in " ".join(labels)
        assert labels[2].endswith("← current") and labels[3].strip() == "u   Unplanned"
        await pilot.press("u")
        await settle(pilot)
    assert stored(seeded, 4).horizon is Horizon.UNPLANNED


WIDE_TITLES = [
    "春のウェビナー計画とフォローアップメール送信の準備をする 終",
    "Launch 🚀 plan for the 🇯🇵 team ❤️ with 👩‍💻 and ☀️ checks, 🎉 webinars, 📣 posts 🏁",
]


def input_line(field: Input) -> str:
    """What a single-line input shows, as drawn (its text line)."""
    lines = [field.render_line(y).text for y in range(field.size.height)]
    return next(line for line in lines if line.strip())


@pytest.mark.parametrize("title", WIDE_TITLES)
async def test_the_end_of_wide_text_stays_visible_while_typing(seeded: Path, title: str):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("a")
        await settle(pilot)
        field = app.screen.query_one("#title", Input)
        assert app.screen.focused is field
        for n, char in enumerate(title):
            await pilot.press(char) if char.isascii() and char != " " else await paste(pilot, char)
            if n % 5 == 4 or n == len(title) - 1:
                await pilot.pause()
                shown = input_line(field)
                typed = title[: n + 1].rstrip()
                assert typed[-1] in shown, (typed, shown)
        assert field.value == title
        assert input_line(field).rstrip().endswith(title[-1])
        assert title[0] not in input_line(field)  # longer than the field: scrolled to its end
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert stored(seeded, 5).title == title
