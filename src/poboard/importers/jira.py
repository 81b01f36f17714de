"""Jira's CSV export, "Export CSV (all fields)", from Jira Cloud and Server/Data Center.

Jira repeats a header once per value (`Sprint`, `Labels`, `Comment`, `Watchers` ...), so rows
are read with `csv.reader` and every column is kept by position; `csv.DictReader` would keep
only the last of each name. Jira writes times without a zone, in the exporting user's zone:
pass it as `tz` when known (UTC otherwise).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo

from ..domain.models import Kind, Status
from . import jira_cells
from .jira_wiki import to_markdown
from .mapping import StatusMapper, kind_named, normal
from .records import ImportFormatError, SourceFile, SourceItem
from .values import clean, read_date, read_datetime, read_number

KIND_BY_TYPE = {
    "story": Kind.STORY,
    "bug": Kind.BUG,
    "task": Kind.CHORE,
    "sub-task": Kind.CHORE,
    "subtask": Kind.CHORE,
    "epic": Kind.CAMPAIGN,
}
# A "Done" status with one of these resolutions was closed without the work being done.
NOT_DONE_RESOLUTIONS = frozenset(
    ("won't do", "won't fix", "duplicate", "cannot reproduce", "declined", "rejected",
     "cancelled", "canceled", "incomplete", "obsolete")
)  # fmt: skip
ESTIMATE_COLUMNS = ("Custom field (Story Points)", "Custom field (Story point estimate)")
PARENT_COLUMNS = ("Parent key", "Parent id", "Parent", "Custom field (Epic Link)")
# Cloud writes people as display names with their account ids beside them; comments carry
# only the id, so these pairs name the author when the file knows them.
PEOPLE_COLUMNS = (
    ("Assignee", "Assignee Id"),
    ("Reporter", "Reporter Id"),
    ("Creator", "Creator Id"),
    ("Project lead", "Project lead id"),
    ("Watchers", "Watchers Id"),
)
READ_COLUMNS = frozenset(
    normal(name)
    for name in (
        "Summary", "Issue key", "Issue id", "Issue Type", "Status", "Resolution", "Priority",
        "Assignee", "Reporter", "Created", "Updated", "Resolved", "Due date", "Description",
        "Labels", "Sprint", "Comment", "Issue URL", *ESTIMATE_COLUMNS, *PARENT_COLUMNS,
        *(ids for _, ids in PEOPLE_COLUMNS),
    )
)  # fmt: skip


class RowError(ValueError):
    """This row cannot become an item at all."""


class Columns:
    """The header, by name, with every position each name appears at."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = [name.strip().lstrip("\ufeff") for name in names]
        self.at: dict[str, list[int]] = {}
        for position, name in enumerate(self.names):
            self.at.setdefault(normal(name), []).append(position)

    def has(self, name: str) -> bool:
        return normal(name) in self.at

    def values(self, row: Sequence[str], *names: str) -> list[str]:
        """Non-empty values of every column so named, in column order."""
        positions = sorted(p for name in names for p in self.at.get(normal(name), []))
        return [row[p].strip() for p in positions if p < len(row) and row[p].strip()]

    def first(self, row: Sequence[str], *names: str) -> str | None:
        found = self.values(row, *names)
        return found[0] if found else None

    def cells(self, row: Sequence[str], name: str) -> list[str]:
        """Every cell of the columns so named, blank ones too, so that pairs line up."""
        return [row[p].strip() if p < len(row) else "" for p in self.at.get(normal(name), [])]

    def people(self, rows: Sequence[Sequence[str]]) -> dict[str, str]:
        """Account id -> display name, from the `X` / `X Id` column pairs of every row."""
        names: dict[str, str] = {}
        for row in rows:
            for name_column, id_column in PEOPLE_COLUMNS:
                for name, account in zip(
                    self.cells(row, name_column), self.cells(row, id_column), strict=False
                ):
                    if name and account:
                        names.setdefault(account, name)
        return names

    def criteria_names(self) -> list[str]:
        return [name for name in self.at if "acceptance criteria" in name]

    def unread(self, rows: Sequence[Sequence[str]]) -> list[str]:
        """Columns with data in some row that no field of SourceItem reads."""
        unread = []
        for name in dict.fromkeys(self.names):
            key = normal(name)
            if not key or key in READ_COLUMNS or "acceptance criteria" in key:
                continue
            if any(self.values(row, name) for row in rows):
                unread.append(name)
        return unread


def read_rows(text: str) -> list[list[str]]:
    """All CSV records; a file the csv module cannot split is refused whole.

    Long descriptions exceed the csv module's 128K field limit, which is process-wide:
    it is raised for this read only, so poboard's own CSV import keeps its limit.
    """
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 1 << 24))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as err:
        raise ImportFormatError(
            f"this CSV cannot be read near line {reader.line_num} ({err}): is it cut short, "
            "or is a quote left open?"
        ) from None
    finally:
        csv.field_size_limit(limit)


