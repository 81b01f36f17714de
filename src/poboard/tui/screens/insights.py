"""Insights: how the team delivers, drawn from the events log — velocity, the burndown of
the sprint of the moment, throughput, cycle and acceptance times, rework, carry-overs, and
key-result progress. Charts are textual-plotext; the figures come from `insights`, their
units and scales from `scales`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from ...board import Board
from ...domain.flow import FlowTimes
from ...domain.measures import Burndown, Insights
from ...domain.models import SprintState
from ...domain.planning import Sprint
from ...domain.scales import TimeUnit, count_ticks, duration, histogram, spread, time_unit
from ..text import CONFIDENCE_STYLE, bar, literal, visible
from ..widgets.footer import BoardFooter
from ..widgets.lines import Line, Lines
from .base import BoardScreen

BAR_CELLS = 10
SUMMARY_LABEL = 13  # "Carry-overs" and a gap
VELOCITY_SPRINTS = 6
THROUGHPUT_WEEKS = 8
CELLS_PER_LABEL = 9  # "Nov 02" or "10–20" with room either side
BAR_WIDTH = 0.6  # of a slot: bars side by side stay apart (at 0.8 some touch)

# One colour a series, the same in the plot and its legend; the markers differ too, so a
# chart reads without colour (an SSH session or a screen-share may lose it).
BLUE = (0, 130, 200)
GREEN = (60, 180, 75)
ORANGE = (245, 130, 48)

Draw = Callable[[Plot, int], None]


def rgb(color: tuple[int, int, int]) -> str:
    return "rgb({},{},{})".format(*color)


def legend(*series: tuple[str, tuple[int, int, int], str]) -> Content:
    """Marker and name of each series, in the series' colour: "▒▒ committed  ██ done"."""
    parts: list[Content | tuple[str, str] | str] = []
    for marker, color, name in series:
        parts += [(marker * 2, rgb(color)), f" {name}  "]
    return Content.assemble(*parts).rstrip()


def day(value: date) -> str:
    return f"{value:%b %d}"


def flow_text(times: FlowTimes, between: str) -> Content:
    unit = time_unit(t.days for t in times.items)
    return Content(
        f"median {duration(times.median, unit)} · p85 {duration(times.p85, unit)} · "
        f"{len(times.items)} items, {between}"
    )


def summary(figures: Insights) -> list[Line]:
    """The flow figures, one a line: what each chart shows in numbers, and what none does."""
    velocity = " · ".join(
        f"{v.sprint} {v.done}/{v.committed}" + (" so far" if v.state is SprintState.ACTIVE else "")
        for v in figures.velocity[-VELOCITY_SPRINTS:]
    )
    carried = sum(c.count for c in figures.carry_overs)
    last = figures.carry_overs[-1] if figures.carry_overs else None
    weeks = figures.throughput[-4:]
    return [
        (
            Content("Velocity"),
            literal(f"{velocity} · done/committed points") if velocity else Content("—"),
        ),
        (Content("Cycle time"), flow_text(figures.cycle_time, "doing → done")),
        (Content("Acceptance"), flow_text(figures.acceptance_time, "review → done")),
        (
            Content("Throughput"),
            Content(
                f"{' '.join(str(w.items) for w in weeks)} items done, last {len(weeks)} weeks"
                if weeks
                else "—"
            ),
        ),
        (Content("Rework"), Content(f"{figures.rework.count} reopened")),
        (
            Content("Carry-overs"),
            literal(f"{carried}" + (f" ({last.count} from {last.sprint})" if last else "")),
        ),
    ]


def key_result_lines(figures: Insights) -> list[Line]:
    """Key results under their goal, each with its progress and the confidence stated at
    its latest check-in (in words: colour only underlines them)."""
    lines: list[Line] = [Content.styled("Key results", "bold")]
    goal = None
    for kr in figures.key_results:
        if kr.goal != goal:
            goal = kr.goal
            lines.append(literal(("★ " if kr.north_star else "") + kr.goal, "italic"))
        text = literal(f"{kr.metric}: {kr.baseline:,g} → {kr.current:,g} (target {kr.target:,g})")
        if kr.confidence is not None:
            text = Content.assemble(
                text, " · ", (kr.confidence.value, CONFIDENCE_STYLE[kr.confidence])
            )
        progress = f"{bar(kr.fraction, BAR_CELLS)} {kr.fraction:>4.0%}"
        lines.append((Content.styled(progress, "bold"), text))
    if not figures.key_results:
        lines.append(Content.styled("No key results yet: add goals on the Roadmap (2).", "dim"))
    return lines


