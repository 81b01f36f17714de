"""`poboard serve --ssh`: the board for a team, over SSH with their keys (serve/)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import PoboardError
from ..sharing import exposure
from .common import Session, warn


@click.command(name="serve")
@click.option("--ssh", "over_ssh", is_flag=True, help="Serve over SSH (the one way so far).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=2222, show_default=True)
@click.option(
    "--host-key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The server's private key (default: ssh_host_ed25519_key in your data "
    "directory, made on first run).",
)
@click.option(
    "--max-sessions",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Sessions at once; one more is turned away with a line saying so.",
)
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0),
    default=1800,
    show_default=True,
    help="Seconds without input before a session is closed (0: never).",
)
@click.option(
    "--max-sessions-per-member",
    type=click.IntRange(min=1),
    default=4,
    show_default=True,
    help="Sessions one member may have at once; one more is turned away with a line saying so.",
)
@click.option(
    "--max-startups",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Connections not logged in yet, in all; more are closed at once (sshd's MaxStartups).",
)
@click.option(
    "--max-startups-per-address",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Connections not logged in yet from one address (as sshd's PerSourceMaxStartups).",
)
@click.option(
    "--login-grace",
    type=click.FloatRange(min=0, min_open=True),
    default=10,
    show_default=True,
    help="Seconds a connection has to log in before it is closed (as sshd's LoginGraceTime).",
)
@click.option(
    "--session-memory",
    type=click.IntRange(min=64),
    default=1024,
    show_default=True,
    help="MB of memory each session's poboard process may allocate; past it, it ends.",
)
@click.option(
    "--log",
    "log_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Append the audit log (logins, refusals, session ends) to FILE, rotated at 10 MB "
    "with 5 old files kept (default: standard output).",
)
@click.pass_context
def serve_command(
    ctx: click.Context,
    over_ssh: bool,
    host: str,
    port: int,
    host_key: Path | None,
    max_sessions: int,
    idle_timeout: float,
    max_sessions_per_member: int,
    max_startups: int,
    max_startups_per_address: int,
    login_grace: float,
    session_memory: int,
    log_file: Path | None,
) -> None:
    """Serve this board to its members over SSH, in the foreground (SIGTERM or Ctrl-C stops).

    Members log in with their keys (poboard member add); `ssh -p PORT HOST` opens the
    board as that member, `ssh -p PORT HOST CMD ARGS...` runs one command.
    """
    from ..serve.server import ServeOptions, Server, serve

    if not over_ssh:
        raise PoboardError("say how to serve: poboard serve --ssh (the one way so far)")
    session = ctx.find_object(Session)
    assert session is not None, "main() creates the session"
    db = session.db.expanduser().absolute()
    if not db.is_file():
        raise PoboardError(f"there is no board at {db}: make one with poboard --db {db} init")
    if exposed := exposure(db):
        warn(
            f"others than its owner may read or write the board's files ({exposed}); a served "
            f"board stays private to the account that serves it: chmod 600 {db}"
        )
    board = session.board()
    if board.read_only and board.db.blocker is not None:
        warn(f"members' changes will be refused: {board.db.blocker.sentence()}")
    if not board.members():
        warn("no members yet, so no one can log in: poboard member add NAME --key KEY.pub")
    elif not board.settings().product_owners:
        raise PoboardError(
            "the board has members but no product owner, so any member could change the "
            "members and settings: name one first: poboard config set product_owners NAME"
        )
    from . import MODULE_OF

    options = ServeOptions(
        db,
        host,
        port,
        host_key,
        max_sessions,
        idle_timeout,
        max_startups=max_startups,
        max_startups_per_address=max_startups_per_address,
        login_grace=login_grace,
        max_sessions_per_member=max_sessions_per_member,
        session_memory=session_memory,
    )
    from ..serve.audit import file_log, stamped

    log = stamped if log_file is None else file_log(log_file.expanduser())
    server = Server(options, commands=set(MODULE_OF), log=log)
    import asyncio  # only a server needs the event loop's modules

    asyncio.run(serve(server, ready=click.echo))


COMMANDS = (serve_command,)
