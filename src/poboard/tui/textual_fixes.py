"""Work-arounds for Textual bugs that bite poboard (seen in Textual 8.2), applied once.

A toast takes its time to live from its notification when it is built and starts its
timer when it is mounted. When the notification has run out in between — a screen
switch re-mounts the toasts still showing, and a loaded machine (ten members on one
server) can stall between the check and the build — the timer gets a negative delay,
and Textual's timer loop then spins without ever yielding: the whole app freezes.
Here a toast's timer is never shorter than a frame.
"""

from __future__ import annotations

from textual.events import Mount
from textual.widgets._toast import Toast

SHORTEST_TOAST = 0.02  # seconds: a stale toast goes on the next frame


def _start_toast_timer(self: Toast, _: Mount) -> None:
    self.set_timer(max(self._timeout, SHORTEST_TOAST), self._expire)


def apply() -> None:
    Toast._on_mount = _start_toast_timer  # type: ignore[method-assign]
