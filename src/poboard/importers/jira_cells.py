"""Jira CSV cells that pack several values: comments, acceptance criteria, parents, labels."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, tzinfo

from .jira_wiki import to_markdown
from .records import SourceComment, SourceCriterion
from .values import read_datetime

BULLET = re.compile(r"(?:[*#-]+|\d{1,3}[.)])\s+")
HEADING = re.compile(r"h[1-6]\.\s.*", re.I)
MET_MARKS = ("(/)", "[x]", "[X]", "✅", "✔", "✓")
OPEN_MARKS = ("(x)", "[ ]", "[]", "❌", "☐")
ISSUE_KEY = re.compile(r"[A-Z][A-Z0-9_]*-\d+")


def criteria(text: str) -> list[SourceCriterion]:
    """One criterion per non-empty line, bullets and numbers stripped; `(/)` or `[x]` = met."""
    found = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.strip()
        if HEADING.fullmatch(line):
            continue  # a heading such as "h3. Launch checks" names a group, not a criterion
        met = False
        while True:
            if bullet := BULLET.match(line):
                line = line[bullet.end() :]
                continue
            mark = next((m for m in MET_MARKS + OPEN_MARKS if line.startswith(m)), None)
            if mark is None:
                break
            met = met or mark in MET_MARKS
            line = line[len(mark) :].lstrip()
        if line:
            found.append(SourceCriterion(text=line, met=met))
    return found


def comment(cell: str, tz: tzinfo = UTC, people: Mapping[str, str] | None = None) -> SourceComment:
    """A `Comment` cell: `12/Apr/26 3:30 PM;557058:accountid;body` (Cloud and Server alike).

    The body may hold `;` itself, so only the first two are separators. The author is the
    account id (Cloud) or user name (Server), named from `people` when it knows the id. A
    cell not in that form is kept whole as the body, with no author or date.
    """
    when, sep, rest = cell.partition(";")
    author, sep2, body = rest.partition(";")
    if sep and sep2:
        try:
            at = read_datetime(when, tz)
        except ValueError:
            at = None
        if at is not None:
            who = author.strip()
            who = (people or {}).get(who, who)
            return SourceComment(author=who or None, at=at, text=to_markdown(body))
    return SourceComment(author=None, at=None, text=to_markdown(cell))


def labels(cells: list[str]) -> tuple[str, ...]:
    """Every `Labels` column's value; Jira labels hold no spaces, so a space separates two."""
    seen: dict[str, None] = {}
    for cell in cells:
        for label in cell.split():
            seen.setdefault(label, None)
    return tuple(seen)


def parent(values: list[str], keys_by_id: Mapping[str, str]) -> str | None:
    """The parent's issue key when the file lets us know it, else the value as written.

    Cloud writes the parent's numeric `Issue id` in `Parent` or `Parent id`; the key is found
    when the parent is in the same file. `Parent key` and `Epic Link` already hold keys.
    """
    for value in values:
        if ISSUE_KEY.fullmatch(value):
            return value
    for value in values:
        if value in keys_by_id:
            return keys_by_id[value]
    return values[0] if values else None
