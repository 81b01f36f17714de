"""The ranked item table. Columns give way by priority as the terminal narrows, and a
reload updates only the rows that changed, keeping the cursor on its item."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from ...board import ItemView
from ..text import cell

READY = {True: Text("✓", style="green"), False: Text("✗", style="red")}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int
    priority: int  # lower stays longer


COLUMNS = (
    Column("rank", "#", 4, 0),
    Column("key", "Key", 6, 0),
    Column("title", "Title", 0, 0),
    Column("score", "Score", 5, 1),
    Column("ready", "R", 1, 1),
    Column("estimate", "Est", 3, 2),
    Column("kind", "Kind", 10, 3),
    Column("horizon", "Horizon", 9, 4),
    Column("owner", "Owner", 8, 5),
    Column("goal", "Goal", 16, 6),
)
TITLE_MIN = 30
CELL_PADDING = 2


def choose_columns(width: int) -> list[Column]:
    """Keep the columns that fit, by priority, leaving the title at least TITLE_MIN cells."""
    chosen = [c for c in COLUMNS if c.priority == 0]
    used = sum(c.width + CELL_PADDING for c in chosen) + TITLE_MIN
    for column in sorted((c for c in COLUMNS if c.priority), key=lambda c: c.priority):
        if used + column.width + CELL_PADDING <= width:
            chosen.append(column)
            used += column.width + CELL_PADDING
    title_width = max(TITLE_MIN, width - used + TITLE_MIN - 1)
    ordered = [c for c in COLUMNS if c in chosen]
    return [Column(c.key, c.label, title_width, 0) if c.key == "title" else c for c in ordered]


def row_cells(view: ItemView, columns: Sequence[Column]) -> tuple[object, ...]:
    item = view.item
    slipped = f" slipped ×{item.slipped}" if item.slipped else ""
    values: dict[str, object] = {
        "rank": Text(str(view.position), justify="right"),
        "key": Text(item.key),
        "title": cell(item.title + slipped),
        "score": Text(f"{view.score:.1f}", justify="right"),
        "ready": READY[view.ready],
        "estimate": Text("" if item.estimate is None else str(item.estimate), justify="right"),
        "kind": Text(item.kind.value),
        "horizon": Text(item.horizon.value),
        "owner": cell(item.owner or ""),
        "goal": cell(view.goal or ""),
    }
    return tuple(values[c.key] for c in columns)


class ItemTable(DataTable[object]):
    """Items as rows keyed by item id."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.columns_shown: list[Column] = []
        self._views: list[ItemView] = []
        self._cells: dict[int, tuple[object, ...]] = {}

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return int(row_key.value or 0)

    @property
    def views(self) -> list[ItemView]:
        return self._views

    def show(self, views: Sequence[ItemView], keep: int | None = None) -> None:
        """Show these rows; the cursor stays on `keep` (or the current item) when present."""
        keep = self.current_id if keep is None else keep
        columns = choose_columns(self.scrollable_content_region.width or self.size.width or 80)
        new_cells = {v.item.id or 0: row_cells(v, columns) for v in views}
        same_shape = columns == self.columns_shown and [v.item.id for v in views] == [
            v.item.id for v in self._views
        ]
        if same_shape:
            self._update_changed(new_cells, columns)
        else:
            self._rebuild(views, new_cells, columns)
        self._views = list(views)
        self._cells = new_cells
        if keep is not None and str(keep) in self.rows:
            self.move_cursor(row=self.get_row_index(str(keep)), scroll=True)

    def _rebuild(
        self, views: Sequence[ItemView], cells: dict[int, tuple[object, ...]], columns: list[Column]
    ) -> None:
        new_columns = columns != self.columns_shown
        self.clear(columns=new_columns)
        if new_columns:
            for column in columns:
                self.add_column(column.label, width=column.width, key=column.key)
            self.columns_shown = columns
        for view in views:
            item_id = view.item.id or 0
            self.add_row(*cells[item_id], key=str(item_id))

    def _update_changed(self, cells: dict[int, tuple[object, ...]], columns: list[Column]) -> None:
        for item_id, values in cells.items():
            old = self._cells.get(item_id)
            if old == values:
                continue
            for column, value in zip(columns, values, strict=True):
                self.update_cell(str(item_id), column.key, value)

    def relayout(self) -> None:
        """Recompute the columns for a new width."""
        if choose_columns(self.scrollable_content_region.width) != self.columns_shown:
            self.show(self._views)
