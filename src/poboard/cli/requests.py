"""Request commands: ask from outside the team, triage, and follow what became of it."""

from __future__ import annotations

import click

from ..board import describe, local_time
from ..contracts.requests import request_json
from ..domain.requests import Request
from .common import board_of, echo, echo_json, json_option

STATUSES = click.Choice(["new", "accepted", "declined", "merged"])


@click.group()
def request() -> None:
    """Requests from outside the team: anyone asks, a product owner accepts, declines or
    merges, and whoever asked follows the outcome."""


@request.command(name="add")
@click.argument("title")
@click.option("--audience", help="Who it is for.")
@click.option("--promise", help="What it promises them.")
@click.option("--proof", help="What shows it is needed.")
@click.option("--metric", help="What would move.")
@click.option("--why", help="Why it matters, in the requester's words.")
@click.option("--needed-by", "needed_by", help="By when it is needed (YYYY-MM-DD).")
@json_option
@click.pass_context
def request_add(
    ctx: click.Context,
    title: str,
    audience: str | None,
    promise: str | None,
    proof: str | None,
    metric: str | None,
    why: str | None,
    needed_by: str | None,
    as_json: bool,
) -> None:
    """Ask for something; prints the new request's key. It waits for a product owner
    before it joins the backlog."""
    made = board_of(ctx).requests.add(
        title,
        audience=audience,
        promise=promise,
        proof=proof,
        metric=metric,
        why=why,
        needed_by=needed_by,
    )
    echo_json(request_json(made)) if as_json else echo(made.label)


@request.command(name="accept")
@click.argument("key")
@click.option("--horizon", type=click.Choice(["now", "next", "later"]), help="Its lane.")
@click.pass_context
def request_accept(ctx: click.Context, key: str, horizon: str | None) -> None:
    """Accept a request: it joins the backlog at the bottom of the rank (or of the
    horizon's lane), with what its requester wrote."""
    board = board_of(ctx)
    done = board.requests.accept(key, horizon)
    echo(f"accepted {done.label}: {board.requests.whereabouts(done.key)}")


@request.command(name="decline")
@click.argument("key")
@click.option("--reason", help="Why not: the requester reads it (required).")
@click.pass_context
def request_decline(ctx: click.Context, key: str, reason: str | None) -> None:
    """Decline a request, with the reason its requester will read."""
    done = board_of(ctx).requests.decline(key, reason or "")
    echo(f"declined {done.label}: {done.reason}")


@request.command(name="merge")
@click.argument("key")
@click.argument("into")
@click.pass_context
def request_merge(ctx: click.Context, key: str, into: str) -> None:
    """A duplicate: the request's requester follows INTO instead."""
    done = board_of(ctx).requests.merge(key, into)
    echo(f"merged {done.label} into #{done.item}")


@request.command(name="comment")
@click.argument("key")
@click.argument("text")
@click.pass_context
def request_comment(ctx: click.Context, key: str, text: str) -> None:
    """Add a line to a request's history (its requester, or the team)."""
    done = board_of(ctx).requests.comment(key, text)
    echo(f"commented on {done.label}")


@request.command(name="list")
@click.option("--status", type=STATUSES, help="Only requests in this state.")
@click.option("--mine", is_flag=True, help="Only the requests I asked.")
@json_option
@click.pass_context
def request_list(ctx: click.Context, status: str | None, mine: bool, as_json: bool) -> None:
    """Requests, new ones first, then the latest asked."""
    found = board_of(ctx).requests.all(status, mine)
    if as_json:
        echo_json([request_json(r) for r in found])
        return
    if not found:
        echo("no requests" + (" of yours" if mine else "") + ": poboard request add TITLE")
        return
    for r in found:
        echo(_line(r))


@request.command(name="show")
@click.argument("key")
@json_option
@click.pass_context
def request_show(ctx: click.Context, key: str, as_json: bool) -> None:
    """One request: what was asked, the decision, where its item is now, its history."""
    board = board_of(ctx)
    found = board.requests.get(key)
    where = board.requests.whereabouts(found.key)
    if as_json:
        shown = request_json(found, where)
        shown["history"] = [describe(e) for e in board.requests.history(found.key)]
        echo_json(shown)
        return
    echo(f"{found.label}  {found.title}")
    echo(f"asked by {found.requested_by} on {local_time(found.created_at, '%Y-%m-%d')}")
    for name in ("audience", "promise", "proof", "metric", "why", "needed_by"):
        value = getattr(found, name)
        if value:
            echo(f"  {name.replace('_', ' ')}: {value}")
    decided = f" by {found.decided_by}" if found.decided_by else ""
    echo(f"status: {found.status.value}{decided}")
    if found.reason:
        echo(f"reason: {found.reason}")
    if where:
        echo(f"now: {where}")
    echo("history:")
    for event in board.requests.history(found.key):
        echo(f"  {describe(event)}")


def _line(r: Request) -> str:
    day = local_time(r.created_at, "%Y-%m-%d")
    outcome = r.status.value
    if r.item is not None:
        outcome += f" → #{r.item}" + (f" ({r.item_status.value})" if r.item_status else "")
    if r.reason:
        outcome += f": {r.reason}"
    return f"{r.label:>6}  {day}  {r.requested_by:<12} {outcome:<24} {r.title}"


COMMANDS = (request,)
