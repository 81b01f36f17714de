"""A sprint's report and a quarter's update as `report --format json` and the
assistant's `sprint_report` give them: the sprint, its check-ins and its items in the
shapes every other output gives them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..domain.flow import FlowTimes
from ..domain.measures import CarryOver
from ..domain.models import EXPERIMENT_DESIGN, Item, Kind, RetroAction
from ..domain.okr import Movement, sparkline
from ..domain.quarter_update import ROADMAP, QuarterReport
from ..domain.rules import AnyItem
from ..domain.sprint_report import SprintReport
from .goals import checkin_json
from .items import criterion_data
from .sprints import sprint_json


def report_data(report: SprintReport) -> dict[str, Any]:
    """The report as plain data (`json.dumps` takes it as is)."""
    sprint, figures = report.sprint, report.figures
    return {
        "board": report.board,
        "sprint": sprint_json(sprint),
        "today": report.today.isoformat(),
        "committed": figures.committed,
        "done": figures.done,
        "velocity": [
            {"sprint": v.sprint, "state": v.state.value, "committed": v.committed, "done": v.done}
            for v in report.velocity
        ],
        "accepted": [_item_data(i) for i in report.accepted],
        "not_done": [{**_item_data(i), "status": i.status.value} for i in report.unfinished],
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
            "format": report.retro.format.value,
            "cards": len(report.retro.cards),
            "actions": [_action_data(a) for a in report.retro.actions],
        },
        "open_actions_from_earlier_retros": [
            {**_action_data(a), "from": where} for where, a in report.earlier_actions
        ],
    }


def movement_data(m: Movement) -> dict[str, Any]:
    """A key result's movement over a period: from its value entering it to its value at
    the end, the confidence then, and the check-ins made inside it."""
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
        "confidence": m.confidence.value if m.confidence else None,
        "sparkline": sparkline([m.start, *(c.value for c in m.checkins)]),
        "checkins": [checkin_json(c) for c in m.checkins],
    }


def experiment_data(item: AnyItem) -> dict[str, Any]:
    """An experiment's design and outcome: decided (ship, iterate, kill) or still open."""
    return {
        "key": item.key,
        "title": item.title,
        "status": item.status.value,
        **experiment_design(item),
    }


def experiment_design(item: AnyItem) -> dict[str, Any]:
    """An experiment's hypothesis, metrics, decision rule and decision."""
    design = {name: getattr(item, name) for name in EXPERIMENT_DESIGN}
    design["result"] = item.result.value if item.result else None
    return design


def _item_data(item: Item) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "estimate": item.estimate,
        "owner": item.owner,
        "promise": item.promise,
        "metric": item.metric,
        "criteria": [criterion_data(c) for c in item.criteria],
    }


def _carry_data(move: CarryOver, items: Mapping[int, AnyItem]) -> dict[str, Any]:
    item = items.get(move.item_id)
    return {
        "key": f"#{move.item_id}",
        "title": item.title if item else None,
        "estimate": item.estimate if item else None,
        "from": move.sprint,
        "to": move.to,
        "reason": move.reason,
    }


def _flow_data(times: FlowTimes) -> dict[str, Any]:
    return {
        "median": times.median,
        "p85": times.p85,
        "items": [{"key": f"#{t.item_id}", "days": round(t.days, 3)} for t in times.items],
    }


def _action_data(action: RetroAction) -> dict[str, Any]:
    return {
        "text": action.text,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else None,
        "state": action.state.value,
        "item": f"#{action.item_id}" if action.item_id else None,
    }


def quarter_data(report: QuarterReport) -> dict[str, Any]:
    """The quarter's update as plain data (`json.dumps` takes it as is)."""
    q = report.quarter
    return {
        "board": report.board,
        "quarter": {"name": q.label, "first": q.first.isoformat(), "last": q.last.isoformat()},
        "today": report.today.isoformat(),
        "goals": [
            {
                "key": f"G{u.goal.id}",
                "title": u.goal.title,
                "quarter": u.goal.quarter,
                "north_star": u.goal.north_star,
                "progress": round(u.progress, 3),
                "key_results": [movement_data(m) for m in u.key_results],
            }
            for u in report.goals
        ],
        "checkins": sum(len(m.checkins) for u in report.goals for m in u.key_results),
        "shipped": [
            {
                "sprint": s.sprint,
                "points": s.points,
                "items": [_shipped_data(i, report.goal_titles) for i in s.items],
            }
            for s in report.shipped
        ],
        "points": report.points,
        "roadmap": {
            h.value: [_roadmap_data(i, report.goal_titles) for i in report.roadmap[h]]
            for h in ROADMAP
        },
    }


def _shipped_data(item: AnyItem, goals: Mapping[int, str]) -> dict[str, Any]:
    found: dict[str, Any] = {
        "key": item.key,
        "title": item.title,
        "kind": item.kind.value,
        "estimate": item.estimate,
        "owner": item.owner,
        "goal": goals.get(item.goal_id) if item.goal_id else None,
        "promise": item.promise,
        "metric": item.metric,
    }
    if item.kind is Kind.EXPERIMENT:
        found["experiment"] = experiment_data(item)
    return found


def _roadmap_data(item: AnyItem, goals: Mapping[int, str]) -> dict[str, Any]:
    return {
        "key": item.key,
        "title": item.title,
        "kind": item.kind.value,
        "status": item.status.value,
        "estimate": item.estimate,
        "owner": item.owner,
        "goal": goals.get(item.goal_id) if item.goal_id else None,
    }
