"""The text a model field may hold: one rule (safe_text's) applied where text is kept.

`OneLineText` refuses every control character, a newline and a tab included (titles,
names, criteria, reasons, cards); `MultiLineText` lets a newline and a tab through (a
description). A refused value is a pydantic value error whose sentence starts after the
field's name ("title: holds a control character, ESC (0x1b): type plain text"), so every
door that builds a model — the CLI, the forms, MCP, an import — refuses it in one line.

Text read back from the board file is not judged again: a board written before the rule
(or by another tool) still opens, and its text is shown with pictures (`safe_text.visible`).
The store validates what it reads with `context=STORED`.

`plain_line` applies the same rule where a line is kept without a model (a setting, a
reason): it raises InvalidInputError naming the field.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

from .errors import InvalidInputError
from .safe_text import control_refusal

# The validation context of a row read back from the board file.
STORED: dict[str, Any] = {"stored": True}


def _stored(info: ValidationInfo) -> bool:
    return isinstance(info.context, dict) and bool(info.context.get("stored"))


def _one_line(value: str, info: ValidationInfo) -> str:
    # isprintable (in C) clears nearly all text at once; the rest is looked at closely
    if value.isprintable() or _stored(info):
        return value
    refusal = control_refusal(value)
    if refusal is not None:
        raise ValueError(refusal)
    return value


def _multi_line(value: str, info: ValidationInfo) -> str:
    if value.isprintable() or _stored(info):
        return value
    refusal = control_refusal(value, multiline=True)
    if refusal is not None:
        raise ValueError(refusal)
    return value


OneLineText = Annotated[str, AfterValidator(_one_line)]
MultiLineText = Annotated[str, AfterValidator(_multi_line)]


def plain_line(value: str, field: str) -> str:
    """`value` when it holds no control character; else refused, naming `field`."""
    refusal = control_refusal(value)
    if refusal is not None:
        raise InvalidInputError(f"{field}: {refusal}")
    return value


def plain_text(value: str, field: str) -> str:
    """`value` when it holds no control character but newlines and tabs; else refused."""
    refusal = control_refusal(value, multiline=True)
    if refusal is not None:
        raise InvalidInputError(f"{field}: {refusal}")
    return value
