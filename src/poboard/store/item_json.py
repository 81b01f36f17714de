"""Items as `show --json`, `list --json` and the assistant give them, written by SQLite.

A list of ten thousand items is ten megabytes of JSON. Built in Python (a record an
item, then `json.dumps`) that took half a second; SQLite's `json_object` writes it in a
fifth of that. The score stays the one rule in `rules` (called from the query), and
readiness is the one kept with each row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Unpack

from ..domain.models import EXPERIMENT_DESIGN, SCORE_INPUTS
from ..domain.readiness import ReadyField
from .connection import BoardDatabase
from .item_rows import OPEN, OPEN_BLOCKED_SQL, Conditions, item_conditions, stored_missing


def _pairs(names: Sequence[str], table: str = "i") -> str:
    return ", ".join(f"'{name}', {table}.{name}" for name in names)


# Each field of the item contract (`contracts.items.ItemJson`, in its order; a test holds
# the two together) and the SQL that writes it.
ITEM_FIELDS: dict[str, str] = {
    "key": "'#' || i.id",
    "id": "i.id",
    "title": "i.title",
    "kind": "i.kind",
    "status": "i.status",
    "horizon": "i.horizon",
    "rank": "coalesce(p.position, 0)",
    "score": f"poboard_score({', '.join(f'i.{n}' for n in SCORE_INPUTS)}, coalesce(bl.n, 0))",
    "estimate": "i.estimate",
    "ready": """json(CASE WHEN coalesce(i.missing, poboard_missing(i.id)) = ''
                THEN 'true' ELSE 'false' END)""",
    "missing": """json(CASE coalesce(i.missing, poboard_missing(i.id)) WHEN '' THEN '[]'
                  ELSE '["' || replace(coalesce(i.missing, poboard_missing(i.id)), ',', '","')
                       || '"]' END)""",
    "owner": "i.owner",
    "sprint": "s.name",
    "goal": "i.goal_id",
    "goal_title": "g.title",
    "key_result": "i.key_result_id",
    "key_result_metric": "k.metric",
    "version": "i.version",
    "audience": "i.audience",
    "promise": "i.promise",
    "proof": "i.proof",
    "metric": "i.metric",
    "description": "i.description",
    "partners": "json(i.partners)",
    "blocked_by": """(SELECT json_group_array('#' || blocker_id) FROM
                 (SELECT blocker_id FROM blockers WHERE item_id = i.id ORDER BY blocker_id))""",
    "slipped": "i.slipped",
    "experiment": f"""CASE WHEN i.kind = 'experiment'
                THEN json_object({_pairs(EXPERIMENT_DESIGN)}) END""",
    "scores": f"json_object({_pairs(SCORE_INPUTS)})",
    "criteria": """(SELECT json_group_array(json_object(
                 'n', c.n, 'text', c.text, 'state', c.state,
                 'dod', json(CASE WHEN c.dod THEN 'true' ELSE 'false' END),
                 'by', c.by, 'reason', c.reason))
               FROM (SELECT * FROM criteria WHERE item_id = i.id ORDER BY n) c)""",
    "updated_by": "i.updated_by",
    "updated_at": "i.updated_at",
    "source": "i.source",
    "source_key": "i.source_key",
    "source_url": "i.source_url",
}

OBJECT_SQL = f"""
SELECT json_object(
  {", ".join(f"'{name}', {sql}" for name, sql in ITEM_FIELDS.items())}
)
FROM (SELECT * FROM items {{where}}) i
LEFT JOIN (SELECT id, row_number() OVER (ORDER BY rank, id) AS position
           FROM items WHERE {OPEN}) p ON p.id = i.id
LEFT JOIN ({OPEN_BLOCKED_SQL.format(scope="")}) bl ON bl.id = i.id
LEFT JOIN sprints s ON s.id = i.sprint_id
LEFT JOIN goals g ON g.id = i.goal_id
LEFT JOIN key_results k ON k.id = i.key_result_id
ORDER BY i.rank, i.id
"""


def item_objects(
    db: BoardDatabase,
    score: Callable[[int, int, int, int, int, int, int], float],
    underived: Mapping[int, Sequence[ReadyField]],
    **conditions: Unpack[Conditions],
) -> list[str]:
    """Each chosen item as the text of one JSON object, in rank order. `conditions` are
    those of `item_rows.select_rows`; `underived` holds what is missing from rows written
    before readiness was kept with them (a board opened read-only)."""
    where, params = item_conditions(**conditions)
    db.conn.create_function("poboard_score", len(SCORE_INPUTS) + 1, score, deterministic=True)
    db.conn.create_function(
        "poboard_missing", 1, lambda item_id: stored_missing(underived.get(item_id, ())),
        deterministic=True,
    )  # fmt: skip
    sql = OBJECT_SQL.format(where=f"WHERE {where}" if where else "")
    return [row[0] for row in db.conn.execute(sql, params)]
