"""Backlog: the ranked table beside the highlighted item's detail."""

from __future__ import annotations

import bisect

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from ...board import Board, ItemView
from ...domain.errors import Code, PoboardError
from ...domain.models import CLOSED_STATUSES, Item, Status
from ...domain.settings import Settings
from ..filters import Filter, parse_filter
from ..text import literal, show
from ..widgets.dialogs import ConfirmScreen
from ..widgets.footer import BoardFooter
from ..widgets.item_detail import ItemDetail
from ..widgets.item_table import ItemTable
from .base import BoardScreen

RANK = Binding.Group("Rank", compact=True)
DETAIL_MIN, TABLE_MIN = 9, 6  # rows, in a narrow terminal (detail below the table)
EMPTY_HINT = "No items yet — a adds one, , opens settings"
WIDE = 120  # columns: the detail beside the table, with who, when and the history
SMALL_BACKLOG = 1000  # open items read on the UI thread at first: about a frame's work


class BacklogScreen(BoardScreen):
    """Refine and rank: every open item, in manual rank order."""

    TITLE = "Backlog"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    WRITES = frozenset(
        {"add", "edit", "rank_up", "rank_down", "horizon", "commit", "rank_by_score", "drop"}
    )
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("shift+up", "rank_up", "Rank up", key_display="⇧↑", group=RANK),
        Binding("shift+down", "rank_down", "Rank down", key_display="⇧↓", group=RANK),
        Binding("h", "horizon", "Horizon"),
        Binding("c", "commit", "Commit"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "rank_by_score", "Rank by score", show=False),
        Binding("d", "drop", "Drop", show=False),
        Binding("i", "toggle_detail", "Show/hide detail", show=False),
        Binding("ctrl+down", "scroll_detail(3)", "Scroll detail down", show=False),
        Binding("ctrl+up", "scroll_detail(-3)", "Scroll detail up", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter: Filter = parse_filter("")
        self.rows: list[ItemView] = []  # every open item, in rank order
        self.closed: list[ItemView] | None = None  # done and dropped, read when asked
        self.positions: dict[int, int] = {}
        self.settings = Settings()
        self.titles: dict[int, str] = {}
        self.detail_cache: Item | None = None
        self.selecting: int | None = None  # an item to put the cursor on once read

    def compose_body(self) -> ComposeResult:
        yield Input(
            placeholder="filter: words  kind:  owner:  goal:  ready:yes|no  horizon:", id="filter"
        )
        yield Static(id="filter-bar")
        with Horizontal(id="body"):
            yield ItemTable(lambda item_id: self.show_detail(), id="items")
            yield ItemDetail(id="detail")
        yield BoardFooter()

    def on_mount(self) -> None:
        self.query_one(ItemTable).focus()
        self.query_one(ItemDetail).read_history = lambda item_id: self.board.items.history(item_id)
        show(self.query_one("#filter-bar", Static), Content.styled("Reading the board…", "dim"))

    # ----- showing the board --------------------------------------------------------------

    def first_read(self) -> None:
        """A backlog of a few hundred items is read at once, so the first screen is
        whole in its first frame; a longer one is read in the background."""
        if self.board.lists.open_count() <= SMALL_BACKLOG:
            self.show_now(self.board.last_event_id(), self.load(self.board))
        else:
            self.reload()

    def load(self, board: Board) -> tuple[Settings, list[ItemView]]:
        return board.settings(), board.lists.list_views(open_only=True)

    def apply(self, data: tuple[Settings, list[ItemView]], keep: int | None = None) -> None:
        self.settings, self.rows = data
        self.closed = None
        self.reindex()
        self.show_filtered(keep)
        if self.selecting is not None:
            self.select(self.selecting)

    def select(self, item_id: int) -> None:
        """Put the cursor on this item (the palette's jump), clearing a filter that hides
        it; a backlog still being read does so once it is read."""
        self.selecting = item_id
        if not self.loaded:
            return
        self.selecting = None
        if self.filter.active and all(v.item.id != item_id for v in self.filter.apply(self.rows)):
            self.action_clear_filter()
        self.show_filtered(keep=item_id)
        self.query_one(ItemTable).focus()

    def reindex(self) -> None:
        self.positions = {v.item.id: n for n, v in enumerate(self.rows, start=1)}
        self.titles = {v.item.id: v.item.title for v in self.rows}
        self.poboard.open_views = (self.seen_event, self.rows)

    def shown(self, ids: set[int]) -> list[ItemView]:
        return [v for v in self.rows if v.item.id in ids]

    def patch(self, views: list[ItemView], gone: set[int], keep: int | None = None) -> None:
        """Items re-read after a write: each leaves, moves to its rank, or comes in."""
        fresh = {v.item.id: v for v in views}
        rows = [v for v in self.rows if v.item.id not in fresh and v.item.id not in gone]
        order = [(v.item.rank, v.item.id) for v in rows]
        for view in sorted(fresh.values(), key=lambda v: (v.item.rank, v.item.id)):
            if view.item.status in CLOSED_STATUSES:
                continue
            at = bisect.bisect_left(order, (view.item.rank, view.item.id))
            order.insert(at, (view.item.rank, view.item.id))
            rows.insert(at, view)
        self.rows = rows
        self.closed = None
        self.reindex()
        self.show_filtered(keep)

    def closed_views(self) -> list[ItemView]:
        """Done and dropped items: read only when a `status:` filter asks for them."""
        if self.closed is None:
            self.closed = [
                *self.board.lists.list_views(status=Status.DONE),
                *self.board.lists.list_views(status=Status.DROPPED),
            ]
        return self.closed

    def show_filtered(self, keep: int | None = None) -> None:
        views = self.rows
        if "status" in self.filter.tokens:
            views = [*self.rows, *self.closed_views()]
        shown = self.filter.apply(views)
        table = self.query_one(ItemTable)
        if views:
            table.hint_when_empty("No item matches the filter — esc clears it")
        else:
            table.hint_when_empty(EMPTY_HINT if self.loaded else "")
        table.show(shown, keep, self.positions)
        self.fit_detail()
        total = len(views)
        noun = "item" if total == 1 else "items"
        summary = f"{len(shown)} of {total} {noun}" if self.filter.active else f"{total} {noun}"
        bar: list[Content] = [Content.styled(summary, "bold")]
        if self.filter.active:
            bar.append(Content.styled("   filter: ", "dim"))
            words = (*self.filter.words, *(f"{k}:{v}" for k, v in self.filter.tokens.items()))
            bar.append(literal(" ".join(words)))
            bar.append(Content.styled("   esc clears", "dim"))
        if self.filter.problem:
            bar.append(Content.styled(f"   {self.filter.problem}", "bold $text-warning"))
        show(self.query_one("#filter-bar", Static), Content.assemble(*bar))

    def show_detail(self) -> None:
        if self.rows:
            empty = "No item matches the filter; esc clears it."
        elif not self.loaded:
            empty = "Reading the board…"
        else:
            empty = (
                "This board is empty. Press a to add your first item, or quit and run "
                "`poboard demo` on an empty board for a sample team's board."
            )
        view, detail = self.current, self.query_one(ItemDetail)
        wide = self.size.width >= WIDE and not detail.has_class("-hidden")
        detail.show(view, self.full(view), self.settings, self.titles, empty, wide)

    def full(self, view: ItemView | None) -> Item | None:
        """The highlighted item whole (its criteria): one read, kept while it is current."""
        if view is None:
            return None
        cached = self.detail_cache
        if cached is None or (cached.id, cached.version) != (view.item.id, view.item.version):
            try:
                self.detail_cache = self.board.items.get(view.item.id)
            except PoboardError:
                return None
        return self.detail_cache

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_detail)
        self.call_after_refresh(self.show_detail)  # wide or not: what the detail holds

    @property
    def current(self) -> ItemView | None:
        table = self.query_one(ItemTable)
        if not table.views:
            return None
        return table.views[min(table.cursor_row, len(table.views) - 1)]

    # ----- actions ----------------------------------------------------------------------

    def action_add(self) -> None:
        self.app.push_screen(self.poboard.item_editor(), self.after_edit)

    def action_edit(self) -> None:
        """Edit the highlighted item; right after the gate refused it, on the first field
        it still needs."""
        if self.current is None:
            return
        item_id = self.current.item.id
        refused = self.refused is not None and self.refused[0] == item_id
        editor = self.poboard.item_editor(item_id, focus_missing=refused)
        self.app.push_screen(editor, self.after_edit)

    def action_rank_up(self) -> None:
        self._rank_step(-1)

    def action_rank_down(self) -> None:
        self._rank_step(1)

    def _rank_step(self, step: int) -> None:
        """Swap places with the visible neighbour, so filtered lists rank as they look."""
        table = self.query_one(ItemTable)
        view = self.current
        row = table.cursor_row
        if view is None or not 0 <= row + step < len(table.views):
            return
        neighbour = table.views[row + step].item
        key = view.item.id
        if step < 0:
            self.attempt(
                lambda board: board.items.rank(key, before=neighbour.id), key, touched=[key]
            )
        else:
            self.attempt(
                lambda board: board.items.rank(key, after=neighbour.id), key, touched=[key]
            )

    def action_horizon(self) -> None:
        if self.current is not None:
            self.choose_horizon(self.current)

    def action_commit(self) -> None:
        view = self.current
        if view is None:
            return
        item = view.item
        try:
            target = self.board.sprints.planning_target()
        except PoboardError as error:
            self.refuse(error)
            return
        if item.sprint_id == target.id:
            self.refuse(f"{item.key} is already in {target.name}")
            return
        self.attempt(
            lambda board: board.sprints.commit([item.id]),
            keep=item.id,
            success=f"{item.key} committed to {target.name}",
            touched=[item.id],
        )

    def action_drop(self) -> None:
        view = self.current
        if view is None:
            return
        item = view.item

        def answered(drop: bool | None) -> None:
            if drop:
                self.attempt(
                    lambda board: board.items.move(item.id, Status.DROPPED, seen=item),
                    success=f"{item.key} dropped",
                    touched=[item.id],
                )

        self.app.push_screen(
            ConfirmScreen(f"Drop {item.key} “{item.title}”? It leaves the backlog.", "Drop"),
            answered,
        )

    def action_rank_by_score(self) -> None:
        def answered(go: bool | None) -> None:
            if go:
                keep = self.query_one(ItemTable).current_id
                self.attempt(
                    lambda board: board.items.rank_by_score(), keep=keep, success="Ranked by score"
                )

        self.app.push_screen(
            ConfirmScreen(
                "Reorder every open item by score? Manual order is replaced.", "Rank by score"
            ),
            answered,
        )

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.add_class("-active")
        field.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        field.remove_class("-active")
        self.filter = parse_filter("")
        self.show_filtered()
        self.query_one(ItemTable).focus()

    def action_toggle_detail(self) -> None:
        self.query_one(ItemDetail).toggle_class("-hidden")
        self.show_detail()

    def action_scroll_detail(self, lines: int) -> None:
        self.query_one(ItemDetail).scroll_relative(y=lines, animate=False)

    def fit_detail(self) -> None:
        """Below a narrow table, the detail takes the height the table's rows leave."""
        detail = self.query_one(ItemDetail)
        if not self.has_class("-narrow"):
            detail.styles.height = None
            return
        body = self.query_one("#body").size.height
        rows = len(self.query_one(ItemTable).views)
        spare = body - (rows + 3)  # the table's border and its header line
        detail.styles.height = max(DETAIL_MIN, min(spare, body - TABLE_MIN))

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter = parse_filter(event.value)
        self.show_filtered()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(ItemTable).focus()
        if not self.filter.active:
            self.query_one("#filter", Input).remove_class("-active")

    def hint(self, code: Code) -> str | None:
        return {Code.NOT_READY: "press e to edit it", Code.NO_SPRINT: "press 3, then n"}.get(code)
