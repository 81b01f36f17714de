"""`poboard serve`: the board for a team over SSH with their keys (serve/), and its pages
for everyone else in a browser (web/); both in one process when both are asked for."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import click

from ..domain.errors import PoboardError
from ..services.sharing import exposure
from .common import Session, warn

F = TypeVar("F", bound=Callable[..., Any])


def limit(name: str, kind: Any, default: float, help: str) -> Callable[[F], F]:
    """One of the server's limits: an option showing its default."""
    return click.option(name, type=kind, default=default, show_default=True, help=help)


class Served(Protocol):
    """A server the command runs until SIGTERM or Ctrl-C."""

    async def start(self) -> str: ...

    async def stop(self) -> None: ...


@click.command(name="serve")
@click.option("--ssh", "over_ssh", is_flag=True, help="Serve the board to members over SSH.")
@click.option(
    "--web",
    "over_web",
    is_flag=True,
    help="Serve read-only pages and the request form to members in a browser "
    "(signed in with poboard member link).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to listen on [default: 2222 for --ssh; 8080 for --web alone].",
)
@click.option(
    "--web-port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="The web pages' port when serving both (--ssh --web).",
)
@click.option(
    "--host-key",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The server's private key (default: ssh_host_ed25519_key in your data "
    "directory, made on first run).",
)
@limit(
    "--max-sessions",
    click.IntRange(min=1),
    20,
    "Sessions at once; one more is turned away with a line saying so.",
)
@limit(
    "--idle-timeout",
    click.FloatRange(min=0),
    1800,
    "Seconds without input before a session is closed (0: never).",
)
@limit(
    "--max-sessions-per-member",
    click.IntRange(min=1),
    4,
    "Sessions one member may have at once; one more is turned away with a line saying so.",
)
@limit(
    "--max-startups",
    click.IntRange(min=1),
    64,
    "Connections not logged in yet, in all; more are closed at once (sshd's MaxStartups).",
)
@limit(
    "--max-startups-per-address",
    click.IntRange(min=1),
    10,
    "Connections not logged in yet from one address (as sshd's PerSourceMaxStartups).",
)
@limit(
    "--login-grace",
    click.FloatRange(min=0, min_open=True),
    10,
    "Seconds a connection has to log in before it is closed (as sshd's LoginGraceTime).",
)
@limit(
    "--session-memory",
    click.IntRange(min=64),
    1024,
    "MB of memory each session's poboard process may allocate; past it, it ends.",
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
    /,
    over_ssh: bool,
    over_web: bool,
    host: str,
    port: int | None,
    web_port: int,
    host_key: Path | None,
    log_file: Path | None,
    **limits: Any,
) -> None:
    """Serve this board to its members, in the foreground (SIGTERM or Ctrl-C stops).

    --ssh: members log in with their keys (poboard member add); `ssh -p PORT HOST` opens
    the board as that member, `ssh -p PORT HOST CMD ARGS...` runs one command.

    --web: members open the sign-in link a product owner gives them (poboard member
    link NAME) and read the roadmap, the sprint and the reports, and send requests.
    """
    if not over_ssh and not over_web:
        raise PoboardError("say how to serve: poboard serve --ssh, --web, or both")
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
    if board.read_only and board.write_blocker is not None:
        warn(f"members' changes will be refused: {board.write_blocker.sentence()}")
    if not board.members.all():
        ways = []
        if over_ssh:
            ways.append("poboard member add NAME --key KEY.pub (over SSH)")
        if over_web:
            ways.append("poboard member add NAME --role stakeholder, then member link NAME (web)")
        warn("no members yet, so no one can come in: " + "; ".join(ways))
    elif not board.settings().product_owners:
        raise PoboardError(
            "the board has members but no product owner, so any member could change the "
            "members and settings: name one first: poboard config set product_owners NAME"
        )
    from ..serve.audit import file_log, stamped

    log = stamped if log_file is None else file_log(log_file.expanduser())
    servers: list[Served] = []
    if over_ssh:
        from ..serve.options import ServeOptions
        from ..serve.server import Server
        from . import MODULE_OF

        options = ServeOptions(db, host, 2222 if port is None else port, host_key, **limits)
        servers.append(Server(options, commands=set(MODULE_OF), log=log))
    if over_web:
        from ..web.server import WebServer

        web_at = web_port if over_ssh else 8080 if port is None else port
        servers.append(WebServer(str(db), host, web_at, log))
    import asyncio  # only a server needs the event loop's modules

    asyncio.run(run_until_stopped(servers, ready=click.echo))


async def run_until_stopped(servers: Sequence[Served], ready: Callable[[str], None]) -> None:
    """Start each server, run until SIGTERM or SIGINT (Ctrl-C), then stop each cleanly."""
    import asyncio
    import signal

    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    started: list[Served] = []
    try:
        for server in servers:
            ready(await server.start())
            started.append(server)
        await stopping.wait()
    finally:
        for server in reversed(started):
            await server.stop()


COMMANDS = (serve_command,)
