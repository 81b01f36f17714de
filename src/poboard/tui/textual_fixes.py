"""Work-arounds for Textual bugs and costs that bite poboard (seen in Textual 8.2), applied once.

A toast takes its time to live from its notification when it is built and starts its
timer when it is mounted. When the notification has run out in between — a screen
switch re-mounts the toasts still showing, and a loaded machine (ten members on one
server) can stall between the check and the build — the timer gets a negative delay,
and Textual's timer loop then spins without ever yielding: the whole app freezes.
Here a toast's timer is never shorter than a frame.

A screen that comes back (a mode switched to again, the item editor opened again) has
every one of its widgets restyled from the stylesheet, in case the theme changed while
it was away: for the editor's five hundred widgets that was ~150 ms of each opening.
Textual counts stylesheet changes (`_css_update_count`); here a screen that comes back
level with the app keeps its styles, and one that is behind is restyled and made level.

The app's first screen is made and styled as the app is composed, before the app itself
is styled; its colours were computed against an unstyled app, and Textual re-parsed
every stylesheet and restyled every widget before the first paint to put that right
(~25-70 ms of every start). Here the app is styled first (`style_before_screens`), so
its first screen starts level like any other.

A screen first shown gets its breakpoint class (`HORIZONTAL_BREAKPOINTS`), and a
class that changes restyles the whole screen: right after it was styled as it mounted,
~30-50 ms of a first visit to the roadmap or insights at 10,000 items. A screen made
while the app runs starts with that class (`start_at_width`), so showing it changes none.

A widget whose classes change before it is in the app (Input, Select and TextArea set
their `compact` class as they are made) had its styles worked out there and then, and
again as it mounted: for the item editor's form, ~35 ms of each first opening. Here a
node not yet in the app is left to be styled as it mounts. And an Input with nothing to
validate was marked `-valid` on its first change of value, restyling it then (half of
filling the editor's form the first time): here it is valid from the start.

Textual holds every paint for 50 ms after a switch of screens (`delay_update`), to
hide a screen still being built. poboard's screens are whole at their first paint (a
list fits its lines to its width as the screen is laid out: `VirtualList._size_updated`),
so the hold only threw that paint away and made it again after: ~50 ms of every return
to a screen, and a second paint of every first visit. Here a switch holds nothing.

Each widget class brings its default CSS to the stylesheet as its first widget mounts,
and the whole stylesheet is parsed again and its rule map rebuilt: eight times in the
item editor's first opening (~25 ms). `learn_default_css` adds the classes' CSS ahead,
at a quiet moment, in one parse.

A screen is composed and mounted when it is first pushed; Textual has no public way to
do that before. `start_offscreen` does what pushing does first (`App._get_screen`), and
a first layout and render that nobody sees, so a screen can be built while the user
looks at another one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import App
from textual.dom import DOMNode
from textual.events import Mount, ScreenResume
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Input
from textual.widgets._toast import Toast

SHORTEST_TOAST = 0.02  # seconds: a stale toast goes on the next frame


def _start_toast_timer(self: Toast, _: Mount) -> None:
    self.set_timer(max(self._timeout, SHORTEST_TOAST), self._expire)


_resume_screen = Screen._on_screen_resume


def start_level(screen: Screen[Any]) -> None:
    """For a screen made while the app runs (it is styled as it mounts): level with the
    app's stylesheet, so showing it restyles nothing."""
    screen._css_update_count = screen.app._css_update_count


def style_before_screens(app: App[Any]) -> None:
    """On the app's Compose, before its first screen is made: style the app, as Textual
    does only after composing."""
    app.stylesheet.apply(app)


def start_at_width(screen: Screen[Any]) -> None:
    """For a screen made while the app runs: its breakpoint class for the app's width
    (the class Textual gives it when first shown), so that showing changes no class."""
    width = screen.app.size.width
    for least, name in sorted(screen.HORIZONTAL_BREAKPOINTS or [], reverse=True):
        if width >= least:
            screen.add_class(name, update=False)
            return


def _resume_restyling_when_behind(self: Screen[object], event: ScreenResume) -> None:
    if self._css_update_count == self.app._css_update_count:
        event.refresh_styles = False
    elif event.refresh_styles:
        self._css_update_count = self.app._css_update_count
    _resume_screen(self, event)


class _Bases:
    """What `DOMNode._get_default_css` reads of a node: its class and the classes whose
    default CSS it inherits."""

    def __init__(self, widget_class: type[DOMNode]) -> None:
        self._node_bases = DOMNode._css_bases(widget_class)


def learn_default_css(app: App[Any], widget_classes: Iterable[type[DOMNode]]) -> None:
    """Add these classes' default CSS to the app's stylesheet (as their first widget's
    mounting would) and parse it now, once for all."""
    for widget_class in widget_classes:
        for read_from, css, tie_breaker, scope in DOMNode._get_default_css(
            _Bases(widget_class)  # type: ignore[arg-type]
        ):
            app.stylesheet.add_source(
                css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope
            )
    app.stylesheet.parse()
    app.stylesheet.rules_map  # noqa: B018 (built now, not as the first widget is styled)


_switch_mode = App.switch_mode


def _hold_nothing(delay: float = 0.05) -> None:
    return None


def _switch_without_holding_paints(self: App[Any], mode: str) -> AwaitMount:
    self.delay_update = _hold_nothing  # type: ignore[method-assign]
    try:
        return _switch_mode(self, mode)
    finally:
        del self.delay_update


async def start_offscreen(app: App[Any], screen: Screen[Any]) -> None:
    """Compose and mount an installed screen without showing it (as pushing it would
    first), then lay it out and render it once for nobody: its widgets' first layout
    and first render are done, and showing it later redraws only what changed."""
    if not screen.is_running:
        await app._get_screen(screen)[1]
        screen._refresh_layout(app.size)
        screen._compositor.render_full_update()


_update_node_styles = DOMNode.update_node_styles


def _style_once_in_the_app(self: DOMNode, animate: bool = True) -> None:
    if self.is_dom_root or self.is_attached:
        _update_node_styles(self, animate)


_make_input = Input.__init__


def _valid_from_the_start(self: Input, *args: Any, **kwargs: Any) -> None:
    _make_input(self, *args, **kwargs)
    if not self.validators:
        self.add_class("-valid", update=False)


def apply() -> None:
    Toast._on_mount = _start_toast_timer  # type: ignore[method-assign]
    Screen._on_screen_resume = _resume_restyling_when_behind  # type: ignore[method-assign,assignment]
    DOMNode.update_node_styles = _style_once_in_the_app  # type: ignore[method-assign]
    Input.__init__ = _valid_from_the_start  # type: ignore[method-assign]
    App.switch_mode = _switch_without_holding_paints  # type: ignore[method-assign]
