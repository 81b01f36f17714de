"""`poboard report`: a sprint's report for stakeholders, as Markdown or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import board_of, emit, output_option


@click.command()
@click.option(
    "--sprint",
    "sprint_name",
    help="Sprint name (default: the active sprint, else the last closed one).",
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@output_option
@click.pass_context
def report(ctx: click.Context, sprint_name: str | None, fmt: str, output: Path | None) -> None:
    """Write a sprint's report: goal, committed vs done, accepted and carried-over items,
    flow metrics, key results and the retro's actions."""
    from ..report import report_data
    from ..report_markdown import report_markdown

    built = board_of(ctx).sprint_report(sprint_name)
    sprint = built.sprint
    if fmt == "json":
        text = json.dumps(report_data(built), ensure_ascii=False, indent=1) + "\n"
    else:
        text = report_markdown(built)
    emit(text, output, f"{sprint.name} report written to")


COMMANDS = (report,)
