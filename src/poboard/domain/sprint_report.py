"""A sprint's report for stakeholders: what it holds, and the same as JSON-able data
(`report_markdown` renders it as a page).

Built from the same pure figures as the Insights screen, so the report and the screen
never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import NotFoundError
from .flow import FlowTimes, WeekCount, acceptance_times, cycle_times, estimates, throughput
from .measures import (
    Burndown,
    CarryOver,
    Rework,
    SprintVelocity,
    burndown,
    carry_overs,
    last_closed,
    rework,
    sprint_days,
    sprint_scope,
    sprint_velocity,
    started_on,
    velocity,
)
from .models import (
    EXPERIMENT_DESIGN,
    ActionState,
    CheckIn,
    Event,
    Goal,
    Item,
    Kind,
    Retro,
    RetroAction,
    Sprint,
    SprintState,
    Status,
)
from .okr import Movement, movements, sparkline
from .rules import AnyItem

VELOCITY_SPRINTS = 6


@dataclass(frozen=True)
class SprintReport:
    """One sprint's figures, items, experiments, carry-overs, key-result movement and
    retro; `items` holds every item by id, so carried ones can be named."""

    board: str
    sprint: Sprint
    today: date
    figures: SprintVelocity
    velocity: tuple[SprintVelocity, ...]
    accepted: tuple[Item, ...]
    unfinished: tuple[Item, ...]
    carried_out: tuple[CarryOver, ...]
    carried_in: tuple[CarryOver, ...]
    items: Mapping[int, AnyItem]
    burndown: Burndown
    cycle_time: FlowTimes
    acceptance_time: FlowTimes
    throughput: tuple[WeekCount, ...]
    rework: Rework
    experiments: tuple[Item, ...]
    key_results: tuple[Movement, ...]  # from the day before it started to its last day
    retro: Retro | None
    earlier_actions: tuple[tuple[str, RetroAction], ...]


def choose_sprint(sprints: Sequence[Sprint], name: str | None) -> Sprint:
    """The sprint named ("current" is the active one); by default the active sprint, else
    the one closed most recently."""
    active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
    if name and name.strip().lower() != "current":
        wanted = name.strip().lower()
        found = next((s for s in sprints if s.name.lower() == wanted), None)
        if found is None:
            raise NotFoundError(f"no sprint is named {name!r}")
        return found
    chosen = active or (None if name else last_closed(sprints))
    if chosen is None:
        raise NotFoundError("no sprint is active" if name else "no sprint is active or closed yet")
    return chosen


def build_report(
    *,
    board: str,
    sprint: Sprint,
    sprints: Sequence[Sprint],
    items: Sequence[AnyItem],
    sprint_items: Sequence[Item],
    events: Sequence[Event],
    goals: Sequence[Goal],
    retros: Sequence[Retro],
    today: date,
) -> SprintReport:
    """Everything the report says about one sprint; flow figures cover the sprint's items
    over the days it ran, from the day it started (before its planned start, maybe) to the
    day it closed (an active sprint's up to today). `items` are what the flow figures
    count (rows will do); `sprint_items` the sprint's own, whole (with criteria)."""
    first, last = sprint_days(sprint, today)
    mine = list(sprint_items)
    accepted = [i for i in mine if i.status is Status.DONE]
    done_ids = {i.id or 0 for i in accepted}
    scope = sprint_scope(sprint, items, events)
    moves = [c for group in carry_overs(events) for c in group.items]
    figures = sprint_velocity(sprint, items)
    ran = [v for v in velocity(sprints, items) if _started(v.sprint, sprints) <= first]
    retro = next((r for r in retros if r.sprint_id == sprint.id), None)
    return SprintReport(
        board=board,
        sprint=sprint,
        today=today,
        figures=figures,
        velocity=tuple(ran[-VELOCITY_SPRINTS:]),
        accepted=tuple(accepted),
        unfinished=tuple(i for i in mine if i.status not in (Status.DONE, Status.DROPPED)),
        carried_out=tuple(c for c in moves if c.sprint == sprint.name),
        carried_in=_carried_in(sprint, sprints, scope, moves),
        items={i.id or 0: i for i in items},
        burndown=burndown(sprint, items, events, last, committed=figures.committed),
        cycle_time=cycle_times(events, done_ids),
        acceptance_time=acceptance_times(events, done_ids),
        throughput=throughput(events, estimates(items), first, last, scope),
        rework=rework(events, scope, first, last),
        experiments=tuple(i for i in mine if i.kind is Kind.EXPERIMENT),
        key_results=movements(goals, first, last),
        retro=retro,
        earlier_actions=_earlier_actions(sprint, sprints, retros, retro),
    )


def _carried_in(
    sprint: Sprint, sprints: Sequence[Sprint], scope: set[int], moves: Sequence[CarryOver]
) -> tuple[CarryOver, ...]:
    """This sprint's items that an earlier sprint carried over, straight in or through the
    backlog: each with its latest carry-over."""
    starts = {s.name: started_on(s) for s in sprints}
    latest: dict[int, CarryOver] = {}
    for move in moves:
        if move.item_id in scope and starts.get(move.sprint, date.max) < started_on(sprint):
            latest[move.item_id] = move
    return tuple(latest.values())


def _started(name: str, sprints: Sequence[Sprint]) -> date:
    return next(started_on(s) for s in sprints if s.name == name)


def _earlier_actions(
    sprint: Sprint, sprints: Sequence[Sprint], retros: Sequence[Retro], retro: Retro | None
) -> tuple[tuple[str, RetroAction], ...]:
    """Open actions of the retros before this sprint's (all earlier ones if it has none)."""
    names = {s.id: s.name for s in sprints}
    starts = {s.id: started_on(s) for s in sprints}
    if retro is not None:
        earlier = [r for r in retros if (r.id or 0) < (retro.id or 0)]
    else:
        earlier = [
            r
            for r in retros
            if r.sprint_id is None or starts.get(r.sprint_id, date.max) < started_on(sprint)
        ]
    return tuple(
        (retro_label(r, names), a)
        for r in earlier
        for a in r.actions
        if a.state is ActionState.OPEN
    )


def open_actions(
    retros: Sequence[Retro], sprints: Sequence[Sprint]
) -> tuple[tuple[str, RetroAction], ...]:
    """Every retro's actions still open, oldest retro first, each with its retro named."""
    names = {s.id: s.name for s in sprints}
    return tuple(
        (retro_label(r, names), a)
        for r in sorted(retros, key=lambda r: r.id or 0)
        for a in r.actions
        if a.state is ActionState.OPEN
    )


def action_overdue(action: RetroAction, today: date) -> bool:
    """An open action whose due day has passed (the retro screen and the reports say so)."""
    return action.state is ActionState.OPEN and action.due is not None and action.due < today


def retro_label(retro: Retro, sprint_names: Mapping[int | None, str]) -> str:
    name = sprint_names.get(retro.sprint_id)
    return f"the {name} retro" if name else f"the retro of {retro.created_at[:10]}"


# ----- JSON ------------------------------------------------------------------------------


def report_data(report: SprintReport) -> dict[str, Any]:
    """The report as plain data (`json.dumps` takes it as is)."""
    sprint, figures = report.sprint, report.figures
    return {
        "board": report.board,
        "sprint": {
            "name": sprint.name,
            "goal": sprint.goal,
            "start": sprint.start.isoformat(),
            "end": sprint.end.isoformat(),
            "started_at": sprint.started_at,
            "state": sprint.state.value,
            "capacity": sprint.capacity,
            "closed_at": sprint.closed_at,
            "goal_met": sprint.goal_met.value if sprint.goal_met else None,
            "goal_note": sprint.goal_note,
        },
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
            "actions": [action_data(a, report.today) for a in report.retro.actions],
        },
        "open_actions_from_earlier_retros": [
            {**action_data(a, report.today), "from": where} for where, a in report.earlier_actions
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
        "checkins": [checkin_data(c) for c in m.checkins],
    }


def checkin_data(c: CheckIn) -> dict[str, Any]:
    return {
        "day": c.day.isoformat(),
        "value": c.value,
        "confidence": c.confidence.value if c.confidence else None,
        "note": c.note,
        "by": c.by,
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
        "criteria": [
            {"text": c.text, "state": c.state.value, "dod": c.dod, "by": c.by, "reason": c.reason}
            for c in item.criteria
        ],
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


def action_data(action: RetroAction, today: date) -> dict[str, Any]:
    """A retro action as plain data; `overdue` by the one rule (`action_overdue`), and
    `overdue_since` its due day when it is (the Markdown's "overdue since DAY")."""
    overdue = action_overdue(action, today)
    due = action.due.isoformat() if action.due else None
    return {
        "text": action.text,
        "owner": action.owner,
        "due": due,
        "state": action.state.value,
        "overdue": overdue,
        "overdue_since": due if overdue else None,
        "item": f"#{action.item_id}" if action.item_id else None,
    }
