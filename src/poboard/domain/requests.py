"""Who a member is (the team, or a stakeholder who asks), and a request as it waits for,
and after, the product owner's decision."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import median

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


@dataclass(frozen=True)
class Asked:
    """Done work that was asked for: the item, and the requests (with who asked) it
    answers: the one accepted as it, and the duplicates merged into it."""

    item: int
    requests: tuple[Request, ...]

    @property
    def by(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.requested_by for r in self.requests))


def delivered(requests: Iterable[Request], done: Iterable[int]) -> tuple[Asked, ...]:
    """The requests answered by the done items `done`, by item, in its order."""
    wanted = list(dict.fromkeys(done))
    found: dict[int, list[Request]] = {}
    for r in requests:
        if r.item is not None and r.status in (RequestStatus.ACCEPTED, RequestStatus.MERGED):
            found.setdefault(r.item, []).append(r)
    return tuple(
        Asked(i, tuple(sorted(found[i], key=lambda r: r.key))) for i in wanted if i in found
    )


@dataclass(frozen=True)
class Intake:
    """How requests arrive and are answered over the last `weeks` weeks: asked per week,
    days from asking to a decision, and the share of decisions of each kind."""

    weeks: int
    asked: int
    waiting: int  # new, all told
    decided: int
    accepted: int
    declined: int
    merged: int
    days_to_decision: float | None  # the median, over the decisions made in the weeks

    @property
    def per_week(self) -> float:
        return self.asked / self.weeks if self.weeks else 0.0

    def share(self, count: int) -> float | None:
        return count / self.decided if self.decided else None


def intake(requests: Sequence[Request], today: date, weeks: int = 8) -> Intake:
    since = (today - timedelta(weeks=weeks)).isoformat()
    recent = [r for r in requests if r.created_at[:10] > since]
    decided = [r for r in requests if r.decided_at and r.decided_at[:10] > since]
    waits = sorted(_days_between(r.created_at, r.decided_at or "") for r in decided)
    count = {s: sum(1 for r in decided if r.status is s) for s in RequestStatus}
    return Intake(
        weeks=weeks,
        asked=len(recent),
        waiting=sum(1 for r in requests if r.status is RequestStatus.NEW),
        decided=len(decided),
        accepted=count[RequestStatus.ACCEPTED],
        declined=count[RequestStatus.DECLINED],
        merged=count[RequestStatus.MERGED],
        days_to_decision=round(median(waits), 1) if waits else None,
    )


def _days_between(start: str, end: str) -> float:
    moments = [datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ") for s in (start, end)]
    return (moments[1] - moments[0]).total_seconds() / 86400
