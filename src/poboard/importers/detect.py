"""Which export a file is, from its content alone (a file's name says little once renamed)."""

from __future__ import annotations

import csv
import io
import json

from .mapping import normal
from .records import ImportFormatError

FORMATS = ("jira", "trello", "github", "poboard-json", "poboard-csv")
EXPECTED = (
    "poboard reads a Jira CSV export (with 'Issue key' and 'Summary' columns), a Trello "
    "board's JSON export, the JSON of `gh issue list --json ...`, or its own JSON or CSV export"
)


def load_json(text: str) -> object:
    """The parsed JSON, or a refusal that says where the file stops making sense."""
    try:
        return json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as err:
        raise ImportFormatError(
            f"this file is not valid JSON (is it cut short?): {err.msg} at line {err.lineno}, "
            f"column {err.colno}"
        ) from None
    except RecursionError:
        raise ImportFormatError("this JSON is nested too deeply to read") from None


def sniff(text: str) -> tuple[str, object]:
    """The format and, for JSON, the already parsed data (so it is not parsed twice)."""
    body = text.lstrip("\ufeff \t\r\n")
    if not body:
        raise ImportFormatError("the file is empty")
    if body[0] in "[{":
        data = load_json(body)
        return _json_format(data), data
    return _csv_format(body), None


def detect(text: str) -> str:
    """The format's name (one of FORMATS), judged by the content alone."""
    return sniff(text)[0]


def _json_format(data: object) -> str:
    if isinstance(data, dict):
        if data.get("format") == "poboard-board":
            return "poboard-json"
        if "lists" in data and "cards" in data:
            return "trello"
        raise ImportFormatError(
            "this JSON object is neither a poboard export (no 'format' tag) nor a Trello "
            "board (no 'lists' and 'cards')"
        )
    if isinstance(data, list) and (
        not data
        or any(isinstance(entry, dict) and "number" in entry and "title" in entry for entry in data)
    ):
        return "github"
    raise ImportFormatError(
        "this JSON array holds no issue with 'number' and 'title', so it is not the output "
        "of `gh issue list --json number,title,...`"
    )


def _csv_format(text: str) -> str:
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), [])
    except csv.Error as err:
        raise ImportFormatError(f"this file is neither JSON nor readable CSV ({err})") from None
    names = {normal(name) for name in header}
    if {"issue key", "summary"} <= names:
        return "jira"
    if "title" in names:
        return "poboard-csv"
    raise ImportFormatError(f"this file is no export poboard knows; {EXPECTED}")
