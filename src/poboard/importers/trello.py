"""A Trello board's JSON export (Menu > Print, export and share > Export as JSON).

The export is one object: `lists`, `cards`, `checklists`, `members`, `labels`, `actions`
(comments and card creations, newest first), and `customFields`. Cards come out in board
order: lists by `pos`, then cards by `pos` within each list. Descriptions and comments are
already Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from ..domain.models import Status
from .detect import load_json
from .mapping import StatusMapper, kind_named
from .records import ImportFormatError, SourceComment, SourceCriterion, SourceFile, SourceItem
from .values import clean, read_date, read_datetime, read_number

READ_FIELDS = frozenset(
    ("id", "name", "desc", "idList", "closed", "pos", "due", "idMembers", "idLabels", "labels",
     "shortLink", "shortUrl", "url", "dateLastActivity", "idChecklists")
)  # fmt: skip
# Trello's own bookkeeping: nothing a person wrote, so nothing to report as left behind.
BOOKKEEPING = frozenset(
    ("idBoard", "idShort", "descData", "badges", "checkItemStates", "manualCoverAttachment",
     "idAttachmentCover", "subscribed", "cover", "isTemplate", "cardRole", "email", "limits",
     "nodeId", "dueReminder", "mirrorSourceId", "mirrorSourceNodeId", "pinned", "address",
     "coordinates", "locationName", "staticMapUrl", "creationMethod", "idOrganization")
)  # fmt: skip
OBJECT_ID = re.compile(r"[0-9a-f]{24}")
POINTS_FIELD = re.compile(r"point|estimate", re.I)

Json = dict[str, Any]


def parse_trello(text: str, mapping: Mapping[str, str] | None = None) -> SourceFile:
    """Read a Trello board export given as text."""
    return trello_from_data(load_json(text), mapping)


def trello_from_data(data: object, mapping: Mapping[str, str] | None = None) -> SourceFile:
    """Read an already loaded Trello board export; cards that cannot be read are problems."""
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("lists"), list)
        or not isinstance(data.get("cards"), list)
    ):
        raise ImportFormatError(
            "this JSON is not a Trello board export: it needs 'lists' and 'cards' arrays"
        )
    board = Board(data)
    mapper = StatusMapper(mapping)
    result = SourceFile(source="trello")
    cards = data["cards"]
    order = sorted(range(len(cards)), key=lambda n: board.rank(cards[n], n))
    for n in order:
        number = n + 1
        card = cards[n]
        if not isinstance(card, dict):
            result.problems.append((number, f"card {number} is not an object"))
            continue
        try:
            result.items.append(board.item(card, number, mapper, result.warnings))
        except ValueError as err:
            result.problems.append((number, str(err)))
        except (KeyError, TypeError, AttributeError) as err:
            result.problems.append((number, f"card {number} cannot be read ({err})"))
    result.problems.sort(key=lambda problem: problem[0])  # file order, as people look them up
    result.warnings.sort(key=lambda warning: warning[0])
    result.status_map = dict(mapper.used)
    result.unmapped_columns = _unread_fields(cards, board.points_fields)
    result.warnings.extend(mapper.unmatched_warnings())
    return result


def _id(entry: Json, field: str = "id") -> str | None:
    """An id used to look things up; anything but text (hostile or broken files) is None."""
    value = entry.get(field)
    return value if isinstance(value, str) else None


def _dict(value: object) -> Json:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _objects(data: Json, name: str) -> list[Json]:
    return [entry for entry in _list(data.get(name)) if isinstance(entry, dict)]


def _position(value: object, fallback: float) -> float:
    try:
        number = read_number(value)
    except ValueError:
        return fallback
    return fallback if number is None else number


class Board:
    """The board's lookup tables: lists, members, labels, checklists, comments, creations."""

    def __init__(self, data: Json) -> None:
        lists = _objects(data, "lists")
        self.lists: dict[str | None, Json] = {key: entry for entry in lists if (key := _id(entry))}
        ordered = sorted(range(len(lists)), key=lambda n: (_position(lists[n].get("pos"), n), n))
        self.list_rank = {_id(lists[n]): rank for rank, n in enumerate(ordered)}
        self.members: dict[str | None, str | None] = {
            key: clean(m.get("username")) or clean(m.get("fullName"))
            for m in _objects(data, "members")
            if (key := _id(m))
        }
        self.labels: dict[str | None, str | None] = {
            key: clean(label.get("name")) or clean(label.get("color"))
            for label in _objects(data, "labels")
            if (key := _id(label))
        }
        self.checklists: dict[object, list[Json]] = {}
        for checklist in _objects(data, "checklists"):
            self.checklists.setdefault(_id(checklist, "idCard"), []).append(checklist)
        self.points_fields = {
            key
            for f in _objects(data, "customFields")
            if (key := _id(f))
            and f.get("type") == "number"
            and POINTS_FIELD.search(str(f.get("name", "")))
        }
        self.comments: dict[object, list[SourceComment]] = {}
        self.created: dict[object, tuple[datetime | None, str | None]] = {}
        for action in _objects(data, "actions"):
            self._action(action)

    def _action(self, action: Json) -> None:
        action_data = _dict(action.get("data"))
        card = _dict(action_data.get("card"))
        if _id(card) is None:
            return
        creator = action.get("memberCreator")
        author = clean(creator.get("username")) if isinstance(creator, dict) else None
        author = author or self.members.get(_id(action, "idMemberCreator"))
        try:
            at = read_datetime(action.get("date"))
        except ValueError:
            at = None
        text = action_data.get("text")
        if action.get("type") == "commentCard" and isinstance(text, str):
            comment = SourceComment(author=author, at=at, text=text)
            self.comments.setdefault(_id(card), []).append(comment)
        elif action.get("type") in ("createCard", "copyCard", "convertToCardFromCheckItem"):
            self.created[_id(card)] = (at, author)

    def rank(self, card: object, n: int) -> tuple[float, float, int]:
        """Board order: the list's place, then the card's `pos`; unknown lists go last."""
        if not isinstance(card, dict):
            return (float("inf"), 0.0, n)
        list_rank = self.list_rank.get(_id(card, "idList"), float("inf"))
        return (float(list_rank), _position(card.get("pos"), float(n)), n)

    def item(
        self, card: Json, number: int, mapper: StatusMapper, warnings: list[tuple[int, str]]
    ) -> SourceItem:
        title = clean(card.get("name"))
        key = clean(card.get("shortLink")) or clean(_id(card))
        if key is None:
            raise ValueError(f"card {number} has no shortLink or id")
        if title is None:
            raise ValueError(f"card {key} has no name")
        board_list = self.lists.get(_id(card, "idList"))
        list_name = clean(board_list.get("name")) if board_list else None
        if board_list is None:
            warnings.append((number, f"card {key} is on a list missing from the file"))
        status, horizon = mapper.place(list_name or "")
        if card.get("closed") is True or (board_list and board_list.get("closed") is True):
            status = Status.DROPPED  # archived card, or a card on an archived list
        labels = self._labels(card)
        created, creator = self.created.get(_id(card), (None, None))
        comments = sorted(
            self.comments.get(_id(card), []),
            key=lambda c: c.at or datetime.max.replace(tzinfo=UTC),
        )
        return SourceItem(
            source="trello",
            key=key,
            title=title,
            row=number,
            url=clean(card.get("shortUrl")) or clean(card.get("url")),
            description=desc if isinstance(desc := card.get("desc"), str) else "",
            kind=next((k for k in map(kind_named, labels) if k is not None), None),
            status_name=list_name or "",
            status=status,
            horizon=horizon,
            owner=self._owner(card),
            reporter=creator,
            estimate=self._points(card, number, key, warnings),
            labels=labels,
            created_at=created or _id_time(_id(card)),
            updated_at=_moment(card.get("dateLastActivity"), number, key, warnings),
            due=_due(card.get("due"), number, key, warnings),
            criteria=self._criteria(card),
            comments=tuple(comments),
        )

    def _labels(self, card: Json) -> tuple[str, ...]:
        ids = [i for i in _list(card.get("idLabels")) if isinstance(i, str)]
        names = [self.labels.get(i) for i in ids]
        if not ids:
            names = [
                clean(label.get("name")) or clean(label.get("color"))
                for label in _objects(card, "labels")
            ]
        return tuple(dict.fromkeys(name for name in names if name))

    def _owner(self, card: Json) -> str | None:
        members = [m for m in _list(card.get("idMembers")) if isinstance(m, str)]
        return next((self.members[m] for m in members if self.members.get(m)), None)

    def _criteria(self, card: Json) -> tuple[SourceCriterion, ...]:
        """Checklist items in checklist order, then item order; `complete` means met."""
        lists = self.checklists.get(_id(card), [])
        found = []
        for _, _, checklist in sorted(
            (_position(c.get("pos"), n), n, c) for n, c in enumerate(lists)
        ):
            items = _objects(checklist, "checkItems")
            for _, _, entry in sorted(
                (_position(i.get("pos"), n), n, i) for n, i in enumerate(items)
            ):
                text = clean(entry.get("name"))
                if text:
                    found.append(SourceCriterion(text=text, met=entry.get("state") == "complete"))
        return tuple(found)

    def _points(
        self, card: Json, number: int, key: str, warnings: list[tuple[int, str]]
    ) -> float | None:
        """Story points from a number custom field named like "Points" or "Estimate"."""
        for entry in _objects(card, "customFieldItems"):
            if _id(entry, "idCustomField") in self.points_fields:
                try:
                    return read_number(_dict(entry.get("value")).get("number"))
                except ValueError as err:
                    warnings.append((number, f"card {key}: points {err}; left empty"))
        return None


