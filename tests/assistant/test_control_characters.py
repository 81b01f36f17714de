"""Terminal escapes through MCP (issue #27, items 1 and 2): a tool given text holding a
control character refuses it (a tool error naming the field and the character, nothing
stored); text stored before the rule comes back escaped in JSON (\\u001b), never raw,
in the text and in the structured result alike (DEL and C1, which the SDK's JSON would
write raw, as their pictures), down to the bytes `poboard mcp` writes."""

from __future__ import annotations

import json
import re
import select
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import IO

from .talk import call, in_process, poboard_script, refusal, text_of

RAW = ("\x1b", "\x07", "\x9b")
# What a JSON writer may leave raw that a terminal acts on: DEL and C1.
JSON_RAW = re.compile("[\x7f-\x9f]")


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
            # the message as the SDK writes it to the wire: its JSON escapes C0 only
            wire = result.model_dump_json(by_alias=True, exclude_none=True)
            assert not JSON_RAW.search(wire), (tool, arguments, JSON_RAW.findall(wire))
            if result.structured_content is not None:  # the two agree
                assert result.structured_content == json.loads(text), tool
        item = await call(client, "get_item", key="#1")
    # ESC and BEL kept exact (JSON escapes them); C1's CSI shown as its picture
    assert item["title"].endswith(" \x1b]0;pwn\x07\ufffd")
    assert "\\u001b" in json.dumps(item)


def until_answered(stdout: IO[bytes], answer: bytes, seconds: float = 30.0) -> bytes:
    """What the server writes until a line holding `answer` (within `seconds`)."""
    read = b""
    deadline = time.monotonic() + seconds
    while answer not in read.replace(b" ", b""):
        left = deadline - time.monotonic()
        ready, _, _ = select.select([stdout], [], [], max(0.0, left))
        assert ready, f"no answer within {seconds} s: {read!r}"
        line = stdout.readline()
        assert line, f"the server ended: {read!r}"
        read += line
    return read


def test_poboard_mcp_writes_no_raw_control_character(demo_db: Path) -> None:
    """The bytes `poboard mcp` writes on stdout, a real process, for a board holding DEL
    and C1: none of them raw (UTF-8's C2 80-9F, or 7F), in the text or the structured
    result."""
    with sqlite3.connect(demo_db) as db:
        db.execute(
            "UPDATE items SET title = title || ?, owner = ? WHERE id = 1",
            (" \x1b]0;pwn\x07\x9b2J\x7f", "ana\x85"),
        )
    db.close()
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "test", "version": "1"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "get_item", "arguments": {"key": "#1"}},
        },
    ]
    server = subprocess.Popen(
        [poboard_script(), "--db", str(demo_db), "--user", "ana", "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdin is not None and server.stdout is not None
    try:
        server.stdin.write("".join(json.dumps(m) + "\n" for m in messages).encode())
        server.stdin.flush()
        out = until_answered(server.stdout, b'"id":2')
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    answers = {m["id"]: m for m in map(json.loads, out.decode().splitlines()) if "id" in m}
    item = answers[2]["result"]["structuredContent"]
    assert item["title"].endswith(" \x1b]0;pwn\x07\ufffd2J\u2421"), item["title"]
    assert item["owner"] == "ana\ufffd"
    assert b"\x1b" not in out and b"\x07" not in out and b"\x7f" not in out
    assert not re.search(rb"\xc2[\x80-\x9f]", out), "a C1 character written raw"
