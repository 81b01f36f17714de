"""How a source's status names land on poboard's statuses and horizons, and `--map` overrides.

One table serves every source: Jira statuses, Trello list names and GitHub states share most
words ("Done", "In Progress"), and a user's `--map` pair overrides any of them by name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..domain.models import Horizon, Kind, Status
from .records import ImportFormatError

# Open work lands in the backlog, never in "todo": todo means committed to a sprint, and only
# the board's Definition of Ready may commit.
DEFAULT_TARGETS: dict[str, str] = {
    **dict.fromkeys(
        ("to do", "todo", "open", "backlog", "new", "selected for development", "ready", "ideas"),
        Status.BACKLOG.value,
    ),
    **dict.fromkeys(("in progress", "doing"), Status.DOING.value),
    **dict.fromkeys(("in review", "review", "qa", "testing"), Status.REVIEW.value),
    **dict.fromkeys(("done", "closed", "resolved", "completed"), Status.DONE.value),
    **dict.fromkeys(
        ("won't do", "wont do", "cancelled", "canceled", "rejected", "duplicate", "not_planned"),
        Status.DROPPED.value,
    ),
    **{h.value: h.value for h in (Horizon.NOW, Horizon.NEXT, Horizon.LATER)},
}

STATUS_VALUES = tuple(s.value for s in Status)
HORIZON_VALUES = tuple(h.value for h in Horizon)
KIND_VALUES = frozenset(k.value for k in Kind)


def normal(name: str) -> str:
    """The form names are compared in: lowercase, single spaces, straight apostrophes."""
    return " ".join(name.replace("\u2019", "'").lower().split())


def check_target(target: str) -> str:
    """A `--map` target as a status or horizon value, or a refusal that lists the valid ones."""
    value = normal(target)
    if value in STATUS_VALUES or value in HORIZON_VALUES:
        return value
    raise ImportFormatError(
        f"--map target {target!r} is neither a status nor a horizon; use one of "
        f"{', '.join(STATUS_VALUES)} (statuses) or {', '.join(HORIZON_VALUES)} (horizons)"
    )


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """Turn `["In QA=review", "Icebox=later"]` into a dict, splitting each on its last `=`."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, target = pair.rpartition("=")
        if not sep or not name.strip() or not target.strip():
            raise ImportFormatError(
                f"--map {pair!r} should read SOURCE=TARGET, for example 'In QA=review'"
            )
        mapping[name.strip()] = check_target(target)
    return mapping


def kind_named(name: str) -> Kind | None:
    """The kind whose value a type or label spells exactly (any case), if one does."""
    value = normal(name)
    return Kind(value) if value in KIND_VALUES else None


class StatusMapper:
    """Maps status names for one file and remembers each mapping used, for the report."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self._overrides = {normal(k): check_target(v) for k, v in (overrides or {}).items()}
        self._names = {normal(k): k for k in (overrides or {})}
        self._matched: set[str] = set()
        self.used: dict[str, str] = {}

    def knows(self, name: str) -> bool:
        """Whether `name` maps to something, without counting it as used."""
        key = normal(name)
        return key in self._overrides or key in DEFAULT_TARGETS

    def target(self, name: str) -> str | None:
        """The status or horizon value `name` maps to, None when nothing maps."""
        key = normal(name)
        if not key:
            return None
        if key in self._overrides:
            self._matched.add(key)
            found: str | None = self._overrides[key]
        else:
            found = DEFAULT_TARGETS.get(key)
        self.used.setdefault(name, found or "")
        return found

    def place(self, name: str) -> tuple[Status | None, Horizon | None]:
        """Status and horizon for a name: a horizon target puts the item in the backlog."""
        found = self.target(name)
        if found is None:
            return None, None
        if found in HORIZON_VALUES:
            return Status.BACKLOG, Horizon(found)
        return Status(found), None

    def unmatched(self) -> list[str]:
        """`--map` names, as the user typed them, that no status in the file carried."""
        return [self._names[k] for k in self._overrides if k not in self._matched]

    def unmatched_warnings(self) -> list[tuple[int, str]]:
        return [(0, f"--map {name!r} matched no status in this file") for name in self.unmatched()]
