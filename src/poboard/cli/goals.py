"""Goal commands: add, list, show (key results with their check-ins and trend), checkin;
and the corrections: edit, archive, kr-edit, checkin-edit, checkin-delete."""

from __future__ import annotations

import contextlib
import math
from datetime import date

import click

from ..contracts.goals import checkin_json, goal_json
from ..domain.errors import InvalidInputError
from ..domain.okr import sparkline
from ..domain.planning import CheckIn, Goal
from .common import board_of, echo, json_option, json_text
from .values import DAY


@click.group()
def goal() -> None:
    """Goals, their key results and check-ins."""


@goal.command(name="add")
@click.argument("title")
@click.option("--quarter", help="e.g. 2026-Q4.")
@click.option("--north-star", is_flag=True, help="Mark as the North Star.")
@click.option("--kr", "key_results", multiple=True, help='"metric:baseline:target" (repeatable).')
@click.pass_context
def goal_add(
    ctx: click.Context,
    title: str,
    quarter: str | None,
    north_star: bool,
    key_results: tuple[str, ...],
) -> None:
    """Add a goal."""
    created = board_of(ctx).goals.add_goal(title, quarter, north_star, key_results)
    echo(f"G{created.id}")


@goal.command(name="list")
@click.option("--archived", is_flag=True, help="The archived goals instead.")
@click.pass_context
def goal_list(ctx: click.Context, archived: bool) -> None:
    """Goals with key-result progress and the latest confidence (archived ones: --archived)."""
    board = board_of(ctx)
    goals = board.goals.archived_goals() if archived else board.goals.all()
    if not goals:
        echo("no archived goals" if archived else "no goals yet; add one with: poboard goal add")
    for g in goals:
        echo(goal_line(g))
        for kr in g.key_results:
            confidence = f" · {kr.confidence.value}" if kr.confidence else ""
            echo(
                f"    {kr.key} {kr.metric}: {kr.baseline:g} → {kr.current:g} "
                f"(target {kr.target:g}){confidence}"
            )


@goal.command(name="show")
@click.argument("goal_ref", metavar="GOAL")
@json_option
@click.pass_context
def goal_show(ctx: click.Context, goal_ref: str, as_json: bool) -> None:
    """One goal (by id, e.g. G2, or title): each key result from baseline through current
    to target, its trend and its check-ins."""
    found = board_of(ctx).goals.find_goal(goal_ref)
    if as_json:
        echo(json_text(goal_json(found), indent=2))
        return
    echo(goal_line(found))
    if found.archived_at:
        echo(f"  archived {found.archived_at[:10]}: poboard goal archive G{found.id} --restore")
    if not found.key_results:
        echo("  no key results yet")
    for kr in found.key_results:
        echo("")
        echo(f"  {kr.key} {kr.metric}")
        confidence = f" · {kr.confidence.value}" if kr.confidence else ""
        echo(
            f"    {kr.baseline:g} → {kr.current:g} → {kr.target:g} (baseline → current → target)"
            f" · {kr.progress:.0%}{confidence}"
        )
        if not kr.checkins:
            echo(f'    no check-ins yet: poboard goal checkin G{found.id} "{kr.metric}" VALUE')
            continue
        echo(f"    trend {sparkline(kr.values)}  (baseline, then each check-in)")
        for checkin in kr.checkins:
            echo(f"    {checkin_line(checkin)}")


@goal.command(name="checkin", context_settings={"ignore_unknown_options": True})
@click.argument("goal_ref", metavar="GOAL")
@click.argument("metric")
@click.argument("value")
@click.option(
    "--confidence",
    metavar="C",
    help='"on track", "at risk" or "off track" (on-track, at-risk, off-track too).',
)
@click.option("--note", help="What moved it, or what is in the way.")
@click.option("--day", type=DAY, help="Day measured, YYYY-MM-DD (today).")
@json_option
@click.pass_context
def goal_checkin(
    ctx: click.Context,
    goal_ref: str,
    metric: str,
    value: str,
    confidence: str | None,
    note: str | None,
    day: date | None,
    as_json: bool,
) -> None:
    """Check in a key result: GOAL (id or title), METRIC (its name), VALUE (a number; a
    negative one such as an NPS of -12 is taken as a value, not an option)."""
    board = board_of(ctx)
    number = parse_number(value)
    checkin = board.goals.check_in(goal_ref, metric, number, confidence, note, day)
    kr = next(
        k for k in board.goals.find_goal(goal_ref).key_results if k.id == checkin.key_result_id
    )
    if as_json:
        echo(json_text(checkin_json(checkin)))
        return
    said = f" · {checkin.confidence.value}" if checkin.confidence else ""
    echo(
        f"{kr.key} {kr.metric}: {checkin.value:g} on {checkin.day}{said} "
        f"({kr.progress:.0%} of the way to {kr.target:g}) {sparkline(kr.values)}"
    )


