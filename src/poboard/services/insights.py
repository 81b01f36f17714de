"""The Insights figures and the sprint report for a board: one consistent read of the
history, then the pure arithmetic of `insights` and `report`."""

from __future__ import annotations

from datetime import date

from ..insights import Insights, compute
from ..report import SprintReport, build_report, choose_sprint
from ..store import events as event_store
from ..store import items as item_store
from ..store import planning, retros
from ..store.connection import snapshot
from .core import BoardCore


class InsightService(BoardCore):
    def today(self) -> date:
        """Today by the board's clock, in local time (as sprint dates are written)."""
        return self.clock().astimezone().date()

    def insights(self, today: date | None = None) -> Insights:
        """Velocity, burndown of the active sprint, flow times, throughput, rework,
        carry-overs and key-result progress, all from the events log."""
        with snapshot(self.db):
            events = event_store.all_events(self.db)
            sprints = planning.load_sprints(self.db)
            items = item_store.load_items(self.db)
            goals = planning.load_goals(self.db)
        return compute(events, sprints, items, goals, today or self.today())

    def sprint_report(
        self, sprint_name: str | None = None, today: date | None = None
    ) -> SprintReport:
        """The report on a sprint (default: the active one, else the last closed)."""
        with snapshot(self.db):
            sprints = planning.load_sprints(self.db)
            sprint = choose_sprint(sprints, sprint_name)
            return build_report(
                board=self.settings().name,
                sprint=sprint,
                sprints=sprints,
                items=item_store.load_items(self.db),
                events=event_store.all_events(self.db),
                goals=planning.load_goals(self.db),
                retros=retros.load_retros(self.db),
                today=today or self.today(),
            )
