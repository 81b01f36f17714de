"""`poboard sessions`: who is on the served board now, and ending their sessions."""

from __future__ import annotations

import click

from ..contracts.members import session_json
from ..domain.errors import InvalidInputError
from ..services.core import local_time
from .common import board_of, echo, echo_json, json_option


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def sessions(ctx: click.Context, as_json: bool) -> None:
    """The sessions `poboard serve` has open on this board: id, member, key, from where,
    since when, and what (board, command or mcp). A product owner's over ssh."""
    if ctx.invoked_subcommand is not None:
        return
    found = board_of(ctx).members.sessions()
    if as_json:
        echo_json([session_json(s) for s in found])
        return
    if not found:
        echo("no open sessions")
        return
    width = max(len(s.member) for s in found)
    for s in found:
        what = s.command if s.what == "command" else s.what
        ending = f"  (ending: {s.ended_by})" if s.ended_by else ""
        since = local_time(s.started_at, "%Y-%m-%d %H:%M")
        echo(
            f"{s.id:>4}  {s.member:<{width}}  {s.fingerprint}  {s.address:<21}  "
            f"since {since}  {what}{ending}"
        )


@sessions.command(name="end")
@click.argument("ids", nargs=-1, type=int)
@click.option("--member", help="End all of this member's sessions.")
@click.pass_context
def sessions_end(ctx: click.Context, ids: tuple[int, ...], member: str | None) -> None:
    """End sessions by ID (from `poboard sessions`), or all of a --member's; the server
    ends them within a second, telling each member who ended it."""
    if not ids and member is None:
        raise InvalidInputError("say which: poboard sessions end ID..., or --member NAME")
    ended = board_of(ctx).members.end_sessions(ids, member)
    if not ended:
        echo(f"{member} has no open sessions")
        return
    for s in ended:
        echo(f"ending session {s.id}: {s.member} ({s.what}) from {s.address}")


COMMANDS = (sessions,)
