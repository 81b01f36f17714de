"""Who a member is (the team, or a stakeholder who asks), and a request as it waits for,
and after, the product owner's decision."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .models import Status


class Role(StrEnum):
    """A `member` is on the team (every right the board gives); a `stakeholder` reads the
    board and adds and follows requests, and changes nothing else."""

    MEMBER = "member"
    STAKEHOLDER = "stakeholder"


class RequestStatus(StrEnum):
    NEW = "new"  # waiting for a product owner
    ACCEPTED = "accepted"  # an item of the backlog now, with the same number
    DECLINED = "declined"  # with the reason the requester reads
    MERGED = "merged"  # a duplicate: its requester follows another item


class Decision(StrEnum):
    """What triage decides (MCP's `triage_request(decision=…)`)."""

    ACCEPT = "accept"
    DECLINE = "decline"
    MERGE = "merge"


@dataclass(frozen=True)
class Request:
    """One ask from outside the team, numbered as items are (`#57`). `item` is the item
    it became (accepted: the same number) or was merged into, and `item_status` where
    that item stands now."""

    key: int
    title: str
    requested_by: str
    status: RequestStatus
    created_at: str
    updated_at: str
    audience: str | None = None
    promise: str | None = None
    proof: str | None = None
    metric: str | None = None
    why: str | None = None
    needed_by: str | None = None
    reason: str | None = None
    item: int | None = None
    item_status: Status | None = None
    decided_by: str | None = None
    decided_at: str | None = None

    @property
    def label(self) -> str:
        return f"#{self.key}"

    @property
    def open(self) -> bool:
        return self.status is RequestStatus.NEW