def starts(sprint: Sprint, today: date) -> str:
    """When the planned sprint starts, as a team would say it."""
    days = (sprint.start - today).days
    if days > 1:
        when = f"starts in {days} days"
    elif days == 1:
        when = "starts tomorrow"
    elif days == 0:
        when = "starts today"
    else:
        when = f"was to start {day(sprint.start)}"
    return f"{visible(sprint.name)} {when}"


def burndown_title(chart: Burndown | None) -> Content:
    if chart is None:
        return Content("Burndown")
    closed = chart.closed_on
    if chart.state is SprintState.CLOSED and chart.end is not None:
        early = closed is not None and closed < chart.end
        when = f"closed {day(closed)}" if closed and early else f"ended {day(chart.end)}"
    elif chart.start is not None and chart.end is not None:
        when = f"{day(chart.start)} – {day(chart.end)}"
    else:
        when = chart.state.value
    return literal(f"Burndown · {chart.sprint} ({when})")


def burndown_caption(chart: Burndown | None) -> Content:
    """The legend and the points left (at the close, for a sprint that ended)."""
    if chart is None:
        return Content.styled("No sprint has run yet", "dim")
    left = [d.actual for d in chart.days if d.actual is not None]
    return Content.assemble(
        legend(("•", BLUE, "ideal"), ("▄", ORANGE, "actual")),
        f" · {left[-1]} of {chart.committed} points left" if left else "",
    )


def next_sprint_note(data: Insights) -> Content | None:
    """Between sprints, when the planned one starts."""
    upcoming = data.next_sprint
    running = data.burndown is not None and data.burndown.state is SprintState.ACTIVE
    if upcoming is None or running:
        return None
    return literal(starts(upcoming, data.today))


def count_axis(plt: Plot, highest: float) -> None:
    """Counts and points are whole numbers: an axis of round integers from 0."""
    ticks = count_ticks(highest)
    plt.yticks([float(t) for t in ticks], [str(t) for t in ticks])
    plt.ylim(0, ticks[-1])


class ChartPlot(PlotextPlot):
    """A plot drawn as it renders, for the width it has then (tick labels and bins
    follow the room there is); until it has data, nothing rather than an empty frame."""

    draw: Draw | None = None
    drawn_width = -1

    def show(self, draw: Draw) -> None:
        self.draw = draw
        self.drawn_width = -1
        self.refresh()

    def render(self) -> RenderResult:
        if self.draw is None:
            return ""
        width = self.content_size.width
        if width != self.drawn_width:
            self.plt.clear_figure()
            self.draw(self.plt, max(1, width))
            self.drawn_width = width
        return super().render()


class Chart(Vertical):
    """A plot with its title on the border and its legend on a line of its own under the
    plot: plotext would draw a legend inside the plot, over the bars, so it is never
    asked for one."""

    def __init__(self, chart_id: str) -> None:
        super().__init__(id=chart_id, classes="chart")

    def compose(self) -> ComposeResult:
        yield ChartPlot()
        yield Static(classes="legend")

    @property
    def plot(self) -> ChartPlot:
        return self.query_one(ChartPlot)

    def paint(self, title: Content, caption: Content, draw: Draw) -> None:
        self.border_title = title
        self.query_one(".legend", Static).update(caption)
        self.plot.show(draw)


def draw_velocity(data: Insights) -> Draw:
    recent = data.velocity[-VELOCITY_SPRINTS:]

    def draw(plt: Plot, width: int) -> None:
        if not recent:
            return
        names = [visible(v.sprint).replace("Sprint ", "S") for v in recent]
        series = [[v.committed for v in recent], [v.done for v in recent]]
        # ▒ committed, █ done: the two series differ without colour too. plotext takes a
        # marker and a colour per series; textual-plotext's type stub allows only one.
        per_series: dict[str, Any] = {"marker": ["▒", "█"], "color": [BLUE, GREEN]}
        plt.multiple_bar(names, series, **per_series)
        count_axis(plt, max(max(s) for s in series))

    return draw


