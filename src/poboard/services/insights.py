"""The Insights figures and the sprint report for a board: one consistent read of the
history, then the pure arithmetic of `insights` and `report`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..models import Goal
from ..store import events as event_store
from ..store import items as item_store
from ..store import planning, retros
from ..store.connection import snapshot
from .core import BoardCore

if TYPE_CHECKING:  # the arithmetic is imported when asked for: commands start faster
    from ..insights import Insights
    from ..report import SprintReport

FLOW_ACTIONS = ("move", "reopen", "rollover", "key-result")


class InsightService(BoardCore):
    _insights: tuple[tuple[int, date], Insights] | None = None

    def today(self) -> date:
        """Today by the board's clock, in local time (as sprint dates are written)."""
        return self.clock().astimezone().date()

    def insights(self, today: date | None = None) -> Insights:
        """Velocity, burndown of the active sprint, flow times, throughput, rework,
        carry-overs and key-result progress, from the events log: only its flow events
        (indexed by action) and the items they count. Kept until the log moves on."""
        from ..insights import compute

        day = today or self.today()
        with snapshot(self.db):
            key = (event_store.last_id(self.db), day)
            if self._insights is not None and self._insights[0] == key:
                return self._insights[1]
            events = event_store.by_actions(self.db, FLOW_ACTIONS)
            items = item_store.flow_rows(self.db, {e.item_id for e in events if e.item_id})
            found = compute(events, planning.load_sprints(self.db), items, self.goals(), day)
        self._insights = (key, found)
        return found

    def sprint_report(
        self, sprint_name: str | None = None, today: date | None = None
    ) -> SprintReport:
        """The report on a sprint (default: the active one, else the last closed)."""
        from ..report import build_report, choose_sprint

        with snapshot(self.db):
            sprints = planning.load_sprints(self.db)
            sprint = choose_sprint(sprints, sprint_name)
            events = event_store.by_actions(self.db, FLOW_ACTIONS)
            return build_report(
                board=self.settings().name,
                sprint=sprint,
                sprints=sprints,
                items=item_store.flow_rows(self.db, {e.item_id for e in events if e.item_id}),
                sprint_items=item_store.load_items(self.db, "sprint_id = ?", [sprint.id]),
                events=events,
                goals=planning.load_goals(self.db),
                retros=retros.load_retros(self.db),
                today=today or self.today(),
            )

    def goals(self) -> list[Goal]:
        return planning.load_goals(self.db)
