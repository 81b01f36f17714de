"""What the Sprint screen draws: its data, a card's lines, and the capacity meter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual.binding import Binding

from ...board import Board, ItemView, SprintProgress, rules
from ...models import Settings, Sprint, SprintState, Status
from ..text import bar
from ..widgets.card_list import Line

COLUMN_TITLES = {Status.TODO: "TO DO", Status.DOING: "DOING", Status.REVIEW: "REVIEW",
                 Status.DONE: "DONE"}  # fmt: skip
MOVE = Binding.Group("Move", compact=True)
METER_CELLS = 12


@dataclass
class SprintData:
    settings: Settings
    sprint: Sprint | None
    progress: SprintProgress | None
    planning: Sprint | None
    views: list[ItemView] = field(default_factory=list)
    statuses: dict[int, Status] = field(default_factory=dict)
    last_velocity: int | None = None


def card(view: ItemView, statuses: dict[int, Status], planning: bool = False) -> list[Line]:
    """A card: key, title and estimate; what needs attention on a second, dimmer line."""
    item = view.item
    blockers = rules.open_blockers(item, statuses) if item.status is not Status.DONE else []
    notes = []
    if blockers:
        notes.append("⚠ blocked by " + " ".join(f"#{b}" for b in blockers))
    if item.slipped:
        notes.append(f"slipped ×{item.slipped}")
    if planning and not view.ready:
        notes.append("missing " + ", ".join(view.missing))
    elif item.status is Status.REVIEW:
        open_count = sum(1 for c in item.criteria if not rules.is_settled(c))
        if open_count:
            noun = "criterion" if open_count == 1 else "criteria"
            notes.append(f"○ {open_count} {noun} open")
    right = [] if item.estimate is None else [str(item.estimate)]
    if planning:
        right.insert(0, "✓" if view.ready else "✗")
    if blockers:
        right.insert(0, "⚠")
    lines = [Line(f"{item.key} {item.title}", item.id, " ".join(right))]
    if notes:
        lines.append(
            Line("   " + " · ".join(notes), item.id, tone="warning" if blockers else "muted")
        )
    return lines


def meter(committed: int, capacity: int) -> str:
    """Committed against capacity; full (not past full) when over."""
    return bar(1.0 if capacity == 0 else min(1.0, committed / capacity), METER_CELLS)


def load_sprint_data(board: Board, today: date) -> SprintData:
    """The sprint shown (active, else the next planned), the one being planned (next
    planned, else active), and every item for the planning backlog."""
    sprints = board.sprints()
    active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
    planned = [s for s in sprints if s.state is SprintState.PLANNED]
    shown = active or (planned[0] if planned else None)
    views = board.views()
    closed = [s for s in sprints if s.velocity is not None]
    return SprintData(
        settings=board.settings(),
        sprint=shown,
        progress=board.sprint_progress(shown, today) if shown else None,
        planning=planned[0] if planned else active,
        views=views,
        statuses={v.item.id or 0: v.item.status for v in views},
        last_velocity=closed[-1].velocity if closed else None,
    )
