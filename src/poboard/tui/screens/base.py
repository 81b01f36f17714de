"""What every board screen shares: the header, reading the board off the UI thread,
catching up with what others changed, and patching in this user's own writes.

A screen reads everything it shows once, in a worker (`reload`). After that it looks
only at what changed: the events log since the last event it reflects names the items
to re-read (`catch_up`), and after this user's own write the screen patches what the
write returned. A read that began before a write of this user is dropped when it ends
(the `generation` moved on) and read again, so older data never paints over a write.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from ...board import Board, ItemView, MoveResult
from ...domain.errors import Code, ConflictError, GateRefusal, PoboardError
from ...domain.readiness import ReadyField
from ..host import BoardHost
from ..key_gate import KeyGate
from ..refusals import show_refusal
from ..textual_fixes import KeptStyles, start_level
from ..widgets.card_list import CardList
from ..widgets.dialogs import ChoicePopup, PopupLayer, ask_horizon
from ..widgets.header import BoardHeader
from ..writes import Write


class BoardScreen(KeyGate, KeptStyles[None]):
    """A peer view of the board (an App mode); which keys act here now, and why the
    others do not, is its `KeyGate`'s answer."""

    SMALL_READ = False  # what it shows is a sprint's worth of rows, whatever the board holds

    # Textual repaints the whole screen when focus moves (its `focused` repaints); the
    # widgets that gain or lose focus repaint themselves anyway. On a board where focus
    # moves with each card that changes lane, that repaint was most of the move's cost.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)

    def __init__(self) -> None:
        super().__init__()
        start_level(self)
        if self.poboard.screen_made():
            self.start_at_width()
        self.loaded = False
        self.seen_event = 0  # the last event of the log this screen's data reflects
        self.generation = 0  # moves with every write of this user
        self.refused: tuple[int, frozenset[Code]] | None = None  # an item a gate refused

    def start_at_width(self) -> None:
        """For a screen made while the app runs: its breakpoint class for the app's width
        (the class Textual gives it when first shown), so that showing it changes no class:
        a class that changes restyles the whole screen, right after it was styled as it
        mounted (~30-50 ms of a first visit to the roadmap or insights at 10,000 items)."""
        width = self.app.size.width
        for least, name in sorted(self.HORIZONTAL_BREAKPOINTS or [], reverse=True):
            if width >= least:
                self.add_class(name, update=False)
                return

    @property
    def poboard(self) -> BoardHost:
        """The app, as a screen sees it (see `host`)."""
        assert isinstance(self.app, BoardHost)
        return self.app

    @property
    def board(self) -> Board:
        return self.poboard.board

    def compose(self) -> ComposeResult:
        yield BoardHeader()
        yield from self.compose_body()
        yield PopupLayer()

    @property
    def popup(self) -> ChoicePopup | None:
        """The popup open on this screen, if any: it has the keys until it closes."""
        popup = self.query_one(ChoicePopup)
        return None if popup.closed else popup

    def on_resize(self) -> None:
        """An open popup stays in the middle of the screen. (Textual calls each class's
        handler: the screens' own on_resize run as well.)"""
        if (popup := self.popup) is not None:
            popup.center()

    def on_key(self, event: events.Key) -> None:
        popup = self.popup
        if popup is not None and popup.key(event):
            event.stop()

    def on_click(self, event: events.Click) -> None:
        """A click beside an open popup cancels it."""
        popup = self.popup
        if popup is not None and (
            event.widget is None or popup not in event.widget.ancestors_with_self
        ):
            popup.close(None)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_screen_resume(self) -> None:
        self.poboard.refresh_header()
        if self.loaded:
            self.catch_up()
        else:
            self.first_read()

    def first_read(self) -> None:
        """The first look at the board: everything, in the background (a screen whose
        read is a handful of rows reads it at once, sparing a frame of "Reading…")."""
        if self.SMALL_READ:
            self.show_now(self.board.last_event_id(), self.load(self.board))
        else:
            self.reload()

    def show_now(self, seen: int, data: Any) -> None:
        """Show data already in hand (another screen's), then catch up from `seen`."""
        self._first_shown()
        self.seen_event = seen
        with self.app.batch_update():
            self.apply(data)
            self.catch_up()

    def _first_shown(self) -> None:
        if not self.loaded:
            self.loaded = True
            self.poboard.screen_shown()

    # ----- reading ------------------------------------------------------------------------

    def load(self, board: Board) -> Any:
        """Read what this screen shows (runs in a worker, on its own connection)."""
        return None

    def apply(self, data: Any, keep: int | None = None) -> None:
        """Show what `load` read; the cursor stays on `keep` or its current item."""

    def patch(self, views: list[ItemView], gone: set[int], keep: int | None = None) -> None:
        """Put re-read items in place (`gone`: ids that no longer exist). A screen that
        cannot patch reads everything again."""
        self.reload(keep)

    def reload(self, keep: int | None = None) -> None:
        """Read everything this screen shows again, off the UI thread."""
        self._read(self.generation, keep)

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _read(self, generation: int, keep: int | None) -> None:
        with self.poboard.reads.lock:
            reader = self.poboard.reads.reader()
            seen = reader.last_event_id()  # first: the data then reflects at least this
            data = self.load(reader)
        self.app.call_from_thread(self._show_read, generation, seen, data, keep)

    def _show_read(self, generation: int, seen: int, data: Any, keep: int | None) -> None:
        if generation != self.generation:
            self.reload(keep)  # this user wrote while it was read: read again
            return
        self._first_shown()
        self.seen_event = seen
        self.apply(data, keep)

    @on(Worker.StateChanged)
    def _read_failed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.group == "reload":
            self.poboard.screen_shown()
            self.notify(
                f"Could not read the board: {event.worker.error}. What you see may be out of "
                "date; it is read again with the next change.",
                title="Not refreshed",
                severity="error",
                timeout=10,
            )

    def catch_up(self) -> None:
        """Show what others changed since this screen last looked: the items the log
        names, re-read one query; anything beyond single items, everything again."""
        if not self.loaded:
            return
        changes = self.board.changes_since(self.seen_event)
        if not changes.any:
            return
        if changes.board:
            self.reload()
            return
        self.seen_event = changes.last_id
        self.refresh_items(changes.items)

    def refresh_items(self, ids: Iterable[int], keep: int | None = None) -> None:
        """Re-read these items, and those whose score they feed (what they block), and
        patch them in."""
        wanted = set(ids)
        followed = self.highlighted_card() if keep is None else None
        wanted |= {b for v in self.shown(wanted) for b in v.item.blocked_by}
        views = self.board.lists.list_views(ids=sorted(wanted))
        extra = {b for v in views for b in v.item.blocked_by} - wanted
        if extra:
            views += self.board.lists.list_views(ids=sorted(extra))
            wanted |= extra
        self.patch(views, wanted - {v.item.id for v in views}, keep)
        self.follow_refusal()
        moved = next((v for v in views if v.item.id == followed), None)
        if moved is not None:
            self.follow(moved)

    def shown(self, ids: set[int]) -> list[ItemView]:
        """The views of these items as the screen holds them now (before a re-read)."""
        return []

    # ----- the card under the cursor ------------------------------------------------------

    def highlighted_card(self) -> int | None:
        """The card under the cursor of the focused lane or column, if any."""
        focused = self.focused
        return focused.current_id if isinstance(focused, CardList) else None

    def focus_card(self, item_id: int) -> bool:
        """Put the cursor on this card in whichever shown lane or column holds it."""
        for cards in self.query(CardList):
            if displayed(cards, self) and cards.select(item_id):
                cards.focus()
                return True
        return False

    def follow(self, moved: ItemView) -> None:
        """A teammate moved the card under the cursor: the cursor follows it to its new
        lane or column, or — when it left this view — stays on its neighbour; either
        way a word says where it went."""
        focused = self.focused
        if isinstance(focused, CardList) and focused.current_id == moved.item.id:
            return
        who = "" if moved.item.updated_by == self.board.user else f" by {moved.item.updated_by}"
        item = moved.item
        if self.focus_card(item.id):
            self.notify(f"{item.key} moved to {self.place(moved)}{who}: the cursor follows it")
        else:
            self.notify(f"{item.key} moved to {item.status.value}{who} and left this view")

    def place(self, view: ItemView) -> str:
        """Where an item now is, in this screen's words (its column, its lane)."""
        return view.item.status.value

    # ----- writing ------------------------------------------------------------------------

    def attempt(
        self,
        write: Write[Any],
        keep: int | None = None,
        success: str | None = None,
        touched: Iterable[int] = (),
        then: Callable[[], object] | None = None,
    ) -> None:
        """Run one write of this user (see `writes`); a refusal is shown, never raised.
        The items it `touched` are re-read and patched in (a write with none reads
        everything), the cursor on `keep`, and `then` follows. A write that had to wait
        for the board leaves the cursor where the user has taken it meanwhile."""
        self.generation += 1
        touched = list(touched)

        def done(result: Any) -> None:
            late = self.write_came_late()
            for notice in result.warnings if isinstance(result, MoveResult) else []:
                self.notify(notice.sentence, title="Warning", severity="warning", timeout=6)
            if success:
                self.notify(success, timeout=3)
            if touched:
                self.refresh_items(touched, None if late else keep)
            else:
                self.reload(None if late else keep)
            self.poboard.refresh_header()
            if then is not None and not late:
                then()

        def refused(error: PoboardError) -> None:
            self.refuse(error)
            if isinstance(error, ConflictError):
                self.refresh_items([error.item_id], None if self.poboard.writes.late else keep)
            else:
                self.note_refusal(error)

        self.poboard.writes.run(write, done, refused)

    def write_came_late(self) -> bool:
        """Whether the write just answered had waited for the board (`writes`); if so, a
        read begun while it waited is older than it, and the cursor stays where the user
        has taken it meanwhile."""
        late = self.poboard.writes.late
        if late:
            self.generation += 1
        return late

    def choose_horizon(self, view: ItemView, chosen: Callable[[], object] | None = None) -> None:
        """Ask where on the roadmap an item goes (one key) and move it there."""
        item = view.item

        def picked(value: str | None) -> None:
            if value is None or value == item.horizon.value:
                return
            self.attempt(
                lambda board: board.items.edit(item.id, {"horizon": value}, item.version),
                keep=item.id,
                success=f"{item.key} → {value}",
                touched=[item.id],
                then=chosen,
            )

        ask_horizon(self.query_one(ChoicePopup), item.key, item.title, item.horizon.value, picked)

    def after_edit(self, item_id: int | None) -> None:
        """The editor closed: a saved item is re-read and patched in."""
        if item_id is not None:
            self.generation += 1
            self.refresh_items([item_id], keep=item_id)
            self.poboard.refresh_header()

    def after_board_change(self) -> None:
        """This user changed the board as a whole (its settings, say): what the screen
        shows is read again, and a read begun before the change is dropped."""
        self.generation += 1
        self.catch_up()

    def refuse(self, refusal: PoboardError | str, keys: str | None = None) -> None:
        """A calm, specific refusal: what, why, and the keys that fix it (given, or this
        screen's `hint` for the refusal's code, never chosen by its words); shown as every
        refusal outside a form is (`refusals`)."""
        if keys is None and isinstance(refusal, PoboardError):
            keys = self.hint(refusal.code)
        show_refusal(self, refusal, keys or "")

    def hint(self, code: Code) -> str | None:
        """The key that fixes a refusal with this code, on this screen."""
        return None

    # ----- a refusal that stops being true ------------------------------------------------

    def note_refusal(self, error: PoboardError) -> None:
        """Remember a gate's refusal of an item, to say so once the item is fixed."""
        self.refused = None
        if isinstance(error, GateRefusal) and error.item_id is not None:
            self.refused = (error.item_id, frozenset(error.codes))

    def follow_refusal(self) -> None:
        """After items were re-read: when the refused one no longer has the problem, the
        refusal gives way to the next step."""
        if self.refused is None:
            return
        item_id, codes = self.refused
        views = self.shown({item_id})
        step = next_step(views[0], codes) if views else None
        if step is not None:
            self.refused = None
            self.refusal_resolved(step)

    def refusal_resolved(self, step: str) -> None:
        self.app.clear_notifications()
        self.notify(step, title="Fixed", timeout=8)


def displayed(widget: DOMNode, screen: Screen[None]) -> bool:
    """Whether the widget and everything it sits in are displayed on the screen."""
    node: DOMNode | None = widget
    while node is not None and node is not screen:
        if not node.display:
            return False
        node = node.parent
    return True


CRITERIA_CODES = frozenset({Code.CRITERIA_OPEN, Code.NO_CRITERIA, Code.DOD_MISSING})


def next_step(view: ItemView, codes: frozenset[Code]) -> str | None:
    """What to do now that a refused item is fixed; None while it still is not."""
    item = view.item
    if Code.NOT_READY in codes and view.ready:
        return f"{item.key} is ready now — c commits it"
    settled = not item.criteria_open and ReadyField.CRITERIA not in view.missing
    if codes & CRITERIA_CODES and settled:
        return f"{item.key}'s criteria are settled now — ⇧→ moves it to Done"
    return None
