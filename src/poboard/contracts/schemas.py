"""Each contract's JSON Schema, made from its type: what the snapshots in
tests/contracts pin and what a reader of the JSON can check it against.

    python -m poboard.contracts.schemas DIR   writes DIR/<shape>.schema.json for each
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .exports import BoardExportJson
from .goals import CheckInJson, CheckInResultJson, GoalJson, KeyResultJson
from .imports import ImportPlanJson
from .items import CriterionJson, ItemJson, ItemRefJson
from .members import MemberJson, SessionJson
from .moves import CriterionChangeJson, MoveJson
from .quarters import QuarterUpdateJson
from .refusals import RefusalJson
from .reports import SprintReportJson
from .requests import RequestJson
from .sprints import CommitJson, SprintJson, SprintStatusJson

SHAPES: dict[str, Any] = {
    "item": ItemJson,
    "item_ref": ItemRefJson,
    "criterion": CriterionJson,
    "goal": GoalJson,
    "key_result": KeyResultJson,
    "checkin": CheckInJson,
    "checkin_result": CheckInResultJson,
    "sprint": SprintJson,
    "commit": CommitJson,
    "sprint_status": SprintStatusJson,
    "move": MoveJson,
    "criterion_change": CriterionChangeJson,
    "refusal": RefusalJson,
    "import_plan": ImportPlanJson,
    "board_export": BoardExportJson,
    "sprint_report": SprintReportJson,
    "quarter_update": QuarterUpdateJson,
    "member": MemberJson,
    "session": SessionJson,
    "request": RequestJson,
}


def json_schema(name: str) -> dict[str, Any]:
    """The shape's JSON Schema (draft 2020-12), as the JSON it describes is read."""
    schema: dict[str, Any] = TypeAdapter(SHAPES[name]).json_schema(mode="serialization")
    return schema


def schema_text(name: str) -> str:
    """The schema as its snapshot file holds it: keys sorted, two-space indent."""
    return json.dumps(json_schema(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_all(folder: Path) -> list[Path]:
    written = []
    for name in SHAPES:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m poboard.contracts.schemas DIR")
    for path in write_all(Path(sys.argv[1])):
        print(path)
