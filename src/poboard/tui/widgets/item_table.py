"""The ranked item table: draws only the rows on screen, so 10,000 items cost no more
than 40. Columns give way by priority as the terminal narrows; the cursor follows its
item across reloads. Cells are plain segments, so user text is never read as markup."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ...board import ItemView
from ..text import visible
from .virtual_list import VirtualList


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
    Column("owner", "Owner", 8, 3),
    Column("goal", "Goal", 16, 4),  # the goal's title, cut: the detail names it whole
    Column("horizon", "Horizon", 9, 5),
    Column("kind", "Kind", 10, 6),
)
GOAL = next(c for c in COLUMNS if c.key == "goal")
GOAL_MAX = 24  # the goal grows to this from what the columns leave (half of it at most)
TITLE_MIN = 22
TITLE_SHARE = 0.4  # of a wide table (WIDE cells or more), the title keeps this much
WIDE = 90
GAP = 2


def choose_columns(width: int) -> list[Column]:
    """The columns that fit, by priority; the title keeps at least TITLE_MIN cells (and
    two fifths of a wide table, so a wide terminal shows whole titles rather than every
    column) and takes whatever the columns leave. The goal comes before the horizon once
    the title has its share and the goal room (106 cells at 160 columns, beside the
    detail); below 90 cells (80 columns) the horizon fits where the goal would not."""
    title_min = max(TITLE_MIN, int(width * TITLE_SHARE)) if width >= WIDE else TITLE_MIN
    chosen = {c.key for c in COLUMNS if c.priority == 0}
    used = sum(c.width + GAP for c in COLUMNS if c.key in chosen and c.key != "title")
    used += title_min + GAP
    for column in sorted((c for c in COLUMNS if c.priority), key=lambda c: c.priority):
        if used + column.width + GAP <= width:
            chosen.add(column.key)
            used += column.width + GAP
    spare = max(0, width - used)
    goal_width = GOAL.width + min(GOAL_MAX - GOAL.width, spare // 2) if "goal" in chosen else 0
    title_width = title_min + spare - max(0, goal_width - GOAL.width)
    widths = {"title": title_width, "goal": goal_width}
    return [
        Column(c.key, c.label, widths[c.key], c.priority, c.right) if c.key in widths else c
        for c in COLUMNS
        if c.key in chosen
    ]


def cell_texts(view: ItemView, position: int) -> dict[str, str]:
    item = view.item
    slipped = f" · slipped ×{item.slipped}" if item.slipped else ""
    return {
        "rank": str(position),
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


class ItemTable(VirtualList):
    """Items in rank order, one line each, with a header line that stays put."""

    header_height = 1
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "item-table--header",
        "item-table--cursor",
        "item-table--stripe",
        "item-table--ready",
        "item-table--not-ready",
        "item-table--empty",
    }

    def __init__(self, on_highlight: Callable[[int | None], None], id: str | None = None) -> None:
        """`on_highlight` is called with the item under the cursor whenever it changes;
        called directly, not by message, so the cursor and what depends on it (the
        detail panel) are drawn in the same frame."""
        super().__init__(id=id)
        self.on_highlight = on_highlight
        self.views: list[ItemView] = []
        self.positions: Mapping[int, int] = {}
        self.columns_shown: list[Column] = choose_columns(80)
        self._texts: dict[int, dict[str, str]] = {}
        self.empty_hint = ""  # the first line of a table with no rows

    def hint_when_empty(self, hint: str) -> None:
        """What an empty table says on its first line (how to fill it, or why it is empty)."""
        if hint != self.empty_hint:
            self.empty_hint = hint
            if not self.views:
                self.refresh()

    # ----- what is shown ------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.views)

    def line_count(self) -> int:
        return len(self.views)

    @property
    def cursor_row(self) -> int:
        return max(0, self.cursor)

    @property
    def current_id(self) -> int | None:
        return self.views[self.cursor].item.id if 0 <= self.cursor < len(self.views) else None

    def row_of(self, item_id: int | None) -> int | None:
        return next((n for n, v in enumerate(self.views) if v.item.id == item_id), None)

    def row_text(self, row: int) -> dict[str, str]:
        """The cells of one row, as shown (tests and the screen read the table this way)."""
        view = self.views[row]
        found = self._texts.get(view.item.id)
        if found is None:
            found = self._texts[view.item.id] = cell_texts(
                view, self.positions.get(view.item.id, view.position)
            )
        return found

    def show(
        self,
        views: Sequence[ItemView],
        keep: int | None = None,
        positions: Mapping[int, int] | None = None,
    ) -> None:
        """Show these rows; the cursor stays on `keep` (or its current item) when present,
        else on the row where it was. `positions` numbers rows in the whole backlog."""
        keep = self.current_id if keep is None else keep
        views, positions = list(views), positions or {}
        if self.same_rows(views, positions):
            self.patch_rows(views, keep)
            return
        self.views = views
        self.positions = positions
        self._texts = {}
        self.stops = range(len(self.views))
        row = self.row_of(keep)
        self.relayout(row if row is not None else self.cursor)

    def same_rows(self, views: list[ItemView], positions: Mapping[int, int]) -> bool:
        """The same items in the same places (a teammate changed a field, say)."""
        return (
            len(views) == len(self.views)
            and positions == self.positions
            and all(a.item.id == b.item.id for a, b in zip(views, self.views, strict=True))
        )

    def patch_rows(self, views: list[ItemView], keep: int | None) -> None:
        """Redraw only the rows that changed, not the whole table."""
        changed = [n for n, (a, b) in enumerate(zip(views, self.views, strict=True)) if a != b]
        self.views = views
        for n in changed:
            self._texts.pop(views[n].item.id, None)
            self.refresh_stop(n)
        row = self.row_of(keep)
        if row is not None and row != self.cursor:
            self.move_to(row)
        elif self.cursor in changed:
            self.cursor_moved()

    def cursor_moved(self) -> None:
        self.on_highlight(self.current_id)

    def content_width(self) -> int:
        return sum(c.width + GAP for c in self.columns_shown)

    def fit_width(self) -> None:
        columns = choose_columns(self.scrollable_content_region.width)
        if columns != self.columns_shown:
            self.columns_shown = columns
            self.refresh()

    # ----- drawing ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        if y == self.header_height and not self.views and self.empty_hint:
            width = self.scrollable_content_region.width
            style = self.base_style + self.get_component_rich_style("item-table--empty")
            return Strip([Segment("  " + self.empty_hint, style)]).crop_extend(0, width, style)
        return super().render_line(y)

    def draw_header(self, y: int, width: int) -> Strip:
        scroll_x = int(self.scroll_offset.x)
        header = "".join(fit(c.label, c.width, c.right) + " " * GAP for c in self.columns_shown)
        style = self.get_component_rich_style("item-table--header")
        return Strip([Segment(header, style)]).crop_extend(scroll_x, scroll_x + width, style)

    def draw(self, line: int, width: int, under_cursor: bool) -> Strip:
        scroll_x = int(self.scroll_offset.x)
        base = self.base_style
        if under_cursor:
            base = base + self.get_component_rich_style("item-table--cursor")
        elif line % 2:
            base = base + self.get_component_rich_style("item-table--stripe")
        texts = self.row_text(line)
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
