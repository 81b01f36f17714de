"""What each page shows, read through the board service and sized to what it shows:
the roadmap reads its three lanes' open items, the sprint page its sprint's items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..board import Board, ItemView, progress_of, sprint_timing
from ..domain.models import SPRINT_COLUMNS, Item, SprintState, Status
from ..domain.okr import sparkline
from ..domain.planning import Goal, KeyResult, Sprint
from ..domain.quarter_update import ROADMAP, ongoing, quarter_of, read_quarter
from ..domain.requests import Request
from ..render.quarter_markdown import quarter_markdown
from ..render.report_markdown import report_markdown

LANES = ROADMAP  # Unplanned left out
COLUMN_NAMES = {
    Status.TODO: "To do",
    Status.DOING: "Doing",
    Status.REVIEW: "Review",
    Status.DONE: "Done",
}
STATUS_NAMES = {**COLUMN_NAMES, Status.BACKLOG: "Backlog", Status.DROPPED: "Dropped"}


LANE_CARDS = 30  # the top of each lane by rank: what a stakeholder reads of it


@dataclass(frozen=True)
class Lane:
    """A lane of the roadmap, or a column of the sprint: its name and its cards."""

    name: str
    cards: list[ItemView]
    total: int  # items in it, shown or not (a roadmap lane shows only its top)


@dataclass(frozen=True)
class KeyResultLine:
    kr: KeyResult
    spark: str
    trend: str  # rising, falling or flat since the check-in before

    @classmethod
    def of(cls, kr: KeyResult) -> KeyResultLine:
        values = kr.values
        before, last = (values[-2], values[-1]) if len(values) > 1 else (0.0, 0.0)
        trend = "rising" if last > before else "falling" if last < before else "flat"
        return cls(kr, sparkline(values), trend)


@dataclass(frozen=True)
class GoalCard:
    goal: Goal
    key_results: list[KeyResultLine]


@dataclass(frozen=True)
class Roadmap:
    quarter: str
    lanes: list[Lane]
    goals: list[GoalCard]


def roadmap(board: Board) -> Roadmap:
    today = board.today()
    quarter = quarter_of(today)
    lanes = [
        Lane(horizon.value.title(), *board.lists.lane(horizon, LANE_CARDS)) for horizon in LANES
    ]
    goals = [
        GoalCard(goal, [KeyResultLine.of(kr) for kr in goal.key_results])
        for goal in board.goals.all()
        if read_quarter(goal.quarter) == quarter or ongoing(goal, quarter)
    ]
    return Roadmap(quarter.label, lanes, goals)


@dataclass(frozen=True)
class SprintPage:
    sprint: Sprint | None
    timing: str = ""
    committed: int = 0
    done: int = 0
    days_left: int = 0
    columns: list[Lane] = field(default_factory=list)


def sprint_page(board: Board) -> SprintPage:
    """The active sprint, else the next one planned."""
    sprint = board.sprints.active() or board.sprints.next_planned()
    if sprint is None or sprint.id is None:
        return SprintPage(None)
    views = board.lists.list_views(sprint_id=sprint.id)
    today = board.today()
    progress = progress_of(sprint, [v.item for v in views], today)
    columns = []
    for status in SPRINT_COLUMNS:
        cards = [v for v in views if v.item.status is status]
        columns.append(Lane(COLUMN_NAMES[status], cards, len(cards)))
    return SprintPage(
        sprint,
        sprint_timing(sprint, today),
        progress.committed,
        progress.done,
        progress.days_left,
        columns,
    )


@dataclass(frozen=True)
class StatusChange:
    at: str
    by: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemPage:
    item: Item
    status: str
    asked: list[Request]
    changes: list[StatusChange]


def item_page(board: Board, key: str) -> ItemPage:
    item = board.items.get(key)
    assert item.id is not None, "a stored item has its number"
    changes = [
        StatusChange(e.at, e.user, _status_name(e.old), _status_name(e.new))
        for e in board.items.history(item.id)
        if e.field == "status" and e.new
    ]
    return ItemPage(item, STATUS_NAMES[item.status], board.requests.asked_for(item.id), changes)


def _status_name(value: str | None) -> str:
    try:
        return STATUS_NAMES[Status(value)] if value else ""
    except ValueError:
        return value or ""


@dataclass(frozen=True)
class MyRequest:
    request: Request
    whereabouts: str | None


def my_requests(board: Board) -> list[MyRequest]:
    return [MyRequest(r, board.requests.whereabouts(r.key)) for r in board.requests.all(mine=True)]


@dataclass(frozen=True)
class Reports:
    sprint_name: str | None
    sprint_markdown: str | None
    quarter: str
    quarter_markdown: str


def reports(board: Board, today: date | None = None) -> Reports:
    """The last closed sprint's report and the quarter's update, as `poboard report` writes
    them."""
    closed = [s for s in board.sprints.all() if s.state is SprintState.CLOSED]
    last = max(closed, key=lambda s: (s.closed_at or "", s.end), default=None)
    sprint_text = None if last is None else report_markdown(board.reports.sprint_report(last.name))
    update = board.reports.quarter_report("current", today)
    return Reports(
        None if last is None else last.name,
        sprint_text,
        update.quarter.label,
        quarter_markdown(update),
    )
