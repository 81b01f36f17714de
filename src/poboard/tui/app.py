"""The poboard App: screens as modes on number keys, the header, and live refresh.

Another process's commit shows up within about a second: the app polls SQLite's
`PRAGMA data_version`, which changes only when someone else writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from textual import events, on, work
from textual.actions import ActionParseResult
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.driver import Driver
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from ..board import Board, SprintProgress, sprint_timing
from ..domain.errors import PoboardError
from ..domain.models import CLOSED_STATUSES, Item, SprintState
from ..paths import styles_dir
from . import textual_fixes
from .ahead import Ahead
from .commands import BoardCommands, ScreenCommands
from .help import help_sections
from .host import BoardHost
from .key_gate import KeyGate, gate, stakeholder_refusal
from .reads import BackgroundReads
from .screens import LATER_SCREENS, screen
from .screens.backlog import BacklogScreen
from .screens.base import BoardScreen
from .served_session import REPORT_BY_SSH_HOW
from .terminal import watching_terminal
from .terminal_guard import CONTROL_PICTURES
from .typeahead import TypeAhead
from .widgets.dialogs import HelpScreen
from .widgets.header import BoardHeader
from .writes import WAIT_SECONDS, BoardWrites

if TYPE_CHECKING:
    from .widgets.item_editor import ItemEditor

STYLESHEETS = (
    "base.tcss",
    "backlog.tcss",
    "editor.tcss",
    "roadmap.tcss",
    "sprint.tcss",
    "retro.tcss",
    "insights.tcss",
    "settings.tcss",
    "requests.tcss",
)
SCREENS_BY_KEY = (
    ("1", "backlog", "Backlog"),
    ("2", "roadmap", "Roadmap"),
    ("3", "sprint", "Sprint"),
    ("4", "retro", "Retro"),
    ("5", "insights", "Insights"),
    ("6", "requests", "Requests"),
)
POLL_SECONDS = 0.5


@runtime_checkable
class LiveView(Protocol):
    """A screen that shows what others change (the board screens, the goal view)."""

    def catch_up(self) -> None: ...


class PoboardApp(KeyGate, BoardHost):
    """One board, one user (in a served session, a member: see `served_session`). Its
    own write (the settings) is gated as the screens' are (`key_gate`)."""

    TITLE = "poboard"
    MODES: ClassVar[dict[str, Callable[[], BoardScreen]]] = {  # type: ignore[assignment]
        "backlog": BacklogScreen,
        **{mode: partial(screen, mode, name) for mode, name in LATER_SCREENS.items()},
    }
    DEFAULT_MODE = "backlog"
    WRITES = frozenset({"settings"})
    COMMANDS = App.COMMANDS | {ScreenCommands, BoardCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"switch_mode('{mode}')", f"Go to {label}", show=False)
            for key, mode, label in SCREENS_BY_KEY
        ),
        Binding("comma", "settings", "Board settings", key_display=",", show=False),
        Binding("question_mark", "help", "Keys", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        board: Board,
        today: date | None = None,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        super().__init__(css_path=[styles_dir() / name for name in STYLESHEETS])
        textual_fixes.apply()
        self.board = board
        self.today = today
        self.poll_seconds = poll_seconds
        self.seen_version = board.data_version()
        self.reads = BackgroundReads(board)
        self.writes = BoardWrites(self, board)
        self._editor: ItemEditor | None = None
        self.typeahead = TypeAhead(self)  # keys typed while a form opens
        reading = partial(self.reads.read_insights_ahead, today)
        self.ahead = Ahead(self, self.build_editor_ahead, reading)  # once the board shows
        self._writes_refused = stakeholder_refusal(board)  # again as the board changes

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that draws any control character left in a
        line as its picture (`terminal_guard`): nothing raw reaches the terminal."""
        return [*super().get_line_filters(), CONTROL_PICTURES]

    def item_editor(
        self,
        item_id: int | None = None,
        tab: str = "details",
        focus_missing: bool = False,
        draft: Item | None = None,
        add: Callable[..., Item] | None = None,
        heading: str = "New item",
    ) -> ItemEditor:
        """The app's one item editor, loaded with this item (None: a new one): built on
        first use and kept, so opening it again costs filling the form, not building it.
        Keys typed while it opens wait for it, as for every form (see `held_keys`; and
        `ItemEditor.prepare` for the rest)."""
        editor = self._editor or self._make_editor()
        return editor.prepare(item_id, tab, focus_missing, draft, add, heading)

    def _make_editor(self) -> ItemEditor:
        from .widgets.item_editor import ItemEditor

        self._editor = ItemEditor(self.board)
        self.install_screen(self._editor, "item-editor")
        return self._editor

    async def on_event(self, event: events.Event) -> None:
        """While a form opens, keys wait for it (see `typeahead`): those typed since (the
        screen behind would take them) and those already on their way through it, which
        would be checked against the screen's bindings as they come back."""
        if isinstance(event, events.Key) and self.typeahead.ours(event):
            in_turn = event is self.typeahead.in_turn
            arrived_before = in_turn and self.typeahead.arrive()
            await super().on_event(event)
            if in_turn and (arrived_before or not event.is_forwarded):  # its binding acted
                self.typeahead.acted(event)
            return
        if isinstance(event, events.Key) and self.typeahead.holding():
            self.typeahead.hold(event)
            return
        if isinstance(event, events.Compose):
            # The first screen is made and styled as the app is composed, before Textual
            # styles the app itself; styled against an unstyled app, it would be styled
            # again before the first paint (~25-70 ms of every start). Styled first, the
            # app gives its first screen the colours it keeps.
            self.stylesheet.apply(self)
        await super().on_event(event)

    def on_keys_welcome(self) -> None:
        """A form is ready: the keys held for it go on (see `typeahead`)."""
        self.typeahead.welcome()

    def get_driver_class(self) -> type[Driver]:
        """In a terminal, a driver that ends the board when the terminal goes away."""
        return watching_terminal(super().get_driver_class())

    def on_mount(self) -> None:
        self.set_interval(self.poll_seconds, self.check_for_changes)
        if self.board.write_blocker is not None:
            self.notify(self.board.write_blocker.sentence(), severity="warning", timeout=12)

    def on_unmount(self) -> None:
        self.reads.close()
        self.writes.close()
        self.ahead.end()

    def delay_update(self, delay: float = 0.05) -> None:
        """Textual holds every paint for 50 ms after a switch of screens, to hide a screen
        still being built (the command palette asks for the same hold). poboard's screens
        are whole at their first paint (a list fits its lines to its width as they are
        drawn), so the hold would only throw that paint away and make it again: ~50 ms of
        every return to a screen."""

    def screen_shown(self) -> None:
        """A screen has shown what it read (see `ahead`)."""
        self.ahead.screen_shown()

    async def build_editor_ahead(self) -> None:
        """The item editor, built and mounted once out of sight: installed, never shown
        until an item is opened, its first opening only lays it out and paints it (~100 ms
        of its ~63 widgets' composing, styling and mounting are spent here instead). An
        editor opened before this runs was built then. A stakeholder, who edits nothing,
        has it built only if they open a closed item from the palette. (See
        `textual_fixes.mount_unseen`.)"""
        if self._writes_refused is not None:
            return
        await textual_fixes.mount_unseen(self, self._editor or self._make_editor())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Notifications carry user text (titles, sprint names, criteria), so they are never
        read as markup, whoever asks: widgets pass markup=True by default."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def check_for_changes(self) -> None:
        if not self.is_running:  # shutting down: its screens are going or gone
            return
        version = self.board.data_version()
        if version == self.seen_version:
            return
        self.seen_version = version
        if (refused := stakeholder_refusal(self.board)) != self._writes_refused:
            self._writes_refused = refused  # a product owner changed this user's role
            self.screen.refresh_bindings()
        self.refresh_header()
        if isinstance(self.screen, LiveView):  # the item editor too: see `item_live`
            self.screen.catch_up()
        elif self._editor is not None and self._editor in self.screen_stack:
            self._editor.missed = True  # a dialog covers it: it catches up as it shows

    def refresh_header(self, progress: SprintProgress | None = None) -> None:
        """Redraw the header; a screen that already knows the active sprint's progress
        passes it, saving a read of the sprint's items."""
        settings = self.board.settings()
        today = self.today or date.today()
        if progress is None or progress.sprint.state is not SprintState.ACTIVE:
            sprint = self.board.sprints.active()
            progress = self.board.sprints.progress(sprint, today) if sprint else None
        planned = self.board.sprints.next_planned() if progress is None else None
        next_up = f"{planned.name} {sprint_timing(planned, today)}" if planned else ""
        new = self.board.requests.count_new()
        tabs = [
            (
                key,
                f"{label} {new} new" if mode == "requests" and new else label,
                mode == self.current_mode,
            )
            for key, mode, label in SCREENS_BY_KEY
        ]
        is_po = self.board.user in settings.product_owners
        for header in self.screen.query(BoardHeader):
            header.show(
                settings.name,
                self.board.user
                if self._writes_refused is None
                else f"{self.board.user} (stakeholder)",
                is_po,
                progress,
                tabs,
                read_only=self.board.read_only,
                why=blocker.short() if (blocker := self.board.write_blocker) else "",
                next_up=next_up,
            )
        self.sub_title = settings.name

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(self, SCREENS_BY_KEY)))

    # ----- keys that cannot act ------------------------------------------------------------

    @property
    def writes_refused(self) -> str | None:  # a stakeholder's: see `stakeholder_refusal`
        return self._writes_refused

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every key and palette command passes here: one a screen says cannot act now
        (see `key_gate`) says why instead."""
        target = self if default_namespace is None else default_namespace
        if isinstance(action, str) and (why := gate(target, action)) is not None:
            assert isinstance(target, KeyGate)  # only a KeyGate gives a reason
            target.say_why(why)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    # ----- what the palette and the app's keys do ------------------------------------------

    def action_settings(self) -> None:
        """The board's settings, over a board screen (never over another dialog)."""
        if not isinstance(self.screen, BoardScreen):
            return
        from .screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.board), self._settings_closed)

    def _settings_closed(self, saved: bool | None) -> None:
        if not saved:
            return
        self.refresh_header()
        if isinstance(self.screen, BoardScreen):
            self.screen.after_board_change()

    async def show_item(self, item_id: int) -> None:
        """Go to an item the palette found: an open one under the backlog's cursor; a
        done or dropped one, which the backlog does not list, in the item editor."""
        status = self.board.lists.statuses([item_id]).get(item_id)
        if status is None:
            self.notify(f"#{item_id} does not exist on this board", severity="warning")
            return
        if status in CLOSED_STATUSES:
            after = self.screen.after_edit if isinstance(self.screen, BoardScreen) else None
            self.push_screen(self.item_editor(item_id), after)
            return
        await self.switch_mode("backlog")
        backlog = self.screen
        assert isinstance(backlog, BacklogScreen)
        backlog.select(item_id)

    def action_write_report(self) -> None:
        """Into a file in this folder; in a served session, how to print it instead."""
        if self.served:
            self.show_report_by_ssh()
            return
        self.notify("Writing the sprint report…", timeout=2)
        self._write_report(Path.cwd())

    def show_report_by_ssh(self) -> None:
        self.notify(REPORT_BY_SSH_HOW, title="The sprint report", timeout=20)

    @work(thread=True, group="report", exit_on_error=False)
    def _write_report(self, folder: Path) -> None:
        """The stakeholder report (as `poboard report` writes it) into a file named
        after the sprint; read on the background connection, so the board stays live."""
        from ..render.report_markdown import report_markdown

        with self.reads.lock:
            built = self.reads.reader().reports.sprint_report(today=self.today)
        slug = re.sub(r"[^a-z0-9]+", "-", built.sprint.name.lower()).strip("-") or "sprint"
        target = folder / f"{slug}-report.md"
        target.write_text(report_markdown(built), encoding="utf-8")
        self.call_from_thread(
            self.notify, f"{built.sprint.name} report written to {target}", timeout=10
        )

    @on(Worker.StateChanged)
    def _report_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "report":
            error = event.worker.error
            why = str(error) if isinstance(error, PoboardError | OSError) else repr(error)
            self.notify(why, title="Report not written", severity="error", timeout=10)


def create_app(
    db_path: Path | str,
    user: str | None = None,
    today: date | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> PoboardApp:
    """The app on a board file: the one factory the tests, the benchmarks and
    `board_app` use."""
    board = Board.open(db_path, user, wait=WAIT_SECONDS)  # see `writes`
    return PoboardApp(board, today=today, poll_seconds=poll_seconds)


def board_app(db_path: Path, user: str | None) -> PoboardApp:
    """The board as `poboard` opens it in a terminal."""
    return create_app(db_path, user)
