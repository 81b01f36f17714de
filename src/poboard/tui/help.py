"""What the keys help (`?`) lists: the screen's keys, as a person reads them, but the
writes of a user who may make none (see `key_gate`); then the keys of everywhere."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from textual.app import App
from textual.binding import Binding

from .key_gate import KnowsWriter, write_refused

Section = tuple[str, list[tuple[str, str]]]


def keys_of(app: App[Any], binding: Binding) -> str:
    """How a binding's keys read to a person: `e / enter`, not `e,enter`."""
    if binding.key_display:
        return binding.key_display
    keys = [k.strip() for k in binding.key.split(",")]
    return " / ".join(app.get_key_display(dataclasses.replace(binding, key=k)) for k in keys)


def help_sections(app: App[Any], screens: Sequence[tuple[str, str, str]]) -> list[Section]:
    """The screen's keys, then the app's (`screens`: key, mode, label of each screen)."""
    screen = app.screen
    bindings = [b for b in getattr(screen, "BINDINGS", []) if isinstance(b, Binding)]
    screen_keys = [
        (keys_of(app, b), b.tooltip or b.description)
        for b in bindings
        if b.description and not write_refused(screen, b.action)  # a stakeholder's
    ]
    app_keys = [(key, f"{label} screen") for key, _, label in screens]
    if not (isinstance(app, KnowsWriter) and app.writes_refused is not None):
        app_keys.append((",", "board settings: owners, Done, WIP, weights, votes"))
    app_keys += [
        ("?", "this help"),
        ("ctrl+p", "command palette: every action"),
        ("ctrl+q", "quit"),
    ]
    return [(f"{screen.title or 'Screen'} keys", screen_keys), ("Everywhere", app_keys)]
