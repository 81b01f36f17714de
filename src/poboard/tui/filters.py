"""The backlog filter: free text plus `kind:` `owner:` `goal:` `ready:` `horizon:`
`status:` and `src:` tokens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..board import ItemView

TOKENS = ("kind", "owner", "goal", "ready", "horizon", "status", "src")
YES = {"yes", "y", "true", "1", "✓"}
NO = {"no", "n", "false", "0", "✗"}


@dataclass(frozen=True)
class Filter:
    words: tuple[str, ...] = ()
    tokens: dict[str, str] = field(default_factory=dict)
    problem: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.words or self.tokens)

    def matches(self, view: ItemView) -> bool:
        item = view.item
        shown = (item.key, item.source_key, item.title, item.description, item.audience)
        text = " ".join(filter(None, (*shown, item.metric))).lower()
        if any(word not in text for word in self.words):
            return False
        for name, wanted in self.tokens.items():
            if not _token_matches(name, wanted, view):
                return False
        return True

    def apply(self, views: Iterable[ItemView]) -> list[ItemView]:
        if not self.active:
            return list(views)
        return [v for v in views if self.matches(v)]


def _token_matches(name: str, wanted: str, view: ItemView) -> bool:
    item = view.item
    if name == "kind":
        return item.kind.value.startswith(wanted)
    if name == "owner":
        return (item.owner or "").lower().startswith(wanted)
    if name == "horizon":
        return item.horizon.value.startswith(wanted)
    if name == "status":
        return item.status.value.startswith(wanted)
    if name == "ready":
        return view.ready == (wanted in YES)
    if name == "src":  # its key there (MKT-42; owner/repo#41, repo#41, #41), or the tool
        key = (item.source_key or "").lower()
        number = key.rpartition("#")[2] if "#" in key else key
        tails = (key, key.rpartition("/")[2], f"#{number}", number, item.source or "")
        return item.source_key is not None and any(t.startswith(wanted) for t in tails)
    goal = wanted.lstrip("g")
    if goal.isdecimal():
        return item.goal_id == int(goal)
    return wanted in (view.goal or "").lower()


def parse_filter(query: str) -> Filter:
    """Split the query into words and tokens; an unknown token is reported, not guessed."""
    words: list[str] = []
    tokens: dict[str, str] = {}
    problem = None
    for part in query.lower().split():
        name, sep, value = part.partition(":")
        if not sep:
            words.append(part)
        elif name in TOKENS and value:
            if name == "ready" and value not in YES | NO:
                problem = "ready: takes yes or no"
                continue
            tokens[name] = value
        elif name in TOKENS:
            problem = f"{name}: needs a value"
        else:
            problem = f"unknown filter {name}: (use {', '.join(t + ':' for t in TOKENS)})"
    return Filter(tuple(words), tokens, problem)
