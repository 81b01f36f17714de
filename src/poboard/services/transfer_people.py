"""Members and requests in the whole-board export (see `transfer`), written beside the
items they refer to and read back with them.

A restore into an empty board keeps them as they were: each request's number, status,
item and decision, each member's role and SSH keys (each key checked against its
fingerprint). Into a board in use, the file's requests are numbered anew (an accepted
one takes the number of the item it became) and its members are left out: who may reach
a board is its product owners' decision, never a file's. So is a restore's: members come
back only when the one restoring may change the members, and the settings (which name
the product owners) only when they may change those.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, replace
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..domain import rules
from ..domain.errors import InvalidInputError, PoboardError
from ..domain.models import Event, Item, parse_time
from ..domain.requests import RequestStatus, Role
from ..domain.settings import Settings
from ..domain.text_types import MultiLineText, OneLineText
from ..store import members as member_store
from ..store import planning
from ..store import requests as request_store
from ..store.connection import BoardDatabase
from ..store.members import MemberKey
from .board_file import MAX_NUMBER
from .config import CONFIG_KEYS, setting_value
from .core import BoardCore, validation_message
from .members import check_name, parse_keys

# A number of the items' numbering, a time as poboard stamps it, a key's type or data.
Number = Annotated[int, Field(strict=True, gt=0, le=MAX_NUMBER)]
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
MERGED_INTO = re.compile(r"into #(\d+)")  # a merge's note (`Requests.merge`)
KEY_PART = re.compile(r"[A-Za-z0-9@._+/=:-]{1,16384}")


def _stamped(value: str) -> str:
    if not STAMP.fullmatch(value) or parse_time(value) is None:
        raise ValueError("should be a time like 2026-03-02T09:30:00Z")
    return value


def _key_part(value: str) -> str:
    if not KEY_PART.fullmatch(value):
        raise ValueError("should be one word of an SSH public key, as `member list` shows")
    return value


Stamp = Annotated[str, AfterValidator(_stamped)]
KeyPart = Annotated[str, AfterValidator(_key_part)]


class KeyRecord(BaseModel):
    """An SSH public key as the file holds it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    type: KeyPart
    data: KeyPart
    comment: OneLineText = Field(default="", max_length=200)
    fingerprint: KeyPart
    added_by: OneLineText = Field(default="", max_length=200)
    added_at: Stamp | Literal[""] = ""
    last_used_at: Stamp | None = None


class MemberRecord(BaseModel):
    """A member as the file holds them: name, role, who added them and when, their keys."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    name: str
    role: Role = Role.MEMBER
    added_by: OneLineText = Field(max_length=200)
    added_at: Stamp
    keys: list[KeyRecord] = []

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        try:
            return check_name(value)
        except InvalidInputError as error:
            raise ValueError(str(error)) from None


class RequestRecord(BaseModel):
    """A request as the file holds it: what was asked (by the rules an item's title and
    intake fields follow, as when it was asked), by whom, and what was decided (`item`:
    the item it became or was merged into, or the request it was merged into)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    key: Number
    title: str
    audience: str | None = None
    promise: str | None = None
    proof: str | None = None
    metric: str | None = None
    why: MultiLineText | None = Field(default=None, max_length=10_000)
    needed_by: date | None = None
    requested_by: OneLineText = Field(min_length=1, max_length=200)
    status: RequestStatus = RequestStatus.NEW
    reason: OneLineText | None = Field(default=None, max_length=2_000)
    item: Number | None = None
    decided_by: OneLineText | None = Field(default=None, max_length=200)
    decided_at: Stamp | None = None
    created_at: Stamp
    updated_at: Stamp

    @model_validator(mode="after")
    def _asked_as_an_item(self) -> RequestRecord:
        asked = {name: getattr(self, name) for name in ("audience", "promise", "proof", "metric")}
        try:
            Item(title=self.title, **asked)
        except ValidationError as error:
            raise ValueError(validation_message(error)) from None
        return self


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
    waiting = {r.key for r in requests if r.status is not RequestStatus.ACCEPTED}
    for request in requests:
        problem = _request_problem(request, item_ids, waiting)
        if problem:
            raise InvalidInputError(
                f"request #{request.key} ({request.title!r}) {problem}; nothing was imported"
            )


def _once(values: list[Any], sentence: str) -> None:
    twice = [value for value, n in Counter(values).items() if n > 1]
    if twice:
        raise InvalidInputError(f"{sentence.format(twice[0])}; nothing was imported")


