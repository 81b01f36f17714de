"""Items as lists show them: one row an item, chosen by indexed conditions, with what
readiness and the score need kept on the row (never a criterion read)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict, Unpack

from ..domain.models import ExperimentResult, Horizon, ItemRow, Kind, Status
from ..domain.readiness import READY_FIELDS, ReadyField
from .connection import BoardDatabase

ROW_COLUMNS = (
    "id", "title", "kind", "description", "owner", "audience", "promise", "proof", "metric",
    "goal_id", "key_result_id", "horizon", "sprint_id", "status", "rank", "estimate", "value",
    "urgency", "impact", "fit", "effort", "risk", "slipped", "version", "partners", "hypothesis",
    "success_metric", "guardrail_metric", "decision_rule", "result", "result_note",
    "created_by", "created_at", "updated_by", "updated_at", "source", "source_key",
    "source_url", "missing", "criteria_open",
)  # fmt: skip
ROW_SQL = (
    f"SELECT {', '.join(ROW_COLUMNS)}, (SELECT group_concat(blocker_id) FROM blockers b "
    "WHERE b.item_id = items.id) AS blocked_by FROM items"
)


def load_rows(
    db: BoardDatabase, where: str = "", params: Sequence[Any] = (), limit: int | None = None
) -> list[ItemRow]:
    """Items as lists show them, in rank order, without reading a single criterion; the
    first `limit` of them when given. A row whose derived columns are not filled yet (an
    upgraded board opened read-only) comes with `missing` UNDERIVED and is filled by the
    board service."""
    sql = f"{ROW_SQL} {'WHERE ' + where if where else ''} ORDER BY rank, id"
    if limit is not None:
        sql, params = f"{sql} LIMIT ?", [*params, limit]
    found = []
    for r in db.conn.execute(sql, list(params)):
        v = list(r)
        v[_KIND], v[_HORIZON], v[_STATUS] = (
            KINDS[v[_KIND]],
            HORIZONS[v[_HORIZON]],
            STATUSES[v[_STATUS]],
        )
        v[_PARTNERS] = _partners(v[_PARTNERS])
        v[_RESULT] = None if v[_RESULT] is None else ExperimentResult(v[_RESULT])
        v[_MISSING] = parse_missing(v[_MISSING])
        v[_OPEN] = v[_OPEN] or 0
        v[_BLOCKED] = tuple(int(b) for b in v[_BLOCKED].split(",")) if v[_BLOCKED] else ()
        found.append(ItemRow(*v))
    return found


# Where load_rows finds each column it converts: ItemRow is made positionally, fast.
_KIND, _HORIZON, _STATUS, _PARTNERS, _RESULT, _MISSING, _OPEN = (
    ROW_COLUMNS.index(name)
    for name in ("kind", "horizon", "status", "partners", "result", "missing", "criteria_open")
)
_BLOCKED = len(ROW_COLUMNS)


def _partners(stored: str) -> tuple[str, ...]:
    return () if stored == "[]" else tuple(json.loads(stored))


KINDS = {k.value: k for k in Kind}
HORIZONS = {h.value: h for h in Horizon}
STATUSES = {s.value: s for s in Status}


class Underived(tuple[ReadyField, ...]):
    """What a row keeps as `missing` before its derived columns are filled (an upgraded
    board opened read-only), or when it names a field this poboard does not know: the
    board service derives it afresh. Until then it reads as missing everything."""

    __slots__ = ()


UNDERIVED = Underived(READY_FIELDS)
_PARSED: dict[str, tuple[ReadyField, ...]] = {"": ()}


def parse_missing(stored: str | None) -> tuple[ReadyField, ...]:
    """The `missing` column as fields: the labels of what an item lacks, comma-joined
    ("owner,acceptance criteria"), as board files have always kept it (and `--json` lists
    it). Read once here; the few combinations a board holds are parsed once each."""
    if stored is None:
        return UNDERIVED
    found = _PARSED.get(stored)
    if found is None:
        fields = [ReadyField.from_label(label) for label in stored.split(",")]
        known = tuple(f for f in fields if f is not None)
        if len(known) < len(fields):
            return UNDERIVED
        found = _PARSED[stored] = known
    return found


def stored_missing(fields: Iterable[ReadyField]) -> str:
    """What an item lacks as its row keeps it: see `parse_missing`."""
    return ",".join(field.label for field in fields)


OPEN = "status NOT IN ('done', 'dropped')"


class Conditions(TypedDict, total=False):
    """What chooses the rows a screen or a command shows; each one is indexed."""

    open_only: bool
    status: str | None
    horizon: str | None
    sprint_id: int | None
    outside_sprints: bool  # only items in no sprint
    ids: Sequence[int] | None


def select_rows(db: BoardDatabase, **conditions: Unpack[Conditions]) -> list[ItemRow]:
    """Rows chosen by what a screen or a command shows, in rank order."""
    return load_rows(db, *item_conditions(**conditions))


def first_rows(
    db: BoardDatabase, limit: int, **conditions: Unpack[Conditions]
) -> tuple[list[ItemRow], int]:
    """The first `limit` rows chosen, in rank order, and how many were chosen in all."""
    where, params = item_conditions(**conditions)
    count = f"SELECT COUNT(*) FROM items {'WHERE ' + where if where else ''}"
    total = int(db.conn.execute(count, params).fetchone()[0])
    return load_rows(db, where, params, limit), total


def item_conditions(**conditions: Unpack[Conditions]) -> tuple[str, list[Any]]:
    """The WHERE clause (without the word) and its parameters for `select_rows`."""
    where: list[str] = []
    params: list[Any] = []
    if conditions.get("open_only"):
        where.append(OPEN)
    for column in ("status", "horizon", "sprint_id"):
        if (value := conditions.get(column)) is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if conditions.get("outside_sprints"):
        where.append("sprint_id IS NULL")
    if (ids := conditions.get("ids")) is not None:
        wanted = list(dict.fromkeys(ids))
        where.append(f"id IN ({','.join('?' * len(wanted))})" if wanted else "0")
        params += wanted
    return " AND ".join(where), params


def flow_rows(db: BoardDatabase, ids: Iterable[int]) -> list[ItemRow]:
    """What velocity, burndown and throughput count: work in sprints, done work, and the
    items the flow events name."""
    wanted = list(dict.fromkeys(ids))
    named = f" OR id IN ({','.join('?' * len(wanted))})" if wanted else ""
    return load_rows(db, f"sprint_id IS NOT NULL OR status = 'done'{named}", wanted)


def find_ids(db: BoardDatabase, words: Sequence[str], limit: int) -> list[int]:
    """Items whose title holds every word (ASCII letters in any case), open ones first,
    in rank order: one pass over the titles, never a row more than `limit` read out."""
    if not words:
        return []
    where = " AND ".join("title LIKE ? ESCAPE '\\'" for _ in words)
    params: list[Any] = [f"%{_like_escaped(word)}%" for word in words]
    sql = f"SELECT id FROM items WHERE {where} ORDER BY NOT ({OPEN}), rank, id LIMIT ?"
    return [row[0] for row in db.conn.execute(sql, [*params, limit])]


def _like_escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count_open(db: BoardDatabase) -> int:
    return int(db.conn.execute(f"SELECT COUNT(*) FROM items WHERE {OPEN}").fetchone()[0])


def open_ids(db: BoardDatabase) -> list[int]:
    """Open items' ids in rank order: each one's position is its place here."""
    sql = f"SELECT id FROM items WHERE {OPEN} ORDER BY rank, id"
    return [row[0] for row in db.conn.execute(sql)]


# What the Definition of Ready reads from an item's own columns (criteria are a table).
READINESS_COLUMNS = tuple(f for f in READY_FIELDS if f is not ReadyField.CRITERIA)


def readiness_inputs(
    db: BoardDatabase, kinds: Sequence[str]
) -> list[tuple[int, Kind, dict[ReadyField, object]]]:
    """What the Definition of Ready reads of each item of these kinds, in one pass: its
    fields, and `criteria` (True when it has a criterion of its own, else None)."""
    if not kinds:
        return []
    sql = (
        f"SELECT id, kind, {', '.join(f.value for f in READINESS_COLUMNS)}, "
        "EXISTS (SELECT 1 FROM criteria c WHERE c.item_id = items.id AND c.dod = 0) "
        f"FROM items WHERE kind IN ({','.join('?' * len(kinds))})"
    )
    found = []
    for item_id, kind, *values in db.conn.execute(sql, list(kinds)):
        held: dict[ReadyField, object] = dict(zip(READINESS_COLUMNS, values, strict=False))
        held[ReadyField.CRITERIA] = True if values[-1] else None
        found.append((item_id, KINDS[kind], held))
    return found


def save_missing(db: BoardDatabase, missing: Iterable[tuple[int, Sequence[ReadyField]]]) -> None:
    """Keep what each item lacks for its Definition of Ready with its row."""
    db.conn.executemany(
        "UPDATE items SET missing = ? WHERE id = ?",
        [(stored_missing(fields), item_id) for item_id, fields in missing],
    )


def underived_ids(db: BoardDatabase) -> list[int]:
    return [row[0] for row in db.conn.execute("SELECT id FROM items WHERE missing IS NULL")]


def blocker_links(db: BoardDatabase) -> dict[int, list[int]]:
    """Who blocks whom: each blocked item with its blockers (one read of the links)."""
    found: dict[int, list[int]] = {}
    for item_id, blocker_id in db.conn.execute("SELECT item_id, blocker_id FROM blockers"):
        found.setdefault(item_id, []).append(blocker_id)
    return found


# How many open items each item blocks (`scope` narrows the blockers).
OPEN_BLOCKED_SQL = (
    "SELECT b.blocker_id AS id, COUNT(*) AS n FROM blockers b JOIN items o ON o.id = b.item_id "
    "WHERE o.status NOT IN ('done', 'dropped'){scope} GROUP BY b.blocker_id"
)


def blocking_counts(db: BoardDatabase, ids: Iterable[int] | None = None) -> dict[int, int]:
    """How many open items each item blocks (it raises the blocker's score); for the
    given blockers only, when `ids` is given."""
    scope, params = "", []
    if ids is not None:
        params = list(dict.fromkeys(ids))
        scope = f" AND b.blocker_id IN ({','.join('?' * len(params))})" if params else " AND 0"
    sql = OPEN_BLOCKED_SQL.format(scope=scope)
    return {row[0]: row[1] for row in db.conn.execute(sql, params)}


def open_position(db: BoardDatabase, item_id: int) -> int:
    """Where an open item stands among the open items, 1 first (0 when it is closed)."""
    sql = (
        "SELECT COUNT(*) FROM items o, items i WHERE i.id = ? AND "
        "i.status NOT IN ('done', 'dropped') AND o.status NOT IN ('done', 'dropped') AND "
        "(o.rank < i.rank OR (o.rank = i.rank AND o.id <= i.id))"
    )
    return int(db.conn.execute(sql, [item_id]).fetchone()[0])
