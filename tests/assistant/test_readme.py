"""The README's registration snippets are JSON a host can load, and start `poboard mcp`."""

from __future__ import annotations

import json
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_registers_the_server_locally_and_over_ssh() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Use poboard from an assistant (MCP)", 1)[1].split("\n## ", 1)[0]
    blocks = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", section, re.S)]
    servers = [b["mcpServers"]["poboard"] for b in blocks]
    assert [s["args"][-1] for s in servers] == ["mcp", "mcp"]
    assert servers[0]["command"].endswith("/poboard") and "--db" in servers[0]["args"]
    assert servers[1]["command"] == "ssh" and "-t" not in servers[1]["args"]
