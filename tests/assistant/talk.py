"""Talking to the server with the SDK's own client: in-process, and reading results."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from mcp import Client
from mcp.types import CallToolResult, TextContent

from poboard.assistant.server import create_server
from poboard.board import Board
from poboard.cli import main

READY = {
    "owner": "ben",
    "audience": "Trial users who have not invited a teammate",
    "promise": "Invite your team in two clicks",
    "proof": "Pilot: invites doubled in week one",
    "metric": "Trial-to-activation",
    "estimate": 3,
}


@asynccontextmanager
async def in_process(db: Path, user: str, mode: str = "legacy") -> AsyncIterator[Client]:
    """The server for `db` as `user`, in this process. `legacy` runs the JSON-RPC
    handshake over the SDK's memory streams (as today's clients speak); `auto` its
    direct in-process dispatch."""
    board = Board.open(db, user)
    try:
        async with Client(create_server(board), mode=mode) as client:
            yield client
    finally:
        board.close()


def text_of(result: CallToolResult) -> str:
    (content,) = result.content
    assert isinstance(content, TextContent)
    return content.text


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    """A tool's answer as JSON; fails if the tool refused."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, text_of(result)
    return json.loads(text_of(result))


async def refusal(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """A tool's refusal: a tool error (not a protocol error) holding the CLI's JSON."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool} was not refused: {text_of(result)}"
    found: dict[str, Any] = json.loads(text_of(result))  # JSON, so never a traceback
    assert result.structured_content == found
    return found


def cli_json(db: Path, *args: str, user: str = "tester") -> Any:
    """What `poboard --db DB ARGS... --json` prints, run in-process."""
    result = CliRunner().invoke(main, ["--db", str(db), "--user", user, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def poboard_script() -> str:
    """The installed `poboard` console script, as an assistant's host would start it."""
    beside = Path(sys.executable).parent / "poboard"
    found = str(beside) if beside.exists() else shutil.which("poboard")
    assert found, "the poboard console script is not installed"
    return found
