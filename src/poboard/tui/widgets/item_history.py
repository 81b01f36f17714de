"""What the wide detail panel adds below an item's facts: who made it and when, who
changed it last, what waits on it, and the history of its moves (created, status,
sprint, rolled over, reopened) from the events log, newest last."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from ...board import ItemView
from ...domain.models import Event, Item
from ..text import literal

HISTORY_ACTIONS = {  # what a move in the events log is called in the panel
    "create": "created",
    "move": "status",
    "sprint": "sprint",
    "rollover": "rolled over",
    "reopen": "reopened",
}
HISTORY_LINES = 8  # the latest moves; how many came before is said


def about_lines(view: ItemView, item: Item) -> list[Content]:
    """Who and when, and what waits on it: from the item already read (no query). The
    same lines for every item, so moving between items seldom changes the panel's height
    (a change costs a layout)."""
    partners = ", ".join(item.partners) or "—"
    waiting = {0: "nothing waits", 1: "1 item waits"}.get(view.blocks, f"{view.blocks} items wait")
    lines = [
        Content(""),
        Content.assemble(("Partners  ", "dim"), literal(partners)),
        Content.assemble(("Blocks    ", "dim"), f"{waiting} on it"),
    ]
    lines.append(
        Content.assemble(
            ("Created   ", "dim"), item.created_at[:10], " by ", literal(item.created_by or "—")
        )
    )
    lines.append(
        Content.assemble(
            ("Changed   ", "dim"),
            item.updated_at[:10],
            " by ",
            literal(item.updated_by or "—"),
            (f" · version {item.version}", "dim"),
        )
    )
    return lines


def history_content(events: Sequence[Event]) -> Content:
    """The item's moves, one a line: day, what moved (old → new), who, and the note a
    roll-over was given. User text (sprint names, notes, user names) is literal."""
    moves = [e for e in events if e.action in HISTORY_ACTIONS]
    lines: list[Content] = [Content.styled("History", "bold")]
    if not moves:
        lines.append(Content.styled("no moves recorded", "dim"))
    earlier = len(moves) - HISTORY_LINES
    if earlier > 0:
        lines.append(Content.styled(f"… {earlier} earlier", "dim"))
    for event in moves[-HISTORY_LINES:]:
        lines.append(history_line(event))
    return Content("\n").join(lines)


def history_line(event: Event) -> Content:
    what = HISTORY_ACTIONS[event.action]
    change = "" if event.action == "create" else f" {event.old or '—'} → {event.new or '—'}"
    note = f" — {event.note}" if event.note else ""
    return Content.assemble(
        (f"{event.at[:10]} ", "dim"),
        (what, "bold"),
        literal(change),
        (" · ", "dim"),
        literal(event.user, "dim"),
        literal(note),
    )
