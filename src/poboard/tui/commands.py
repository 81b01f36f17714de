"""The command palette: every action of the current screen and the app's (switching
screens, settings) but the writes of a user who may make none, the actions no key has
(the sprint report, the quarterly update), and any item by its key or the words of its
title."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widget import Widget

from ..domain.models import ItemRow
from .host import BoardHost
from .key_gate import write_refused
from .served_session import REPORT_BY_SSH, REPORT_BY_SSH_HELP
from .text import literal

QUARTER = "Write the quarterly update"
QUARTER_HELP = "this quarter's goals, what shipped and the roadmap: Markdown, into this folder"
QUARTER_BY_SSH = "Quarterly update: print it on your own computer"
QUARTER_BY_SSH_HELP = (
    "ssh HOST report --quarter current > quarterly-update.md · nothing is written on the server"
)
QUARTER_BY_SSH_HOW = (
    "On your own computer, run\n  ssh HOST report --quarter current > quarterly-update.md\n"
    "(HOST: this board's server). A board opened over ssh writes no file on the server."
)
ITEM_HITS = 12
TITLE_SCORE = 0.8  # a title's match ranks below an action's equally good one


class ScreenCommands(Provider):
    """Offers each described binding of the screen the palette was opened from."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Awaitable[Any]]]]:
        found: list[tuple[str, str, Callable[[], Awaitable[Any]]]] = []
        sources: tuple[Widget | App[Any], ...] = (self.screen, self.app)
        for source in sources:
            for binding in getattr(source, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if write_refused(source, binding.action):
                    continue  # a stakeholder's palette offers no writes
                keys = binding.key_display or binding.key.split(",")[0]
                run = partial(source.run_action, binding.action)
                help_text = f"key {keys}" + (f" · {binding.tooltip}" if binding.tooltip else "")
                found.append((binding.description, help_text, run))
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


class BoardCommands(Provider):
    """What no key does: the sprint report and the quarterly update (in a served session,
    which writes no file on the server, how to print them on one's own computer); and
    jumping to an item by `12`, `#12` or words of its title (one query on the board per
    search, never the whole board)."""

    REPORT = "Write the sprint report"
    REPORT_HELP = "Markdown for stakeholders, into a file in this folder"

    @property
    def poboard(self) -> BoardHost:
        assert isinstance(self.app, BoardHost)
        return self.app

    def _reports(self) -> list[tuple[str, str, Callable[[], object]]]:
        app = self.poboard
        if app.served:
            return [
                (REPORT_BY_SSH, REPORT_BY_SSH_HELP, app.show_report_by_ssh),
                (QUARTER_BY_SSH, QUARTER_BY_SSH_HELP, partial(show_quarter_by_ssh, app)),
            ]
        return [
            (self.REPORT, self.REPORT_HELP, app.action_write_report),
            (QUARTER, QUARTER_HELP, partial(write_quarter_update, app)),
        ]

    async def discover(self) -> Hits:
        for name, help_text, run in self._reports():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, run in self._reports():
            if score := matcher.match(name):
                yield Hit(score, matcher.highlight(name), run, help=help_text)
        text = query.strip()
        is_key = text.lstrip("#").isdecimal()
        if len(text) < 2 and not is_key:
            return  # a single letter names half the board
        for row in self.poboard.board.lists.find_items(text, ITEM_HITS):
            if is_key and row.id == int(text.lstrip("#")):
                score = 1.0
            else:
                score = TITLE_SCORE * max(matcher.match(row.title), 0.5)
            yield Hit(
                score,
                item_prompt(row),
                partial(self.poboard.show_item, row.id),
                text=f"{row.key} {row.title}",
                help=f"{row.kind.value} · {row.status.value} · {row.horizon.value} · go to it",
            )


def show_quarter_by_ssh(app: BoardHost) -> None:
    app.notify(QUARTER_BY_SSH_HOW, title="The quarterly update", timeout=20)


def write_quarter_update(app: BoardHost) -> None:
    """This quarter's update, as `poboard report --quarter current` writes it, into a file
    in this folder (read on the background connection, so the board stays live); in a
    served session, how to print it instead. A failure is told as the sprint report's."""
    if app.served:
        show_quarter_by_ssh(app)
        return
    app.notify("Writing the quarterly update…", timeout=2)
    folder = Path.cwd()

    def write() -> None:
        from ..render.quarter_markdown import quarter_markdown

        with app.reads.lock:
            built = app.reads.reader().reports.quarter_report("current", today=app.today)
        target = folder / f"{built.quarter.label.lower()}-update.md"
        target.write_text(quarter_markdown(built), encoding="utf-8")
        app.call_from_thread(
            app.notify, f"{built.quarter.label} update written to {target}", timeout=10
        )

    app.run_worker(write, thread=True, group="report", exit_on_error=False)


def item_prompt(row: ItemRow) -> Content:
    """An item's key and title: the title as typed, never read as markup."""
    return Content.assemble((row.key, "bold"), " ", literal(row.title))
