"""An item's fields as the CLI's options and the assistant's tool inputs name them
(`--kr 3`, `--blocked-by 4`, `--partner web`), turned into what `board.items` takes: the
one reading of those names both interfaces share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..board import parse_key
from ..domain.errors import InvalidInputError


def item_fields(options: dict[str, Any]) -> dict[str, Any]:
    """The options a user gave, as item fields (criteria and empty repeats left out)."""
    fields = {k: v for k, v in options.items() if v is not None and k != "criteria"}
    for name in ("partners", "blocked_by"):
        if not fields.get(name):
            fields.pop(name, None)
    if "blocked_by" in fields:
        fields["blocked_by"] = blocker_keys(fields["blocked_by"], "--blocked-by")
    if "partners" in fields:
        fields["partners"] = list(fields["partners"])
    if "key_result" in fields:
        fields["key_result_id"] = parse_key_result_ref(fields.pop("key_result"))
    return fields


def blocker_keys(keys: Sequence[str], option: str) -> list[int]:
    """Item keys naming blockers; `none` alone names none (it removes every blocker)."""
    if any(str(k).strip().lower() == "none" for k in keys):
        if len(keys) > 1:
            raise InvalidInputError(f"{option} none removes every blocker: give it alone")
        return []
    return [parse_key(k) for k in keys]


def parse_key_result_ref(text: str) -> int | None:
    """`3` and `KR3` name key result 3; `none` unlinks."""
    cleaned = text.strip()
    if cleaned.lower() in ("none", ""):
        return None
    digits = cleaned[2:] if cleaned[:2].upper() == "KR" else cleaned
    if not digits.isdecimal():
        raise InvalidInputError(f"--kr {text!r} should be a key result id like 3 or KR3, or none")
    return int(digits)
