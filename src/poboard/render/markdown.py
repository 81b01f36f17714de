"""The board as a Markdown page for people who will never open a terminal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..domain.models import (
    CRITERION_BOXES,
    SPRINT_COLUMNS,
    CriterionState,
    Horizon,
    Kind,
    SprintState,
    Status,
)
from ..domain.okr import sparkline
from ..domain.planning import Goal, Sprint
from ..domain.readiness import labels
from ..domain.safe_text import visible
from ..domain.scales import points
from ..domain.settings import Settings

if TYPE_CHECKING:
    from ..domain.item_view import ItemView

MARKUP = frozenset("\\*_`[]<>#|")


def board_markdown(
    settings: Settings,
    goals: Sequence[Goal],
    sprints: Sequence[Sprint],
    views: Sequence[ItemView],
    criteria: Mapping[int, Sequence[Mapping[str, Any]]],
) -> str:
    """Goals, open sprints by column, the backlog by horizon (with criteria), then done
    and dropped work; `criteria` as `Board.criteria_of` gives them."""
    lines = [f"# {escape(settings.name)}", ""]
    if goals:
        lines += ["## Goals", ""]
        for goal in goals:
            star = " ★ North Star" if goal.north_star else ""
            quarter = f" ({escape(goal.quarter)})" if goal.quarter else ""
            lines.append(
                f"- **G{goal.id} {escape(goal.title)}**{quarter}{star} — {goal.progress:.0%}"
            )
            for kr in goal.key_results:
                confidence = f" · {kr.confidence.value}" if kr.confidence else ""
                trend = f" · {sparkline(kr.values)}" if kr.checkins else ""
                lines.append(
                    f"  - {escape(kr.metric)}: {kr.baseline:g} → {kr.current:g} "
                    f"(target {kr.target:g}){confidence}{trend}"
                )
        lines.append("")
    in_open_sprint: set[int] = set()
    for sprint in sprints:
        if sprint.state is SprintState.CLOSED:
            continue
        chosen = [
            v
            for v in views
            if v.item.sprint_id == sprint.id and v.item.status is not Status.DROPPED
        ]
        in_open_sprint |= {v.item.id or 0 for v in chosen}
        lines += [
            f"## {escape(sprint.name)} ({sprint.state.value}): {escape(sprint.goal)}",
            "",
            f"{sprint.start} – {sprint.end} · capacity {sprint.capacity} points",
            "",
        ]
        for status in SPRINT_COLUMNS:
            in_column = [v for v in chosen if v.item.status is status]
            if in_column:
                lines += [f"### {status.value.title()}", ""]
                lines += [line for v in in_column for line in (_line(v), *_experiment(v))] + [""]
    rest = [v for v in views if (v.item.id or 0) not in in_open_sprint]
    for horizon in Horizon:
        chosen = [
            v
            for v in rest
            if v.item.horizon is horizon and v.item.status not in (Status.DONE, Status.DROPPED)
        ]
        if chosen:
            lines += [f"## Backlog — {horizon.value.title()}", ""]
            for view in chosen:
                lines.append(_line(view))
                lines += _experiment(view)
                lines += [
                    f"  - {CRITERION_BOXES[CriterionState(c['state'])]} {escape(c['text'])}"
                    for c in criteria.get(view.item.id, [])
                ]
            lines.append("")
    for status, heading in ((Status.DONE, "Done"), (Status.DROPPED, "Dropped")):
        chosen = [v for v in rest if v.item.status is status]
        if chosen:
            lines += [f"## {heading}", ""]
            lines += [line for v in chosen for line in (_line(v), *_experiment(v))] + [""]
    return "\n".join(lines).rstrip() + "\n"


def _experiment(view: ItemView) -> list[str]:
    """An experiment's design and its decision, under its line."""
    item = view.item
    if item.kind is not Kind.EXPERIMENT:
        return []
    lines = [
        f"  - {label}: {escape(value)}"
        for label, value in (
            ("Hypothesis", item.hypothesis),
            ("Success metric", item.success_metric),
            ("Guardrail metric", item.guardrail_metric),
            ("Decision rule", item.decision_rule),
        )
        if value
    ]
    if item.result is not None:
        note = f" — {escape(item.result_note)}" if item.result_note else ""
        lines.append(f"  - **Result: {item.result.value}**{note}")
    return lines


def _line(view: ItemView) -> str:
    item = view.item
    ready = "✓ ready" if view.ready else "✗ missing " + labels(view.missing)
    estimate = points(item.estimate) if item.estimate is not None else "no estimate"
    owner = f" · {escape(item.owner)}" if item.owner else ""
    sprint = f" · {escape(view.sprint)}" if view.sprint else ""
    return (
        f"- **{item.key} {escape(item.title)}** · {item.kind.value} · score {view.score}"
        f" · {estimate}{owner}{sprint} · {ready}"
    )


def escape(text: str) -> str:
    """User text inside one Markdown line: markup characters escaped (so no link forms),
    line breaks folded, control characters shown as pictures (ESC as ␛)."""
    flat = visible(" ".join(text.split()), multiline=False)
    return "".join("\\" + ch if ch in MARKUP else ch for ch in flat)
