"""`poboard import`: poboard's own exports, and backlogs from Jira, Trello and GitHub.

The file's content says which it is (`--from` overrides). A foreign backlog is planned
against the board first; `--dry-run` prints the plan, a real import writes it whole
or refuses the file at its first bad row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import click

from ..board import Board, ImportPlan, Sources
from ..contracts.imports import import_plan_json
from ..domain.errors import InvalidInputError
from ..domain.models import SOURCE_NAMES
from ..services.import_file import load_board_json, read_import_file
from .common import board_of, echo, echo_json, json_option, warn


@click.command(name="import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--from",
    "source",
    type=click.Choice(list(SOURCE_NAMES)),
    help="The tool FILE was exported from (default: told by its content).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print what the import would do; write nothing (--json: the plan).",
)
@click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="SOURCE=TARGET",
    help="Place a source status or Trello list: 'In QA=review', 'Icebox=later' (repeatable).",
)
@json_option
@click.pass_context
def import_file(
    ctx: click.Context,
    file: Path,
    source: str | None,
    dry_run: bool,
    pairs: tuple[str, ...],
    as_json: bool,
) -> None:
    """Import a backlog: a Jira CSV (Export CSV, all fields), a Trello board's JSON, the
    JSON of `gh issue list`, or poboard's own json export or csv of items. Every row
    passes the gates, and every row is imported or none is."""
    try:
        _import(ctx, file, source, dry_run, pairs, as_json)
    except RecursionError:  # a parser meeting nesting deeper than the JSON reader caught
        raise InvalidInputError(f"{file.name} is nested too deeply to read") from None


def _import(
    ctx: click.Context,
    file: Path,
    source: str | None,
    dry_run: bool,
    pairs: tuple[str, ...],
    as_json: bool,
) -> None:
    text = read_import_file(file)
    found = source or Sources.export_format(text)
    if found in SOURCE_NAMES:
        export = Sources.read_export(text, found, pairs)
        if dry_run:
            _dry_run(ctx, export.source, file, lambda b: b.sources.plan_import(export), as_json)
            return
        plan = board_of(ctx).sources.import_export(export)
        if as_json:
            echo_json(import_plan_json(plan, file.name, dry_run=False))
        else:
            _report(plan, file)
        return
    if dry_run or pairs or as_json:
        option = "--dry-run" if dry_run else "--map" if pairs else "--json"
        raise InvalidInputError(
            f"{option} is for Jira, Trello and GitHub exports; {file} is poboard's own "
            "export, which imports whole or not at all"
        )
    _import_own(ctx, file, text)


def _import_own(ctx: click.Context, file: Path, text: str) -> None:
    board = board_of(ctx)
    if file.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        imported = board.transfer.import_data(load_board_json(text, file.name))
    else:
        imported = board.transfer.import_csv(text)
    for note in imported.notes:
        warn(note)
    echo(f"imported {imported.items} items")


def _dry_run(
    ctx: click.Context,
    source: str,
    file: Path,
    plan_on: Callable[[Board], ImportPlan],
    as_json: bool,
) -> None:
    """The plan against the board; a board file that does not exist yet is not made
    for a dry run: the plan is made against an empty board that is thrown away."""
    session_db = Path(ctx.obj.db)
    if session_db.exists():
        plan = plan_on(board_of(ctx))
    else:
        import tempfile  # only a dry run needs it

        with tempfile.TemporaryDirectory(prefix="poboard-dry-run-") as folder:
            board = Board.open(Path(folder) / "board.db", ctx.obj.user)
            try:
                plan = plan_on(board)
            finally:
                board.close()
    if as_json:
        echo_json(import_plan_json(plan, file.name, dry_run=True))
        return
    echo(f"dry run of {file.name} ({SOURCE_NAMES[source]}): nothing was written")
    echo("")
    for line in _summary(plan):
        echo(line)
    echo("")
    echo("status mapping used:")
    for name, target in plan.status_map.items():
        echo(f"  {name} → {target or '(no status here: open items wait in the backlog)'}")
    if not plan.status_map:
        echo("  (no statuses)")
    left = ", ".join(plan.unmapped_columns) or "none"
    echo(f"source columns left unmapped: {left}")
    _section("what the gates and the import decide", _decisions(plan))
    _section("rows that would be refused", [f"{r}" for r in plan.refused])
    _section("warnings", [_warning(row, text) for row, text in plan.warnings])
    echo("")
    if plan.refused:
        echo(f"the import would be refused at {plan.refused[0]}; nothing would be imported")
    else:
        echo("the import would go through: run the same command without --dry-run")


def _report(plan: ImportPlan, file: Path) -> None:
    for row, text in plan.warnings:
        warn(_warning(row, text))
    unplaced = {step.source.status_name for step in plan.steps if step.source.status is None}
    for name in sorted(unplaced - {""}):
        warn(f"status {name!r} maps to no status here: its items wait in the backlog")
    echo(
        f"imported {len(plan.steps)} items from {SOURCE_NAMES[plan.source]} ({file.name}): "
        f"{plan.count('new')} new, {plan.count('update')} updated, "
        f"{plan.count('same')} unchanged"
    )
    for line in _summary(plan)[1:]:
        echo(line)
    for line in _decisions(plan):
        echo(f"  {line}")


def _summary(plan: ImportPlan) -> list[str]:
    refused = f"; {len(plan.refused)} rows refused" if plan.refused else ""
    return [
        f"{len(plan.steps)} items would be imported: {plan.count('new')} new, "
        f"{plan.count('update')} updated, {plan.count('same')} unchanged{refused}",
        f"  by status: {_counts(plan.by_status())}",
        f"  by kind:   {_counts(plan.by_kind())}",
    ]


def _decisions(plan: ImportPlan) -> list[str]:
    lines = [f"{step.label}: {note}" for step in plan.steps for note in (*step.said, *step.notes)]
    lines += [
        f"{step.label}: {len(step.comments)} new comments"
        for step in plan.steps
        if step.current is not None and step.comments
    ]
    return lines


def _section(title: str, lines: list[str]) -> None:
    echo(f"{title}:")
    for line in lines or ["none"]:
        echo(f"  {line}")


def _counts(counter: Counter[str]) -> str:
    return " · ".join(f"{name} {n}" for name, n in counter.most_common()) or "none"


def _warning(row: int, text: str) -> str:
    return f"row {row}: {text}" if row else text


COMMANDS = (import_file,)
