"""`ssh HOST mcp` to a board served with `poboard serve --ssh`: the stock OpenSSH client
carries the protocol over the exec channel, and the key says who the assistant acts as."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from poboard.cli import MODULE_OF
from poboard.serve.policy import command_argv
from serve.served import make_board, start_server

from .talk import call, refusal

SSH = shutil.which("ssh")


def test_the_serve_policy_lets_members_run_mcp() -> None:
    assert command_argv("mcp", set(MODULE_OF)) == ["mcp"]


@pytest.mark.skipif(SSH is None, reason="the OpenSSH client (ssh) is not installed")
async def test_ssh_host_mcp_acts_as_the_keys_member(tmp_path: Path) -> None:
    db = tmp_path / "board.db"
    make_board(db, tmp_path, ("ben",), product_owner="ben")  # refused for its criteria
    db.chmod(0o600)
    served = start_server(tmp_path, db)
    options = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null"]
    options += ["-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes"]
    options += ["-F", "/dev/null", "-i", str(tmp_path / "ben"), "-p", str(served.port)]
    try:
        ssh = StdioServerParameters(command=str(SSH), args=[*options, "127.0.0.1", "mcp"])
        async with Client(ssh, mode="legacy") as client:
            assert "as ben" in (client.instructions or "")
            added = await call(
                client, "add_item", title="Churn survey", acceptance_criteria=["Sent"]
            )
            refused = await refusal(client, "move_item", key=added["key"], to="done")
    finally:
        assert served.stop() == 0
    assert (added["updated_by"], refused["error"]) == ("ben", "criteria_open")
    assert any("ben from 127.0.0.1" in line and ": mcp (" in line for line in served.log)
