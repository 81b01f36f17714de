"""A sprint's report as `report --format json` and the assistant's `sprint_report` give
it: the sprint, its check-ins, criteria and experiments in the shapes every other output
gives them (a quarter's update, in `quarters`, shares its parts)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from typing_extensions import TypedDict

from ..domain.flow import FlowTimes
from ..domain.measures import CarryOver
from ..domain.models import ActionState, Confidence, Item, RetroFormat, SprintState, Status
from ..domain.okr import Movement, sparkline
from ..domain.planning import RetroAction
from ..domain.rules import AnyItem
from ..domain.sprint_report import SprintReport, action_overdue
from .goals import CheckInJson, checkin_json
from .items import CriterionJson, ExperimentJson, criterion_data
from .requests import AskedJson, IntakeJson, asked_json, intake_json
from .shapes import closed
from .sprints import SprintJson, sprint_json


@closed
class VelocityJson(TypedDict):
    sprint: str
    state: SprintState
    committed: int
    done: int


@closed
class ReportItemJson(TypedDict):
    """A delivered item: what it promised, the metric it should move, its criteria."""

    key: str
    title: str
    estimate: int | None
    owner: str | None
    promise: str | None
    metric: str | None
    criteria: list[CriterionJson]


@closed
class UnfinishedItemJson(ReportItemJson):
    status: Status


CarryJson = TypedDict(
    "CarryJson",
    {
        "key": str,
        "title": str | None,
        "estimate": int | None,
        "from": str,  # the sprint it left
        "to": str,  # the sprint it went to, or the backlog
        "reason": str | None,
    },
)
closed(CarryJson)


@closed
class ItemDaysJson(TypedDict):
    key: str
    days: float


@closed
class FlowJson(TypedDict):
    """Days from start to done (cycle) or from review to accepted, per item."""

    median: float | None
    p85: float | None
    items: list[ItemDaysJson]


@closed
class WeekJson(TypedDict):
    week: str
    items: int
    points: int


@closed
class ReworkJson(TypedDict):
    count: int
    items: list[str]


CarryCountsJson = TypedDict("CarryCountsJson", {"out": int, "in": int})
closed(CarryCountsJson)


@closed
class BurndownDayJson(TypedDict):
    day: str
    ideal: float
    actual: int | None  # none for the days still to come


@closed
class MovementJson(TypedDict):
    """A key result's movement over a period: from its value entering it to its value at
    the end, the confidence then, and the check-ins made inside it."""

    goal: str
    key: str
    metric: str
    baseline: float
    target: float
    start: float
    end: float
    change: float
    progress: float
    confidence: Confidence | None
    sparkline: str
    checkins: list[CheckInJson]


class MetricsJson(TypedDict):
    cycle_time_days: FlowJson
    acceptance_time_days: FlowJson
    throughput: list[WeekJson]
    rework: ReworkJson
    carry_overs: CarryCountsJson
    burndown: list[BurndownDayJson]
    key_results: list[MovementJson]


closed(MetricsJson)


@closed
class ExperimentReportJson(ExperimentJson):
    """An experiment's design and outcome: decided (ship, iterate, kill) or still open."""

    key: str
    title: str
    status: Status


@closed
class ActionJson(TypedDict):
    """A retro action; `overdue` by the one rule (`action_overdue`), `overdue_since` its
    due day when it is (the Markdown's "overdue since DAY")."""

    text: str
    owner: str | None
    due: str | None
    state: ActionState
    overdue: bool
    overdue_since: str | None
    item: str | None  # the item it became


EarlierActionJson = TypedDict(
    "EarlierActionJson",
    {
        "text": str,
        "owner": str | None,
        "due": str | None,
        "state": ActionState,
        "overdue": bool,
        "overdue_since": str | None,
        "item": str | None,
        "from": str,  # the retro it came from
    },
)
closed(EarlierActionJson)


@closed
class RetroSummaryJson(TypedDict):
    format: RetroFormat
    cards: int
    actions: list[ActionJson]


@closed
class SprintReportJson(TypedDict):
    """The report: the sprint and its figures, what was delivered and not, carry-overs,
    flow metrics, key results' movement, experiments, the retro and open actions."""

    board: str
    sprint: SprintJson
    today: str
    committed: int
    done: int
    velocity: list[VelocityJson]
    accepted: list[ReportItemJson]
    not_done: list[UnfinishedItemJson]
    carried_out: list[CarryJson]
    carried_in: list[CarryJson]
    metrics: MetricsJson
    experiments: list[ExperimentReportJson]
    retro: RetroSummaryJson | None
    open_actions_from_earlier_retros: list[EarlierActionJson]
    requests_delivered: list[AskedJson]
    intake: IntakeJson | None


