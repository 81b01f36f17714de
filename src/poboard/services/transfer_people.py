"""Members and requests in the whole-board export (see `transfer`), written beside the
items they refer to and read back with them.

A restore into an empty board keeps them as they were: each request's number, status,
item and decision, each member's role and SSH keys (each key checked against its
fingerprint). Into a board in use, the file's requests are numbered anew (an accepted
one takes the number of the item it became) and its members are left out: who may reach
a board is its product owners' decision, never a file's. So is a restore's: members come
back only when the one restoring may change the members.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..domain import rules
from ..domain.errors import InvalidInputError, PoboardError
from ..domain.models import Event, Item
from ..domain.requests import RequestStatus, Role
from ..domain.text_types import MultiLineText, OneLineText
from ..store import members as member_store
from ..store import requests as request_store
from ..store.connection import BoardDatabase
from ..store.members import MemberKey
from .core import BoardCore
from .members import check_name, parse_keys


class KeyRecord(BaseModel):
    """An SSH public key as the file holds it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: str
    data: str
    comment: OneLineText = ""
    fingerprint: str
    added_by: OneLineText = ""
    added_at: str = ""
    last_used_at: str | None = None


class MemberRecord(BaseModel):
    """A member as the file holds them: name, role, who added them and when, their keys."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    role: Role = Role.MEMBER
    added_by: OneLineText
    added_at: str
    keys: list[KeyRecord] = []

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            return check_name(value)
        except InvalidInputError as error:
            raise ValueError(str(error)) from None


class RequestRecord(BaseModel):
    """A request as the file holds it: what was asked, by whom, and what was decided
    (`item`: the item it became or was merged into)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    key: int = Field(gt=0)
    title: OneLineText = Field(min_length=1)
    audience: OneLineText | None = None
    promise: OneLineText | None = None
    proof: OneLineText | None = None
    metric: OneLineText | None = None
    why: MultiLineText | None = None
    needed_by: str | None = None
    requested_by: OneLineText = Field(min_length=1)
    status: RequestStatus = RequestStatus.NEW
    reason: OneLineText | None = None
    item: int | None = None
    decided_by: OneLineText | None = None
    decided_at: str | None = None
    created_at: str
    updated_at: str


def export_members(db: BoardDatabase) -> list[dict[str, Any]]:
    return [asdict(member) for member in member_store.load_members(db)]


def export_requests(db: BoardDatabase) -> list[dict[str, Any]]:
    found = sorted(request_store.load_requests(db), key=lambda r: r.key)
    return [
        {name: value for name, value in asdict(r).items() if name != "item_status"} for r in found
    ]


def check_people(
    members: list[MemberRecord], requests: list[RequestRecord], items: list[Item]
) -> None:
    """What the file's members and requests say must hold together: one member a name
    and a key, each key the one its fingerprint names; one request a number, none an
    item's but the item it became, and an item for each decision that names one."""
    _once([m.name for m in members], "member {} appears twice")
    _once([k.fingerprint for m in members for k in m.keys], "key {} appears twice")
    for member in members:
        for key in member.keys:
            _check_key(member.name, key)
    _once([r.key for r in requests], "request #{} appears twice")
    item_ids = {item.id for item in items}
    for request in requests:
        problem = _request_problem(request, item_ids)
        if problem:
            raise InvalidInputError(
                f"request #{request.key} ({request.title!r}) {problem}; nothing was imported"
            )


def _once(values: list[Any], sentence: str) -> None:
    twice = [value for value, n in Counter(values).items() if n > 1]
    if twice:
        raise InvalidInputError(f"{sentence.format(twice[0])}; nothing was imported")


def _check_key(name: str, key: KeyRecord) -> None:
    try:
        (parsed,) = parse_keys(f"{key.type} {key.data}")
    except (PoboardError, ValueError):
        parsed = None
    if parsed is None or parsed.fingerprint != key.fingerprint:
        raise InvalidInputError(
            f"member {name}'s key {key.fingerprint} is not the SSH key its data holds; "
            "nothing was imported"
        )


def _request_problem(request: RequestRecord, item_ids: set[int | None]) -> str | None:
    accepted = request.status is RequestStatus.ACCEPTED
    if accepted and request.item != request.key:
        return "is accepted, so its item has its number"
    if request.key in item_ids and not accepted:
        return "has the number of an item and was not accepted as it"
    if request.status in (RequestStatus.NEW, RequestStatus.DECLINED) and request.item:
        return f"is {request.status.value} and names item #{request.item}"
    if request.status is RequestStatus.MERGED and request.item is None:
        return "is merged into no item"
    if request.item is not None and request.item not in item_ids:
        return f"names item #{request.item}, which the file does not have"
    return None


def restore_members(
    core: BoardCore, members: list[MemberRecord], keep: bool, notes: list[str]
) -> None:
    """Into an empty board (`keep`), the file's members with their roles and keys (in the
    caller's transaction); a name or key the board has already keeps what it has. Into a
    board in use, none."""
    if not members:
        return
    if not keep:
        notes.append(
            f"the file's {len(members)} members were left out (a board in use adds its "
            "members through its product owners: poboard member add)"
        )
        return
    refusal = rules.admin_refusal(
        core.user, core.settings().product_owners, core.served, "restore the members"
    )
    if refusal is not None:
        notes.append(f"the file's {len(members)} members were left out: {refusal}")
        return
    for member in members:
        owner = member_store.member_id(core.db, member.name)
        if owner is not None:
            notes.append(f"{member.name} is a member of this board already: kept as they are")
            continue
        owner = member_store.insert_member(
            core.db, member.name, member.added_by, member.added_at, member.role.value
        )
        for key in member.keys:
            holder = member_store.owner_of_key(core.db, key.fingerprint)
            if holder is not None:
                notes.append(f"key {key.fingerprint} belongs to {holder} here: kept theirs")
                continue
            member_store.insert_key(core.db, owner, MemberKey(**key.model_dump()))


def import_requests(
    db: BoardDatabase,
    requests: list[RequestRecord],
    item_ids: dict[int | None, int],
    keep: bool,
) -> dict[int, int]:
    """The file's requests, in the order they were asked (in the caller's transaction);
    returns each one's number on this board by its number in the file."""
    numbers: dict[int, int] = {}
    for request in sorted(requests, key=lambda r: r.key):
        row = request.model_dump()
        row["item"] = item_ids.get(request.item) if request.item is not None else None
        if keep:
            row["key"] = request.key
        elif request.status is RequestStatus.ACCEPTED:
            row["key"] = row["item"]  # an accepted request has its item's number
        else:
            row["key"] = request_store.next_key(db)
        request_store.restore_request(db, row)
        numbers[request.key] = row["key"]
    return numbers


def renumbered(event: Event, item_ids: dict[int | None, int], numbers: dict[int, int]) -> Event:
    """A file's event as this board numbers what it is about: its item, and the request
    a request's event names."""
    update: dict[str, Any] = {"id": None}
    update["item_id"] = item_ids.get(event.item_id) if event.item_id else None
    if event.action == "request" and event.ref and event.ref.isdecimal():
        update["ref"] = str(numbers.get(int(event.ref), int(event.ref)))
    return event.model_copy(update=update)
