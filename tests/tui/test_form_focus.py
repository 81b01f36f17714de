"""Focus in every form is unmistakable: the focused field carries the theme's accent bar
(a glyph, so it shows without colour too), and enter on a Choice opens it."""

from __future__ import annotations

from pathlib import Path

from textual.color import Color
from textual.widgets import Input

from poboard.tui.app import PoboardApp
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.forms import GoalDialog
from poboard.tui.widgets.sprint_forms import NewSprintDialog

from .conftest import make_app, running, settle
from .test_settings import dod, field, open_settings


def accent(app: PoboardApp) -> Color:
    return Color.parse(app.theme_variables["accent"])


async def test_the_focused_field_of_a_form_has_the_accent_bar(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await open_settings(pilot)
        name, owners = field(app, "name"), field(app, "product_owners")
        assert name.styles.border_left == ("tall", accent(app))
        assert owners.styles.border_left[0] == "blank"  # a column kept, so nothing shifts
        assert owners.region.x == name.region.x
        await pilot.press("tab")
        assert owners.styles.border_left == ("tall", accent(app))
        assert name.styles.border_left[0] == "blank"
        assert owners.styles.background != name.styles.background
        for _ in range(11):  # to the Definition of Done
            await pilot.press("tab")
        assert app.screen.focused is dod(app)
        assert dod(app).styles.border_left == ("tall", accent(app))


async def test_enter_on_a_select_in_a_form_opens_it(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("2", "n")  # the roadmap's new goal
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
        north = app.screen.query_one("#north-star", Choice)
        north.focus()
        await settle(pilot)
        assert north.styles.border_left == ("tall", accent(app))
        await pilot.press("enter")
        await settle(pilot)
        assert north.expanded
        await pilot.press("down", "enter")
        await settle(pilot)
        assert north.value == "yes"
        assert isinstance(app.screen, GoalDialog)


async def test_the_focused_field_of_the_new_sprint_form_has_the_accent_bar(seeded: Path):
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("3", "n")
        await settle(pilot)
        assert isinstance(app.screen, NewSprintDialog)
        focused = app.screen.focused
        assert isinstance(focused, Input)
        assert focused.styles.border_left == ("tall", accent(app))
