"""Moving a board out: export, backup, and the demo board (import is in `imports`)."""

from __future__ import annotations

from pathlib import Path

import click

from ..contracts.exports import board_export
from ..domain.errors import PoboardError
from .common import board_of, echo, emit, json_text, output_option


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv", "md"]), default="json", show_default=True
)
@output_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the board: json (everything), csv (items) or md (a readable page)."""
    board = board_of(ctx)
    if fmt == "json":
        text = json_text(board_export(board), indent=1) + "\n"
    elif fmt == "csv":
        text = board.transfer.export_csv()
    else:
        from ..render.markdown import board_markdown

        views = board.lists.list_views(positioned=True)
        criteria = board.lists.criteria_of()
        text = board_markdown(
            board.settings(), board.goals.all(), board.sprints.all(), views, criteria
        )
    emit(text, output, "exported to", data=fmt != "md")


@click.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def backup(ctx: click.Context, path: Path) -> None:
    """Write a consistent copy of the board to PATH, even while others write."""
    board_of(ctx).backup(path)
    echo(f"backed up to {path}")


@click.command()
@click.option(
    "--items",
    "extra",
    type=click.IntRange(min=0),
    default=0,
    help="Also add N generated items (for trying the board at scale).",
)
@click.pass_context
def demo(ctx: click.Context, extra: int) -> None:
    """Fill an empty board with a sample marketing team's board."""
    from ..demo.fill import fill_demo

    board = board_of(ctx)
    if not board.is_empty():
        raise PoboardError(
            f"{ctx.obj.db} already holds a board; demo fills an empty one "
            "(use --db to pick a new file)"
        )
    fill_demo(board, extra)
    echo(f"demo board ready in {ctx.obj.db}: {len(board.items.all())} items")


COMMANDS = (export, backup, demo)