@goal.command(name="edit")
@click.argument("goal_ref", metavar="GOAL")
@click.option("--title", help="The goal's new title.")
@click.option("--quarter", help='e.g. 2026-Q1 ("" clears it).')
@click.option(
    "--north-star/--no-north-star", default=None, help="Mark or unmark as the North Star."
)
@click.pass_context
def goal_edit(
    ctx: click.Context,
    goal_ref: str,
    title: str | None,
    quarter: str | None,
    north_star: bool | None,
) -> None:
    """Correct a goal (by id, e.g. G2, or title): its title, quarter or North Star."""
    if title is None and quarter is None and north_star is None:
        raise InvalidInputError("say what to change: --title, --quarter or --north-star")
    echo(goal_line(board_of(ctx).goal_edits.edit_goal(goal_ref, title, quarter, north_star)))


@goal.command(name="archive")
@click.argument("goal_ref", metavar="GOAL")
@click.option("--restore", is_flag=True, help="Bring an archived goal back.")
@click.pass_context
def goal_archive(ctx: click.Context, goal_ref: str, restore: bool) -> None:
    """Archive a goal: it leaves the lists, reports and pickers and keeps its key results
    and check-ins (see them with `goal list --archived`; `--restore` brings it back)."""
    found = board_of(ctx).goal_edits.archive_goal(goal_ref, restore)
    said = "archived (goal list --archived shows it)" if found.archived_at else "live again"
    echo(f"G{found.id} {found.title}: {said}")


@goal.command(name="kr-edit")
@click.argument("goal_ref", metavar="GOAL")
@click.argument("metric")
@click.option("--metric", "new_metric", metavar="NEW", help="Rename the key result.")
@click.option("--baseline", metavar="N", help="Its baseline again.")
@click.option("--target", metavar="N", help="Its target again.")
@click.pass_context
def goal_kr_edit(
    ctx: click.Context,
    goal_ref: str,
    metric: str,
    new_metric: str | None,
    baseline: str | None,
    target: str | None,
) -> None:
    """Rename or re-baseline a key result: GOAL (id or title), METRIC (its name or KR3)."""
    if new_metric is None and baseline is None and target is None:
        raise InvalidInputError("say what to change: --metric, --baseline or --target")
    kr = board_of(ctx).goal_edits.edit_key_result(
        goal_ref,
        metric,
        new_metric,
        None if baseline is None else parse_number(baseline, "baseline"),
        None if target is None else parse_number(target, "target"),
    )
    echo(f"{kr.key} {kr.metric}: {kr.baseline:g} → {kr.current:g} (target {kr.target:g})")


@goal.command(name="checkin-edit")
@click.argument("goal_ref", metavar="GOAL")
@click.argument("metric")
@click.argument("which", metavar="DAY|ID")
@click.option("--value", metavar="V", help="The value it should have said.")
@click.option("--confidence", metavar="C", help='"on track", "at risk", "off track" or none.')
@click.option("--note", metavar="T", help='Its note ("" clears it).')
@click.pass_context
def goal_checkin_edit(
    ctx: click.Context,
    goal_ref: str,
    metric: str,
    which: str,
    value: str | None,
    confidence: str | None,
    note: str | None,
) -> None:
    """Correct a check-in, named by its day (YYYY-MM-DD) or id (#12, as `goal show` lists
    them); the events log keeps what it was."""
    if value is None and confidence is None and note is None:
        raise InvalidInputError("say what to change: --value, --confidence or --note")
    number = None if value is None else parse_number(value)
    board = board_of(ctx)
    checkin = board.goal_edits.edit_checkin(goal_ref, metric, which, number, confidence, note)
    echo(f"corrected: {checkin_line(checkin)}")


@goal.command(name="checkin-delete")
@click.argument("goal_ref", metavar="GOAL")
@click.argument("metric")
@click.argument("which", metavar="DAY|ID")
@click.pass_context
def goal_checkin_delete(ctx: click.Context, goal_ref: str, metric: str, which: str) -> None:
    """Delete a check-in made by mistake, named by its day or id; the events log keeps it."""
    checkin = board_of(ctx).goal_edits.delete_checkin(goal_ref, metric, which)
    echo(f"deleted: {checkin_line(checkin)}")


def parse_number(text: str, name: str = "value") -> float:
    with contextlib.suppress(ValueError):  # not a number: said below, in one line
        number = float(text.replace(",", "").strip())
        if math.isfinite(number):
            return number
    raise InvalidInputError(f"{name} {text!r} should be a number, e.g. 34.8") from None


def goal_line(g: Goal) -> str:
    star = "★ " if g.north_star else ""
    quarter = f" ({g.quarter})" if g.quarter else ""
    return f"G{g.id} {star}{g.title}{quarter} — {g.progress:.0%}"


def checkin_line(c: CheckIn) -> str:
    """A check-in with its id first: what `checkin-edit` and `checkin-delete` take."""
    confidence = c.confidence.value if c.confidence else "—"
    note = f"  {c.note}" if c.note else ""
    return f"{f'#{c.id}':<5}{c.day}  {c.value:>10g}  {confidence:<9}  {c.by}{note}"


COMMANDS = (goal,)
