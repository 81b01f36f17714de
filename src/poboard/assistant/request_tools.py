"""The tools for requests from outside the team: submit one, list them, and (a product
owner's) triage one. Roles hold as they do everywhere: a stakeholder may submit and list,
and every other write of theirs is refused with `not_allowed`."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server import MCPServer
from mcp.types import CallToolResult
from pydantic import Field

from ..board import Board
from ..contracts.requests import RequestJson, request_json
from ..domain.errors import InvalidInputError
from ..domain.requests import Decision
from .inputs import Audience, Key, Metric, Promise, Proof, Title
from .results import Run
from .tools import READ, WRITE, tool

Why = Annotated[str | None, Field(description="Why it matters, in the requester's words.")]
NeededBy = Annotated[str | None, Field(description="By when it is needed: YYYY-MM-DD.")]
RequestStatusName = Literal["new", "accepted", "declined", "merged"]
DecisionName = Literal["accept", "decline", "merge"]
TriageReason = Annotated[
    str | None, Field(description="Why it is declined (decline only; required there).")
]
Into = Annotated[
    str | None, Field(description="The item a duplicate is merged into: #42 (merge only).")
]
LaneName = Literal["now", "next", "later"]


def register_request_tools(server: MCPServer, board: Board, run: Run) -> None:
    requests = board.requests

    def shown(key: int) -> RequestJson:
        return request_json(requests.get(key), requests.whereabouts(key))

    @tool(server, WRITE)
    def submit_request(
        title: Title,
        audience: Audience = None,
        promise: Promise = None,
        proof: Proof = None,
        metric: Metric = None,
        why: Why = None,
        needed_by: NeededBy = None,
    ) -> CallToolResult:
        """Ask the team for something (as `poboard request add`): anyone on the board may,
        stakeholders included. It waits for a product owner's decision before it joins
        the backlog; returns the request with its key (#57), status new."""

        def work() -> RequestJson:
            made = requests.add(
                title,
                audience=audience,
                promise=promise,
                proof=proof,
                metric=metric,
                why=why,
                needed_by=needed_by,
            )
            return shown(made.key)

        return run(work)

    @tool(server, READ)
    def list_requests(
        status: RequestStatusName | None = None, mine: bool = False
    ) -> CallToolResult:
        """Requests, new ones first (as `poboard request list --json`): key, title,
        requested_by, status (new, accepted, declined, merged), reason (a decline's),
        item (the backlog key it became or was merged into) and item_status (where that
        item stands now), created_at, updated_at. mine: only the ones you asked."""
        return run(lambda: {"requests": [request_json(r) for r in requests.all(status, mine)]})

    @tool(server, WRITE)
    def triage_request(
        key: Key,
        decision: DecisionName,
        reason: TriageReason = None,
        into: Into = None,
        horizon: LaneName | None = None,
    ) -> CallToolResult:
        """Decide a new request (the product owners' alone; while the board names none,
        anyone on the team's): accept (it joins the backlog at the bottom of the rank, or
        the horizon's lane), decline (a reason is required: the requester reads it), or
        merge a duplicate into the item `into` (its requester follows that item). A
        stakeholder is refused with not_allowed, anyone else who is not a product owner
        with not_product_owner."""

        def work() -> RequestJson:
            chosen = Decision(decision)
            if chosen is Decision.ACCEPT:
                done = requests.accept(key, horizon)
            elif chosen is Decision.DECLINE:
                done = requests.decline(key, reason or "")
            else:
                if not into:
                    raise InvalidInputError("merge needs the item it goes into (into: #42)")
                done = requests.merge(key, into)
            return shown(done.key)

        return run(work)
