"""The one-widget choice in every form: its line, its list built when first opened, and
picks by keyboard and by mouse reaching what is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.geometry import Offset
from textual.widgets import OptionList

from poboard.board import Board
from poboard.models import Kind
from poboard.tui.widgets.choice import Choice
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
    open_board("ana").add_goal("[bold]Grow[/bold] the list", "2026-Q4", False, ["signups:10:20"])
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
