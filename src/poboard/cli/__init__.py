"""The `poboard` command: click commands over `board.Board`, one clear line when refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import click

from ..errors import PoboardError
from ..paths import default_db
from .common import Session


class PoboardGroup(click.Group):
    """Turns every refusal, database or file error into one line on stderr and its exit
    code. (A bug would still show its traceback: that is a bug to fix, not to hide.)"""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PoboardError as error:
            click.echo(f"poboard: {error}", err=True)
            ctx.exit(error.exit_code)
        except sqlite3.Error as error:
            click.echo(f"poboard: the board file could not be used: {error}", err=True)
            ctx.exit(1)
        except OSError as error:
            click.echo(f"poboard: {error.strerror or error}: {error.filename or ''}", err=True)
            ctx.exit(1)


@click.group(
    cls=PoboardGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="POBOARD_DB",
    help="Board file (default: board.db in your data directory; env POBOARD_DB).",
)
@click.option(
    "--user",
    envvar="POBOARD_USER",
    help="Who you are (env POBOARD_USER; default: your login name).",
)
@click.version_option(package_name="poboard")
@click.pass_context
def main(ctx: click.Context, db: Path | None, user: str | None) -> None:
    """poboard: a sprint board for product owners and their teams, on one SQLite file.

    Run it with no command to open the board in your terminal.
    """
    session = Session(db or default_db(), user)
    ctx.obj = session
    ctx.call_on_close(session.close)
    if ctx.invoked_subcommand is None:
        open_tui(session)


def open_tui(session: Session) -> None:
    """Open the board in the terminal; Textual is imported only here, so commands stay fast."""
    from ..tui.app import create_app

    create_app(session.db, session.user).run()


from . import data, items, planning, report  # noqa: E402  (commands register on `main`)

for module in (items, planning, data, report):
    for command in module.COMMANDS:
        main.add_command(command)

__all__ = ["main"]
