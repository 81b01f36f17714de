"""The Insights figures and the sprint report for a board: one consistent read of the
history, then the pure arithmetic of `insights` and `report`."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from ..domain.requests import Intake, delivered, intake
from ..store import events as event_store
from ..store import item_rows, planning, retros
from ..store import items as item_store
from ..store import requests as request_store
from ..store.connection import snapshot
from .core import BoardCore

if TYPE_CHECKING:  # the arithmetic is imported when asked for: commands start faster
    from ..domain.measures import Insights
    from ..domain.quarter_update import QuarterReport
    from ..domain.sprint_report import SprintReport

FLOW_ACTIONS = ("move", "reopen", "rollover")


class Reports:
    """Insights, the sprint report and the quarterly update, each from one
    consistent read of the history."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db
        self._insights: tuple[tuple[int, date], Insights] | None = (
            None  # kept until the log moves on
        )

    def insights(self, today: date | None = None) -> Insights:
        """Velocity, burndown of the active sprint, flow times, throughput, rework,
        carry-overs and key-result progress, from the events log: only its flow events
        (indexed by action) and the items they count. Kept until the log moves on."""
        from ..domain.measures import compute

        day = today or self.core.today()
        with snapshot(self.db):
            key = (event_store.last_id(self.db), day)
            if self._insights is not None and self._insights[0] == key:
                return self._insights[1]
            events = event_store.by_actions(self.db, FLOW_ACTIONS)
            items = item_rows.flow_rows(self.db, {e.item_id for e in events if e.item_id})
            found = compute(
                events,
                planning.load_sprints(self.db),
                items,
                planning.load_goals(self.db, archived=False),
                day,
            )
        self._insights = (key, found)
        return found

    def sprint_report(
        self, sprint_name: str | None = None, today: date | None = None
    ) -> SprintReport:
        """The report on a sprint (default: the active one, else the last closed)."""
        from ..domain.sprint_report import build_report, choose_sprint

        day = today or self.core.today()
        with snapshot(self.db):
            sprints = planning.load_sprints(self.db)
            sprint = choose_sprint(sprints, sprint_name)
            events = event_store.by_actions(self.db, FLOW_ACTIONS)
            built = build_report(
                board=self.core.settings().name,
                sprint=sprint,
                sprints=sprints,
                items=item_rows.flow_rows(self.db, {e.item_id for e in events if e.item_id}),
                sprint_items=item_store.load_items(self.db, "sprint_id = ?", [sprint.id]),
                events=events,
                goals=planning.load_goals(self.db, archived=False),
                retros=retros.load_retros(self.db),
                today=day,
            )
            asked = request_store.load_requests(self.db)
        done = (i.id or 0 for i in built.accepted)
        return replace(built, asked=delivered(asked, done), intake=intake(asked, day))

    def intake(self, today: date | None = None) -> Intake:
        """Requests per week, days to a decision, and the share of each decision, over
        the last eight weeks (what Insights and the sprint report show)."""
        return intake(request_store.load_requests(self.db), today or self.core.today())

    def quarter_report(self, quarter: str = "current", today: date | None = None) -> QuarterReport:
        """The quarter's update ("2026-Q4", or "current"): its goals with their check-ins,
        what shipped in it by sprint, and the roadmap's open items by horizon."""
        from ..domain.quarter_update import build_quarter, parse_quarter

        day = today or self.core.today()
        chosen = parse_quarter(quarter, day)
        with snapshot(self.db):
            built = build_quarter(
                board=self.core.settings().name,
                quarter=chosen,
                goals=planning.load_goals(self.db, archived=False),
                sprints=planning.load_sprints(self.db),
                done=item_rows.select_rows(self.db, status="done"),
                open_items=item_rows.select_rows(self.db, open_only=True),
                events=event_store.by_actions(self.db, ("move", "reopen")),
                today=day,
                retros=retros.load_retros(self.db),
            )
            asked = request_store.load_requests(self.db)
        shipped = (i.id or 0 for group in built.shipped for i in group.items)
        return replace(built, asked=delivered(asked, shipped))
