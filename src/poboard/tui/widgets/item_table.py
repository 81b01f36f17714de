"""The ranked item table: draws only the rows on screen, so 10,000 items cost no more
than 40. Columns give way by priority as the terminal narrows; the cursor follows its
item across reloads. Cells are plain segments, so user text is never read as markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...board import ItemView
from ..text import visible


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    priority: int  # lower stays longer
    right: bool = False


COLUMNS = (
    Column("rank", "#", 4, 0, right=True),
    Column("key", "Key", 6, 0),
    Column("title", "Title", 0, 0),
    Column("score", "Score", 5, 1, right=True),
    Column("ready", "R", 1, 1),
    Column("estimate", "Est", 3, 2, right=True),
    Column("kind", "Kind", 10, 3),
    Column("horizon", "Horizon", 9, 4),
    Column("owner", "Owner", 8, 5),
    Column("goal", "Goal", 22, 6),
)
TITLE_MIN = 30
# The keys of every line-based list here: they call action_cursor, action_page, action_jump.
CURSOR_BINDINGS: list[BindingType] = [
    Binding("up", "cursor(-1)", "Up", show=False),
    Binding("down", "cursor(1)", "Down", show=False),
    Binding("pageup", "page(-1)", "Page up", show=False),
    Binding("pagedown", "page(1)", "Page down", show=False),
    Binding("home", "jump(0)", "First", show=False),
    Binding("end", "jump(-1)", "Last", show=False),
]
GAP = 2


def choose_columns(width: int) -> list[Column]:
    """Keep the columns that fit, by priority, leaving the title at least TITLE_MIN cells."""
    chosen = {c.key for c in COLUMNS if c.priority == 0}
    used = sum(c.width + GAP for c in COLUMNS if c.key in chosen) + TITLE_MIN
    for column in sorted((c for c in COLUMNS if c.priority), key=lambda c: c.priority):
        if used + column.width + GAP <= width:
            chosen.add(column.key)
            used += column.width + GAP
    title_width = max(TITLE_MIN, width - used + TITLE_MIN - 1)
    return [
        Column(c.key, c.label, title_width, 0) if c.key == "title" else c
        for c in COLUMNS
        if c.key in chosen
    ]


def cell_texts(view: ItemView) -> dict[str, str]:
    item = view.item
    slipped = f" · slipped ×{item.slipped}" if item.slipped else ""
    return {
        "rank": str(view.position),
        "key": item.key,
        "title": visible(item.title) + slipped,
        "score": f"{view.score:.1f}",
        "ready": "✓" if view.ready else "✗",
        "estimate": "" if item.estimate is None else str(item.estimate),
        "kind": item.kind.value,
        "horizon": item.horizon.value,
        "owner": visible(item.owner or ""),
        "goal": visible(view.goal or ""),
    }


def fit(text: str, width: int, right: bool = False) -> str:
    """Pad or cut text to exactly `width` cells, with an ellipsis when cut."""
    length = cell_len(text)
    if length > width:
        cut = text
        while cell_len(cut) > width - 1:
            cut = cut[:-1]
        return cut + "…" + " " * (width - 1 - cell_len(cut))
    padding = " " * (width - length)
    return padding + text if right else text + padding


class ItemTable(ScrollView, can_focus=True):
    """Items in rank order, one line each, with a header line that stays put."""

    BINDINGS: ClassVar[list[BindingType]] = CURSOR_BINDINGS
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-table--header",
        "item-table--cursor",
        "item-table--stripe",
        "item-table--ready",
        "item-table--not-ready",
    }
    DEFAULT_CSS = """
    ItemTable { background: $surface; }
    ItemTable > .item-table--header { text-style: bold; color: $text-accent; }
    ItemTable > .item-table--cursor { background: $block-cursor-blurred-background; }
    ItemTable:focus > .item-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: bold;
    }
    ItemTable > .item-table--stripe { background: $surface-lighten-1; }
    ItemTable > .item-table--ready { color: $text-success; }
    ItemTable > .item-table--not-ready { color: $text-error; }
    """

    def __init__(self, on_highlight: Callable[[int | None], None], id: str | None = None) -> None:
        """`on_highlight` is called with the item under the cursor whenever it changes;
        called directly, not by message, so the cursor and what depends on it (the
        detail panel) are drawn in the same frame."""
        super().__init__(id=id)
        self.on_highlight = on_highlight
        self.views: list[ItemView] = []
        self.columns_shown: list[Column] = choose_columns(80)
        self.cursor_row = 0
        self._texts: dict[int, dict[str, str]] = {}

    # ----- what is shown ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.views)

    @property
    def current_id(self) -> int | None:
        if not self.views:
            return None
        return self.views[min(self.cursor_row, len(self.views) - 1)].item.id

    def row_of(self, item_id: int | None) -> int | None:
        return next((n for n, v in enumerate(self.views) if v.item.id == item_id), None)

    def row_text(self, row: int) -> dict[str, str]:
        """The cells of one row, as shown (tests and the screen read the table this way)."""
        view = self.views[row]
        return self._texts.setdefault(view.item.id or 0, cell_texts(view))

    def show(self, views: Sequence[ItemView], keep: int | None = None) -> None:
        """Show these rows; the cursor stays on `keep` (or its current item) when present."""
        keep = self.current_id if keep is None else keep
        self.views = list(views)
        self._texts = {}
        row = self.row_of(keep)
        self.cursor_row = (
            row if row is not None else min(self.cursor_row, max(0, len(self.views) - 1))
        )
        self._resize_virtual()
        self.scroll_to_cursor()
        self.refresh()
        self.on_highlight(self.current_id)

    def _resize_virtual(self) -> None:
        width = sum(c.width + GAP for c in self.columns_shown)
        self.virtual_size = Size(width, len(self.views) + 1)

    def on_resize(self, event: events.Resize) -> None:
        columns = choose_columns(self.scrollable_content_region.width)
        if columns != self.columns_shown:
            self.columns_shown = columns
            self._resize_virtual()
            self.refresh()

    # ----- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        if y == 0:
            header = "".join(fit(c.label, c.width, c.right) + " " * GAP for c in self.columns_shown)
            style = self.get_component_rich_style("item-table--header")
            return Strip([Segment(header, style)]).crop_extend(scroll_x, scroll_x + width, style)
        row = scroll_y + y - 1
        base = self.rich_style
        if row >= len(self.views):
            return Strip.blank(width, base)
        if row == self.cursor_row:
            base = base + self.get_component_rich_style("item-table--cursor")
        elif row % 2:
            base = base + self.get_component_rich_style("item-table--stripe")
        texts = self.row_text(row)
        segments = []
        for column in self.columns_shown:
            style = base
            if column.key == "ready":
                state = "ready" if texts["ready"] == "✓" else "not-ready"
                style = base + Style(
                    color=self.get_component_rich_style(f"item-table--{state}").color
                )
            segments.append(Segment(fit(texts[column.key], column.width, column.right), style))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments).crop_extend(scroll_x, scroll_x + width, base)

    # ----- moving -------------------------------------------------------------------------

    def move_cursor(self, row: int) -> None:
        if not self.views:
            return
        row = max(0, min(row, len(self.views) - 1))
        if row == self.cursor_row:
            return
        old = self.cursor_row
        self.cursor_row = row
        self.scroll_to_cursor()
        self.refresh_lines(old - int(self.scroll_offset.y) + 1)
        self.refresh_lines(row - int(self.scroll_offset.y) + 1)
        self.on_highlight(self.current_id)

    def scroll_to_cursor(self) -> None:
        self.scroll_to_region(
            Region(0, self.cursor_row + 1, 1, 1),
            animate=False,
            spacing=None,
            immediate=True,
            x_axis=False,
        )
        if self.cursor_row + 1 - int(self.scroll_offset.y) < 1:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(1, self.scrollable_content_region.height - 2))

    def action_jump(self, row: int) -> None:
        self.move_cursor(len(self.views) - 1 if row < 0 else row)

    def on_click(self, event: events.Click) -> None:
        """A click only moves the cursor: nothing in a cell is ever an action."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if offset.y >= 1 and 0 <= row < len(self.views):
            self.move_cursor(row)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()
