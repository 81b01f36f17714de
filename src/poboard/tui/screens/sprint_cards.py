"""What the Sprint screen draws: its data, a card's lines, and the capacity meter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from textual.binding import Binding
from textual.content import Content

from ...board import Board, ItemView, SprintProgress, progress_of, rules
from ...domain.models import SprintState, Status, parse_time
from ...domain.planning import Sprint
from ...domain.readiness import labels
from ...domain.settings import Settings
from ..text import bar, literal, visible
from ..widgets.card_list import Line

COLUMN_TITLES = {Status.TODO: "TO DO", Status.DOING: "DOING", Status.REVIEW: "REVIEW",
                 Status.DONE: "DONE"}  # fmt: skip
MOVE = Binding.Group("Move", compact=True)
METER_CELLS = 12


@dataclass
class SprintData:
    settings: Settings
    sprint: Sprint | None  # shown: the active sprint, else the next planned one
    progress: SprintProgress | None
    planning: Sprint | None  # planned: the next planned sprint, else the active one
    views: list[ItemView] = field(default_factory=list)  # the two sprints' items
    backlog: list[ItemView] | None = None  # open work outside sprints, read for planning
    statuses: dict[int, Status] = field(default_factory=dict)  # of the items' blockers
    last_velocity: int | None = None
    ended: Sprint | None = None  # with no sprint running: the one that ended last

    @property
    def sprint_ids(self) -> set[int | None]:
        return {s.id for s in (self.sprint, self.planning) if s is not None}


def card(view: ItemView, statuses: dict[int, Status], planning: bool = False) -> list[Line]:
    """A card: key, title, owner and estimate (on two lines in a narrow column); what
    needs attention on a dimmer line below."""
    item = view.item
    blockers = rules.open_blockers(item, statuses) if item.status is not Status.DONE else []
    notes = []
    if blockers:
        notes.append("⚠ blocked by " + " ".join(f"#{b}" for b in blockers))
    if item.slipped:
        notes.append(f"slipped ×{item.slipped}")
    if planning and not view.ready:
        notes.append("missing " + labels(view.missing))
    elif item.status is Status.REVIEW and item.criteria_open:
        noun = "criterion" if item.criteria_open == 1 else "criteria"
        notes.append(f"○ {item.criteria_open} {noun} open")
    right = [part for part in (item.owner, item.estimate) if part is not None]
    if planning:
        right.insert(0, "✓" if view.ready else "✗")
    if blockers:
        right.insert(0, "⚠")
    lines = [Line(f"{item.key} {item.title}", item.id, " ".join(map(str, right)), wrap=True)]
    if notes:
        lines.append(
            Line("   " + " · ".join(notes), item.id, tone="warning" if blockers else "muted")
        )
    return lines


def peek(view: ItemView | None) -> Content:
    """The highlighted card in full: its whole title, then who, size and what is left."""
    if view is None:
        return Content.styled("no card highlighted", "dim")
    item = view.item
    facts = [item.status.value, visible(item.owner or "no owner")]
    if item.estimate is not None:
        facts.append(f"{item.estimate} pt" + ("" if item.estimate == 1 else "s"))
    if item.criteria_open:
        noun = "criterion" if item.criteria_open == 1 else "criteria"
        facts.append(f"{item.criteria_open} {noun} open")
    if view.missing:
        facts.append("missing " + labels(view.missing))
    if item.slipped:
        facts.append(f"slipped ×{item.slipped}")
    return Content.assemble(
        literal(f"{item.key} {item.title}", "bold"), ("\n" + " · ".join(facts), "dim")
    )


def ended_line(ended: Sprint) -> Content:
    """What the last sprint came to, for the screen that follows its close."""
    met = f" · goal met: {ended.goal_met.value}" if ended.goal_met else ""
    note = f" ({ended.goal_note})" if ended.goal_note else ""
    closed = parse_time(ended.closed_at or "")
    day = min(ended.end, closed.date()) if closed else ended.end  # closed early: that day
    return Content.assemble(
        ("✓ ", "bold"),
        literal(f"{ended.name} “{ended.goal}” ended {day:%b %d}", "bold"),
        literal(
            f" · velocity {ended.velocity} of {ended.committed_points} pts committed"
            f" · cap {ended.capacity}{met}{note}"
        ),
    )


def meter(committed: int, capacity: int) -> str:
    """Committed against capacity; full (not past full) when over."""
    return bar(1.0 if capacity == 0 else min(1.0, committed / capacity), METER_CELLS)


def load_sprint_data(board: Board, today: date, planning: bool) -> SprintData:
    """The sprint shown (active, else the next planned), the one being planned (next
    planned, else active), their items, and — in planning mode — the open work outside
    any sprint: what the screen shows, never the whole board."""
    sprints = board.sprints.all()
    active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
    planned = [s for s in sprints if s.state is SprintState.PLANNED]
    shown = active or (planned[0] if planned else None)
    target = planned[0] if planned else active
    ids = {s.id: s for s in (shown, target) if s is not None}
    views = [view for sprint_id in ids for view in board.lists.list_views(sprint_id=sprint_id)]
    mine = [v.item for v in views if shown is not None and v.item.sprint_id == shown.id]
    closed = [s for s in sprints if s.velocity is not None]
    return SprintData(
        settings=board.settings(),
        sprint=shown,
        progress=progress_of(shown, mine, today) if shown else None,
        planning=target,
        views=views,
        backlog=board.lists.list_views(open_only=True, outside_sprints=True) if planning else None,
        statuses=board.lists.statuses({b for v in views for b in v.item.blocked_by}),
        last_velocity=closed[-1].velocity if closed else None,
        ended=closed[-1] if closed and active is None else None,
    )
