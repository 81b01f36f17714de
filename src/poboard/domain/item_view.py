"""An item as every list shows it: its row with where it stands, its score and the
names of its sprint, goal and key result. Plain data: the services make it, the screens
and the Markdown export read it."""

from __future__ import annotations

from dataclasses import dataclass

from .models import ItemRow
from .readiness import ReadyField


@dataclass(frozen=True)
class ItemView:
    """An item as a list shows it: its row, where it stands, its score and names."""

    item: ItemRow
    position: int  # among the open items, 1 first; 0 when done or dropped
    score: float
    sprint: str | None
    goal: str | None
    blocks: int
    key_result: str | None = None  # the metric of the key result it serves

    @property
    def ready(self) -> bool:
        return not self.item.missing

    @property
    def missing(self) -> list[ReadyField]:
        return list(self.item.missing)
