"""The score: an item's weighted value, cost and blocking on a 0–10 scale, as pure
functions (`rules` hands them to every interface)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .models import Item, ItemRow
from .settings import DEFAULT_WEIGHTS

AnyItem = Item | ItemRow  # a whole item, or a list's row of it
POSITIVE_INPUTS = ("value", "urgency", "impact", "fit")
NEGATIVE_INPUTS = ("effort", "risk")
BLOCKING_CAP = 5


def score(item: AnyItem, weights: Mapping[str, float] | None = None, blocking: int = 0) -> float:
    """Weighted score on a 0–10 scale.

    Value, urgency, audience impact and strategic fit raise it; effort and risk lower
    it; each open item this one blocks raises it (capped at five).
    """
    return scorer(weights)(item, blocking)


Scorer = Callable[[AnyItem, int], float]
InputScorer = Callable[[int, int, int, int, int, int, int], float]


def scorer(weights: Mapping[str, float] | None = None) -> Scorer:
    """`score` with the weights worked out once, for scoring a whole list."""
    from_inputs = input_scorer(weights)

    def scored(item: AnyItem, blocking: int = 0) -> float:
        return from_inputs(
            item.value, item.urgency, item.impact, item.fit, item.effort, item.risk, blocking
        )

    return scored


def input_scorer(weights: Mapping[str, float] | None = None) -> InputScorer:
    """`score` from the inputs themselves (value, urgency, impact, fit, effort, risk and
    the open items blocked), for SQLite to call as it writes a list."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    positive = sum(w[n] for n in POSITIVE_INPUTS)
    negative = sum(w[n] for n in NEGATIVE_INPUTS)
    low = positive - 5 * negative
    high = 5 * positive - negative + w["blocking"] * BLOCKING_CAP
    by_value, by_urgency, by_impact, by_fit = (w[n] for n in POSITIVE_INPUTS)
    by_effort, by_risk, per_block = w["effort"], w["risk"], w["blocking"]

    def scored(
        value: int, urgency: int, impact: int, fit: int, effort: int, risk: int, blocking: int
    ) -> float:
        if high <= low:
            return 0.0
        raw = (
            by_value * value
            + by_urgency * urgency
            + by_impact * impact
            + by_fit * fit
            - by_effort * effort
            - by_risk * risk
            + per_block * min(blocking, BLOCKING_CAP)
        )
        return round(10 * (raw - low) / (high - low), 1)

    return scored


def score_explained(item: AnyItem, weights: Mapping[str, float], blocking: int = 0) -> str:
    parts = [f"{name} {getattr(item, name)}" for name in (*POSITIVE_INPUTS, *NEGATIVE_INPUTS)]
    if blocking:
        parts.append(f"blocks {blocking}")
    return f"{score(item, weights, blocking)} = " + " · ".join(parts)
