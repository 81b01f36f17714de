"""`poboard mcp` as a real process, spoken to over stdio by the SDK's client, as an
assistant's host starts it; and what it says when the SDK is not installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from .talk import READY, call, poboard_script, refusal

HIDE_THE_SDK = """
import runpy, sys
sys.modules["mcp"] = None  # as if `pip install "poboard[mcp]"` had never run
sys.argv = ["poboard", *sys.argv[1:]]
runpy.run_module("poboard", run_name="__main__")
"""


def server(db: Path, user: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=poboard_script(), args=["--db", str(db), "--user", user, "mcp"]
    )


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_poboard_mcp_over_stdio(db: Path, mode: str) -> None:
    """legacy: the initialize handshake today's hosts use; auto: the SDK's newest."""
    async with Client(server(db, "ana"), mode=mode) as client:
        names = {t.name for t in (await client.list_tools()).tools}
        assert {"add_item", "move_item", "get_item", "sprint_status"} <= names
        added = await call(client, "add_item", title="Trial nurture: day 5", **READY)
        refused = await refusal(client, "move_item", key=added["key"], to="done")
        assert refused["error"] == "no_criteria"
        await call(
            client, "update_item", key=added["key"], acceptance_criteria=["Email sent to trials"]
        )
        refused = await refusal(client, "move_item", key=added["key"], to="done")
        assert refused["error"] == "criteria_open"
        await call(client, "set_criterion", key=added["key"], n=1, state="met")
        moved = await call(client, "move_item", key=added["key"], to="done")
    assert (moved["key"], moved["status"]) == (added["key"], "done")


def test_without_the_sdk_it_says_how_to_install_it(db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", HIDE_THE_SDK, "--db", str(db), "mcp"],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "poboard: poboard mcp needs the MCP SDK (no module 'mcp'): pip install \"poboard[mcp]\"\n"
    )


def test_the_other_commands_never_load_the_sdk() -> None:
    probe = "import sys, poboard.cli; print(sorted(m for m in sys.modules if m.startswith('mcp')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
