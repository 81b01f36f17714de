"""Work-arounds for Textual bugs that bite poboard: the one place that touches Textual's
private members. Each says where it stands upstream, applies only to the Textual versions it
was written against (a newer Textual runs without it), and has a test that fails once
the installed Textual no longer has the bug: the signal to delete the work-around
(tests/tui/test_textual_fixes.py). Only the toast's fix reaches beyond poboard's own
classes: once a poboard app is made, every Toast in the process starts its timer this
way (a program that embeds poboard's app gets it for its own apps too).

**A stale toast freezes the app** (Textual 8.2.8; upstream: not reported yet, no issue
or PR found). A toast takes its time to live from its notification when it is built and
starts its timer when it is mounted. When the notification has run out in between — a
screen switch re-mounts the toasts still showing, and a loaded machine (ten members on
one server) can stall between the check and the build — the timer gets a negative
delay, and `Timer._run` then loops without ever awaiting (`textual/timer.py`: with a
negative interval `count` never moves on): the whole app freezes. Here a toast's timer
is never shorter than a frame.

**A new screen re-parses every stylesheet** (Textual 8.2.8; upstream: the CSS refresh
on a mode switch added by https://github.com/Textualize/textual/pull/5211, for
https://github.com/Textualize/textual/issues/5210 — "this could be improved upon in
future, by avoiding a CSS refresh when not strictly required"). A screen starts behind
the app's stylesheet generation (`_css_update_count` = -1), so the first time it is
shown Textual re-parses every stylesheet and restyles every widget of the app, in case
the theme changed since the screen was made: ~25-70 ms of every start and of each
first visit, for a screen that was styled, in the current theme, as it mounted. Here a
screen made while the app runs starts level with the app (`start_level`).

**A screen shown again is restyled whole** (Textual 8.2.8; upstream: the resume message's
`refresh_styles`, added by https://github.com/Textualize/textual/pull/6314 to "reduce
style updates on screen resume", is left on for every push and mode switch). Each time
a screen is shown — the item editor at every opening, a screen switched back to — every
one of its widgets is restyled from the stylesheet, in case the theme changed while it
was away: ~40 ms of each opening of the item editor. Here a screen that comes back level
with the app's stylesheet keeps its styles, and one that is behind is restyled and made
level (`KeptStyles`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import textual
from textual import on
from textual.app import App
from textual.events import Mount, ScreenResume
from textual.message import Message
from textual.screen import Screen, ScreenResultType
from textual.widgets._toast import Toast

# The Textual releases these work-arounds were written against and tested with.
WRITTEN_FOR = frozenset({"8.2.8"})

SHORTEST_TOAST = 0.02  # seconds: a stale toast goes on the next frame


def _start_toast_timer(self: Toast, _: Mount) -> None:
    self.set_timer(max(self._timeout, SHORTEST_TOAST), self._expire)


def needed(version: str) -> bool:
    """Whether this Textual release is one the work-arounds were written for."""
    return version in WRITTEN_FOR


def installed_textual() -> str:
    """The installed Textual's version. Its metadata folder beside the package, looked
    for by name, answers for any install pip makes (one look at the disk); anything else
    asks importlib.metadata, whose import alone costs ~9 ms of the board's first paint."""
    site = Path(textual.__file__).parent.parent
    for version in WRITTEN_FOR:
        if (site / f"textual-{version}.dist-info").is_dir():
            return version
    from importlib.metadata import version as installed

    return installed("textual")


_applied: bool | None = None  # not yet decided


def apply() -> bool:
    """Apply the work-arounds, once, if the installed Textual is one they were written
    for; whether they apply."""
    global _applied
    if _applied is None:
        _applied = needed(installed_textual())
        if _applied:
            Toast._on_mount = _start_toast_timer  # type: ignore[method-assign]
    return _applied


async def mount_unseen(app: App[Any], screen: Screen[Any]) -> None:
    """Mount an installed screen that is not shown (its widgets composed, styled and
    mounted), so that showing it only lays it out and paints it."""
    if apply() and not screen.is_running:
        _, mounted = app._get_screen(screen)
        await mounted


def is_stopped(message: Message) -> bool:
    """Whether a message was stopped on its way up (Textual sets the flag; it has no
    public reading of it)."""
    return message._stop_propagation


def start_level(screen: Screen[Any]) -> None:
    """For a screen made while the app runs (it is styled as it mounts): level with the
    app's stylesheet, so that its first showing re-parses nothing."""
    if apply():
        screen._css_update_count = screen.app._css_update_count


def is_level(screen: Screen[Any]) -> bool:
    """Whether the screen was styled against the app's stylesheet as it is now."""
    return screen._css_update_count == screen.app._css_update_count


class KeptStyles(Screen[ScreenResultType]):
    """A screen that, shown again, keeps its styles unless the app's stylesheet changed
    while it was away (its handler runs before Screen's own, which reads
    `refresh_styles`)."""

    @on(ScreenResume)
    def keep_styles(self, event: ScreenResume) -> None:
        if not apply():
            return
        if is_level(self):
            event.refresh_styles = False
        elif event.refresh_styles:
            self._css_update_count = self.app._css_update_count
