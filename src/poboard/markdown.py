"""The board as a Markdown page for people who will never open a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .models import CriterionState, Goal, Horizon, Settings, Sprint, SprintState, Status

if TYPE_CHECKING:
    from .board import ItemView

STATE_MARK = {CriterionState.MET: "[x]", CriterionState.OPEN: "[ ]", CriterionState.WAIVED: "[~]"}


def board_markdown(
    settings: Settings, goals: Sequence[Goal], sprints: Sequence[Sprint], views: Sequence[ItemView]
) -> str:
    lines = [f"# {settings.name}", ""]
    if goals:
        lines += ["## Goals", ""]
        for goal in goals:
            star = " ★ North Star" if goal.north_star else ""
            quarter = f" ({goal.quarter})" if goal.quarter else ""
            lines.append(f"- **G{goal.id} {goal.title}**{quarter}{star} — {goal.progress:.0%}")
            for kr in goal.key_results:
                lines.append(
                    f"  - {kr.metric}: {kr.baseline:g} → {kr.current:g} (target {kr.target:g})"
                )
        lines.append("")
    active = next((s for s in sprints if s.state is SprintState.ACTIVE), None)
    if active is not None:
        lines += [f"## {active.name} (active): {active.goal}", ""]
        lines += [f"{active.start} – {active.end} · capacity {active.capacity} points", ""]
        for status in (Status.TODO, Status.DOING, Status.REVIEW, Status.DONE):
            chosen = [v for v in views if v.item.sprint_id == active.id and v.item.status is status]
            if chosen:
                lines += [f"### {status.value.title()}", "", *(_line(v) for v in chosen), ""]
    for horizon in Horizon:
        chosen = [v for v in views if v.item.horizon is horizon and v.item.status is Status.BACKLOG]
        if chosen:
            lines += [f"## Backlog — {horizon.value.title()}", ""]
            for view in chosen:
                lines.append(_line(view))
                lines += [f"  - {STATE_MARK[c.state]} {c.text}" for c in view.item.criteria]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _line(view: ItemView) -> str:
    item = view.item
    ready = "✓ ready" if view.ready else "✗ missing " + ", ".join(view.missing)
    estimate = f"{item.estimate} pts" if item.estimate is not None else "no estimate"
    owner = f" · {item.owner}" if item.owner else ""
    return (
        f"- **{item.key} {_escape(item.title)}** · {item.kind.value} · score {view.score}"
        f" · {estimate}{owner} · {ready}"
    )


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in "*_`[]<>#|" else ch for ch in text)
