"""A refusal as scripts and assistants read it: a `--json` command's standard error and
an MCP tool error hold the same object, a stable code beside the sentence and the
details the refusal has (`PoboardError.details`)."""

from __future__ import annotations

from typing import Any, NotRequired

from typing_extensions import TypedDict

from ..domain.errors import Code, PoboardError
from .shapes import closed


@closed
class ReasonJson(TypedDict):
    """One of a gate's reasons."""

    code: Code
    message: str


@closed
class RefusalJson(TypedDict):
    """The code and sentence, and each detail its refusal names."""

    error: Code
    message: str
    reasons: NotRequired[list[ReasonJson]]  # a gate's, each with its own code
    item: NotRequired[str]  # "#7": the item refused, or changed since (a conflict)
    by: NotRequired[str]  # a conflict: who changed it, when, and its version now
    at: NotRequired[str]
    version: NotRequired[int]
    key: NotRequired[str | None]  # the setting refused, or a refused row's key
    row: NotRequired[int]  # an import's first refused row
    file: NotRequired[str]  # a read-only board: the file in the way, whose, its mode,
    part: NotRequired[str]  # who is asking and what fixes it
    owner: NotRequired[str]
    mode: NotRequired[str]
    user: NotRequired[str]
    fix: NotRequired[str]


def refusal_json(code: Code, message: str, details: dict[str, Any] | None = None) -> RefusalJson:
    """The object for a refusal: its code, its sentence and its details."""
    payload: dict[str, Any] = {"error": code, "message": message, **(details or {})}
    return payload  # type: ignore[return-value]  # the details are the error's own


def refusal_of(error: PoboardError) -> RefusalJson:
    return refusal_json(error.code, str(error), error.details())
