"""A sprint's report as a Markdown page for stakeholders.

Text people typed is escaped (and kept on one line), so a title such as `*[x](y)*` or
`a | b` shows as typed and cannot break a list or a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from ..domain import rules
from ..domain.measures import CarryOver, SprintVelocity, started_on
from ..domain.models import CRITERION_BOXES, Criterion, CriterionState, SprintState
from ..domain.okr import Movement, sparkline
from ..domain.planning import RetroAction, Sprint
from ..domain.rules import AnyItem
from ..domain.sprint_report import SprintReport, action_overdue
from .markdown import escape
from .requests_markdown import asked_markdown, intake_markdown


def report_markdown(report: SprintReport) -> str:
    sprint, figures = report.sprint, report.figures
    so_far = " so far" if sprint.state is SprintState.ACTIVE else ""
    lines = [
        f"# {escape(sprint.name)} — sprint report",
        "",
        f"{escape(report.board)} · {_dates_line(sprint)} · {_state_line(report)}",
        "",
        f"**Sprint goal:** {escape(sprint.goal) or 'none set'}",
        "",
        f"**Goal met:** {_goal_met(report)}",
        "",
        "## Committed vs done",
        "",
        f"- Committed: {figures.committed} points (capacity {figures.capacity})",
        f"- Done{so_far}: {figures.done} points, {_share(figures)} of committed",
        f"- Accepted: {_plural(len(report.accepted), 'item')}"
        f" · carried over: {len(report.carried_out)} · carried in: {len(report.carried_in)}",
        "",
        "| Sprint | Committed | Done |",
        "|---|---:|---:|",
        *(
            f"| {escape(v.sprint)}{' (so far)' if v.state is SprintState.ACTIVE else ''}"
            f" | {v.committed} | {v.done} |"
            for v in report.velocity
        ),
        "",
        f"## Accepted ({_plural(len(report.accepted), 'item')}, "
        f"{_plural(rules.velocity(report.accepted), 'point')})",
        "",
    ]
    if not report.accepted:
        lines += ["Nothing accepted yet.", ""]
    for item in report.accepted:
        lines += [f"### {_item_line(item)}", "", *_promise_lines(item)]
        for c in item.criteria:
            dod = " (Definition of Done)" if c.dod else ""
            lines.append(f"- {CRITERION_BOXES[c.state]} {escape(c.text)}{dod}{_settled_by(c)}")
        lines.append("")
    if report.unfinished:
        lines += ["## Not done yet", ""]
        lines += [f"- {_item_line(i)} · {i.status.value}" for i in report.unfinished] + [""]
    lines += ["## Carried over", ""]
    if not report.carried_out and not report.carried_in:
        lines += ["Nothing carried over.", ""]
    if report.carried_out:
        lines += ["**Out of this sprint:**", ""]
        lines += [_carry_line(c, report.items, out=True) for c in report.carried_out] + [""]
    if report.carried_in:
        lines += ["**Into this sprint:**", ""]
        lines += [_carry_line(c, report.items, out=False) for c in report.carried_in] + [""]
    lines += asked_markdown(report.asked)
    lines += experiments_markdown(report.experiments)
    lines += key_results_markdown(report.key_results, "over the sprint")
    lines += _metrics_markdown(report)
    lines += intake_markdown(report.intake)
    lines += _retro_markdown(report)
    return "\n".join(lines).rstrip() + "\n"


def _goal_met(report: SprintReport) -> str:
    sprint = report.sprint
    if sprint.goal_met is None:
        return "not recorded" if sprint.state is SprintState.CLOSED else "asked when it closes"
    note = f" — {escape(sprint.goal_note)}" if sprint.goal_note else ""
    return f"{sprint.goal_met.value}{note}"


def _promise_lines(item: AnyItem) -> list[str]:
    """What a delivered item promised its audience, and the metric it should move."""
    parts = [f"*{label}:* {escape(value)}" for label, value in
             (("Promise", item.promise), ("Metric", item.metric)) if value]  # fmt: skip
    return [" · ".join(parts), ""] if parts else []


def experiments_markdown(experiments: Sequence[AnyItem]) -> list[str]:
    """Each experiment's design and its outcome (the decision taken when accepted)."""
    if not experiments:
        return []
    lines = ["## Experiments", ""]
    for item in experiments:
        lines += [f"### {item.key} {escape(item.title)} · {item.status.value}", ""]
        for label, value in (
            ("Hypothesis", item.hypothesis),
            ("Success metric", item.success_metric),
            ("Guardrail metric", item.guardrail_metric),
            ("Decision rule", item.decision_rule),
        ):
            lines.append(f"- {label}: {escape(value) if value else '—'}")
        if item.result is None:
            lines.append("- **Result:** not decided yet")
        else:
            note = f" — {escape(item.result_note)}" if item.result_note else ""
            lines.append(f"- **Result: {item.result.value}**{note}")
        lines.append("")
    return lines


