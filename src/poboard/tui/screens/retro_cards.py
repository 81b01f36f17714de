"""What the Retro screen draws and what its keys need: its data, a card's and an
action's lines, a panel's title, and why a key cannot act where the cursor is."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from datetime import date

from textual.content import Content

from ...domain.models import ActionState
from ...domain.planning import Retro, RetroAction, RetroCard, Sprint
from ...domain.sprint_report import action_overdue
from ..widgets.card_list import CardList, Line

MAX_COLUMNS = 4
ACTIONS_KEY = "g"  # the actions (and the review of earlier ones): shown in their titles
TO_CARDS = "←/→ go to the cards"
CARD_KEYS = {  # action: its key, what it does
    "vote": ("v", "votes for a card; actions take no votes"),
    "unvote": ("V", "takes back a vote on a card"),
    "edit_card": ("e", "edits your card, not an action"),
}
ACTION_KEYS = {
    "to_backlog": ("b", "turns an action into a backlog item"),
    "done": ("d", "marks an action done"),
}


@dataclass
class RetroData:
    retro: Retro | None = None
    sprint: Sprint | None = None
    waiting: Sprint | None = None  # closed sprint with no retro yet
    review: list[RetroAction] = field(default_factory=list)
    votes_left: int = 0
    retro_sprints: dict[int | None, str] = field(default_factory=dict)  # retro id: sprint


def card_lines(card: RetroCard, user: str, width: int) -> list[Line]:
    """The whole text, wrapped to the column, votes on the right, the author beneath."""
    who = card.author or "anonymous"
    mine = " (you)" if card.author == user else ""
    text = textwrap.wrap(card.text, max(10, width - 6)) or [""]
    lines = [Line(text[0], card.id, f"▲{card.votes}")]
    lines += [Line(part, card.id) for part in text[1:]]
    lines.append(Line(f"  — {who}{mine}", card.id, tone="muted"))
    return lines


def action_line(action: RetroAction, today: date, from_sprint: str = "") -> Line:
    """One action: its owner, due day, state and item; an open action past its due day
    says "overdue" and is drawn as a warning."""
    parts = [action.owner or "no owner"]
    overdue = action_overdue(action, today)
    if action.due:
        parts.append(f"{action.due:%b %d}" + (" overdue" if overdue else ""))
    parts.append(action.state.value)
    if action.item_id:
        parts.append(f"→ #{action.item_id}")
    prefix = f"[{from_sprint}] " if from_sprint else ""
    tone = "muted" if action.state is not ActionState.OPEN else "warning" if overdue else ""
    return Line(prefix + action.text, action.id, " · ".join(parts), tone)


def panel_title(title: str, keys: str) -> Content:
    """A panel's title with the key that goes to it, and the keys that act in it."""
    return Content.assemble(
        (title, "bold"), " ", (f" {ACTIONS_KEY} ", "bold reverse"), "  ", (keys, "dim")
    )


def key_refusal(action: str, data: RetroData, where: str, here: bool) -> str | None:
    """Why a key cannot act, in one line (None: it can). Each key needs a retro; the card
    keys a card column, the action keys the review or the actions (`where`); and most
    something under the cursor (`here`)."""
    retro = data.retro
    if action == "new_retro":
        return nothing_waits(data) if data.waiting is None else None
    if action == "focus_column":
        return None
    if retro is None:
        if data.waiting is not None:
            return f"No retro yet: n starts the one for {data.waiting.name}"
        return "No retro yet: a retro follows a closed sprint — close one on the Sprint screen (3)"
    if action in CARD_KEYS:
        key, what = CARD_KEYS[action]
        if where != "cards":
            return f"{key} {what} — {TO_CARDS}"
        return None if here else "No card here: a adds one, ←/→ go to the other columns"
    if action in ACTION_KEYS:
        key, what = ACTION_KEYS[action]
        if where not in ("review", "actions"):
            return f"{key} {what} — {to_actions(data)}"
        return None if here else "No action here: t adds one"
    if action == "carry_over" and where != "review":
        why = "o carries over an open action of an earlier retro into this one"
        if not data.review:
            return f"{why}; none is left open"
        return f"{why} — {ACTIONS_KEY} goes to the review"
    if action == "delete_or_drop" and not here:
        return (
            "No card here to delete: a adds one"
            if where == "cards"
            else "No action here to drop: t adds one"
        )
    if action == "add_card" and where != "cards":
        return f"a adds a card to the column the cursor is in — {TO_CARDS}"
    return None


def to_actions(data: RetroData) -> str:
    """Where the action keys work: the review comes first when there is one."""
    if data.review:
        return f"{ACTIONS_KEY} goes to the review, {ACTIONS_KEY} again to the actions"
    return f"{ACTIONS_KEY} goes to the actions"


def nothing_waits(data: RetroData) -> str:
    """Why n starts nothing: the last closed sprint has its retro, or none is closed."""
    last = data.sprint.name if data.sprint else None
    if last is not None:
        return (
            f"No sprint waits for a retro: {last} has this one, and the next "
            "comes when a sprint closes (3)"
        )
    return "No sprint waits for a retro: close one on the Sprint screen (3) first"


class RetroColumn(CardList):
    """The cards of one of the retro's columns: which one it is, by its place."""

    def __init__(self, index: int) -> None:
        super().__init__("no cards yet: a adds one", id=f"retro-col-{index}")
        self.index = index
