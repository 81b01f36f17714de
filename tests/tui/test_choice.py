"""The one-widget choice in every form: its line, its list built when first opened, and
picks by keyboard and by mouse reaching what is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Offset
from textual.widgets import OptionList

from poboard.board import Board
from poboard.domain.models import Kind
from poboard.tui.widgets.choice import Choice, UnknownChoice
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import make_app, running, settle, stored


def kind_of(app_screen: ItemEditor) -> Choice[str]:
    return app_screen.query_one("#kind", Choice)


async def test_a_choice_is_one_line_until_opened_and_a_click_picks(seeded: Path):
    app = make_app(seeded)
    async with running(app, size=(100, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        choices = list(app.screen.query(Choice))
        assert len(choices) == 11 and not any(
            choice.children for choice in choices
        )  # no experiment
        kind = kind_of(app.screen)
        assert kind.render().plain.startswith(stored(seeded, 1).kind.value)
        assert kind.render().plain.rstrip().endswith("▼")

        assert await pilot.click(kind)  # opens: its list is built now, under the line
        await settle(pilot)
        overlay = kind.query_one(OptionList)
        assert kind.expanded and overlay.region.y == kind.region.y + 1
        assert kind.render().plain.rstrip().endswith("▲")
        labels = [str(overlay.get_option_at_index(n).prompt) for n in range(overlay.option_count)]
        assert labels == [k.value for k in Kind]
        row = labels.index(Kind.LAUNCH.value)
        assert await pilot.click(overlay, offset=Offset(2, row))
        await settle(pilot)
        assert not kind.expanded and kind.value == Kind.LAUNCH.value
        assert kind.render().plain.startswith(Kind.LAUNCH.value)

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
        assert stored(seeded, 1).kind is Kind.LAUNCH


async def test_a_blank_choice_shows_its_prompt_and_options_show_literally(
    seeded: Path, open_board: Callable[..., Board]
):
    open_board("ana").goals.add_goal(
        "[bold]Grow[/bold] the list", "2026-Q4", False, ["signups:10:20"]
    )
    app = make_app(seeded)
    async with running(app, size=(100, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        assert (
            app.screen.query_one("#key_result_id", Choice)
            .render()
            .plain.startswith("no key result")
        )
        goal = app.screen.query_one("#goal_id", Choice)
        assert goal.render().plain.startswith("G1 Lift trial activation")
        goal.focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert goal.render().plain.startswith("G2 [bold]Grow[/bold] the list")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(seeded, 1).goal_id == 2


async def test_keys_open_move_search_and_pick_and_focus_comes_back(seeded: Path):
    app = make_app(seeded)
    async with running(app, size=(100, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        kind = kind_of(app.screen)
        kind.focus()
        await pilot.press("space")  # opens
        await settle(pilot)
        listed = kind.query_one(OptionList)
        assert kind.expanded and app.screen.focused is listed
        assert listed.highlighted == 0  # on the kind chosen: story
        await pilot.press("down", "down", "up")
        assert listed.highlighted == 1
        await pilot.press("l", "a")  # typed: jumps to the option with "la" earliest
        assert str(listed.get_option_at_index(listed.highlighted or 0).prompt) == "launch"
        await pilot.press("enter")
        await settle(pilot)
        assert not kind.expanded and kind.value == Kind.LAUNCH.value
        assert app.screen.focused is kind
        assert kind.render().plain.startswith("launch")

        await pilot.press("down")  # opens again, on the kind now chosen
        await settle(pilot)
        assert kind.expanded and listed.highlighted == [k.value for k in Kind].index("launch")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(seeded, 1).kind is Kind.LAUNCH


async def test_escape_closes_the_open_list_not_the_editor(seeded: Path):
    app = make_app(seeded)
    async with running(app, size=(100, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ItemEditor)
        horizon = editor.query_one("#horizon", Choice)
        horizon.focus()
        await settle(pilot)
        for _ in range(2):  # typed at once, as a terminal sends them: before and after
            app.post_message(events.Key("enter", "\r"))  # its list is first built
            app.post_message(events.Key("escape", None))
            await settle(pilot)
            assert app.screen is editor and not horizon.expanded
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "escape")  # moved, then closed: nothing picked
        await settle(pilot)
        assert app.screen is editor and not horizon.expanded
        assert app.screen.focused is horizon and horizon.value == "now"

        assert await pilot.click(horizon)  # a click on the line opens it
        await settle(pilot)
        assert horizon.expanded
        assert await pilot.click("#title")  # a click elsewhere closes it, nothing picked
        await settle(pilot)
        assert not horizon.expanded and app.screen.focused is editor.query_one("#title")

        await pilot.press("escape")  # with the list closed, escape is the editor's
        await settle(pilot)
        assert not isinstance(app.screen, ItemEditor)
        assert stored(seeded, 1).horizon.value == "now"


async def test_the_prompt_is_listed_first_and_picking_it_clears_the_value(seeded: Path):
    app = make_app(seeded)
    async with running(app, size=(100, 40)) as pilot:
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        goal = app.screen.query_one("#goal_id", Choice)
        goal.focus()
        await pilot.press("enter")
        await settle(pilot)
        listed = goal.query_one(OptionList)
        assert [str(listed.get_option_at_index(n).prompt) for n in range(2)] == [
            "no goal",
            "G1 Lift trial activation",
        ]
        await pilot.press("up", "enter")
        await settle(pilot)
        assert goal.value is Choice.NULL and goal.render().plain.startswith("no goal")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(seeded, 1).goal_id is None


def test_a_value_none_of_the_options_has_is_refused():
    choice = Choice([("yes", "yes"), ("no", "no")], allow_blank=False)
    assert choice.value == "yes"  # no blank: the first option
    with pytest.raises(UnknownChoice):
        choice.value = "maybe"
    with pytest.raises(UnknownChoice):
        choice.value = Choice.NULL
    choice.set_options([("later", "later")])
    assert choice.value == "later"
