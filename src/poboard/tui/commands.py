"""The command palette: every action of the current screen, plus switching screens."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.widget import Widget


class ScreenCommands(Provider):
    """Offers each described binding of the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Awaitable[Any]]]]:
        found: list[tuple[str, str, Callable[[], Awaitable[Any]]]] = []
        sources: tuple[Widget | App[Any], ...] = (self.screen, self.app)
        for source in sources:
            for binding in getattr(source, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                keys = binding.key_display or binding.key.split(",")[0]
                run = partial(source.run_action, binding.action)
                found.append((binding.description, f"key {keys}", run))
        return found

    async def discover(self) -> Hits:
        for name, help_text, run in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
