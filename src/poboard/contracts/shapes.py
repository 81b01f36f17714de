"""What every contract's type shares."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T", bound=type)


def closed(shape: T) -> T:
    """The shape holds its fields and no others: its JSON Schema says
    `additionalProperties: false`. (pydantic reads this when the schema is made; the
    commands never import pydantic for it.)"""
    shape.__pydantic_config__ = {"extra": "forbid"}  # type: ignore[attr-defined]
    return shape
