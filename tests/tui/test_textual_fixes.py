"""Textual bugs poboard works around (`poboard.tui.textual_fixes`): each shown fixed, in
a process that would hang without the fix (so a regression fails the test instead of
hanging the suite), and shown still present in the installed Textual without it — the
test that fails once upstream has fixed it, the signal to delete the work-around. And
what poboard does through Textual's public API to paint each screen once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.events import ScreenResume
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label

from poboard.board import Board
from poboard.domain.requests import Role
from poboard.tui import textual_fixes
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.screens import LATER_SCREENS
from poboard.tui.screens.roadmap import RoadmapScreen
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.item_detail import ItemDetail
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import TODAY, make_app, running, settle, table, text_of, toasts, wait_until

STALE_TOAST = """
import asyncio, sys, time
from textual.app import App
from textual.notifications import Notification
from textual.widgets._toast import Toast
from poboard.tui import textual_fixes

if sys.argv[1] == "fixed":
    assert textual_fixes.apply()

class Board(App[None]):
    async def on_mount(self) -> None:
        notice = Notification("#3 → review", timeout=4)
        notice.raised_at = time.time() - 5  # ran out before its toast was built
        await self.mount(Toast(notice))

async def main() -> None:
    app = Board()
    async with app.run_test() as pilot:
        deadline = time.monotonic() + 10
        while app.query(Toast) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert not app.query(Toast), "the stale toast went"
    print("still answering")

