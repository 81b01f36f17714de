"""Answers and refusals as MCP tool results.

A refusal is a tool error (`isError`), not a protocol error, so the assistant reads
it and can act on it: its content is the JSON the CLI prints with `--json`
(`{"error": CODE, "message": SENTENCE, ...details}`), never a traceback.

No control character of user text leaves raw (issue #27). The text is JSON, which
escapes C0 (ESC as \\u001b); the structured result is written by the SDK, whose JSON
leaves DEL and C1 raw, so where the answer holds any, both the text and the structured
result carry their pictures instead (`safe_text.json_pictured`): the two always agree.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable

from mcp.types import CallToolResult, TextContent

from ..contracts.refusals import RefusalJson, refusal_json, refusal_of
from ..domain.errors import Code, PoboardError
from ..domain.safe_text import has_json_raw, json_pictured

Run = Callable[[Callable[[], object]], CallToolResult]


def answered(data: object) -> CallToolResult:
    """JSON as text (a report's Markdown as is); an object is also the structured
    result, which the protocol's current versions restrict to objects."""
    if isinstance(data, str):
        return CallToolResult(content=[TextContent(text=str(json_pictured(data)))])
    data, text = screened(data)
    structured = data if isinstance(data, dict) else None
    return CallToolResult(content=[TextContent(text=text)], structured_content=structured)


def refused(refusal: RefusalJson) -> CallToolResult:
    payload, text = screened(dict(refusal))
    assert isinstance(payload, dict)
    return CallToolResult(
        content=[TextContent(text=text)], structured_content=payload, is_error=True
    )


def screened(data: object) -> tuple[object, str]:
    """`data` and its JSON text, with DEL and C1 as pictures where it holds any (one
    search of the text first: clean answers, nearly all, are not walked)."""
    text = json.dumps(data, ensure_ascii=False)
    if not has_json_raw(text):
        return data, text
    data = json_pictured(data)
    return data, json.dumps(data, ensure_ascii=False)


def runner() -> Run:
    """Runs one tool's work at a time and turns a refusal into a tool error.

    The SDK runs plain functions on worker threads; the board's one connection is used
    by one of them at a time. A database error is refused as the CLI refuses it; any
    other exception is a bug, left to the SDK (the assistant sees only that the tool
    failed, the server's standard error gets the traceback).
    """
    lock = threading.Lock()

    def run(work: Callable[[], object]) -> CallToolResult:
        with lock:
            try:
                data = work()
            except PoboardError as error:
                return refused(refusal_of(error))
            except sqlite3.Error as error:
                message = f"the board file could not be used: {error}"
                return refused(refusal_json(Code.BOARD_FILE, message))
        return answered(data)

    return run
