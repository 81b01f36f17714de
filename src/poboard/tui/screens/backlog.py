"""Backlog: the ranked table beside the highlighted item's detail."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Static

from ...board import Board, ItemView
from ...errors import Code, PoboardError
from ...models import CLOSED_STATUSES, Horizon, Settings, Status
from ..filters import Filter, parse_filter
from ..text import literal
from ..widgets.dialogs import ConfirmScreen
from ..widgets.footer import BoardFooter
from ..widgets.item_detail import ItemDetail
from ..widgets.item_editor import ItemEditor
from ..widgets.item_table import ItemTable
from .base import BoardScreen

RANK = Binding.Group("Rank", compact=True)
HORIZON_CYCLE = (Horizon.NOW, Horizon.NEXT, Horizon.LATER, Horizon.UNPLANNED)


class BacklogScreen(BoardScreen):
    """Refine and rank: every open item, in manual rank order."""

    TITLE = "Backlog"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("e,enter", "edit", "Edit"),
        Binding("shift+up", "rank_up", "Rank up", key_display="⇧↑", group=RANK),
        Binding("shift+down", "rank_down", "Rank down", key_display="⇧↓", group=RANK),
        Binding("h", "cycle_horizon", "Horizon"),
        Binding("c", "commit", "Commit"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("s", "rank_by_score", "Rank by score", show=False),
        Binding("d", "drop", "Drop", show=False),
        Binding("i", "toggle_detail", "Show/hide detail", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter: Filter = parse_filter("")
        self.all_views: list[ItemView] = []
        self.settings = Settings()
        self.titles: dict[int, str] = {}

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

    # ----- showing the board --------------------------------------------------------------

    def load(self, board: Board) -> tuple[Settings, list[ItemView]]:
        views = [v for v in board.views() if v.item.status not in CLOSED_STATUSES]
        return board.settings(), views

    def apply(self, data: tuple[Settings, list[ItemView]], keep: int | None = None) -> None:
        self.settings, self.all_views = data
        self.titles = {v.item.id or 0: v.item.title for v in self.all_views}
        self.show_filtered(keep)

    def show_filtered(self, keep: int | None = None) -> None:
        views = self.all_views
        if "status" in self.filter.tokens:
            views = self.board.views()
        shown = self.filter.apply(views)
        self.query_one(ItemTable).show(shown, keep)
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
        self.query_one("#filter-bar", Static).update(Content.assemble(*bar))

    def show_detail(self) -> None:
        if self.all_views:
            empty = "No item matches the filter; esc clears it."
        else:
            empty = (
                "This board is empty. Press a to add your first item, or quit and run "
                "`poboard demo` on an empty board for a sample team's board."
            )
        self.query_one(ItemDetail).show(self.current, self.settings, self.titles, empty)

    def on_resize(self) -> None:
        self.call_after_refresh(self.poboard.refresh_header)

    @property
    def current(self) -> ItemView | None:
        table = self.query_one(ItemTable)
        if not table.views:
            return None
        return table.views[min(table.cursor_row, len(table.views) - 1)]

    # ----- actions ----------------------------------------------------------------------

    def action_add(self) -> None:
        self.app.push_screen(ItemEditor(self.board), self._after_edit)

    def action_edit(self) -> None:
        if self.current is not None:
            self.app.push_screen(ItemEditor(self.board, self.current.item.id), self._after_edit)

    def _after_edit(self, item_id: int | None) -> None:
        if item_id is not None:
            self.show_board(keep=item_id)
            self.poboard.refresh_header()

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
        key = view.item.id or 0
        if step < 0:
            self.attempt(lambda: self.board.rank(key, before=neighbour.id), keep=key)
        else:
            self.attempt(lambda: self.board.rank(key, after=neighbour.id), keep=key)

    def action_cycle_horizon(self) -> None:
        view = self.current
        if view is None:
            return
        item = view.item
        following = HORIZON_CYCLE[(HORIZON_CYCLE.index(item.horizon) + 1) % len(HORIZON_CYCLE)]
        self.attempt(
            lambda: self.board.edit(item.id or 0, {"horizon": following}, item.version),
            keep=item.id,
            success=f"{item.key} → {following.value}",
        )

    def action_commit(self) -> None:
        view = self.current
        if view is None:
            return
        item = view.item
        try:
            target = self.board.planning_target()
        except PoboardError as error:
            self.refuse(error)
            return
        if item.sprint_id == target.id:
            self.refuse(f"{item.key} is already in {target.name}")
            return
        self.attempt(
            lambda: self.board.commit([item.id or 0]),
            keep=item.id,
            success=f"{item.key} committed to {target.name}",
        )

    def action_drop(self) -> None:
        view = self.current
        if view is None:
            return
        item = view.item

        def answered(drop: bool | None) -> None:
            if drop:
                self.attempt(
                    lambda: self.board.move(item.id or 0, Status.DROPPED, item.version),
                    success=f"{item.key} dropped",
                )

        self.app.push_screen(
            ConfirmScreen(f"Drop {item.key} “{item.title}”? It leaves the backlog.", "Drop"),
            answered,
        )

    def action_rank_by_score(self) -> None:
        def answered(go: bool | None) -> None:
            if go:
                keep = self.query_one(ItemTable).current_id
                self.attempt(self.board.rank_by_score, keep=keep, success="Ranked by score")

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
        return {Code.NOT_READY: "press e to edit it", Code.NO_SPRINT: "plan one on Sprint (3)"}.get(
            code
        )
