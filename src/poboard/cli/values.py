"""Option values the commands read themselves, so a wrong one is refused in poboard's
words (`wording`), on one line, rather than as click's usage error: a day, and a whole
number with a floor."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

import click

from ..domain import wording
from ..domain.errors import InvalidInputError


class Day(click.ParamType[date, Any]):
    """A calendar day written year-month-day (2026-12-01)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip()
        with contextlib.suppress(ValueError):  # not a day: said below, in one line
            if len(text) == len("2026-12-01"):
                return date.fromisoformat(text)
        raise InvalidInputError(wording.not_a_date(_name(param), text))


class Whole(click.ParamType[int, Any]):
    """A whole number, `least` or more."""

    name = "N"

    def __init__(self, least: int = 0) -> None:
        self.least = least

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                raise InvalidInputError(wording.not_whole(_name(param), str(value))) from None
        if number < self.least:
            raise InvalidInputError(wording.below(_name(param), self.least, number))
        return number


def _name(param: click.Parameter | None) -> str:
    """The option as typed (`--day`), or the argument's name."""
    if param is None:
        return "value"
    options = [o for o in param.opts if o.startswith("--")]
    return options[0] if options else (param.name or "value")


DAY = Day()
POINTS = Whole(0)