def draw_burndown(chart: Burndown | None) -> Draw:
    def draw(plt: Plot, width: int) -> None:
        if chart is None or not chart.days:
            return
        x = list(range(1, len(chart.days) + 1))
        plt.plot(x, [d.ideal for d in chart.days], marker="•", color=BLUE)
        actual = [(n, d.actual) for n, d in zip(x, chart.days, strict=True) if d.actual is not None]
        if actual:
            plt.plot([n for n, _ in actual], [a for _, a in actual], marker="hd", color=ORANGE)
        shown = spread(len(chart.days), max(2, width // CELLS_PER_LABEL))
        plt.xticks([x[n] for n in shown], [day(chart.days[n].day) for n in shown])
        plt.xlim(1, max(2, len(x)))
        count_axis(plt, chart.committed)

    return draw


def draw_throughput(data: Insights) -> Draw:
    weeks = data.throughput[-THROUGHPUT_WEEKS:]

    def draw(plt: Plot, width: int) -> None:
        if not weeks:
            return
        counts = [w.items for w in weeks]
        plt.bar([day(w.monday) for w in weeks], counts, color=BLUE, width=BAR_WIDTH)
        count_axis(plt, max(counts))

    return draw


def draw_cycle(times: FlowTimes, unit: TimeUnit) -> Draw:
    def draw(plt: Plot, width: int) -> None:
        if not times.items:
            return
        bins = histogram((t.days for t in times.items), unit, max(3, width // CELLS_PER_LABEL))
        plt.bar([b.label for b in bins], [b.count for b in bins], color=BLUE, width=BAR_WIDTH)
        count_axis(plt, max(b.count for b in bins))

    return draw


class InsightsScreen(BoardScreen):
    """Delivery beside outcomes, so the next planning starts from evidence."""

    TITLE = "Insights"
    # narrow: all stacked; wide: charts two by two; roomy: the figures side by side too
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide"), (150, "-roomy")]
    BINDINGS = [Binding("r", "reload", "Refresh")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="insights"):
            with Horizontal(id="figures"):
                yield Lines("insights-summary", SUMMARY_LABEL)
                yield Lines("key-results", BAR_CELLS + 7)
            with Container(id="charts"):
                yield Chart("velocity")
                yield Chart("burndown")
                yield Chart("throughput")
                yield Chart("cycle")
        yield BoardFooter()

    def load(self, board: Board) -> Insights:
        return board.reports.insights(self.poboard.today)

    def first_read(self) -> None:
        """Read ahead as the board first showed (`BackgroundReads`): shown at once,
        then brought up to date if the log has moved on since (read again if the day
        has: a sprint's burndown and the weeks counted end today)."""
        ahead = self.poboard.reads.take_insights()
        today = self.poboard.today or self.board.today()
        if ahead is None or ahead[1].today != today:
            self.reload()
        else:
            self.show_now(*ahead)

    def apply(self, data: Insights, keep: int | None = None) -> None:
        self.query_one("#insights-summary", Lines).show(summary(data))
        self.query_one("#key-results", Lines).show(key_result_lines(data))
        self.chart("velocity").paint(
            Content("Velocity per sprint (points)"),
            legend(("▒", BLUE, "committed"), ("█", GREEN, "done")),
            draw_velocity(data),
        )
        burndown = self.chart("burndown")
        burndown.paint(
            burndown_title(data.burndown),
            burndown_caption(data.burndown),
            draw_burndown(data.burndown),
        )
        burndown.border_subtitle = next_sprint_note(data)
        self.chart("throughput").paint(
            Content("Throughput (items done a week)"),
            legend(("█", BLUE, "items done, by the week's Monday")),
            draw_throughput(data),
        )
        cycle = data.cycle_time
        unit = time_unit(t.days for t in cycle.items)
        self.chart("cycle").paint(
            Content(f"Cycle time, doing → done ({unit.name})"),
            Content.assemble(
                legend(("█", BLUE, f"items by {unit.name} taken")),
                f" · median {duration(cycle.median, unit)} · p85 {duration(cycle.p85, unit)}",
            ),
            draw_cycle(cycle, unit),
        )

    def chart(self, chart_id: str) -> Chart:
        return self.query_one(f"#{chart_id}", Chart)

    def action_reload(self) -> None:
        self.reload()
