"""`poboard report`: a sprint's report for stakeholders, as Markdown or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..domain.errors import InvalidInputError
from .common import board_of, emit, json_text, output_option

if TYPE_CHECKING:
    from ..domain.quarter_update import QuarterReport


@click.command()
@click.option(
    "--sprint",
    "sprint_name",
    help="Sprint name (default: the active sprint, else the last closed one).",
)
@click.option(
    "--quarter",
    metavar="Q",
    help=(
        "A quarter's update instead (e.g. 2026-Q4, or current): its goals with their key"
        " results' movement and check-ins, what shipped by sprint, the roadmap's open items"
        " by horizon, and the retro actions still open (overdue ones marked)."
    ),
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@output_option
@click.pass_context
def report(
    ctx: click.Context,
    sprint_name: str | None,
    quarter: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Write a sprint's report: goal and whether it was met, committed vs done, delivered
    items with their promise and metric, experiments, carry-overs, key-result movement,
    flow metrics and the retro's actions (overdue ones marked). With --quarter: the
    quarter's update."""
    from ..contracts.reports import report_data
    from ..render.report_markdown import report_markdown

    if quarter is not None:
        if sprint_name is not None:
            raise InvalidInputError("choose --sprint or --quarter, not both")
        write_quarter(board_of(ctx).reports.quarter_report(quarter), fmt, output)
        return
    built = board_of(ctx).reports.sprint_report(sprint_name)
    sprint = built.sprint
    if fmt == "json":
        text = json_text(report_data(built), indent=1) + "\n"
    else:
        text = report_markdown(built)
    emit(text, output, f"{sprint.name} report written to")


def write_quarter(built: QuarterReport, fmt: str, output: Path | None) -> None:
    from ..contracts.quarters import quarter_data
    from ..render.quarter_markdown import quarter_markdown

    if fmt == "json":
        text = json_text(quarter_data(built), indent=1) + "\n"
    else:
        text = quarter_markdown(built)
    emit(text, output, f"{built.quarter.label} update written to")


COMMANDS = (report,)
