"""Single values as exports write them: Jira's and ISO dates, numbers, blank cells.

Readers raise ValueError for a value that is there but unreadable, so that the caller can
keep the row and say which value it left out; a blank value is simply None.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, tzinfo

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

# Jira's "dd/MMM/yy h:mm a" (the default), and the 4-digit-year, 24-hour forms some sites use.
JIRA_DATE = re.compile(
    r"(?P<day>\d{1,2})/(?P<month>[A-Za-z]{3})/(?P<year>\d{4}|\d{2})"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[AaPp][Mm])?)?"
)


def clean(value: object) -> str | None:
    """A text value stripped, or None when it is missing, not text or blank."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # as strptime's %y: 69-99 are 1900s, the rest 2000s
        year += 1900 if year >= 69 else 2000
    return year


def _jira(text: str) -> datetime | None:
    match = JIRA_DATE.fullmatch(text)
    if match is None:
        return None
    month = MONTHS.get(match["month"].lower())
    if month is None:
        raise ValueError(f"{text!r} has an unknown month")
    hour = int(match["hour"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"{text!r} has an hour outside 1-12")
        hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    return datetime(
        _year(match["year"]),
        month,
        int(match["day"]),
        hour,
        int(match["minute"] or 0),
        int(match["second"] or 0),
    )


def read_datetime(value: object, tz: tzinfo = UTC) -> datetime | None:
    """An aware UTC datetime from Jira's or ISO 8601 form; a time without zone is in `tz`."""
    text = clean(value)
    if text is None:
        return None
    try:
        moment = _jira(text) or datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date and time poboard reads") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(UTC)


def read_date(value: object) -> date | None:
    """A calendar date from Jira's `12/Apr/26`, ISO `2026-04-12`, or a datetime's date part.

    A datetime with a zone (Trello's `due`) gives its UTC date.
    """
    text = clean(value)
    if text is None:
        return None
    try:
        moment = _jira(text) or datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date poboard reads") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.date()


def read_number(value: object) -> float | None:
    """A finite number from text such as `5`, `5.0` or `2,5`, or from a JSON number."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = clean(value)
        if text is None:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    return number
