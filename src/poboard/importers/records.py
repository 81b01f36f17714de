"""What a foreign backlog export says, in neutral records the board can map through its gates.

The parsers only read: they never decide what the board accepts. A later step turns these
records into items, so every field keeps the source's own words next to the mapped value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.models import Horizon, Kind, Status


class ImportFormatError(ValueError):
    """The file as a whole cannot be read as the export it claims (or seems) to be."""


@dataclass(frozen=True, slots=True)
class SourceCriterion:
    """One acceptance criterion or checklist line; `met` when the source marked it done."""

    text: str
    met: bool = False


@dataclass(frozen=True, slots=True)
class SourceComment:
    """A comment as the source kept it; author and time are None when the source had none."""

    author: str | None
    at: datetime | None
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceItem:
    """One issue, card or ticket of the source, already read but not yet judged.

    `status_name` is the source's own status (Jira status, Trello list, GitHub state);
    `status`/`horizon` are what it maps to, None when nothing maps. Datetimes are aware UTC.
    `row` is the 1-based position of the record in the file (data rows for CSV, not
    counting the header; the card or issue index for JSON), for messages.
    """

    source: str
    key: str
    title: str
    row: int
    url: str | None = None
    description: str = ""
    kind: Kind | None = None
    status_name: str = ""
    status: Status | None = None
    horizon: Horizon | None = None
    owner: str | None = None
    reporter: str | None = None
    estimate: float | None = None
    priority: str | None = None
    labels: tuple[str, ...] = ()
    sprint: str | None = None
    parent: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    due: date | None = None
    criteria: tuple[SourceCriterion, ...] = ()
    comments: tuple[SourceComment, ...] = ()
    closed_reason: str | None = None


@dataclass(slots=True)
class SourceFile:
    """A whole export: its items, how its statuses were mapped, and what could not be read.

    `status_map` maps each source status name met in the file to the poboard status or
    horizon value used ("" when unmapped). `unmapped_columns` names the source columns or
    fields that carry data no importer field reads. `problems` are rows skipped entirely;
    `warnings` are rows kept with one value left out (an unreadable date, say), or a
    `--map` entry that matched nothing (row 0).
    """

    source: str
    items: list[SourceItem] = field(default_factory=list)
    status_map: dict[str, str] = field(default_factory=dict)
    unmapped_columns: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