def parse_jira(text: str, mapping: Mapping[str, str] | None = None, tz: tzinfo = UTC) -> SourceFile:
    """Read a Jira CSV export; rows that cannot be items are listed in `problems`."""
    rows = read_rows(text)
    if not rows:
        raise ImportFormatError("this CSV is empty: a Jira export starts with a header row")
    columns = Columns(rows[0])
    missing = [name for name in ("Issue key", "Summary") if not columns.has(name)]
    if missing:
        raise ImportFormatError(
            f"this CSV has no {' or '.join(repr(m) for m in missing)} column, so it is not a "
            "Jira export (use Jira's Export > Export CSV (all fields))"
        )
    mapper = StatusMapper(mapping)
    result = SourceFile(source="jira")
    data = rows[1:]
    keys_by_id = {
        issue_id: key
        for row in data
        if (issue_id := columns.first(row, "Issue id")) and (key := columns.first(row, "Issue key"))
    }
    reader = RowReader(columns, mapper, keys_by_id, columns.people(data), tz, result.warnings)
    for number, row in enumerate(data, start=1):
        if not any(cell.strip() for cell in row):
            continue
        try:
            result.items.append(reader.item(row, number))
        except RowError as err:
            result.problems.append((number, str(err)))
    result.status_map = dict(mapper.used)
    result.unmapped_columns = columns.unread(data)
    result.warnings.extend(mapper.unmatched_warnings())
    return result


class RowReader:
    """Turns one data row into a SourceItem; values it cannot read become warnings."""

    def __init__(
        self,
        columns: Columns,
        mapper: StatusMapper,
        keys_by_id: Mapping[str, str],
        people: Mapping[str, str],
        tz: tzinfo,
        warnings: list[tuple[int, str]],
    ) -> None:
        self.columns = columns
        self.mapper = mapper
        self.keys_by_id = keys_by_id
        self.people = people
        self.tz = tz
        self.warnings = warnings

    def item(self, row: Sequence[str], number: int) -> SourceItem:
        columns = self.columns
        key = columns.first(row, "Issue key")
        if any(cell.strip() for cell in row[len(columns.names) :]):
            raise RowError(
                f"{key or 'this row'} has {len(row)} cells but the header names "
                f"{len(columns.names)} columns, so its values cannot be matched to columns"
            )
        if key is None:
            raise RowError("no Issue key")
        title = columns.first(row, "Summary")
        if title is None:
            raise RowError(f"{key} has no Summary")
        labels = jira_cells.labels(columns.values(row, "Labels"))
        status_name = columns.first(row, "Status") or ""
        status, horizon = self.mapper.place(status_name)
        resolution = columns.first(row, "Resolution")
        if status is Status.DONE and resolution and normal(resolution) in NOT_DONE_RESOLUTIONS:
            status = Status.DROPPED
        sprints = columns.values(row, "Sprint")
        return SourceItem(
            source="jira",
            key=key,
            title=title,
            row=number,
            url=clean(columns.first(row, "Issue URL")),
            description=to_markdown(columns.first(row, "Description") or ""),
            kind=_kind(columns.first(row, "Issue Type"), labels),
            status_name=status_name,
            status=status,
            horizon=horizon,
            owner=columns.first(row, "Assignee"),
            reporter=columns.first(row, "Reporter"),
            estimate=self._estimate(row, number, key),
            priority=columns.first(row, "Priority"),
            labels=labels,
            sprint=sprints[-1] if sprints else None,
            parent=jira_cells.parent(columns.values(row, *PARENT_COLUMNS), self.keys_by_id),
            created_at=self._moment(row, number, key, "Created"),
            updated_at=self._moment(row, number, key, "Updated"),
            resolved_at=self._moment(row, number, key, "Resolved"),
            due=self._day(row, number, key, "Due date"),
            criteria=tuple(
                criterion
                for cell in columns.values(row, *columns.criteria_names())
                for criterion in jira_cells.criteria(cell)
            ),
            comments=tuple(
                jira_cells.comment(cell, self.tz, self.people)
                for cell in columns.values(row, "Comment")
            ),
            closed_reason=resolution,
        )

    def _moment(self, row: Sequence[str], number: int, key: str, name: str) -> datetime | None:
        try:
            return read_datetime(self.columns.first(row, name), self.tz)
        except ValueError as err:
            self.warnings.append((number, f"{key}: {name} {err}; left empty"))
            return None

    def _day(self, row: Sequence[str], number: int, key: str, name: str) -> date | None:
        try:
            return read_date(self.columns.first(row, name))
        except ValueError as err:
            self.warnings.append((number, f"{key}: {name} {err}; left empty"))
            return None

    def _estimate(self, row: Sequence[str], number: int, key: str) -> float | None:
        try:
            return read_number(self.columns.first(row, *ESTIMATE_COLUMNS))
        except ValueError as err:
            self.warnings.append((number, f"{key}: story points {err}; left empty"))
            return None


def _kind(issue_type: str | None, labels: Sequence[str]) -> Kind | None:
    """A type named like a kind, else a label named like one, else Jira's usual types."""
    if issue_type and (kind := kind_named(issue_type)):
        return kind
    for label in labels:
        if kind := kind_named(label):
            return kind
    return KIND_BY_TYPE.get(normal(issue_type or ""))