asyncio.run(main())
"""


def test_a_toast_whose_notice_ran_out_before_it_showed_does_not_freeze_the_app() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STALE_TOAST, "fixed"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "still answering"


def test_upstream_a_stale_toast_still_freezes_textual_without_the_fix() -> None:
    """Fails once the installed Textual no longer freezes: then delete the toast fix."""
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", STALE_TOAST, "as-is"], capture_output=True, timeout=5)


class Plain(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Label("a screen of Textual's own")


class PlainApp(App[None]):
    """A Textual app without poboard, counting its re-parses of every stylesheet."""

    MODES: ClassVar[dict[str, Any]] = {"first": Plain, "second": Plain}
    DEFAULT_MODE = "first"
    refreshes = 0

    def refresh_css(self, animate: bool = True) -> None:
        self.refreshes += 1
        super().refresh_css(animate)


async def test_upstream_a_new_screen_still_reparses_every_stylesheet_without_the_fix() -> None:
    """Fails once the installed Textual shows a new screen without re-parsing every
    stylesheet (textual#5210): then delete `start_level`."""
    app = PlainApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = app.refreshes
        await app.switch_mode("second")
        await pilot.pause()
        assert app.refreshes > before


class Pushed(Screen[None]):
    resumes: ClassVar[list[bool]] = []

    def compose(self) -> ComposeResult:
        yield Label("pushed")

    def on_screen_resume(self, event: ScreenResume) -> None:
        self.resumes.append(event.refresh_styles)


async def test_upstream_a_screen_shown_again_is_still_restyled_whole_without_the_fix() -> None:
    """Fails once the installed Textual no longer restyles a screen pushed again with an
    unchanged stylesheet (textual#6314 left `refresh_styles` on): then delete
    `KeptStyles`."""
    app = PlainApp()
    async with app.run_test() as pilot:
        screen = Pushed()
        for _ in range(2):
            await app.push_screen(screen)
            await pilot.pause()
            app.pop_screen()
            await pilot.pause()
        assert Pushed.resumes[-1] is True, "shown again, unchanged: still restyled whole"


def test_the_fixes_apply_only_to_the_textual_they_were_written_for() -> None:
    from importlib.metadata import version

    assert textual_fixes.installed_textual() == version("textual")
    assert textual_fixes.needed("8.2.8")
    assert not textual_fixes.needed("8.2.9") and not textual_fixes.needed("9.0.0")


async def test_a_screen_away_when_the_theme_changed_comes_back_in_the_new_theme(
    seeded: Path,
) -> None:
    """Screens that come back keep their styles only while the stylesheet is unchanged."""
    app = make_app(seeded)
    async with running(app) as pilot:
        await pilot.press("e")  # the editor is built, styled and put away
        await settle(pilot)
        await pilot.press("escape")
        await pilot.press("2")  # the backlog is put away too
        await settle(pilot)
        before = surface(app)
        app.theme = "textual-light"
        await settle(pilot)
        assert surface(app) != before
        await pilot.press("1")
        await settle(pilot)
        assert background_of(table(app)) == surface(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        assert background_of(app.screen.query_one("#editor")) == surface(app)
        await pilot.press("escape")
        await pilot.press("2", "1")  # level again: comes back as it was
        await settle(pilot)
        assert background_of(table(app)) == surface(app)


def surface(app: PoboardApp) -> Color:
    return Color.parse(app.theme_variables["surface"])


def background_of(widget: Widget) -> Color:
    return widget.styles.background


@pytest.mark.parametrize("width", [80, 119, 120, 149, 150, 200])
async def test_a_screen_is_made_with_the_width_class_its_first_showing_gives_it(
    seeded: Path, width: int
) -> None:
    """Textual gives a screen its breakpoint class when it is first shown, and restyles
    the whole screen if that changes its classes. Made with the class already, the first
    showing changes nothing."""
    app = make_app(seeded)
    async with running(app, size=(width, 40)) as pilot:
        for key, mode in (("2", "roadmap"), ("4", "retro"), ("5", "insights")):
            made = app.MODES[mode]()
            breakpoints = sorted(made.HORIZONTAL_BREAKPOINTS or [], reverse=True)
            rule = next(name for least, name in breakpoints if width >= least)
            assert rule in made.classes
            await pilot.press(key)
            await settle(pilot)
            assert app.screen.classes == made.classes - {"-screen-suspended"}


class CountingRefreshes(PoboardApp):
    """Counts Textual's re-parses of every stylesheet."""

    refreshes = 0

    def refresh_css(self, animate: bool = True) -> None:
        self.refreshes += 1
        super().refresh_css(animate)


async def test_the_first_screen_is_styled_once_in_the_theme(seeded: Path) -> None:
    """Textual styled the first screen before the app itself, then re-parsed every
    stylesheet and restyled every widget before the first paint to mend its colours.
    Styled after the app, it is right the first time: nothing is re-parsed."""
    board = Board.open(seeded, "ana")
    app = CountingRefreshes(board)
    async with running(app) as pilot:
        await settle(pilot)
        assert app.refreshes == 0
        facts = app.screen.query_one(ItemDetail).query_one("#facts")
        drawn = facts.render_lines(Region(0, 0, facts.size.width, 1))[0]
        title = next(segment for segment in drawn if segment.text.strip())
        assert title.text.startswith("#1 Onboarding")
        assert title.style and title.style.color
        foreground = Color.parse(app.theme_variables["foreground"]).rich_color
        assert title.style.color.triplet == foreground.triplet
        assert background_of(table(app)) == surface(app)


async def test_the_editor_is_built_out_of_sight_once_the_board_shows(seeded: Path) -> None:
    """The editor's first opening composed, styled and mounted its ~63 widgets (and
    parsed the stylesheet again for each new kind of widget): ~100 ms of it. Built once
    the first screen shows, never shown until asked for, its first opening builds and
    parses nothing: the widgets `e` shows are those built ahead, holding the item."""
    app = make_app(seeded)
    async with running(app) as pilot:
        await settle(pilot)
        assert app.ahead.prepared
        assert await wait_until(pilot, lambda: app.is_screen_installed("item-editor"))
        editor = app.get_screen("item-editor")
        assert await wait_until(pilot, lambda: editor.is_mounted)
        assert isinstance(editor, ItemEditor) and editor not in app.screen_stack
        title = editor.query_one("#title", Input)
        sources = set(app.stylesheet.source)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen is editor
        assert editor.query_one("#title", Input) is title
        assert title.value == app.board.items.get(1).title
        assert set(app.stylesheet.source) == sources, "every kind it is built of was learnt"


async def test_a_stakeholder_has_no_editor_built_ahead(seeded: Path) -> None:
    """A stakeholder edits nothing: their session does not spend the editor's building."""
    owner = Board.open(seeded, "ana")
    try:
        owner.members.add_member("sam", [], Role.STAKEHOLDER)
    finally:
        owner.close()
    app = create_app(seeded, "sam", today=TODAY, poll_seconds=60)
    async with running(app) as pilot:
        await settle(pilot)
        assert await wait_until(pilot, lambda: app.ahead.prepared)
        await settle(pilot)
        assert not app.is_screen_installed("item-editor")


class RecordingPaints(PoboardApp):
    """Notes, at each paint of the roadmap that reaches the terminal, whether its lanes
    were laid out at the width they are drawn at."""

    paints: list[bool]

    def post_display_hook(self) -> None:
        if isinstance(self.screen, RoadmapScreen) and self.screen.loaded:
            lanes = self.screen.query(CardList)
            fitted = all(lane.laid_width == lane.scrollable_content_region.width for lane in lanes)
            self.paints.append(fitted)


async def test_a_first_visit_is_painted_once_at_its_width(seeded: Path) -> None:
    """Textual held every paint for 50 ms after a switch of screens, so a first visit's
    paint was thrown away and made again. Without the hold, that paint is the one seen:
    the lanes are wrapped to their width before it, not as they are told of it after."""
    board = Board.open(seeded, "ana")
    long = board.items.add("Launch the customer stories hub with partner quotes", horizon="now")
    app = RecordingPaints(board, today=TODAY, poll_seconds=60)
    app.paints = []
    async with running(app, size=(160, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, RoadmapScreen)
        assert app.paints == [True] * len(app.paints) and app.paints
        now = app.screen.query_one("#lane-now", CardList)
        card = [line.text for line in now.lines if line.item_id == long.id]
        assert len(card) == 2, "the title wraps onto a second line at this width"
        header = text_of(app.screen.query_one("#header-line"))
        assert "ana · Sprint 14 “Lift trial activation” · " in header, "fitted to its width"


SCREENS_AHEAD = """
import asyncio, sys, threading
from poboard.board import Board
from poboard.tui.app import PoboardApp
from poboard.tui.screens import LATER_SCREENS

def loaded():
    return sorted(m for m in LATER_SCREENS if f"poboard.tui.screens.{m}" in sys.modules)

async def main():
    print("before:", loaded())
    app = PoboardApp(Board.open(sys.argv[1], "ana"), poll_seconds=60)
    async with app.run_test() as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            importing = [t for t in threading.enumerate() if t.name == "poboard-imports"]
            if app.ahead.prepared and not importing:
                break
        print("after:", loaded())

asyncio.run(main())
"""


def test_the_other_screens_code_is_loaded_once_the_board_shows(seeded: Path) -> None:
    """A first visit imported its screen's code (the charts' library, ~90 ms, for
    Insights); it is loaded in the background once the first screen is painted."""
    done = subprocess.run(
        [sys.executable, "-c", SCREENS_AHEAD, str(seeded)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [
        "before: []",
        "after: ['insights', 'requests', 'retro', 'roadmap', 'sprint']",
    ]


async def test_a_screen_whose_code_fails_to_load_ahead_is_reported(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading ahead stopped silently at a module that failed; the user is told now."""
    monkeypatch.setitem(LATER_SCREENS, "missing_screen", "MissingScreen")
    app = make_app(seeded)
    said = "Some screens could not be loaded: missing_screen: No module named"
    async with running(app) as pilot:
        assert await wait_until(pilot, lambda: any(said in toast for toast in toasts(app)))
