"""How items read as CSV: the columns, the criteria cell (one criterion a line), and
cells kept from running as spreadsheet formulas."""

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


# A spreadsheet runs a cell that begins with one of these as a formula (OWASP: CSV
# injection); a leading apostrophe makes it text. A cell that begins with an apostrophe
# gets one more, so that reading a cell back drops exactly the one writing added.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def spreadsheet_safe(cell: str) -> str:
    """The cell as written to a CSV file: text, never a formula, when opened."""
    return QUOTE + cell if cell.startswith((*FORMULA_STARTS, QUOTE)) else cell


def from_spreadsheet(cell: str) -> str:
    """The cell as `spreadsheet_safe` was given it."""
    if cell.startswith(QUOTE) and cell[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return cell[1:]
    return cell
