"""The gates and the arithmetic of the board, as pure functions.

Every interface reaches these through `board.py`; nothing else decides readiness,
acceptance, score or rollover.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from .models import (
    CLOSED_STATUSES,
    DEFAULT_WEIGHTS,
    READY_FIELDS,
    Criterion,
    CriterionState,
    Item,
    Status,
)

POSITIVE_INPUTS = ("value", "urgency", "impact", "fit")
NEGATIVE_INPUTS = ("effort", "risk")
BLOCKING_CAP = 5


def missing_for_ready(item: Item) -> list[str]:
    """What keeps an item from the Definition of Ready, in the order a form shows it."""
    missing = [name for name in READY_FIELDS if not getattr(item, name)]
    if item.estimate is None:
        missing.append("estimate")
    if not own_criteria(item.criteria):
        missing.append("acceptance criteria")
    return missing


def is_ready(item: Item) -> bool:
    return not missing_for_ready(item)


def commit_refusals(items: Iterable[Item]) -> list[str]:
    """Why these items may not enter a sprint: each unready one names what it lacks;
    done work was accepted already and is reopened first, not re-planned."""
    reasons = []
    for item in items:
        if item.status is Status.DONE:
            reasons.append(f"#{item.id} is done already; reopen it first")
        elif missing := missing_for_ready(item):
            reasons.append(f"#{item.id} is not ready: missing {', '.join(missing)}")
    return reasons


OWNER_SETTINGS = ("product_owners", "definition_of_done", "weights.")


def config_refusal(user: str, product_owners: Sequence[str], key: str) -> str | None:
    """Who accepts, what Done means and how work is ranked are the product owners' to
    change once there are any; the rest of the settings are the team's."""
    if not product_owners or user in product_owners or not key.startswith(OWNER_SETTINGS):
        return None
    return f"only the product owners ({', '.join(product_owners)}) may change {key}"


def own_criteria(criteria: Iterable[Criterion]) -> list[Criterion]:
    """The item's own criteria, without the lines copied from the Definition of Done."""
    return [c for c in criteria if not c.dod]


def is_settled(criterion: Criterion) -> bool:
    return criterion.state is CriterionState.MET or (
        criterion.state is CriterionState.WAIVED and bool(criterion.reason)
    )


def dod_lines_to_attach(item: Item, definition_of_done: Sequence[str]) -> list[str]:
    """Definition of Done lines the item does not carry yet (attached when committed)."""
    present = {c.text for c in item.criteria if c.dod}
    return [line for line in definition_of_done if line not in present]


def acceptance_refusals(
    item: Item,
    user: str,
    product_owners: Sequence[str],
    definition_of_done: Sequence[str],
) -> list[str]:
    """Every reason the item may not reach Done now; empty means it may."""
    reasons: list[str] = []
    if product_owners and user not in product_owners:
        names = ", ".join(product_owners)
        hint = "" if item.status is Status.REVIEW else "; move it to review"
        reasons.append(f"only the product owners ({names}) may accept{hint}")
    if not own_criteria(item.criteria):
        reasons.append("it has no acceptance criteria")
    for criterion in item.criteria:
        if is_settled(criterion):
            continue
        label = "Definition of Done" if criterion.dod else f"criterion {criterion.n}"
        if criterion.state is CriterionState.WAIVED:
            reasons.append(f'{label} "{criterion.text}" is waived without a reason')
        else:
            reasons.append(f'{label} "{criterion.text}" is open')
    for line in dod_lines_to_attach(item, definition_of_done):
        reasons.append(f'Definition of Done "{line}" is not met')
    return reasons


def is_reopen(old: Status, new: Status) -> bool:
    """Leaving Done for any other state is rework."""
    return old is Status.DONE and new is not Status.DONE


def score(item: Item, weights: Mapping[str, float] | None = None, blocking: int = 0) -> float:
    """Weighted score on a 0–10 scale.

    Value, urgency, audience impact and strategic fit raise it; effort and risk lower
    it; each open item this one blocks raises it (capped at five).
    """
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    low, high = _score_bounds(tuple(sorted(w.items())))
    if high <= low:
        return 0.0
    raw = sum(w[name] * getattr(item, name) for name in POSITIVE_INPUTS)
    raw -= sum(w[name] * getattr(item, name) for name in NEGATIVE_INPUTS)
    raw += w["blocking"] * min(blocking, BLOCKING_CAP)
    return round(10 * (raw - low) / (high - low), 1)


@lru_cache(maxsize=32)
def _score_bounds(weights: tuple[tuple[str, float], ...]) -> tuple[float, float]:
    """The lowest and highest raw score these weights allow."""
    w = dict(weights)
    positive = sum(w[n] for n in POSITIVE_INPUTS)
    negative = sum(w[n] for n in NEGATIVE_INPUTS)
    return positive - 5 * negative, 5 * positive - negative + w["blocking"] * BLOCKING_CAP


def score_explained(item: Item, weights: Mapping[str, float], blocking: int = 0) -> str:
    parts = [f"{name} {getattr(item, name)}" for name in (*POSITIVE_INPUTS, *NEGATIVE_INPUTS)]
    if blocking:
        parts.append(f"blocks {blocking}")
    return f"{score(item, weights, blocking)} = " + " · ".join(parts)


def open_blockers(item: Item, statuses: Mapping[int, Status]) -> list[int]:
    """The items blocking this one that are neither done nor dropped."""
    return [b for b in item.blocked_by if statuses.get(b) not in CLOSED_STATUSES]


def rollover(items: Iterable[Item]) -> tuple[list[Item], list[Item]]:
    """Split a closing sprint's items into (done, carried over); dropped items stay put."""
    done: list[Item] = []
    carried: list[Item] = []
    for item in items:
        if item.status is Status.DONE:
            done.append(item)
        elif item.status is not Status.DROPPED:
            carried.append(item)
    return done, carried


def velocity(done: Iterable[Item]) -> int:
    return sum(item.estimate or 0 for item in done)


def points(items: Iterable[Item]) -> int:
    return sum(item.estimate or 0 for item in items if item.status is not Status.DROPPED)


def wip_breaches(counts: Mapping[str, int], limits: Mapping[str, int | None]) -> dict[str, str]:
    """Columns over their WIP limit, with the text a header shows ("4/3 WIP")."""
    breaches: dict[str, str] = {}
    for column, limit in limits.items():
        if limit is not None and counts.get(column, 0) > limit:
            breaches[column] = f"{counts[column]}/{limit} WIP"
    return breaches
