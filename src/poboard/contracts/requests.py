"""A request as `request list --json`, `request show --json` and the MCP tools give it;
the requests a report says were delivered, and the intake figures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NotRequired

from typing_extensions import TypedDict

from ..domain.models import Status
from ..domain.requests import Asked, Intake, Request, RequestStatus
from .shapes import closed


@closed
class RequestJson(TypedDict):
    """`item` is the backlog key it became or was merged into (else null), `item_status`
    where that item stands now; `where` (when asked for) says it in words."""

    key: str
    title: str
    requested_by: str
    status: RequestStatus
    reason: str | None
    item: str | None
    item_status: Status | None
    audience: str | None
    promise: str | None
    proof: str | None
    metric: str | None
    why: str | None
    needed_by: str | None
    decided_by: str | None
    decided_at: str | None
    created_at: str
    updated_at: str
    where: NotRequired[str]
    history: NotRequired[list[str]]  # `request show --json`: its events, as people read them


@closed
class AskedJson(TypedDict):
    """Delivered work that was asked for: the item and who asked."""

    item: str
    requests: list[str]
    requested_by: list[str]
    title: str


@closed
class IntakeJson(TypedDict):
    """How requests arrived and were answered over the last `weeks` weeks."""

    weeks: int
    asked: int
    per_week: float
    waiting: int
    decided: int
    days_to_decision: float | None
    accepted_share: float | None
    declined_share: float | None
    merged_share: float | None


def request_json(request: Request, whereabouts: str | None = None) -> RequestJson:
    found: RequestJson = {
        "key": request.label,
        "title": request.title,
        "requested_by": request.requested_by,
        "status": request.status,
        "reason": request.reason,
        "item": None if request.item is None else f"#{request.item}",
        "item_status": request.item_status,
        "audience": request.audience,
        "promise": request.promise,
        "proof": request.proof,
        "metric": request.metric,
        "why": request.why,
        "needed_by": request.needed_by,
        "decided_by": request.decided_by,
        "decided_at": request.decided_at,
        "created_at": request.created_at,
        "updated_at": request.updated_at,
    }
    if whereabouts is not None:
        found["where"] = whereabouts
    return found


def asked_json(asked: Iterable[Asked]) -> list[AskedJson]:
    return [
        {
            "item": f"#{a.item}",
            "requests": [r.label for r in a.requests],
            "requested_by": list(a.by),
            "title": a.requests[0].title,
        }
        for a in asked
    ]


def intake_json(found: Intake) -> IntakeJson:
    def share(n: int) -> float | None:
        value = found.share(n)
        return None if value is None else round(value, 3)

    return {
        "weeks": found.weeks,
        "asked": found.asked,
        "per_week": round(found.per_week, 2),
        "waiting": found.waiting,
        "decided": found.decided,
        "days_to_decision": found.days_to_decision,
        "accepted_share": share(found.accepted),
        "declined_share": share(found.declined),
        "merged_share": share(found.merged),
    }
