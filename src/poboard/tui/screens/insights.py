"""Insights: how the team delivers, drawn from the events log — velocity, the active
sprint's burndown, throughput, cycle and acceptance times, rework, carry-overs, and
key-result progress. Charts are textual-plotext; the figures come from `insights`."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual_plotext import PlotextPlot

from ...board import Board
from ...flow import FlowTimes
from ...insights import Insights
from ..text import bar, literal
from ..widgets.footer import BoardFooter
from .base import BoardScreen

BAR_CELLS = 10
VELOCITY_SPRINTS = 6
THROUGHPUT_WEEKS = 8


def days(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} d"


def flow_text(name: str, times: FlowTimes) -> str:
    return f"{name} median {days(times.median)} · p85 {days(times.p85)} ({len(times.items)} items)"


def summary(figures: Insights) -> Content:
    carried = sum(c.count for c in figures.carry_overs)
    last = figures.carry_overs[-1] if figures.carry_overs else None
    carried_text = f"Carry-overs {carried}" + (
        f" ({last.count} from {last.sprint})" if last else ""
    )
    velocity = " · ".join(
        f"{v.sprint} {v.done}/{v.committed}" + (" so far" if v.state.value == "active" else "")
        for v in figures.velocity[-VELOCITY_SPRINTS:]
    )
    weeks = figures.throughput[-4:]
    throughput = " ".join(str(w.items) for w in weeks) or "—"
    lines = [
        literal(f"Velocity, done/committed points: {velocity or '—'}"),
        literal(flow_text("Cycle time (doing → done)", figures.cycle_time)),
        literal(flow_text("Acceptance time (review → done)", figures.acceptance_time)),
        literal(
            f"Rework {figures.rework.count} reopened · {carried_text} · "
            f"throughput, last {len(weeks)} weeks: {throughput}"
        ),
    ]
    return Content("\n").join(lines)


def key_result_lines(figures: Insights) -> Content:
    lines: list[Content] = [Content.styled("Key results", "bold")]
    for kr in figures.key_results:
        star = "★ " if kr.north_star else ""
        lines.append(
            Content.assemble(
                (f"{bar(kr.fraction, BAR_CELLS)} {kr.fraction:>4.0%} ", "bold"),
                literal(
                    f"{star}{kr.metric}: {kr.baseline:,g} → {kr.current:,g} (target "
                    f"{kr.target:,g}) · {kr.goal}"
                ),
            )
        )
    if not figures.key_results:
        lines.append(Content.styled("No key results yet: add goals on the Roadmap (2).", "dim"))
    return Content("\n").join(lines)


def whole_ticks(plot: PlotextPlot, highest: int) -> None:
    """Counts are whole numbers: label the y axis with integers only."""
    step = max(1, (highest + 4) // 5)
    plot.plt.yticks(list(range(0, highest + step, step)))


class InsightsScreen(BoardScreen):
    """Delivery beside outcomes, so the next planning starts from evidence."""

    TITLE = "Insights"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS = [Binding("r", "reload", "Refresh")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="insights"):
            yield Static(id="insights-summary")
            with Grid(id="charts"):
                yield PlotextPlot(id="velocity")
                yield PlotextPlot(id="burndown")
                yield PlotextPlot(id="throughput")
                yield PlotextPlot(id="cycle")
            yield Static(id="key-results")
        yield BoardFooter()

    def load(self, board: Board) -> Insights:
        return board.insights(self.poboard.today)

    def apply(self, data: Insights, keep: int | None = None) -> None:
        self.query_one("#insights-summary", Static).update(summary(data))
        self.query_one("#key-results", Static).update(key_result_lines(data))
        self.draw_velocity(data)
        self.draw_burndown(data)
        self.draw_throughput(data)
        self.draw_cycle(data)

    def action_reload(self) -> None:
        self.reload()

    def _plot(self, plot_id: str, title: str) -> PlotextPlot:
        plot = self.query_one(f"#{plot_id}", PlotextPlot)
        plot.plt.clear_figure()
        plot.plt.title(title)
        return plot

    def draw_velocity(self, data: Insights) -> None:
        plot = self._plot("velocity", "Velocity: committed vs done (points)")
        recent = data.velocity[-VELOCITY_SPRINTS:]
        if recent:
            names = [v.sprint.replace("Sprint ", "S") for v in recent]
            series = [[v.committed for v in recent], [v.done for v in recent]]
            # plotext takes `labels`; textual-plotext's type stub calls it `label`
            # ▒ committed, █ done: the two series differ without colour too
            legend: dict[str, Any] = {"labels": ["committed", "done"], "marker": ["▒", "█"]}
            plot.plt.multiple_bar(names, series, **legend)
        plot.refresh()

    def draw_burndown(self, data: Insights) -> None:
        burndown = data.burndown
        plot = self._plot(
            "burndown",
            f"Burndown {burndown.sprint}: ideal · actual"
            if burndown
            else "Burndown: no active sprint",
        )
        if burndown is not None and burndown.days:
            x = list(range(1, len(burndown.days) + 1))
            plot.plt.plot(x, [d.ideal for d in burndown.days], label="ideal", marker="dot")
            actual = [
                (n, d.actual) for n, d in zip(x, burndown.days, strict=True) if d.actual is not None
            ]
            if actual:
                plot.plt.plot(
                    [n for n, _ in actual], [a for _, a in actual], label="actual", marker="hd"
                )
            plot.plt.xlabel("sprint day")
        plot.refresh()

    def draw_throughput(self, data: Insights) -> None:
        plot = self._plot("throughput", "Throughput: items done per week")
        weeks = data.throughput[-THROUGHPUT_WEEKS:]
        if weeks:
            counts = [w.items for w in weeks]
            plot.plt.bar([f"{w.monday:%b %d}" for w in weeks], counts)
            whole_ticks(plot, max(counts))
        plot.refresh()

    def draw_cycle(self, data: Insights) -> None:
        plot = self._plot("cycle", "Cycle time, doing → done (days per item)")
        values = [t.days for t in data.cycle_time.items]
        if values:
            bins = min(10, max(3, len(values)))
            plot.plt.hist(values, bins=bins)
            plot.plt.xlabel("days")
            whole_ticks(plot, len(values))
        plot.refresh()
