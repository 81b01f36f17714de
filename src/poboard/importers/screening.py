"""What a foreign export may bring in, judged before the board sees it: pure, no I/O.

An export is written by whoever could edit the source, so it is read as hostile: text
holding control characters (an escape sequence would act on the terminal of whoever
reads the item) and source links that are not web or mail addresses (a `javascript:`
link) refuse their row. Line endings become newlines, and a source item with more
criteria than an item can sensibly carry keeps the first `MAX_CRITERIA`, with a warning
that names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..domain.safe_text import LINK_SCHEMES, first_control, is_link, visible
from .records import SourceFile, SourceItem

MAX_CRITERIA = 100


def _one_line(s: SourceItem) -> Iterator[tuple[str, str | None]]:
    yield from (
        ("key", s.key),
        ("source link", s.url),
        ("status", s.status_name),
        ("assignee", s.owner),
        ("reporter", s.reporter),
        ("priority", s.priority),
        ("sprint", s.sprint),
        ("parent", s.parent),
        ("resolution", s.closed_reason),
    )
    for n, label in enumerate(s.labels, start=1):
        yield f"label {n}", label
    for n, criterion in enumerate(s.criteria, start=1):
        yield f"criterion {n}", criterion.text
    for n, comment in enumerate(s.comments, start=1):
        yield f"comment {n}'s author", comment.author


def _multiline(s: SourceItem) -> Iterator[tuple[str, str | None]]:
    # A title's newlines and tabs are spaces once it is fitted (source_drafts.fitted_title).
    yield "title", s.title
    yield "description", s.description
    for n, comment in enumerate(s.comments, start=1):
        yield f"comment {n}", comment.text


def text_problem(s: SourceItem) -> str | None:
    """The first field of `s` holding a character no user text may hold, named, or None."""
    fields = [(name, text, False) for name, text in _one_line(s)]
    fields += [(name, text, True) for name, text in _multiline(s)]
    for name, text, multiline in fields:
        found = first_control(text, multiline=multiline) if text else None
        if found is not None:
            keeps = " (newlines and tabs are fine)" if multiline else ""
            return f"its {name} holds a control character, {found}{keeps}"
    return None


def link_problem(s: SourceItem) -> str | None:
    """Why the source link may not become a link, or None when it may (or there is none)."""
    if s.url is None or is_link(s.url):
        return None
    schemes = ", ".join(LINK_SCHEMES)
    return f"its source link {visible(s.url)!r} is not a web or mail address ({schemes})"


def refusal(s: SourceItem) -> str | None:
    """Why this item may not be imported as it stands, or None."""
    return text_problem(s) or link_problem(s)


def lines_of(text: str) -> str:
    """Multi-line text with every line ending a newline: GitHub and Windows write CRLF,
    and a lone carriage return would let one line overwrite another on a terminal."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def with_newlines(s: SourceItem) -> SourceItem:
    """The item with its description's and comments' line endings made newlines."""
    if "\r" not in s.description and not any("\r" in c.text for c in s.comments):
        return s
    comments = tuple(replace(c, text=lines_of(c.text)) for c in s.comments)
    return replace(s, description=lines_of(s.description), comments=comments)


def prepared(export: SourceFile) -> SourceFile:
    """The export with newlines for line endings (`with_newlines`) and at most
    `MAX_CRITERIA` criteria an item (`capped`)."""
    export.items = [with_newlines(s) for s in export.items]
    return capped(export)


def capped(export: SourceFile) -> SourceFile:
    """Each item with at most `MAX_CRITERIA` criteria. The rest stay readable in its
    description (a GitHub issue's task list is in its body already); a warning names it."""
    items = []
    for s in export.items:
        if len(s.criteria) <= MAX_CRITERIA:
            items.append(s)
            continue
        kept, rest = s.criteria[:MAX_CRITERIA], s.criteria[MAX_CRITERIA:]
        description = s.description
        where = "its description"
        if s.source != "github":
            lines = "\n".join(f"- [{'x' if c.met else ' '}] {c.text}" for c in rest)
            description = f"{description.rstrip()}\n\n**More criteria:**\n\n{lines}".lstrip()
            where = "a list at the end of its description"
        export.warnings.append(
            (
                s.row,
                f"{visible(s.key, multiline=False)} has {len(s.criteria)} criteria; the first "
                f"{MAX_CRITERIA} become its criteria, the other {len(rest)} are in {where}",
            )
        )
        items.append(replace(s, criteria=kept, description=description))
    export.items = items
    export.warnings.sort(key=lambda warning: (warning[0] == 0, warning[0]))  # --map's last
    return export
