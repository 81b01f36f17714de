"""Terminal escapes through MCP (issue #27, items 1 and 2): a tool given text holding a
control character refuses it (a tool error naming the field and the character, nothing
stored); text stored before the rule comes back escaped in JSON (\\u001b), never raw."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from .talk import call, in_process, refusal, text_of

RAW = ("\x1b", "\x07", "\x9b")


async def test_tools_refuse_control_characters_and_store_nothing(demo_db: Path) -> None:
    before = demo_db.read_bytes()
    async with in_process(demo_db, "ana") as client:
        cases = [
            ("add_item", {"title": "Evil \x1b]0;pwned\x07 title"}, "title", "ESC (0x1b)"),
            (
                "add_item",
                {"title": "Fine", "description": "d \x1b]52;c;eA==\x07"},
                "description",
                "ESC (0x1b)",
            ),
            ("add_item", {"title": "Fine", "acceptance_criteria": ["met\x9b"]}, "text", "CSI"),
            ("update_item", {"key": "#1", "owner": "ana\x07"}, "owner", "BEL (0x07)"),
            (
                "set_criterion",
                {"key": "#1", "n": 1, "state": "waived", "reason": "x\x1b"},
                "reason",
                "ESC (0x1b)",
            ),
        ]
        for tool, arguments, field, char in cases:
            refused = await refusal(client, tool, **arguments)
            message = refused["message"]
            assert field in message and char in message, (tool, message)
            assert "\n" not in message
    assert demo_db.read_bytes() == before


async def test_stored_escapes_come_back_escaped(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as db:
        db.execute(
            "UPDATE items SET title = title || ?, description = ? WHERE id = 1",
            (" \x1b]0;pwn\x07\x9b", "d \x1b]52;c;eA==\x07"),
        )
        db.execute("UPDATE sprints SET goal = goal || ?", ("\x1b[2J",))
    db.close()
    async with in_process(demo_db, "ana") as client:
        for tool, arguments in [
            ("get_item", {"key": "#1"}),
            ("list_items", {}),
            ("sprint_report", {}),
            ("sprint_report", {"format": "md"}),
            ("sprint_status", {}),
        ]:
            result = await client.call_tool(tool, arguments)
            assert not result.is_error, text_of(result)
            text = text_of(result)
            assert not any(raw in text for raw in RAW), (tool, arguments)
        item = await call(client, "get_item", key="#1")
    assert item["title"].endswith(" \x1b]0;pwn\x07\x9b")  # the JSON keeps it, escaped
    assert "\\u001b" in json.dumps(item)
