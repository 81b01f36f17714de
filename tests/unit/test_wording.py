"""Refused values are told in poboard's words, never the validation library's."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from poboard.domain.models import Item
from poboard.domain.planning import CheckIn, Goal, Sprint
from poboard.services.core import validation_message


def refusal(model: type, data: dict[str, object]) -> str:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(data)
    return validation_message(refused.value)


@pytest.mark.parametrize(
    ("model", "data", "said"),
    [
        (Item, {"title": "x", "value": 7}, "value should be 5 or less, not 7"),
        (Item, {"title": "x", "kind": "epic"},
         "kind should be story, campaign, content, experiment, launch, bug or chore, not 'epic'"),
        (Item, {"title": "x", "estimate": "lots"}, "estimate should be a whole number, not 'lots'"),
        (CheckIn, {"day": "2026-02-30", "value": 1},
         "day should be a date such as 2026-12-01 (year-month-day), not '2026-02-30'"),
        (CheckIn, {"day": "2026-02-20", "value": float("inf")},
         "value should be a number, not inf"),
        (Sprint, {"name": "S", "start": "2026-01-05", "end": "2026-01-16", "capacity": -20},
         "capacity should be 0 or more, not -20"),
        (Sprint, {"name": "S" * 81, "start": "2026-01-05", "end": "2026-01-16", "capacity": 1},
         "name is too long: 80 characters at most"),
        (Sprint, {"name": "S", "start": "2026-01-05", "end": "2026-01-01", "capacity": 1},
         "end: the end date is before the start date"),
        (Goal, {"title": "G", "key_results": [{"metric": "m", "baseline": "x", "target": 1,
                                                "current": 1}]},
         "key results 1 baseline should be a number, not 'x'"),
    ],
)  # fmt: skip
def test_a_refusal_names_the_field_and_what_it_takes(
    model: type, data: dict[str, object], said: str
) -> None:
    message = refusal(model, data)
    assert message == said
    assert "Input should" not in message and "String should" not in message
