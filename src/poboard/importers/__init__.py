"""Parsers for foreign backlog exports (Jira CSV, Trello JSON, GitHub issues), as pure code.

They read text and return neutral records (`SourceFile`, `SourceItem`); they never touch a
board. Mapping records onto items, through the board's gates, is the caller's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, tzinfo
from importlib import import_module
from typing import Any

from .detect import FORMATS, detect, sniff
from .mapping import check_target, parse_mapping
from .records import ImportFormatError, SourceComment, SourceCriterion, SourceFile, SourceItem
from .screening import MAX_CRITERIA, prepared, refusal

SOURCES = ("jira", "trello", "github")

# The parsers load on first use: every board command imports this package for its
# records, and only `poboard import` reads an export.
LAZY = {
    "github_from_data": "github",
    "parse_github": "github",
    "parse_jira": "jira",
    "parse_trello": "trello",
    "trello_from_data": "trello",
}


def __getattr__(name: str) -> Any:
    if name in LAZY:
        return getattr(import_module(f".{LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FORMATS",
    "MAX_CRITERIA",
    "SOURCES",
    "ImportFormatError",
    "SourceComment",
    "SourceCriterion",
    "SourceFile",
    "SourceItem",
    "detect",
    "parse",
    "parse_github",
    "parse_jira",
    "parse_mapping",
    "parse_trello",
    "refusal",
]


def parse(
    text: str,
    source: str | None = None,
    mapping: Mapping[str, str] | None = None,
    *,
    tz: tzinfo = UTC,
) -> SourceFile:
    """Read a Jira, Trello or GitHub export; `source` names it, else its content does.

    `mapping` holds `--map` pairs (source status or list name -> poboard status or horizon
    value) and overrides the defaults; `tz` is the zone Jira wrote its times in.
    """
    for target in (mapping or {}).values():
        check_target(target)
    return prepared(_parsed(text, source, mapping, tz))


def _parsed(
    text: str, source: str | None, mapping: Mapping[str, str] | None, tz: tzinfo
) -> SourceFile:
    from .github import github_from_data, parse_github
    from .jira import parse_jira
    from .trello import parse_trello, trello_from_data

    if source is None:
        source, data = sniff(text)
        if source == "trello":
            return trello_from_data(data, mapping)
        if source == "github":
            return github_from_data(data, mapping)
    source = source.strip().lower()
    if source == "jira":
        return parse_jira(text, mapping, tz)
    if source == "trello":
        return parse_trello(text, mapping)
    if source == "github":
        return parse_github(text, mapping)
    if source in ("poboard-json", "poboard-csv"):
        raise ImportFormatError(
            f"this is poboard's own export ({source}); it is restored by `poboard import`, "
            "not read as a foreign backlog"
        )
    raise ImportFormatError(f"unknown source {source!r}; use one of {', '.join(SOURCES)}")
