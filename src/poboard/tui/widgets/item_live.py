"""The open item editor keeps up with the team: a teammate's save of the item shows in
the form as it lands (the app polls the board), their fields taken and marked, yours
kept; where you both changed one thing, both are kept aside until you choose. A drop or
a move by someone else is said in plain words; a dropped item's edits are saved, if at
all, as a new item, never onto the item that left the backlog."""

from __future__ import annotations

from typing import Any, Protocol

from textual.app import App
from textual.widget import Widget
from textual.widgets import Input

from ...board import Board, local_time
from ...domain.errors import PoboardError
from ...domain.merge import Side, merge
from ...domain.models import Item, Status
from .choice import Choice
from .item_form import EXPERIMENT_FORM, FORM_FIELDS, LABELS, values_of
from .merge_dialog import MergeScreen, merged_notice


class LiveEditor(Protocol):
    """What keeping up asks of the item editor (`item_editor.ItemEditor`, which calls
    these functions, so is known here only as this): the item as the form began from
    it and the newest version seen, the fields marked as a teammate's, and the form's
    own moves."""

    board: Board
    base: Item
    seen_version: int
    marked: list[Widget]
    experiment_fields: dict[str, Input | Choice[str]]
    settled: str | None
    dropped: str | None

    @property
    def app(self) -> App[Any]: ...

    def query_one(self, selector: str) -> Widget: ...

    def settle_fields(self) -> None: ...

    def lock_settled(self) -> None: ...

    def fill_values(self, values: dict[str, Any]) -> None: ...

    def read(self, typed: bool = True) -> dict[str, Any]: ...

    def changes(self) -> tuple[dict[str, Any], dict[str, str]]: ...

    def notice(self, message: str | None, error: bool = False) -> None: ...

    def show_title(self) -> None: ...

    def show_history(self) -> None: ...


def catch_up(editor: LiveEditor) -> None:
    """Take the item as saved since the form last caught up, if it was."""
    try:
        fresh = editor.board.items.get(editor.base.id or 0)
    except PoboardError:
        return
    if fresh.version > editor.seen_version:
        editor.seen_version = fresh.version
        take_newer(editor, fresh, saving=False)


def mark_theirs(editor: LiveEditor, names: list[str], said: str) -> None:
    """Mark the fields someone else changed (`said` says who and when); [] clears."""
    for marked in editor.marked:
        marked.remove_class("-theirs")
        marked.tooltip = None
    editor.marked = []
    for name in names:
        if name in EXPERIMENT_FORM and not editor.experiment_fields:
            continue
        target = "#criteria-list" if name == "criteria" else f"#{name}"
        widget: Widget = editor.experiment_fields.get(name) or editor.query_one(target)
        widget.add_class("-theirs")
        widget.tooltip = said
        editor.marked.append(widget)


def adopt(editor: LiveEditor, fresh: Item, values: dict[str, Any]) -> None:
    """Edit from `fresh` on (a teammate's save), the form holding `values`."""
    editor.base, editor.seen_version = fresh, fresh.version
    if (fresh.status is Status.DONE) != (editor.settled is not None):
        editor.settle_fields()
        editor.lock_settled()
    editor.fill_values(values)
    editor.show_title()
    editor.show_history()


def what_happened(old: Item, fresh: Item) -> str:
    """`#12 was dropped by ben at 14:02`: what someone did to the item since `old`."""
    if fresh.status is Status.DROPPED and old.status is not Status.DROPPED:
        did = "dropped"
    elif fresh.status is not old.status:
        did = f"moved to {fresh.status.value}"
    else:
        did = "changed"
    return f"{fresh.key} was {did} by {fresh.updated_by} at {local_time(fresh.updated_at)}"


def take_newer(editor: LiveEditor, fresh: Item, saving: bool) -> None:
    """Merge `fresh`, the item as someone else saved it, into the form: their changes
    to what this user left alone are taken, this user's are kept. Where both changed one
    thing, `saving` (the user pressed ctrl+s) shows both to choose from; a change seen
    as it lands only says so, so that a dialog never takes the keys being typed."""
    base, mine, theirs = values_of(editor.base), editor.read(typed=False), values_of(fresh)
    said = what_happened(editor.base, fresh)
    mark_theirs(editor, [name for name in FORM_FIELDS if theirs[name] != base[name]], said)
    first = merge(base, mine, theirs, labels=LABELS)
    if fresh.status is Status.DROPPED and editor.base.status is not Status.DROPPED:
        kept = merge(base, mine, theirs, {clash.key: "yours" for clash in first.clashes})
        adopt(editor, fresh, kept.values)
        editor.dropped = said
        edited = bool(editor.changes()[0])
        editor.notice(
            f"{said} — your edits are still here: ctrl+s saves them as a new item, "
            "esc lets you discard them"
            if edited
            else f"{said} — it has left the backlog; esc closes",
            error=True,
        )
        return

    def settle(choices: dict[str, Side] | None) -> None:
        if choices is None:
            editor.notice(f"Not saved: {said} — ctrl+s shows both versions again", error=True)
            return
        merged = merge(base, mine, theirs, choices, LABELS)
        adopt(editor, fresh, merged.values)
        edited = bool(editor.changes()[0])
        editor.notice(merged_notice(said, merged, choices, edited), error=edited)

    if not first.clashes:
        settle({})
    elif saving:
        when = local_time(fresh.updated_at)
        editor.app.push_screen(
            MergeScreen(fresh.key, first.clashes, fresh.updated_by, when), settle
        )
    else:  # their other changes join the form now; the clashes hold yours until chosen
        editor.fill_values(first.values)
        both = ", ".join(clash.label for clash in first.clashes)
        editor.notice(
            f"{said} — you both changed {both}: ctrl+s shows both versions to choose from",
            error=True,
        )
