"""GitHub issues as printed by `gh issue list --state all --json number,title,body,labels,...`.

The output is a JSON array of issue objects. Labels are `{"name": ...}`, assignees
`{"login": ...}`, the milestone `{"title": ...}` or null, and `state` is OPEN or CLOSED;
`stateReason` (COMPLETED, NOT_PLANNED, DUPLICATE ...) tells why an issue was closed.
`updatedAt`, `author` and `comments` are read too when the command asked for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..domain.models import Kind
from .detect import load_json
from .mapping import StatusMapper, kind_named, normal
from .records import ImportFormatError, SourceComment, SourceCriterion, SourceFile, SourceItem
from .values import clean, read_datetime

READ_FIELDS = frozenset(
    ("number", "title", "body", "labels", "assignees", "milestone", "state", "stateReason",
     "createdAt", "closedAt", "updatedAt", "url", "author", "comments", "closed", "id")
)  # fmt: skip
LABEL_KINDS = {
    "enhancement": Kind.STORY,
    "feature": Kind.STORY,
    "feature request": Kind.STORY,
    "documentation": Kind.CONTENT,
    "docs": Kind.CONTENT,
}
LABEL_PREFIX = re.compile(r"(?:type|kind)\s*[:/]\s*", re.I)
ISSUE_URL = re.compile(r"https?://[^/\s]+/([^/\s]+)/([^/\s]+)/(?:issues|pull)/(\d+)/?")
TASK = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s+\[([ xX])\]\s+(\S.*)")
FENCE = re.compile(r"\s*(```+|~~~+)")

Json = dict[str, Any]


def parse_github(text: str, mapping: Mapping[str, str] | None = None) -> SourceFile:
    """Read the JSON array `gh issue list --json ...` prints."""
    return github_from_data(load_json(text), mapping)


def github_from_data(data: object, mapping: Mapping[str, str] | None = None) -> SourceFile:
    """Read an already loaded issue list; entries that are not issues become problems."""
    if not isinstance(data, list):
        raise ImportFormatError(
            "this JSON is not a GitHub issue list: `gh issue list --json ...` prints an array"
        )
    mapper = StatusMapper(mapping)
    result = SourceFile(source="github")
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            result.problems.append((number, f"entry {number} is not an issue object"))
            continue
        try:
            result.items.append(_item(entry, number, mapper, result.warnings))
        except ValueError as err:
            result.problems.append((number, str(err)))
    result.status_map = dict(mapper.used)
    unread = {
        name: None
        for entry in data
        if isinstance(entry, dict)
        for name, value in entry.items()
        if name not in READ_FIELDS and value not in (None, "", [], {}, False)
    }
    result.unmapped_columns = list(unread)
    result.warnings.extend(mapper.unmatched_warnings())
    return result


def _names(values: object, field: str) -> tuple[str, ...]:
    """The `field` of each object in a list: label names, assignee logins."""
    if not isinstance(values, list):
        return ()
    found = (clean(v.get(field)) for v in values if isinstance(v, dict))
    return tuple(dict.fromkeys(name for name in found if name))


def _item(
    issue: Json, number: int, mapper: StatusMapper, warnings: list[tuple[int, str]]
) -> SourceItem:
    issue_number = issue.get("number")
    if isinstance(issue_number, bool) or not isinstance(issue_number, int):
        raise ValueError(f"entry {number} has no issue number")
    title = clean(issue.get("title"))
    if title is None:
        raise ValueError(f"issue #{issue_number} has no title")
    url = clean(issue.get("url"))
    where = ISSUE_URL.fullmatch(url or "")
    key = f"{where[1]}/{where[2]}#{issue_number}" if where else f"#{issue_number}"
    state = clean(issue.get("state")) or ""
    closed = normal(state) == "closed"
    reason = normal(clean(issue.get("stateReason")) or "").replace(" ", "_") or None
    # a closed issue's reason (NOT_PLANNED, DUPLICATE) maps on its own; else its state does
    special = closed and reason not in (None, "completed") and mapper.knows(reason or "")
    status, horizon = mapper.place((reason or "").upper() if special else state)
    labels = _names(issue.get("labels"), "name")
    milestone = issue.get("milestone")
    author = issue.get("author")
    body: str = issue["body"] if isinstance(issue.get("body"), str) else ""

    def moment(name: str) -> datetime | None:
        try:
            return read_datetime(issue.get(name))
        except ValueError as err:
            warnings.append((number, f"{key}: {name} {err}; left empty"))
            return None

    return SourceItem(
        source="github",
        key=key,
        title=title,
        row=number,
        url=url,
        description=body,
        kind=_kind(labels),
        status_name=state,
        status=status,
        horizon=horizon,
        owner=next(iter(_names(issue.get("assignees"), "login")), None),
        reporter=clean(author.get("login")) if isinstance(author, dict) else None,
        labels=labels,
        sprint=clean(milestone.get("title")) if isinstance(milestone, dict) else None,
        created_at=moment("createdAt"),
        updated_at=moment("updatedAt"),
        resolved_at=moment("closedAt") if closed else None,
        criteria=tasks(body),
        comments=_comments(issue.get("comments")),
        closed_reason=reason if closed else None,
    )


def _kind(labels: Sequence[str]) -> Kind | None:
    """A label named like a kind wins (also as `type: bug`), then GitHub's stock labels."""
    bare = [LABEL_PREFIX.sub("", label, count=1) for label in labels]
    for label in bare:
        if kind := kind_named(label):
            return kind
    return next((LABEL_KINDS[normal(b)] for b in bare if normal(b) in LABEL_KINDS), None)


def tasks(body: str) -> tuple[SourceCriterion, ...]:
    """Task-list items (`- [ ] text`, `- [x] text`, `1. [X] text`) outside code blocks."""
    found = []
    fence = ""
    for line in body.replace("\r", "").split("\n"):
        if opened := FENCE.match(line):
            mark = opened.group(1)
            if not fence:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = ""
            continue
        if not fence and (task := TASK.fullmatch(line)):
            found.append(SourceCriterion(text=task.group(2).strip(), met=task.group(1) != " "))
    return tuple(found)


def _comments(values: object) -> tuple[SourceComment, ...]:
    """`comments` when asked for: `{"author": {"login"}, "body", "createdAt"}` each."""
    if not isinstance(values, list):
        return ()
    found = []
    for value in values:
        if not isinstance(value, dict) or not isinstance(value.get("body"), str):
            continue
        author = value.get("author")
        try:
            at = read_datetime(value.get("createdAt"))
        except ValueError:
            at = None
        login = clean(author.get("login")) if isinstance(author, dict) else None
        found.append(SourceComment(author=login, at=at, text=value["body"]))
    return tuple(found)