def _check_key(name: str, key: KeyRecord) -> None:
    if _parsed(key).fingerprint != key.fingerprint:
        raise InvalidInputError(
            f"member {name}'s key {key.fingerprint} is not the SSH key its data holds; "
            "nothing was imported"
        )


def _parsed(key: KeyRecord) -> MemberKey:
    """The key its type and data hold, as `member add` reads one (no comment, no stamp)."""
    try:
        (parsed,) = parse_keys(f"{key.type} {key.data}")
    except (PoboardError, ValueError):
        return MemberKey(key.type, key.data, "", "")
    return parsed


def _request_problem(
    request: RequestRecord, item_ids: set[int | None], waiting: set[int]
) -> str | None:
    """What is wrong with a request beside the file's items and the other requests (a
    request merged into one still waiting names it, as `request merge` allows)."""
    accepted = request.status is RequestStatus.ACCEPTED
    if accepted and request.item != request.key:
        return "is accepted, so its item has its number"
    if request.key in item_ids and not accepted:
        return "has the number of an item and was not accepted as it"
    if request.status in (RequestStatus.NEW, RequestStatus.DECLINED) and request.item:
        return f"is {request.status.value} and names #{request.item}"
    if request.status is RequestStatus.MERGED and request.item is None:
        return "is merged into nothing"
    if request.item == request.key and not accepted:
        return "is merged into itself"
    if request.item is not None and request.item not in item_ids | waiting:
        return f"names #{request.item}, which the file has neither as an item nor a request"
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
            parsed = _parsed(key)  # what the key holds, stored as `member add` stores it
            stamped = replace(
                parsed,
                comment=key.comment,
                added_by=key.added_by,
                added_at=key.added_at,
                last_used_at=key.last_used_at,
            )
            member_store.insert_key(core.db, owner, stamped)


def restore_settings(
    core: BoardCore, settings: Settings | None, keep: bool, notes: list[str]
) -> None:
    """Into an empty board (`keep`), the file's settings (in the caller's transaction), by
    the rule `config set` follows: who the product owners are, what Done and Ready mean
    and how work is ranked change only by one of this board's product owners, while it
    names any (over `poboard serve`, every setting). Into a board in use, none."""
    if settings is None:
        return
    if not keep:
        notes.append(
            "this board's settings were kept (a file's settings apply only to an empty board)"
        )
        return
    now = core.settings()
    changed = [
        key for key in CONFIG_KEYS if setting_value(settings, key) != setting_value(now, key)
    ]
    refusal = rules.config_refusal(core.user, now.product_owners, *changed, served=core.served)
    if refusal is not None:
        notes.append(f"the file's settings were left out: {refusal}")
        return
    for name, value in settings.model_dump(mode="json").items():
        planning.save_setting(core.db, name, value)


def import_requests(
    db: BoardDatabase,
    requests: list[RequestRecord],
    item_ids: dict[int | None, int],
    keep: bool,
) -> dict[int, int]:
    """The file's requests, in the order they were asked (in the caller's transaction);
    returns each one's number on this board by its number in the file. Restored, each
    keeps its number; imported into a board in use, an accepted one has its item's new
    number and the others follow this board's last."""
    asked = sorted(requests, key=lambda r: r.key)
    numbers: dict[int, int] = {}
    following = request_store.next_key(db)
    for request in asked:
        if keep:
            numbers[request.key] = request.key
        elif request.status is RequestStatus.ACCEPTED:
            numbers[request.key] = item_ids[request.key]  # as its item is numbered now
        else:
            numbers[request.key], following = following, following + 1
    for request in asked:
        row = request.model_dump()
        row["key"] = numbers[request.key]
        row["needed_by"] = request.needed_by.isoformat() if request.needed_by else None
        if request.item is not None:  # an item, or a request merged into
            row["item"] = item_ids.get(request.item) or numbers[request.item]
        request_store.restore_request(db, row)
    return numbers


def renumbered(event: Event, item_ids: dict[int | None, int], numbers: dict[int, int]) -> Event:
    """A file's event as this board numbers what it is about: its item, the request a
    request's event names (none, when the file does not hold that request: an export
    from before requests were exported; it would name another request here), and what a
    merge went into."""
    update: dict[str, Any] = {"id": None}
    update["item_id"] = item_ids.get(event.item_id) if event.item_id else None
    if event.action == "request":
        number = _number(event.ref or "")
        update["ref"] = str(numbers[number]) if number in numbers else None
        merged = MERGED_INTO.fullmatch(event.note or "")
        target = _number(merged[1]) if merged else None
        if target is not None and (now := item_ids.get(target) or numbers.get(target)):
            update["note"] = f"into #{now}"
    return event.model_copy(update=update)


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 12 else None
