"""The panel beside the table: who and why, readiness, criteria, score and blockers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from ... import rules
from ...board import ItemView
from ...models import CriterionState, Settings
from ..text import literal, visible

MARKS = {CriterionState.MET: "●", CriterionState.OPEN: "○", CriterionState.WAIVED: "⊘"}


def detail_content(view: ItemView, settings: Settings, blocker_titles: dict[int, str]) -> Content:
    """Everything but the description, as one literal block of text."""
    item = view.item
    lines: list[Content] = [literal(f"{item.key} {item.title}", "bold")]
    facts = [item.kind.value, f"owner {item.owner or '—'}", item.horizon.value]
    if view.goal:
        facts.append(view.goal)
    if view.sprint:
        facts.append(f"{view.sprint} · {item.status.value}")
    if item.slipped:
        facts.append(f"slipped ×{item.slipped}")
    lines += [literal(" · ".join(facts), "dim"), Content("")]
    if view.ready:
        lines.append(Content.styled("Ready ✓", "bold green"))
    else:
        lines.append(Content.styled(f"Not ready ✗ missing {', '.join(view.missing)}", "bold red"))
    for label, value in (
        ("Audience", item.audience),
        ("Promise", item.promise),
        ("Proof", item.proof),
        ("Metric", item.metric),
    ):
        lines.append(Content.assemble((f"{label:<9} ", "dim"), visible(value or "—")))
    estimate = "—" if item.estimate is None else f"{item.estimate} pts"
    lines.append(Content.assemble(("Estimate  ", "dim"), estimate))
    if item.kind.value == "experiment":
        for label, value in (
            ("Hypothesis", item.hypothesis),
            ("Success", item.success_metric),
            ("Guardrail", item.guardrail_metric),
            ("Decide", item.decision_rule),
        ):
            lines.append(Content.assemble((f"{label:<11}", "dim"), visible(value or "—")))
    lines.append(Content(""))
    settled = sum(1 for c in item.criteria if rules.is_settled(c))
    lines.append(Content.styled(f"Acceptance criteria ({settled}/{len(item.criteria)})", "bold"))
    if not item.criteria:
        lines.append(Content.styled("none yet — press e to add some", "dim"))
    for n, c in enumerate(item.criteria, start=1):
        tag = " (DoD)" if c.dod else ""
        why = f" — {c.reason}" if c.reason else ""
        lines.append(literal(f"{MARKS[c.state]} {n}. {c.text}{tag}{why}"))
    lines.append(Content(""))
    lines.append(literal("Score " + rules.score_explained(item, settings.weights, view.blocks)))
    if item.blocked_by:
        names = ", ".join(f"#{b} {blocker_titles.get(b, '')}".strip() for b in item.blocked_by)
        lines.append(literal(f"Blocked by {names}", "yellow"))
    return Content("\n").join(lines)


class ItemDetail(VerticalScroll, can_focus=False):
    """Shows the highlighted item; the description is rendered as Markdown."""

    def compose(self) -> ComposeResult:
        yield Static(id="facts")
        yield Markdown(id="description")

    def show(
        self,
        view: ItemView | None,
        settings: Settings,
        blocker_titles: dict[int, str],
        empty: str = "",
    ) -> None:
        facts = self.query_one("#facts", Static)
        description = self.query_one("#description", Markdown)
        if view is None:
            facts.update(Content.styled(empty or "No item here. Press a to add one.", "dim"))
            description.display = False
            return
        facts.update(detail_content(view, settings, blocker_titles))
        description.display = bool(view.item.description)
        if view.item.description:
            description.update(visible(view.item.description))
