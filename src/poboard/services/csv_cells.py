"""How items read as CSV: the columns, and the criteria cell (one criterion a line)."""

from __future__ import annotations

from collections.abc import Iterable

from ..domain.models import CRITERION_BOXES, Criterion, CriterionState

CSV_FIELDS = (
    "key", "title", "kind", "status", "horizon", "estimate", "owner", "audience", "promise",
    "proof", "metric", "goal", "sprint", "value", "urgency", "impact", "fit", "effort", "risk",
    "partners", "blocked_by", "description", "criteria",
)  # fmt: skip


def criteria_cell(criteria: Iterable[Criterion]) -> str:
    """One criterion a line: `[x] text`, `[ ] text`, `[~] text :: reason`."""
    lines = []
    for c in criteria:
        line = f"{CRITERION_BOXES[c.state]} {c.text}"
        if c.state is CriterionState.WAIVED and c.reason:
            line += f" :: {c.reason}"
        lines.append(line)
    return "\n".join(lines)


def parse_criteria_cell(cell: str) -> list[Criterion]:
    found = []
    for raw in cell.splitlines():
        line = raw.strip()
        if not line:
            continue
        state, reason = CriterionState.OPEN, None
        for mark_state, mark in (*CRITERION_BOXES.items(), (CriterionState.WAIVED, "[-]")):
            if line.startswith(mark):
                state, line = mark_state, line[len(mark) :].strip()
        if state is CriterionState.WAIVED and " :: " in line:
            line, reason = (part.strip() for part in line.split(" :: ", 1))
        found.append(Criterion(text=line, state=state, reason=reason))
    return found
