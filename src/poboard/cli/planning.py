"""Sprint and config commands."""

from __future__ import annotations

import shlex
from datetime import date

import click

from ..board import config_items
from ..domain.errors import Code, GateRefusal, refuse
from ..domain.measures import started_on
from ..domain.models import SprintState
from .common import board_of, echo
from .values import DAY, POINTS


@click.group()
def sprint() -> None:
    """Plan, start and close sprints."""


@sprint.command(name="new")
@click.argument("name")
@click.option("--goal", required=True, help="The sprint goal, one sentence.")
@click.option("--start", required=True, type=DAY, help="First day, YYYY-MM-DD.")
@click.option("--end", required=True, type=DAY, help="Last day, YYYY-MM-DD.")
@click.option("--capacity", required=True, type=POINTS, help="Points.")
@click.pass_context
def sprint_new(
    ctx: click.Context, name: str, goal: str, start: date, end: date, capacity: int
) -> None:
    """Plan a new sprint."""
    board = board_of(ctx)
    created = board.sprints.new_sprint(name, goal, start, end, capacity)
    closed = [s for s in board.sprints.all() if s.velocity is not None]
    guide = f" (last velocity {closed[-1].velocity})" if closed else ""
    echo(
        f"{created.name} planned: {created.start} – {created.end}, capacity "
        f"{created.capacity}{guide}"
    )


@sprint.command(name="start")
@click.argument("name")
@click.option("--early", is_flag=True, help="Start it today, before its planned start.")
@click.pass_context
def sprint_start(ctx: click.Context, name: str, early: bool) -> None:
    """Start a planned sprint (one sprint is active at a time); before its start date
    only with --early."""
    board = board_of(ctx)
    try:
        started = board.sprints.start_sprint(name, early=early)
    except GateRefusal as refusal:
        if refusal.codes != {Code.SPRINT_NOT_DUE}:
            raise
        raise refuse(
            Code.SPRINT_NOT_DUE,
            f"{refusal}; to start it today instead: poboard sprint start {shlex.quote(name)} "
            "--early",
        ) from None
    early_note = f" (planned for {started.start})" if started.start > board.today() else ""
    echo(
        f"{started.name} started{early_note}: {started.committed_points} of {started.capacity} "
        "points committed"
    )


@sprint.command(name="commit")
@click.argument("keys", nargs=-1, required=True)
@click.option("--sprint", "sprint_name", help="Sprint name (default: active, else next planned).")
@click.pass_context
def sprint_commit(ctx: click.Context, keys: tuple[str, ...], sprint_name: str | None) -> None:
    """Commit ready items to a sprint (all or none)."""
    board = board_of(ctx)
    committed = board.sprints.commit(keys, sprint_name)
    target = (
        board.sprints.find_sprint(sprint_name) if sprint_name else board.sprints.planning_target()
    )
    points = board.sprints.progress(target, date.today()).committed
    echo(
        f"committed {' '.join(f'#{k}' for k in committed)} to {target.name} "
        f"({points}/{target.capacity} points)"
    )
    if points > target.capacity:
        echo(f"warning: {target.name} is over capacity", err=True)


@sprint.command(name="close")
@click.option(
    "--to",
    "to",
    type=click.Choice(["backlog", "next"]),
    default="backlog",
    show_default=True,
    help="Where unfinished items go.",
)
@click.option("--reason", help="Why they slipped.")
@click.option("--goal-met", metavar="yes|partly|no", help="Was the sprint goal met?")
@click.option("--goal-note", help="A word on the sprint goal's outcome.")
@click.pass_context
def sprint_close(
    ctx: click.Context,
    to: str,
    reason: str | None,
    goal_met: str | None,
    goal_note: str | None,
) -> None:
    """Close the active sprint: velocity and the sprint goal's outcome are recorded,
    unfinished items roll over."""
    result = board_of(ctx).sprints.close_sprint(to, reason, goal_met=goal_met, goal_note=goal_note)
    closed = result.sprint
    carried = " ".join(f"#{k}" for k in result.carried) or "none"
    outcome = f"; goal met: {closed.goal_met.value}" if closed.goal_met else ""
    echo(
        f"{closed.name} closed: velocity {closed.velocity}{outcome}; "
        f"carried to {result.destination}: {carried}"
    )


@sprint.command(name="list")
@click.pass_context
def sprint_list(ctx: click.Context) -> None:
    """Every sprint, oldest first."""
    sprints = board_of(ctx).sprints.all()
    if not sprints:
        echo("no sprints yet; plan one with: poboard sprint new")
    for s in sprints:
        velocity = f" · velocity {s.velocity}" if s.velocity is not None else ""
        velocity += f" · goal met: {s.goal_met.value}" if s.goal_met else ""
        if started_on(s) != s.start:
            velocity += f" · started {started_on(s)}"
        marker = "▶" if s.state is SprintState.ACTIVE else " "
        echo(
            f"{marker} {s.name:<12} {s.state.value:<8} {s.start} – {s.end}  capacity "
            f"{s.capacity}{velocity}  {s.goal}"
        )


@click.command()
@click.argument("action", type=click.Choice(["show", "set"]), default="show")
@click.argument("key", required=False)
@click.argument("value", required=False)
@click.pass_context
def config(ctx: click.Context, action: str, key: str | None, value: str | None) -> None:
    """Show board settings, or set one: config set KEY VALUE."""
    board = board_of(ctx)
    if action == "show":
        for name, text in config_items(board.settings()):
            echo(f"{name} = {text}")
        return
    if key is None or value is None:
        raise click.UsageError("config set takes KEY and VALUE")
    updated = dict(config_items(board.config.configure(key, value)))
    echo(f"{key} = {updated[key]}")


COMMANDS = (sprint, config)
