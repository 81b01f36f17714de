"""A request as `request list --json`, `request show --json` and the MCP tools give it."""

from __future__ import annotations

from typing import Any

from ..domain.requests import Request


def request_json(request: Request, whereabouts: str | None = None) -> dict[str, Any]:
    """`item` is the backlog key it became or was merged into (else null), `item_status`
    where that item stands now; `where` (when asked for) says it in words."""
    found: dict[str, Any] = {
        "key": request.label,
        "title": request.title,
        "requested_by": request.requested_by,
        "status": request.status.value,
        "reason": request.reason,
        "item": None if request.item is None else f"#{request.item}",
        "item_status": None if request.item_status is None else request.item_status.value,
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
