"""How an item's criteria changes are written to the events log, and read back.

Every write appends events. `criteria_changes` says what changed between two criterion
lists, one event a change, each naming its criterion by a stable `ref` (its uid);
`replay` rebuilds every item's status, sprint and criteria from the log alone, which is
how the log is known to tell the whole story.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .models import Criterion, CriterionState, Event

CREATE = "create"
CRITERION_ADDED = "criterion-added"
CRITERION_REMOVED = "criterion-removed"
CRITERION_TEXT = "criterion-text"
CRITERION_STATE = "criterion"
CRITERIA_ORDER = "criteria-order"
DOD_NOTE = "Definition of Done"
STATUS_ACTIONS = frozenset({"move", "reopen"})


@dataclass(frozen=True)
class Change:
    """One line of an item's history before it has a time and an author."""

    action: str
    field: str | None
    old: object = None
    new: object = None
    note: str | None = None
    ref: str | None = None


def criteria_changes(before: Sequence[Criterion], after: Sequence[Criterion]) -> list[Change]:
    """Removals, then additions in the order they now stand, then edits of text and
    state, then (only if the order is not what those imply) the new order."""
    old = {c.uid: (n, c) for n, c in enumerate(before, start=1)}
    new = {c.uid: (n, c) for n, c in enumerate(after, start=1)}
    found = [
        Change(CRITERION_REMOVED, f"criterion {n}", c.text, None, ref=uid)
        for uid, (n, c) in old.items()
        if uid not in new
    ]
    implied = [uid for uid in old if uid in new]
    for uid, (n, c) in new.items():
        if uid in old:
            continue
        implied.insert(n - 1, uid)
        found.append(
            Change(
                CRITERION_ADDED,
                f"criterion {n}",
                None,
                c.text,
                note=DOD_NOTE if c.dod else None,
                ref=uid,
            )
        )
        if c.state is not CriterionState.OPEN:
            found.append(_state_change(n, CriterionState.OPEN, c))
    for uid, (n, c) in new.items():
        if uid not in old:
            continue
        earlier = old[uid][1]
        if earlier.text != c.text:
            found.append(Change(CRITERION_TEXT, f"criterion {n}", earlier.text, c.text, ref=uid))
        if (earlier.state, earlier.reason) != (c.state, c.reason):
            found.append(_state_change(n, earlier.state, c))
    order = [c.uid for c in after]
    if implied != order:
        found.append(Change(CRITERIA_ORDER, "criteria", None, " ".join(order)))
    return found


def _state_change(n: int, old: CriterionState, criterion: Criterion) -> Change:
    waived = criterion.state is CriterionState.WAIVED
    note = criterion.reason if waived else criterion.text
    return Change(
        CRITERION_STATE, f"criterion {n}", old.value, criterion.state.value, note, criterion.uid
    )


@dataclass
class ReplayedCriterion:
    uid: str
    text: str
    state: str = CriterionState.OPEN.value
    dod: bool = False


@dataclass
class ReplayedItem:
    """What the log says an item is: its status, sprint (by name) and criteria."""

    status: str = "backlog"
    sprint: str | None = None
    criteria: list[ReplayedCriterion] = field(default_factory=list)


def replay(events: Iterable[Event]) -> dict[int, ReplayedItem]:
    """Every item's status, sprint and criteria, rebuilt from its events in order."""
    items: dict[int, ReplayedItem] = {}
    for event in events:
        if event.item_id is None:
            continue
        if event.action == CREATE:
            items[event.item_id] = ReplayedItem()
            continue
        item = items.get(event.item_id)
        if item is not None:
            _apply(item, event)
    return items


def _apply(item: ReplayedItem, event: Event) -> None:
    if event.action in STATUS_ACTIONS and event.field == "status":
        item.status = event.new or ""
    elif event.action == "sprint" and event.field == "sprint":
        item.sprint = event.new
    elif event.action == CRITERION_ADDED:
        position = _position(event.field)
        criterion = ReplayedCriterion(event.ref or "", event.new or "", dod=event.note == DOD_NOTE)
        item.criteria.insert(position - 1, criterion)
    elif event.action == CRITERIA_ORDER:
        by_uid = {c.uid: c for c in item.criteria}
        item.criteria = [by_uid[uid] for uid in (event.new or "").split() if uid in by_uid]
    else:
        _apply_to_criterion(item, event)


def _apply_to_criterion(item: ReplayedItem, event: Event) -> None:
    found = next((c for c in item.criteria if event.ref and c.uid == event.ref), None)
    if found is None:
        return
    if event.action == CRITERION_REMOVED:
        item.criteria.remove(found)
    elif event.action == CRITERION_TEXT:
        found.text = event.new or ""
    elif event.action == CRITERION_STATE:
        found.state = event.new or CriterionState.OPEN.value


def _position(field_name: str | None) -> int:
    """`criterion 3` → 3."""
    text = (field_name or "").rsplit(" ", 1)[-1]
    return int(text) if text.isdecimal() else 1
