"""An import's plan as `import --dry-run --json` prints it (and `import --json` once it
is written): what each row becomes, what the gates decided, the rows refused."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

from ..board import ImportPlan
from ..domain.models import SOURCE_NAMES, Kind, Status
from .shapes import closed


@closed
class ImportStepJson(TypedDict):
    """One source row: the item it becomes, and whether it is new, an update or the
    same as the board's."""

    row: int
    source_key: str
    key: str | None  # the board's item it updates; none for a new one
    action: Literal["new", "update", "same"]
    status: Status  # where the gates leave it
    kind: Kind
    title: str
    notes: list[str]  # what the gates and the import decided
    new_comments: int


@closed
class RefusedRowJson(TypedDict):
    row: int
    key: str | None  # the row's key in the source, when it had one to read
    reason: str


@closed
class ImportWarningJson(TypedDict):
    row: int  # 0 when it is about the whole file
    message: str


@closed
class ImportPlanJson(TypedDict):
    """The whole plan: counts, the mapping used, each step, the rows refused."""

    source: str  # jira, trello or github
    source_name: str  # Jira, Trello or GitHub
    file: str
    dry_run: bool  # nothing was written
    would_import: bool  # no row refused: the file imports whole
    new: int
    updated: int
    unchanged: int
    by_status: dict[str, int]
    by_kind: dict[str, int]
    status_map: dict[str, str | None]  # source status → board status (none: backlog)
    unmapped_columns: list[str]
    steps: list[ImportStepJson]
    refused: list[RefusedRowJson]
    warnings: list[ImportWarningJson]


def import_plan_json(plan: ImportPlan, file: str, dry_run: bool) -> ImportPlanJson:
    return {
        "source": plan.source,
        "source_name": SOURCE_NAMES[plan.source],
        "file": file,
        "dry_run": dry_run,
        "would_import": not plan.refused,
        "new": plan.count("new"),
        "updated": plan.count("update"),
        "unchanged": plan.count("same"),
        "by_status": dict(plan.by_status()),
        "by_kind": dict(plan.by_kind()),
        "status_map": {name: target or None for name, target in plan.status_map.items()},
        "unmapped_columns": list(plan.unmapped_columns),
        "steps": [
            {
                "row": step.source.row,
                "source_key": step.source.key,
                "key": step.current.key if step.current is not None else None,
                "action": step.action,
                "status": step.item.status,
                "kind": step.item.kind,
                "title": step.item.title,
                "notes": [*step.said, *step.notes],
                "new_comments": len(step.comments) if step.current is not None else 0,
            }
            for step in plan.steps
        ],
        "refused": [{"row": r.row, "key": r.key, "reason": r.reason} for r in plan.refused],
        "warnings": [{"row": row, "message": text} for row, text in plan.warnings],
    }
