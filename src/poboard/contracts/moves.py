"""What a change of place or of a criterion answers: `move --json`, `accept --json`,
`check`/`uncheck`/`waive --json` and the assistant's `move_item` and `set_criterion`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from typing_extensions import TypedDict

from ..domain.models import CriterionState, Item, Status
from .shapes import closed

if TYPE_CHECKING:
    from ..board import MoveResult


@closed
class MoveJson(TypedDict):
    """Where the item is now, and what the move warned of (it went through)."""

    key: str
    status: Status
    sprint_id: int | None
    version: int
    warnings: list[str]


@closed
class CriterionChangeJson(TypedDict):
    """One criterion's state after it was met, reopened or waived."""

    key: str
    criterion: int  # numbered from 1
    state: CriterionState
    version: int


def move_json(result: MoveResult) -> MoveJson:
    item = result.item
    return {
        "key": item.key,
        "status": item.status,
        "sprint_id": item.sprint_id,
        "version": item.version,
        "warnings": [str(w) for w in result.warnings],
    }


def criterion_json(item: Item, n: int) -> CriterionChangeJson:
    return {
        "key": item.key,
        "criterion": n,
        "state": item.criteria[n - 1].state,
        "version": item.version,
    }
