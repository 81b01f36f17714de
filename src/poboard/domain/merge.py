"""Three-way merges of an item's form: what you changed, what they saved meanwhile.

When a save meets a newer version, each field and each criterion (by its uid) is
merged on its own: a change on one side is taken; the same change on both is one
change; different changes to the same thing are a `Clash`, which the person saving
decides, seeing both. Nothing is ever overwritten silently. Pure functions, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .models import CRITERION_SYMBOLS, Criterion

Side = Literal["theirs", "yours"]
CRITERIA = "criteria"
REMOVED = "(removed)"


@dataclass(frozen=True)
class Clash:
    """Both sides changed one thing differently; `key` names it for the choice."""

    key: str
    label: str
    theirs: str
    yours: str


@dataclass
class Merge:
    """The merged values (clashes settled by `choices`, else yours for now), what was
    taken from their version, and the clashes to decide."""

    values: dict[str, Any]
    taken: list[str] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)


def merge(
    base: Mapping[str, Any],
    yours: Mapping[str, Any],
    theirs: Mapping[str, Any],
    choices: Mapping[str, Side] | None = None,
    labels: Mapping[str, str] | None = None,
) -> Merge:
    """Merge form values field by field; the `criteria` value criterion by criterion."""
    choices = choices or {}
    labels = labels or {}
    result = Merge(values={})
    for name in yours:
        if name == CRITERIA:
            merged = merge_criteria(base[name], yours[name], theirs[name], choices)
            result.values[name] = merged.values[CRITERIA]
            result.taken += merged.taken
            result.clashes += merged.clashes
            continue
        b, y, t = base[name], yours[name], theirs[name]
        if y in (b, t):
            result.values[name] = t
            if t != b:
                result.taken.append(labels.get(name, name))
            continue
        if t == b:
            result.values[name] = y
            continue
        label = labels.get(name, name)
        result.clashes.append(Clash(name, label, _shown(t), _shown(y)))
        result.values[name] = t if choices.get(name) == "theirs" else y
    return result


def _shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    return str(value)


def _content(c: Criterion) -> tuple[str, str, str | None, bool]:
    return (c.text, c.state.value, c.reason, c.dod)


def criterion_text(c: Criterion) -> str:
    why = f" — waived: {c.reason}" if c.reason else ""
    return f"{CRITERION_SYMBOLS[c.state]} {c.text}{why}"


def merge_criteria(
    base: Sequence[Criterion],
    yours: Sequence[Criterion],
    theirs: Sequence[Criterion],
    choices: Mapping[str, Side] | None = None,
) -> Merge:
    """Criteria merged by uid: additions and removals from both sides, edits of text and
    of state (with its reason) merged apart; a criterion one side removed and the other
    changed is a clash."""
    choices = choices or {}
    b = {c.uid: c for c in base}
    y = {c.uid: c for c in yours}
    t = {c.uid: c for c in theirs}
    result = Merge(values={})
    kept: dict[str, Criterion] = {}
    for uid in [*t, *(u for u in y if u not in t), *(u for u in b if u not in t and u not in y)]:
        old, mine, other = b.get(uid), y.get(uid), t.get(uid)
        key = f"{CRITERIA}:{uid}"
        if old is None:
            added = mine if mine is not None else other
            assert added is not None, "a uid comes from one of the three lists"
            kept[uid] = added.model_copy()
            if mine is None:
                result.taken.append(f"new criterion “{added.text}”")
            continue
        if mine is None or other is None:
            survivor = mine or other
            if survivor is None or _content(survivor) == _content(old):
                if mine is not None:
                    result.taken.append(f"removal of “{old.text}”")
                continue
            label = f"criterion “{old.text}”"
            result.clashes.append(
                Clash(
                    key,
                    label,
                    REMOVED if other is None else criterion_text(other),
                    REMOVED if mine is None else criterion_text(mine),
                )
            )
            chosen = other if choices.get(key) == "theirs" else mine
            if chosen is not None:
                kept[uid] = chosen.model_copy()
            continue
        kept[uid] = _merge_one(old, mine, other, key, choices, result)
    result.values[CRITERIA] = _ordered(kept, base, yours, theirs)
    return result


def _merge_one(
    old: Criterion,
    mine: Criterion,
    other: Criterion,
    key: str,
    choices: Mapping[str, Side],
    result: Merge,
) -> Criterion:
    """One criterion both sides still have: its text and its state merged apart."""
    merged = other.model_copy()
    if _content(mine) == _content(other):
        return merged
    texts = (old.text, mine.text, other.text)
    states = ((old.state, old.reason), (mine.state, mine.reason), (other.state, other.reason))
    text_clash = texts[1] != texts[0] and texts[2] != texts[0] and texts[1] != texts[2]
    state_clash = states[1] != states[0] and states[2] != states[0] and states[1] != states[2]
    if text_clash or state_clash:
        result.clashes.append(
            Clash(key, f"criterion “{old.text}”", criterion_text(other), criterion_text(mine))
        )
        if choices.get(key) == "theirs":
            return merged
        return mine.model_copy()
    if texts[1] != texts[0]:
        merged.text = mine.text
    elif texts[2] != texts[0]:
        result.taken.append(f"rewording of “{old.text}”")
    if states[1] != states[0]:
        merged.state, merged.reason = mine.state, mine.reason
        merged.by, merged.at = mine.by, mine.at
    elif states[2] != states[0]:
        result.taken.append(f"{other.state.value} “{other.text}”")
    return merged


def _ordered(
    kept: dict[str, Criterion],
    base: Sequence[Criterion],
    yours: Sequence[Criterion],
    theirs: Sequence[Criterion],
) -> list[Criterion]:
    """Their order, unless only you reordered; each side's additions placed after the
    criterion they followed on that side."""
    base_order = [c.uid for c in base if c.uid in kept]
    their_order = [c.uid for c in theirs if c.uid in kept and c.uid in base_order]
    your_order = [c.uid for c in yours if c.uid in kept and c.uid in base_order]
    backbone = your_order if their_order == base_order else their_order
    order = list(backbone)
    for side in (theirs, yours):
        previous: str | None = None
        for c in side:
            if c.uid in kept and c.uid not in order:
                order.insert(order.index(previous) + 1 if previous in order else 0, c.uid)
            if c.uid in order:
                previous = c.uid
    return [kept[uid].model_copy(update={"n": n}) for n, uid in enumerate(order, start=1)]
