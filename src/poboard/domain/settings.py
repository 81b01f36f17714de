"""A board's settings: its name, product owners, Definition of Done, score weights, WIP
limits, retro votes and each kind's Definition of Ready (with their defaults)."""

from __future__ import annotations

from pydantic import Field, field_validator

from .models import WIP_COLUMNS, Kind, Model
from .readiness import FULL_READY, READY_FIELDS, ReadyField
from .text_types import OneLineText

DEFAULT_READY: dict[Kind, tuple[ReadyField, ...]] = {
    **dict.fromkeys(Kind, FULL_READY),
    Kind.BUG: (ReadyField.OWNER, ReadyField.ESTIMATE, ReadyField.CRITERIA),
    Kind.CHORE: (ReadyField.OWNER, ReadyField.ESTIMATE, ReadyField.CRITERIA),
    Kind.EXPERIMENT: READY_FIELDS,
}


def default_ready() -> dict[str, list[ReadyField]]:
    """The Definition of Ready of every kind as settings hold it."""
    return {kind.value: list(fields) for kind, fields in DEFAULT_READY.items()}


DEFAULT_WEIGHTS: dict[str, float] = {
    "value": 1.0,
    "urgency": 1.0,
    "impact": 1.0,
    "fit": 1.0,
    "effort": 1.0,
    "risk": 0.5,
    "blocking": 0.5,
}


class Settings(Model):
    """Board-wide settings; stored one key a row so that each change is its own event."""

    name: OneLineText = "board"
    product_owners: list[OneLineText] = Field(default_factory=list)
    definition_of_done: list[OneLineText] = Field(default_factory=list)
    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    wip: dict[str, int | None] = Field(default_factory=lambda: dict.fromkeys(WIP_COLUMNS))
    retro_votes: int = 3
    # What each kind needs to be ready, by kind's value.
    ready: dict[str, list[ReadyField]] = Field(default_factory=default_ready)

    @field_validator("ready", mode="before")
    @classmethod
    def _known_fields(cls, value: object) -> object:
        """A field this poboard does not know (a file's, an export's) asks nothing: the
        rule has always passed over what it could not name."""
        if not isinstance(value, dict):
            return value
        known = {field.value for field in ReadyField}
        return {
            kind: [name for name in names if not isinstance(name, str) or name in known]
            if isinstance(names, list)
            else names
            for kind, names in value.items()
        }
