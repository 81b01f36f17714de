"""What an import from Jira, Trello or GitHub would do, as plain data: the dry run
prints it, the real import writes it. Kept apart from the service so that interfaces
read a plan without knowing how it is made."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..domain.models import Event, Item
from ..domain.safe_text import visible
from .source_drafts import Draft

if TYPE_CHECKING:  # the parsers' records load only when an import runs
    from ..importers import SourceItem

Action = Literal["new", "update", "same"]


@dataclass(frozen=True)
class Refused:
    """A row the board refuses, and why; `key` is None when the row had no readable key."""

    row: int
    key: str | None
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row} ({self.key})" if self.key else f"row {self.row}"
        return visible(f"{where}: {self.reason}", multiline=False)  # a key may hold anything


@dataclass
class Step:
    """One source item: the item as it will stand, whether it is new, updated or the
    same as on the board, and the notes its history gets (what the gates decided)."""

    source: SourceItem
    draft: Draft
    item: Item
    action: Action
    notes: list[str]
    current: Item | None = None  # the board's item, when this updates one
    comments: list[Event] = field(default_factory=list)  # comments not yet in its history
    said: list[str] = field(default_factory=list)  # for the report only (history has it)

    @property
    def label(self) -> str:
        return f"row {self.source.row} ({self.source.key})"


@dataclass
class ImportPlan:
    """Every step, every refused row, and how the export was read (for the report)."""

    source: str
    steps: list[Step] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    status_map: dict[str, str] = field(default_factory=dict)
    unmapped_columns: list[str] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for step in self.steps if step.action == action)

    def by_status(self) -> Counter[str]:
        """Where the items stand after the import (after the gates), status by status."""
        return Counter(step.item.status.value for step in self.steps)

    def by_kind(self) -> Counter[str]:
        return Counter(step.item.kind.value for step in self.steps)
