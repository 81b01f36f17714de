"""The ways the board says no. Each carries one line a person can act on."""

from __future__ import annotations


class PoboardError(Exception):
    """Base for every refusal the interfaces turn into one clear line."""

    exit_code = 1


class BoardFileError(PoboardError):
    """The board file cannot be opened or written as a board."""


class ReadOnlyError(BoardFileError):
    """The board file is read-only: reads work, writes are refused."""


class NotFoundError(PoboardError):
    """No such item, sprint, goal or retro."""


class InvalidInputError(PoboardError):
    """A value the model refuses (bad estimate, unknown key, bad date ...)."""

    exit_code = 2


class GateRefusal(PoboardError):
    """A gate said no: Definition of Ready, acceptance, product-owner rule, vote limit."""

    def __init__(self, message: str, reasons: list[str] | None = None) -> None:
        super().__init__(message)
        self.reasons = reasons or []


class ConflictError(PoboardError):
    """A write based on a version that someone else has since changed."""

    def __init__(self, message: str, item_id: int, by: str, at: str) -> None:
        super().__init__(message)
        self.item_id = item_id
        self.by = by
        self.at = at
