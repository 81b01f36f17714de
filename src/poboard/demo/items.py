"""Generated items for speed tests (`poboard demo --items N`): thousands of varied items,
the same every time for a seed, made from the sample board's words (`demo_data`)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from ..board import Board
from ..domain.models import PARTNERS, SCORE_INPUTS, Horizon, Kind
from ..domain.readiness import FULL_READY, ReadyField
from . import data
from .data import TEAM

READY_PARTS = FULL_READY  # one of them is left out of about 30% of the items


def add_generated_items(
    board: Board,
    rng: random.Random,
    count: int,
    goal_ids: Sequence[int],
    tick: Callable[[], None],
) -> None:
    """`count` generated items in one transaction: varied, deterministic, about 70% ready;
    the board's clock `tick`s a second between two."""
    kinds, weights, horizons = (
        list(data.KIND_WEIGHTS),
        list(data.KIND_WEIGHTS.values()),
        list(Horizon),
    )
    with board.core.writing():
        for _ in range(count):
            kind = Kind(rng.choices(kinds, weights)[0])
            words = {name: rng.choice(options) for name, options in data.WORDS.items()}
            words["page_title"] = words["page"].removeprefix("the ").capitalize()
            missing = rng.choice(READY_PARTS) if rng.random() < 0.3 else None
            fields: dict[str, Any] = {
                "kind": kind,
                "owner": rng.choice(TEAM),
                "audience": words["audience"],
                "promise": words["promise"],
                "proof": words["proof"],
                "metric": words["metric"],
                "estimate": rng.choice(data.SMALL_ESTIMATES),
                "horizon": rng.choices(horizons, weights=(2, 3, 3, 2))[0],
                "goal_id": rng.choice(goal_ids) if goal_ids and rng.random() < 0.8 else None,
                "partners": rng.sample(PARTNERS, rng.randint(0, 3)),
                **{name: rng.randint(1, 5) for name in SCORE_INPUTS},
            }
            if kind is Kind.EXPERIMENT:
                fields["hypothesis"] = f"Changing {words['element']} lifts {words['metric']}"
                fields["success_metric"] = words["metric"]
                fields["guardrail_metric"] = "support tickets"
                fields["decision_rule"] = (
                    f"ship if {words['metric']} lifts 5% with no rise in support tickets"
                )
            criteria = rng.sample(data.WORDS["criterion"], rng.randint(1, 3))
            if missing is ReadyField.CRITERIA:
                criteria = []
            elif missing:
                fields[missing.value] = None
            board.core.user = rng.choice(TEAM)
            tick()
            board.items.add(data.TITLES[kind].format(**words), criteria, **fields)
