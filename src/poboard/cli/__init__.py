"""The `poboard` command: click commands over `board.Board`, one clear line when refused."""

from __future__ import annotations

import errno
import importlib
import sqlite3
from pathlib import Path
from typing import Any

import click

from ..contracts.refusals import RefusalJson, refusal_json, refusal_of
from ..domain.errors import Code, PoboardError
from ..paths import default_db
from .common import Session, echo, json_text

# The module offering each command. A command's module is imported only when it runs
# (or when --help lists them all), so `poboard show` never loads the importers or serve.
COMMAND_MODULES = {
    "items": (
        "add", "edit", "show", "history", "list", "move", "accept",
        "check", "uncheck", "waive", "rank",
    ),
    "planning": ("sprint", "config"),
    "goals": ("goal",),
    "requests": ("request",),
    "data": ("export", "backup", "demo"),
    "imports": ("import",),
    "report": ("report",),
    "team": ("init", "doctor", "member"),
    "serve": ("serve",),
    "sessions": ("sessions",),
    "assistant": ("mcp",),
}  # fmt: skip
MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}
SERVERS = {"serve", "mcp"}  # they run until stopped, and stop with the usual cleanup


class PoboardGroup(click.Group):
    """Loads each command on first use, and turns every refusal, database or file error
    into one line on stderr and its exit code. (A bug would still show its traceback:
    that is a bug to fix, not to hide.)"""

    ended_command = False  # a command (not the board, not a server) ran to its end

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(MODULE_OF)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in MODULE_OF:
            module = importlib.import_module(f".{MODULE_OF[cmd_name]}", __package__)
            for command in module.COMMANDS:
                self.add_command(command)
        return self.commands.get(cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PoboardError as error:
            refused(ctx, refusal_of(error))
            ctx.exit(error.exit_code)
        except sqlite3.Error as error:
            refused(
                ctx, refusal_json(Code.BOARD_FILE, f"the board file could not be used: {error}")
            )
            ctx.exit(1)
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # the reader went away (`| head`): click ends quietly
            message = f"{error.strerror or error}: {error.filename or ''}".rstrip(": ")
            refused(ctx, refusal_json(Code.BOARD_FILE, message))
            ctx.exit(1)
        finally:
            self.ended_command = ctx.invoked_subcommand not in (None, *SERVERS)


def refused(ctx: click.Context, refusal: RefusalJson) -> None:
    """One line on standard error: the sentence, or with --json an object scripts can read."""
    session = ctx.find_object(Session)
    if session is not None and session.as_json:
        echo(json_text(refusal), err=True)
    else:
        echo(f"poboard: {refusal['message']}", err=True)


@click.group(
    cls=PoboardGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    # readable=False: a board this account cannot read is the board's to say (one line;
    # doctor's ✗ with the fix), not click's usage error
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    envvar="POBOARD_DB",
    help="Board file (default: board.db in your data directory; env POBOARD_DB).",
)
@click.option(
    "--user",
    envvar="POBOARD_USER",
    help="Who you are (env POBOARD_USER; default: your login name).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Refusals as JSON on stderr: {error, message, ...} (commands also take --json).",
)
@click.version_option(package_name="poboard")
@click.pass_context
def main(ctx: click.Context, db: Path | None, user: str | None, as_json: bool) -> None:
    """poboard: a sprint board for product owners and their teams, on one SQLite file.

    Run it with no command to open the board in your terminal.
    """
    session = Session(db or default_db(), user, as_json)
    ctx.obj = session
    ctx.call_on_close(session.close)
    if ctx.invoked_subcommand is None:
        open_tui(ctx, session)


def open_tui(ctx: click.Context, session: Session) -> None:
    """Open the board in the terminal; Textual is imported only here, so commands stay
    fast. The process ends with the app's return code (129 when its terminal went away)."""
    from ..process import loading

    with loading():
        from ..tui.app import board_app

    app = board_app(session.db, session.user)
    try:
        app.run()
    finally:
        app.board.close()  # the process ends at once after (`end_now`): close it first
    if app.return_code:
        ctx.exit(app.return_code)


__all__ = ["main"]
