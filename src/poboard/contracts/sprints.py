"""A sprint as `report --format json` and the assistant's sprint tools give it, and
what committing to one answers."""

from __future__ import annotations

from typing_extensions import TypedDict

from ..domain.models import GoalMet, SprintState
from ..domain.planning import Sprint
from .items import ItemJson
from .shapes import closed


@closed
class SprintJson(TypedDict):
    """A sprint: its dates, state and capacity, and whether its goal was met."""

    name: str
    goal: str
    start: str  # YYYY-MM-DD, as planned
    end: str
    started_at: str | None  # when it did start
    state: SprintState
    capacity: int  # points
    closed_at: str | None
    goal_met: GoalMet | None  # said when it closed
    goal_note: str | None


@closed
class CommitJson(TypedDict):
    """What committing items to a sprint answers: all were committed (else none, and
    the refusal says why)."""

    committed: list[str]  # keys: "#3"
    sprint: str
    committed_points: int
    capacity: int
    warnings: list[str]


@closed
class SprintStatusJson(TypedDict):
    """The Sprint screen as data: header figures and the items by column."""

    sprint: SprintJson
    today: str
    days_left: int
    committed: int
    done: int
    capacity: int
    columns: dict[str, list[ItemJson]]  # by status: todo, doing, review, done, …


def sprint_json(sprint: Sprint) -> SprintJson:
    return {
        "name": sprint.name,
        "goal": sprint.goal,
        "start": sprint.start.isoformat(),
        "end": sprint.end.isoformat(),
        "started_at": sprint.started_at,
        "state": sprint.state,
        "capacity": sprint.capacity,
        "closed_at": sprint.closed_at,
        "goal_met": sprint.goal_met,
        "goal_note": sprint.goal_note,
    }