def _moment(
    value: object, number: int, key: str, warnings: list[tuple[int, str]]
) -> datetime | None:
    try:
        return read_datetime(value)
    except ValueError as err:
        warnings.append((number, f"card {key}: {err}; left empty"))
        return None


def _due(value: object, number: int, key: str, warnings: list[tuple[int, str]]) -> date | None:
    try:
        return read_date(value)
    except ValueError as err:
        warnings.append((number, f"card {key}: due {err}; left empty"))
        return None


def _id_time(card_id: object) -> datetime | None:
    """Trello ids are MongoDB ObjectIds: their first 8 hex digits are the creation second."""
    if isinstance(card_id, str) and OBJECT_ID.fullmatch(card_id):
        return datetime.fromtimestamp(int(card_id[:8], 16), UTC)
    return None


def _unread_fields(cards: list[object], points_fields: set[str]) -> list[str]:
    """Card fields that carry something on some card and that no SourceItem field reads."""
    skip = READ_FIELDS | BOOKKEEPING | ({"customFieldItems"} if points_fields else set())
    unread: dict[str, None] = {}
    for card in cards:
        if isinstance(card, dict):
            for name, value in card.items():
                if name not in skip and value not in (None, "", [], {}, False):
                    unread.setdefault(name, None)
    return list(unread)
