"""The one safeguard (issue #27): whatever a screen, a dialog or the palette draws, no
control character of user text reaches the terminal as a raw byte. Asserted on the bytes
the app writes to its driver, over a board whose every text holds escapes (written with
sqlite3, around the rule), on every screen and dialog."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.drivers.headless_driver import HeadlessDriver
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widgets import Static

from poboard.board import Board
from poboard.cli import main
from poboard.tui.app import PoboardApp
from poboard.tui.terminal_guard import CONTROL_PICTURES, pictured

from .conftest import USER, make_app, paste, settle, wait_until
from .test_control_characters import POISON

# Escapes that Textual itself never writes: a window title (OSC 0), the clipboard
# (OSC 52), a bell, and C1's one-byte CSI.
FORBIDDEN = ("\x1b]0;", "\x1b]52;", "\x07", "\x9b")


class RecordingDriver(HeadlessDriver):
    """A driver that keeps every byte the app writes, as a terminal would receive them."""

    written: list[str]

    @property
    def is_headless(self) -> bool:
        return False  # the app writes its screen to a driver that is not headless

    def write(self, data: str) -> None:
        self.written.append(data)


def recording(app: PoboardApp) -> list[str]:
    written: list[str] = []
    RecordingDriver.written = written
    app.driver_class = RecordingDriver
    return written


def poisoned_demo(tmp_path: Path) -> Path:
    """The demo board, one goal archived, and every text holding escapes."""
    db = tmp_path / "demo.db"
    made = CliRunner().invoke(main, ["--db", str(db), "--user", USER, "demo"])
    assert made.exit_code == 0, made.output
    board = Board.open(db, USER)
    try:
        board.goal_edits.archive_goal(board.goals.all()[-1].id or 0)
    finally:
        board.close()
    with sqlite3.connect(db) as connection:
        connection.executescript(POISON)
        connection.execute("UPDATE goals SET title = title || char(27) || ']0;g' || char(7)")
    connection.close()
    return db


# What Textual itself writes that holds a BEL: the pointer's shape (OSC 22).
POINTER_SHAPE = re.compile("\x1b]22;[a-z-]*\x07")


def raw_in(output: str) -> list[str]:
    """The forbidden escapes in what was written, Textual's own pointer shapes aside."""
    output = POINTER_SHAPE.sub("", output)
    return [escape for escape in FORBIDDEN if escape in output]


# Each step: the keys, what then shows, and the keys that close it again.
STEPS: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
    ("backlog and detail", (), "BacklogScreen", ()),
    ("item editor", ("e",), "ItemEditor", ("escape",)),
    ("drop dialog", ("d",), "ConfirmScreen", ("n",)),
    ("keys", ("question_mark",), "HelpScreen", ("escape",)),
    ("roadmap", ("2",), "RoadmapScreen", ()),
    ("goal view", ("o",), "GoalScreen", ("escape",)),
    ("archived goals", ("A",), "ArchivedGoalsScreen", ("escape",)),
    ("sprint", ("3",), "SprintScreen", ()),
    ("retro", ("4",), "RetroScreen", ()),
    ("insights", ("5",), "InsightsScreen", ()),
    ("settings", ("comma",), "SettingsScreen", ("escape",)),
]


async def visit(pilot: Pilot[None], written: list[str], keys: tuple[str, ...], name: str) -> str:
    """Press `keys`, wait for the screen `name`, and return what was written meanwhile
    (no keys: since the start)."""
    start = len(written) if keys else 0
    await pilot.press(*keys)
    await settle(pilot)
    app = pilot.app
    assert await wait_until(pilot, lambda: type(app.screen).__name__ == name), (
        f"{keys} shows {type(app.screen).__name__}, not {name}"
    )
    await settle(pilot)
    return "".join(written[start:])


async def test_no_screen_writes_a_stored_escape_to_the_terminal(tmp_path: Path) -> None:
    app = make_app(poisoned_demo(tmp_path))
    written = recording(app)
    try:
        async with app.run_test(headless=False, size=(160, 48), notifications=True) as pilot:
            await settle(pilot)
            for label, keys, name, closing in STEPS:
                output = await visit(pilot, written, keys, name)
                assert "␛" in output, f"{label}: no escape drawn as a picture"
                assert not raw_in(output), f"{label} writes {raw_in(output)}"
                if closing:
                    await pilot.press(*closing)
                    await settle(pilot)
            await pilot.press("1")
            await settle(pilot)
            start = len(written)
            await pilot.press("ctrl+p")
            await settle(pilot)
            await paste(pilot, "pwn")  # finds the poisoned titles
            await settle(pilot)
            palette = "".join(written[start:])
            assert "␛" in palette and not raw_in(palette), raw_in(palette)
    finally:
        app.board.close()
    everything = "".join(written)
    assert len(everything) > 10_000  # the screens were written, not skipped
    assert not raw_in(everything)


class RawText(ModalScreen[None]):
    """A screen that draws text as given, past `visible`."""

    def compose(self) -> ComposeResult:
        yield Static(Text("Evil \x1b]0;pwned\x07 title \x9b2J end"))


async def test_text_that_skipped_every_screen_is_still_drawn_with_pictures(
    seeded: Path,
) -> None:
    """The net under the screens: a widget given raw text (no `visible` on the way)
    still writes pictures, and the line keeps its width."""
    app = make_app(seeded)
    written = recording(app)
    try:
        async with app.run_test(headless=False, size=(100, 30)) as pilot:
            await settle(pilot)
            start = len(written)
            await app.push_screen(RawText())
            await settle(pilot)
            output = "".join(written[start:])
            assert "Evil ␛]0;pwned" in output and "title \ufffd2J end" in output
            assert not raw_in(output), raw_in(output)
    finally:
        app.board.close()


def test_the_filter_keeps_clean_lines_and_their_width() -> None:
    clean = [Segment("Onboarding "), Segment("email series")]
    assert CONTROL_PICTURES.apply(clean, None) is clean  # type: ignore[arg-type]
    dirty = [Segment("a\x1b]0;x\x07b"), Segment("  ")]
    shown = pictured(dirty)
    assert "".join(s.text for s in shown).startswith("a␛]0;x␇")
    assert Segment.get_line_length(shown) == Segment.get_line_length(dirty)
    moves = [Segment("\x1b[2;3H", None, [])]  # Textual's own control code passes
    assert CONTROL_PICTURES.apply(moves, None) is moves  # type: ignore[arg-type]
