"""`poboard mcp`: the board for an assistant, as a Model Context Protocol server on stdio."""

from __future__ import annotations

import click

from ..domain.errors import PoboardError
from .common import board_of

INSTALL = 'pip install "poboard[mcp]"'


@click.command(name="mcp")
@click.pass_context
def mcp_command(ctx: click.Context) -> None:
    """Serve this board to an assistant (Claude, Copilot, Cursor ...) over MCP on
    standard input and output, as --user (over ssh: your key's member). Writes pass the
    same gates as the board's; a refusal reaches the assistant with its code.
    Needs the MCP SDK: pip install "poboard[mcp]"."""
    try:  # the SDK and its web stack load only here, so every other command stays quick
        from ..assistant.server import serve_stdio
    except ModuleNotFoundError as error:
        missing = (error.name or "").split(".")[0]
        if missing == "poboard":
            raise
        raise PoboardError(
            f"poboard mcp needs the MCP SDK (no module {missing!r}): {INSTALL}"
        ) from None
    serve_stdio(board_of(ctx))


COMMANDS = (mcp_command,)
