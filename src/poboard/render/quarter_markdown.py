"""A quarter's update as a Markdown page for stakeholders: its goals, what shipped, the
roadmap, and the retro actions still open (an overdue one marked as in the sprint report).

Text people typed is escaped (and kept on one line), as in the sprint report.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..domain.models import Kind
from ..domain.okr import sparkline
from ..domain.quarter_update import ROADMAP, GoalUpdate, QuarterReport
from ..domain.rules import AnyItem
from .markdown import escape
from .report_markdown import action_line
from .requests_markdown import asked_markdown


def quarter_markdown(report: QuarterReport) -> str:
    q = report.quarter
    as_of = f" · as of {report.today}" if q.holds(report.today) else ""
    lines = [
        f"# {escape(report.board)} — {q.label} update",
        "",
        f"{q.first} – {q.last}{as_of}",
        "",
        "## Goals",
        "",
    ]
    if not report.goals:
        lines += [f"No goals are set for {q.label}.", ""]
    for update in report.goals:
        lines += _goal_lines(update)
    shipped = sum(len(s.items) for s in report.shipped)
    lines += [f"## Shipped ({_plural(shipped, 'item')}, {_plural(report.points, 'point')})", ""]
    if not report.shipped:
        lines += ["Nothing reached done in this quarter.", ""]
    for group in report.shipped:
        name = escape(group.sprint) if group.sprint else "Outside a sprint"
        lines += [f"### {name} ({_plural(group.points, 'point')})", ""]
        lines += [_shipped_line(i, report.goal_titles) for i in group.items] + [""]
    lines += asked_markdown(report.asked)
    lines += [f"## Roadmap as of {report.today}", ""]
    for horizon in ROADMAP:
        items = report.roadmap[horizon]
        lines += [f"### {horizon.value.title()} ({_plural(len(items), 'item')})", ""]
        lines += [_roadmap_line(i, report.goal_titles) for i in items] or ["Nothing here."]
        lines.append("")
    if report.open_actions:
        lines += [f"## Retro actions still open ({len(report.open_actions)})", ""]
        lines += [
            f"{action_line(a, report.today)} (from {escape(where)})"
            for where, a in report.open_actions
        ]
    return "\n".join(lines).rstrip() + "\n"


def _goal_lines(update: GoalUpdate) -> list[str]:
    goal = update.goal
    star = " ★ North Star" if goal.north_star else ""
    quarter = f" ({escape(goal.quarter)})" if goal.quarter else ""
    lines = [f"### G{goal.id} {escape(goal.title)}{quarter}{star} — {update.progress:.0%}", ""]
    if not update.key_results:
        return [*lines, "No key results yet.", ""]
    lines += [
        "| Key result | Start | End | Target | Progress | Confidence | Trend |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for m in update.key_results:
        confidence = m.confidence.value if m.confidence else "—"
        trend = sparkline([m.start, *(c.value for c in m.checkins)]) if m.checkins else "—"
        lines.append(
            f"| {escape(m.kr.metric)} | {m.start:g} | {m.end:g} | {m.kr.target:g} | "
            f"{m.progress:.0%} | {confidence} | {trend} |"
        )
    checkins = sorted(
        ((c, m.kr.metric) for m in update.key_results for c in m.checkins),
        key=lambda pair: (pair[0].day, pair[0].at),
    )
    lines += ["", "Check-ins:" if checkins else "No check-ins this quarter.", ""]
    for c, metric in checkins:
        said = f" · {c.confidence.value}" if c.confidence else ""
        note = f" — {escape(c.note)}" if c.note else ""
        lines.append(f"- {c.day} · {escape(metric)}: {c.value:g}{said} · {escape(c.by)}{note}")
    return [*lines, ""] if checkins else lines


def _shipped_line(item: AnyItem, goals: Mapping[int, str]) -> str:
    line = _item_line(item, goals)
    if item.promise:
        line += f" — {escape(item.promise)}"
    if item.kind is Kind.EXPERIMENT:
        result = item.result.value if item.result else "undecided"
        note = f" ({escape(item.result_note)})" if item.result_note else ""
        line += f" · experiment: **{result}**{note}"
    return line


def _roadmap_line(item: AnyItem, goals: Mapping[int, str]) -> str:
    return f"{_item_line(item, goals)} · {item.status.value}"


def _item_line(item: AnyItem, goals: Mapping[int, str]) -> str:
    estimate = "no estimate" if item.estimate is None else _plural(item.estimate, "pt")
    owner = f" · {escape(item.owner)}" if item.owner else ""
    title = goals.get(item.goal_id) if item.goal_id is not None else None
    goal = f" · {escape(title)}" if title else ""
    return f"- {item.key} {escape(item.title)} · {estimate}{owner}{goal}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
