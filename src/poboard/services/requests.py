"""Requests from outside the team: anyone on the board asks, a product owner decides
(accept into the backlog, decline with a reason, merge into an item asked for already),
and whoever asked can follow what became of it in one command.

A request takes a number of the items' numbering when it is asked; it becomes an item,
with that number, only when accepted. Until then no list, roadmap or plan reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..domain import rules
from ..domain.errors import (
    FieldError,
    GateRefusal,
    InvalidInputError,
    NotFoundError,
    Refusal,
)
from ..domain.models import CLOSED_STATUSES, Event, Horizon, Item, Status
from ..domain.requests import Request, RequestStatus
from ..domain.text_types import plain_line, plain_text
from ..store import events as event_store
from ..store import item_rows, planning
from ..store import items as item_store
from ..store import requests as request_store
from .core import BoardCore, parse_choice, parse_key, validation_message

HORIZON_REFUSAL = "{value} is not a horizon: use now, next or later"
STATUS_REFUSAL = "{value} is not a request status: use {names}"


class Requests:
    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db

    # ----- reading ------------------------------------------------------------------------

    def get(self, key: str | int) -> Request:
        number = parse_key(key)
        found = request_store.load_request(self.db, number)
        if found is None:
            raise NotFoundError(f"#{number} is not a request on this board")
        return found

    def all(self, status: RequestStatus | str | None = None, mine: bool = False) -> list[Request]:
        """Requests, new ones first then the latest asked; `mine`: this user's own."""
        wanted = None if status is None else parse_choice(RequestStatus, status, STATUS_REFUSAL)
        return request_store.load_requests(
            self.db, wanted.value if wanted else None, self.core.user if mine else None
        )

    def asked_for(self, item: int) -> list[Request]:
        """The requests behind an item: the one it was accepted from, those merged in."""
        return request_store.for_item(self.db, item)

    def count_new(self) -> int:
        return request_store.count_new(self.db)

    def history(self, key: str | int) -> list[Event]:
        return request_store.events_of(self.db, self.get(key).key)

    def may_triage(self) -> bool:
        """Whether this user may accept, decline or merge requests."""
        return self._triage_refusal() is None

    def whereabouts(self, key: str | int) -> str | None:
        """Where the request's item is now, in one line: its place in the backlog, its
        sprint, or the day it was done (with the day the request was accepted)."""
        request = self.get(key)
        if request.item is None:
            return None
        item = item_store.load_item(self.db, request.item)
        if item is None or item.id is None:
            return None
        decided = request.decided_at[:10] if request.decided_at else "?"
        accepted = f" ({request.status.value} {decided})"
        if item.status is Status.DONE:
            done = [e.at[:10] for e in event_store.for_item(self.db, item.id) if _to_done(e)]
            return f"#{item.id} Done on {done[-1] if done else '?'}{accepted}"
        if item.status in CLOSED_STATUSES:
            return f"#{item.id} {item.status.value}{accepted}"
        sprint = planning.load_sprint(self.db, sprint_id=item.sprint_id) if item.sprint_id else None
        if sprint is not None:
            return f"#{item.id} in sprint {sprint.name}, {item.status.value}{accepted}"
        rank = item_rows.open_position(self.db, item.id)
        return f"#{item.id} in the backlog, rank {rank}{accepted}"

    # ----- asking -------------------------------------------------------------------------

    def add(
        self,
        title: str,
        *,
        audience: str | None = None,
        promise: str | None = None,
        proof: str | None = None,
        metric: str | None = None,
        why: str | None = None,
        needed_by: str | date | None = None,
    ) -> Request:
        """A new request, by anyone on the board (a stakeholder, or a member relaying an
        ask); the intake fields are those an item's Definition of Ready reads."""
        asked = {"audience": audience, "promise": promise, "proof": proof, "metric": metric}
        try:
            # the same rules as an item's title and intake fields
            Item(title=title, audience=audience, promise=promise, proof=proof, metric=metric)
        except ValidationError as error:
            field = str(error.errors()[0]["loc"][0]) if error.errors()[0]["loc"] else "title"
            raise FieldError(validation_message(error), field) from None
        fields: dict[str, Any] = {
            "title": title.strip(),
            **{name: (value.strip() or None) if value else None for name, value in asked.items()},
            "why": _in_field("why", lambda: plain_text(why.strip(), "why") if why else None),
            "needed_by": _in_field("needed_by", lambda: _day(needed_by)),
        }
        with self.core.writing(by_anyone=True):
            now = self.core.now()
            key = request_store.insert_request(self.db, fields, self.core.user, now)
            self._log(key, "title", None, fields["title"])
        return self.get(key)

    def comment(self, key: str | int, text: str) -> Request:
        """A line on a request's history: its requester's, or the team's."""
        text = plain_line(text.strip(), "comment")
        if not text:
            raise InvalidInputError("a comment needs some text")
        request = self.get(key)
        with self.core.writing(by_anyone=True):
            if request.requested_by != self.core.user:
                refusal = rules.role_refusal(self.core.user, self.core.is_stakeholder)
                if refusal is not None:
                    raise GateRefusal(refusal)
            self._log(request.key, "comment", None, text)
            request_store.touch(self.db, request.key, self.core.now())
        return self.get(key)

    # ----- triage (the product owners') ---------------------------------------------------

    def accept(self, key: str | int, horizon: Horizon | str | None = None) -> Request:
        """It joins the backlog at the bottom of the rank (in `horizon`'s lane when given),
        as an item with the request's number, what its requester wrote and who asked."""
        lane = None if horizon is None else parse_choice(Horizon, horizon, HORIZON_REFUSAL)
        with self.core.writing(by_anyone=True):
            request = self._undecided(key)
            now = self.core.now()
            try:
                item = Item(
                    id=request.key,
                    title=request.title,
                    description=_description(request),
                    audience=request.audience,
                    promise=request.promise,
                    proof=request.proof,
                    metric=request.metric,
                    horizon=lane or Horizon.UNPLANNED,
                    created_by=request.requested_by,
                    created_at=request.created_at,
                    updated_by=self.core.user,
                    updated_at=now,
                )
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            item.rank = item_store.rank_bounds(self.db)[1] + 1
            self.core.insert(item)
            note = f"request from {request.requested_by}"
            self.core.log(*self.core.creation_events(item, note=note))
            request_store.decide(
                self.db, request.key, RequestStatus.ACCEPTED, self.core.user, now, None, item.id
            )
            self._log(request.key, "status", "new", "accepted", lane.value if lane else None)
        return self.get(key)

    def decline(self, key: str | int, reason: str) -> Request:
        """Declined, with the reason its requester reads (a reason is required)."""
        reason = plain_line((reason or "").strip(), "reason")
        if not reason:
            raise InvalidInputError("a declined request needs a reason (--reason TEXT)")
        with self.core.writing(by_anyone=True):
            request = self._undecided(key)
            now = self.core.now()
            request_store.decide(
                self.db, request.key, RequestStatus.DECLINED, self.core.user, now, reason
            )
            self._log(request.key, "status", "new", "declined", reason)
        return self.get(key)

    def merge(self, key: str | int, into: str | int) -> Request:
        """A duplicate of work asked for already: its requester follows `into` instead,
        an item or a request still waiting (whose item, once accepted, has its number)."""
        with self.core.writing(by_anyone=True):
            request = self._undecided(key)
            target = parse_key(into)
            if target == request.key:
                raise InvalidInputError(f"#{target} cannot be merged into itself")
            if item_store.load_item(self.db, target) is None:
                other = request_store.load_request(self.db, target)
                if other is None:
                    raise NotFoundError(f"#{target} is neither an item nor a request here")
                if other.status is not RequestStatus.NEW:
                    went = f" into #{other.item}" if other.item else ""
                    raise InvalidInputError(
                        f"#{target} was {other.status.value}{went}: merge into what it became"
                    )
            now = self.core.now()
            request_store.decide(
                self.db, request.key, RequestStatus.MERGED, self.core.user, now, None, target
            )
            self._log(request.key, "status", "new", "merged", f"into #{target}")
        return self.get(key)

    def _undecided(self, key: str | int) -> Request:
        refusal = self._triage_refusal()
        if refusal is not None:
            raise GateRefusal(refusal)
        request = self.get(key)
        if request.status is not RequestStatus.NEW:
            raise InvalidInputError(f"{request.label} was {request.status.value} already")
        return request

    def _triage_refusal(self) -> Refusal | None:
        owners = self.core.settings().product_owners
        return rules.triage_refusal(self.core.user, owners, self.core.is_stakeholder)

    def _log(
        self, key: int, field: str, old: str | None, new: str | None, note: str | None = None
    ) -> None:
        event = self.core.event("request", None, field, old, new, note=note, ref=str(key))
        self.core.log(event)


def _to_done(event: Event) -> bool:
    return event.field == "status" and event.new == Status.DONE.value


def _in_field(field: str, read: Callable[[], str | None]) -> str | None:
    """A field's value read, its refusal naming the field (a form shows it beside it)."""
    try:
        return read()
    except FieldError:
        raise
    except InvalidInputError as error:
        raise FieldError(str(error), field) from None


def _day(value: str | date | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InvalidInputError(f"{value!r} is not a day: use YYYY-MM-DD") from None


def _description(request: Request) -> str:
    """What the requester wrote beyond the intake fields, kept on the item."""
    parts = [request.why or ""]
    if request.needed_by:
        parts.append(f"Needed by {request.needed_by}.")
    parts.append(f"Asked by {request.requested_by} ({request.label}).")
    return "\n\n".join(p for p in parts if p)
