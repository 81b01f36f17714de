"""An item as `show --json`, `list --json`, the assistant's tools and the web give it.

Ten thousand items are ten megabytes of JSON, so SQLite writes them
(`store.item_json`, one query); `ItemJson` is what that query writes, field for field
and in order (a test holds the two together, and every real output is checked against
this shape's JSON Schema).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Unpack

from typing_extensions import TypedDict

from ..domain.models import Criterion, CriterionState, ExperimentResult, Horizon, Item, Kind, Status
from .shapes import closed

if TYPE_CHECKING:
    from ..board import Board
    from ..store.item_rows import Conditions


@closed
class CriterionJson(TypedDict):
    """One acceptance criterion, numbered from 1 as `check N` names it."""

    n: int
    text: str
    state: CriterionState
    dod: bool  # added by the Definition of Done
    by: str | None  # who met or waived it
    reason: str | None  # why it was waived


@closed
class ExperimentJson(TypedDict):
    """An experiment's design and decision."""

    hypothesis: str | None
    success_metric: str | None
    guardrail_metric: str | None
    decision_rule: str | None
    result: ExperimentResult | None
    result_note: str | None


@closed
class ScoresJson(TypedDict):
    """The score's inputs, each 1–5."""

    value: int
    urgency: int
    impact: int
    fit: int
    effort: int
    risk: int


@closed
class ItemJson(TypedDict):
    """One item, whole: the order here is the order of the JSON."""

    key: str  # "#12"
    id: int
    title: str
    kind: Kind
    status: Status
    horizon: Horizon
    rank: int  # among the open items, 1 first; 0 when done or dropped
    score: float
    estimate: int | None
    ready: bool
    missing: list[str]  # what keeps it from the Definition of Ready
    owner: str | None
    sprint: str | None  # the sprint's name
    goal: int | None  # the goal's id
    goal_title: str | None
    key_result: int | None  # the key result's id
    key_result_metric: str | None
    version: int  # what --expect-version compares
    audience: str | None
    promise: str | None
    proof: str | None
    metric: str | None
    description: str
    partners: list[str]
    blocked_by: list[str]  # keys: "#3"
    slipped: int  # sprints it was carried out of
    experiment: ExperimentJson | None  # an experiment's design; null for other kinds
    scores: ScoresJson
    criteria: list[CriterionJson]
    updated_by: str
    updated_at: str
    source: str | None  # the tool it was imported from: jira, trello, github
    source_key: str | None
    source_url: str | None


@closed
class ItemRefJson(TypedDict):
    """What `add --json` and `edit --json` print: the item's key, id and new version."""

    key: str
    id: int
    version: int


def item_texts(board: Board, **conditions: Unpack[Conditions]) -> list[str]:
    """The chosen items, each the text of one `ItemJson` object, in rank order."""
    return board.lists.items_json(**conditions)


def item_text(board: Board, key: str | int) -> str:
    """One item as the text of its `ItemJson` object; refused if it does not exist."""
    return board.lists.item_json(key)


def item_ref_json(item: Item) -> ItemRefJson:
    return {"key": item.key, "id": item.id or 0, "version": item.version}


def criterion_data(c: Criterion) -> CriterionJson:
    """A criterion as `ItemJson` holds it (the reports give an item's criteria so too)."""
    return {
        "n": c.n,
        "text": c.text,
        "state": c.state,
        "dod": c.dod,
        "by": c.by,
        "reason": c.reason,
    }