def report_data(report: SprintReport) -> SprintReportJson:
    """The report as plain data (`json.dumps` takes it as is)."""
    figures = report.figures
    return {
        "board": report.board,
        "sprint": sprint_json(report.sprint),
        "today": report.today.isoformat(),
        "committed": figures.committed,
        "done": figures.done,
        "velocity": [
            {"sprint": v.sprint, "state": v.state, "committed": v.committed, "done": v.done}
            for v in report.velocity
        ],
        "accepted": [_item_data(i) for i in report.accepted],
        "not_done": [{**_item_data(i), "status": i.status} for i in report.unfinished],
        "carried_out": [_carry_data(c, report.items) for c in report.carried_out],
        "carried_in": [_carry_data(c, report.items) for c in report.carried_in],
        "metrics": {
            "cycle_time_days": _flow_data(report.cycle_time),
            "acceptance_time_days": _flow_data(report.acceptance_time),
            "throughput": [
                {"week": w.week, "items": w.items, "points": w.points} for w in report.throughput
            ],
            "rework": {
                "count": report.rework.count,
                "items": [f"#{i}" for i in report.rework.item_ids],
            },
            "carry_overs": {"out": len(report.carried_out), "in": len(report.carried_in)},
            "burndown": [
                {"day": d.day.isoformat(), "ideal": d.ideal, "actual": d.actual}
                for d in report.burndown.days
            ],
            "key_results": [movement_data(m) for m in report.key_results],
        },
        "experiments": [experiment_data(i) for i in report.experiments],
        "retro": None
        if report.retro is None
        else {
            "format": report.retro.format,
            "cards": len(report.retro.cards),
            "actions": [action_data(a, report.today) for a in report.retro.actions],
        },
        "open_actions_from_earlier_retros": [
            earlier_action(a, where, report.today) for where, a in report.earlier_actions
        ],
        "requests_delivered": asked_json(report.asked),
        "intake": None if report.intake is None else intake_json(report.intake),
    }


def movement_data(m: Movement) -> MovementJson:
    kr = m.kr
    return {
        "goal": m.goal,
        "key": kr.key,
        "metric": kr.metric,
        "baseline": kr.baseline,
        "target": kr.target,
        "start": m.start,
        "end": m.end,
        "change": round(m.change, 6),
        "progress": round(m.progress, 3),
        "confidence": m.confidence,
        "sparkline": sparkline([m.start, *(c.value for c in m.checkins)]),
        "checkins": [checkin_json(c) for c in m.checkins],
    }


def experiment_data(item: AnyItem) -> ExperimentReportJson:
    return {
        "key": item.key,
        "title": item.title,
        "status": item.status,
        **experiment_design(item),
    }


def experiment_design(item: AnyItem) -> ExperimentJson:
    """An experiment's hypothesis, metrics, decision rule and decision: what `ItemJson`
    holds as its `experiment`."""
    return {
        "hypothesis": item.hypothesis,
        "success_metric": item.success_metric,
        "guardrail_metric": item.guardrail_metric,
        "decision_rule": item.decision_rule,
        "result": item.result,
        "result_note": item.result_note,
    }


def _item_data(item: Item) -> ReportItemJson:
    return {
        "key": item.key,
        "title": item.title,
        "estimate": item.estimate,
        "owner": item.owner,
        "promise": item.promise,
        "metric": item.metric,
        "criteria": [criterion_data(c) for c in item.criteria],
    }


def _carry_data(move: CarryOver, items: Mapping[int, AnyItem]) -> CarryJson:
    item = items.get(move.item_id)
    return {
        "key": f"#{move.item_id}",
        "title": item.title if item else None,
        "estimate": item.estimate if item else None,
        "from": move.sprint,
        "to": move.to,
        "reason": move.reason,
    }


def _flow_data(times: FlowTimes) -> FlowJson:
    return {
        "median": times.median,
        "p85": times.p85,
        "items": [{"key": f"#{t.item_id}", "days": round(t.days, 3)} for t in times.items],
    }


def action_data(action: RetroAction, today: date) -> ActionJson:
    overdue = action_overdue(action, today)
    due = action.due.isoformat() if action.due else None
    return {
        "text": action.text,
        "owner": action.owner,
        "due": due,
        "state": action.state,
        "overdue": overdue,
        "overdue_since": due if overdue else None,
        "item": f"#{action.item_id}" if action.item_id else None,
    }


def earlier_action(action: RetroAction, where: str, today: date) -> EarlierActionJson:
    """An action still open from an earlier retro, and which retro it came from."""
    return {**action_data(action, today), "from": where}
