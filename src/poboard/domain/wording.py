"""What a value the board refuses is told in poboard's own words: one place that turns
the validation library's findings ("Input should be less than or equal to 5") into a
sentence a person acts on ("value should be 5 or less, not 7").

Pure functions over the details pydantic gives (`ValidationError.errors()`), so the
services, the CLI and the forms all say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

SHOWN_CHARS = 40  # of a refused value, quoted back
DATE_EXAMPLE = "2026-12-01"
NUMBER_KINDS = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "finite_number": "a number",
    "decimal_parsing": "a number",
    "bool_parsing": "yes or no",
    "bool_type": "yes or no",
    "string_type": "text",
}
DATE_KINDS = frozenset(
    {
        "date_parsing",
        "date_type",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "datetime_parsing",
        "datetime_type",
        "datetime_from_date_parsing",
    }
)


def field_name(loc: Sequence[int | str]) -> str:
    """Where in the record, as words: ("key_results", 0, "baseline") is "key results 1
    baseline"; none is "value"."""
    words = [str(p + 1) if isinstance(p, int) else str(p).replace("_", " ") for p in loc]
    return " ".join(words) or "value"


def shown(value: object) -> str:
    """A refused value as it is quoted back: numbers as they are, text in quotes, cut."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = repr(value)
    else:
        text = f"{value:g}" if isinstance(value, float) else str(value)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def problem(detail: Mapping[str, Any], where: str | None = None) -> str:
    """One finding in poboard's words, starting with the field (`where`, or the one its
    location names)."""
    name = where if where is not None else field_name(detail.get("loc", ()))
    kind = str(detail.get("type", ""))
    ctx: Mapping[str, Any] = detail.get("ctx") or {}
    given = shown(detail.get("input"))
    message = str(detail.get("msg", "")).removeprefix("Value error, ")
    if kind in ("value_error", "assertion_error"):
        return message if message.startswith(name) else f"{name}: {message}"
    if kind in NUMBER_KINDS:
        return f"{name} should be {NUMBER_KINDS[kind]}, not {given}"
    if kind in DATE_KINDS:
        return f"{name} should be a date such as {DATE_EXAMPLE} (year-month-day), not {given}"
    bounds = {
        "less_than_equal": ("le", "{} or less"),
        "less_than": ("lt", "less than {}"),
        "greater_than_equal": ("ge", "{} or more"),
        "greater_than": ("gt", "more than {}"),
    }
    if kind in bounds and bounds[kind][0] in ctx:
        key, form = bounds[kind]
        return f"{name} should be {form.format(shown(ctx[key]))}, not {given}"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(detail.get("input"), str)):
        return f"{name} is too long: {ctx.get('max_length')} characters at most"
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return f"{name} cannot be empty" if least == 1 else f"{name} needs {least} characters"
    if kind == "too_long":
        return f"{name} has too many entries: {ctx.get('max_length')} at most"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{name} should be {expected}, not {given}"
    if kind == "missing":
        return f"{name} is missing"
    for lead in ("Input should", "String should", "Value should"):
        if message.startswith(lead):
            return f"{name} should{message.removeprefix(lead)}"
    return f"{name}: {message}"


def not_a_date(name: str, given: object) -> str:
    return problem({"type": "date_parsing", "input": given}, name)


def not_whole(name: str, given: object) -> str:
    return problem({"type": "int_parsing", "input": given}, name)


def below(name: str, least: float, given: object) -> str:
    return problem({"type": "greater_than_equal", "ctx": {"ge": least}, "input": given}, name)


def problems(details: Sequence[Mapping[str, Any]]) -> str:
    """The first finding of a refused record (one clear line, as every refusal is)."""
    return problem(details[0]) if details else "the value was refused"
