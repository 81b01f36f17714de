"""The MCP server for one board file and one user, built with the official SDK.

One `create_server` is used by `poboard mcp` and by the tests (in-process, and as a
subprocess over stdio), as the TUI's `create_app` is.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from mcp.server import MCPServer

from ..board import Board
from .answers import BoardAnswers
from .request_tools import register_request_tools
from .results import runner
from .tools import register_read_tools, register_write_tools


def instructions(board: Board) -> str:
    """What an assistant should know before its first call."""
    owners = board.settings().product_owners
    accepting = (
        f"Only the product owners ({', '.join(owners)}) may move items to done; others "
        "move finished work to review."
        if owners
        else "Anyone may accept work (move it to done) once its criteria are settled."
    )
    return (
        f"poboard is a team's sprint board; you act on it as {board.user}, and every "
        "change is recorded under that name. Writes pass the board's gates: an item is "
        "committed to a sprint only when ready (owner, audience, promise, proof, metric, "
        "estimate and an acceptance criterion), and reaches done only when every "
        f"acceptance criterion is met or waived with a reason. {accepting} A refusal is a "
        "tool error holding JSON {error, message, ...}: error is a stable code "
        "(not_ready, criteria_open, not_product_owner, conflict, ...) and message says "
        "what to do. Pass expect_version (an item's version when you read it) so a write "
        "never overwrites a teammate's change. Requests from outside the team go through "
        "submit_request; a stakeholder may read, submit and follow requests, and any "
        "other write of theirs is refused with not_allowed."
    )


def _version() -> str:
    try:
        return version("poboard")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return ""


def create_server(board: Board) -> MCPServer:
    """The tools over `board`; the board stays open as long as the server runs."""
    server: MCPServer = MCPServer(
        name="poboard",
        title="poboard",
        version=_version(),
        instructions=instructions(board),
        log_level="WARNING",  # standard error is the client's log: no line per request
    )
    answers, run = BoardAnswers(board), runner()
    register_read_tools(server, answers, run)
    register_write_tools(server, answers, run)
    register_request_tools(server, board, run)
    return server


def serve_stdio(board: Board) -> None:
    """Answer one client on standard input and output until it closes them."""
    create_server(board).run("stdio")