def key_results_markdown(moved: Sequence[Movement], period: str) -> list[str]:
    """Each key result from its value entering the period to its value at the end, with
    the confidence then; the period's check-in notes follow the table."""
    if not moved:
        return []
    lines = [
        f"## Key results {period}",
        "",
        "| Goal | Key result | Start | End | Target | Progress | Confidence | Trend |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for m in moved:
        star = " ★" if m.north_star else ""
        confidence = m.confidence.value if m.confidence else "—"
        trend = (
            sparkline([m.start, *(c.value for c in m.checkins)]) if m.checkins else "no check-in"
        )
        lines.append(
            f"| {escape(m.goal)}{star} | {escape(m.kr.metric)} | {m.start:g} | {m.end:g} | "
            f"{m.kr.target:g} | {m.progress:.0%} | {confidence} | {trend} |"
        )
    notes = sorted(
        ((m, c) for m in moved for c in m.checkins if c.note), key=lambda p: (p[1].day, p[1].at)
    )
    if notes:
        lines += ["", "**Check-in notes:**", ""]
        for m, c in notes:
            said = f" ({c.confidence.value})" if c.confidence else ""
            lines.append(
                f"- {c.day} · {escape(m.kr.metric)}: {c.value:g}{said} — {escape(c.note or '')}"
            )
    return [*lines, ""]


def _settled_by(criterion: Criterion) -> str:
    """Who ticked or waived a criterion, and why it was waived."""
    who = escape(criterion.by or "someone")
    if criterion.state is CriterionState.WAIVED:
        return f" — waived by {who}: {escape(criterion.reason or 'no reason given')}"
    return f" — {who}" if criterion.by else ""


def _dates_line(sprint: Sprint) -> str:
    """Its planned days, and the day it started when that was another."""
    started = started_on(sprint)
    if started == sprint.start:
        return f"{sprint.start} – {sprint.end}"
    return f"planned {sprint.start} – {sprint.end} · started {started}"


def _state_line(report: SprintReport) -> str:
    sprint = report.sprint
    if sprint.state is SprintState.ACTIVE:
        first = started_on(sprint)
        day = (report.today - first).days + 1
        return f"active, day {day} of {(max(sprint.end, first) - first).days + 1}"
    if sprint.state is SprintState.CLOSED:
        return f"closed {(sprint.closed_at or str(sprint.end))[:10]}"
    return "planned"


def _share(figures: SprintVelocity) -> str:
    return f"{figures.done / figures.committed:.0%}" if figures.committed else "n/a"


def _item_line(item: AnyItem) -> str:
    estimate = "no estimate" if item.estimate is None else _plural(item.estimate, "pt")
    owner = f" · {escape(item.owner)}" if item.owner else ""
    return f"{item.key} {escape(item.title)} · {estimate}{owner}"


def _carry_line(move: CarryOver, items: Mapping[int, AnyItem], out: bool) -> str:
    item = items.get(move.item_id)
    what = _item_line(item) if item else f"#{move.item_id}"
    where = f"to {escape(move.to)}" if out else f"from {escape(move.sprint)}"
    reason = escape(move.reason) if move.reason else "no reason given"
    return f"- {what} — {where}: {reason}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _days(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} days"


def _metrics_markdown(report: SprintReport) -> list[str]:
    cycle, accept, rework_ = report.cycle_time, report.acceptance_time, report.rework
    reopened = " ".join(f"#{i}" for i in rework_.item_ids)
    lines = [
        "## Metrics",
        "",
        f"- Cycle time (doing → done): median {_days(cycle.median)}, 85th percentile "
        f"{_days(cycle.p85)} ({_plural(len(cycle.items), 'item')})",
        f"- Acceptance time (review → done): median {_days(accept.median)}, 85th percentile "
        f"{_days(accept.p85)} ({_plural(len(accept.items), 'item')})",
        f"- Rework: {rework_.count} reopened{' (' + reopened + ')' if reopened else ''}",
        f"- Carry-overs: {len(report.carried_out)} out, {len(report.carried_in)} in",
        "",
        "**Throughput** (items reaching done per week)",
        "",
        "| Week | Items | Points |",
        "|---|---:|---:|",
        *(f"| {w.week} | {w.items} | {w.points} |" for w in report.throughput),
        *([] if report.throughput else ["| none yet | 0 | 0 |"]),
        "",
        f"**Burndown** (points left at the end of each day; {report.burndown.committed} committed)",
        "",
        "| Day | Ideal | Actual |",
        "|---|---:|---:|",
        *(
            f"| {d.day} | {d.ideal:g} | {'' if d.actual is None else d.actual} |"
            for d in report.burndown.days
        ),
        "",
    ]
    return lines


def _retro_markdown(report: SprintReport) -> list[str]:
    lines = ["## Retro actions", ""]
    retro = report.retro
    if retro is None:
        lines += [f"{escape(report.sprint.name)} has no retro yet.", ""]
    else:
        lines += [f"Format: {' / '.join(retro.columns)} · {len(retro.cards)} cards", ""]
        top = sorted((c for c in retro.cards if c.votes), key=lambda c: -c.votes)[:3]
        if top:
            lines += ["Most voted:", ""]
            lines += [
                f"- {escape(c.text)} ({escape(c.column)}, {_plural(c.votes, 'vote')})" for c in top
            ] + [""]
        lines += [action_line(a, report.today) for a in retro.actions] or ["No actions."]
        lines.append("")
    if report.earlier_actions:
        lines += ["**Still open from earlier retros:**", ""]
        lines += [
            f"{action_line(a, report.today)} (from {escape(where)})"
            for where, a in report.earlier_actions
        ]
    return lines


def action_line(action: RetroAction, today: date) -> str:
    """One retro action as a list line; an open one past its due day is marked overdue
    (as the retro screen marks it)."""
    owner = f" — {escape(action.owner)}" if action.owner else ""
    if action_overdue(action, today):
        due = f", **overdue since {action.due}**"
    else:
        due = f", due {action.due}" if action.due else ""
    item = f" · backlog item #{action.item_id}" if action.item_id else ""
    return f"- **{action.state.value}** {escape(action.text)}{owner}{due}{item}"
