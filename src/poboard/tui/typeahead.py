"""The app's side of keys typed while a form opens (the forms' side, and why, is in
`widgets.held_keys`): the keys are held as they come, then sent on in order, each once
the one before it has acted, to where the form put the focus."""

from __future__ import annotations

import time
from collections import deque
from functools import partial
from typing import Any

from textual import events
from textual.app import App
from textual.timer import Timer

from .textual_fixes import is_stopped
from .widgets.held_keys import HOLD_SECONDS, HoldsKeys

# A held key sent on acts before the next goes: it is taken by a widget, or comes back
# to the app through its binding. One that does neither within this long (its widget
# went away) is taken as gone. A count of refreshes was too short a wait on a busy app:
# the letters after a ctrl+u reached the field before the ctrl+u's binding cleared it.
SEND_SECONDS = 1.0
SEND_POLL = 0.01  # seconds between looks at a held key sent on, until it has acted


class TypeAhead:
    """The keys held for one app."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.keys: list[events.Key] = []
        self.timer: Timer | None = None
        self.in_turn: events.Key | None = None  # the held key being sent on
        self.in_turn_arrived = False  # it has reached the app once (and gone to a widget)
        self.sent: deque[events.Key] = deque(maxlen=64)  # the last sent on, maybe on their way

    def ours(self, key: events.Key) -> bool:
        """Whether `key` is one sent on from those held, coming back to the app from the
        focused widget: it finishes its way (its binding acts), never held again. (Done
        with, it may already look stopped: Textual stops a key as it bubbles back to the
        app that sent it; the one sent next is queued behind it all the same.)"""
        return any(key is sent for sent in self.sent)

    def idle(self) -> bool:
        """Nothing held, nothing on its way."""
        return not self.keys and self.in_turn is None

    def opening_form(self) -> HoldsKeys[Any] | None:
        """The form shown, while it opens (not yet ready for keys)."""
        stack = self.app.screen_stack
        screen = stack[-1] if stack else None
        return screen if isinstance(screen, HoldsKeys) and not screen.keys_welcome else None

    def holding(self) -> bool:
        """Whether the screen shown is a form still opening, or keys held for one are
        still to be sent on (a key typed then waits its turn behind them)."""
        return self.opening_form() is not None or not self.idle()

    def hold(self, event: events.Key) -> None:
        if self.timer is None:  # never hold keys long
            self.timer = self.app.set_timer(HOLD_SECONDS, self.stop_holding)
        self.keys.append(events.Key(event.key, event.character))
        event.stop()

    def arrive(self) -> bool:
        """The key in turn reaches the app: whether it had once before (on its way back
        from the focused widget, its binding now checked)."""
        arrived_before, self.in_turn_arrived = self.in_turn_arrived, True
        return arrived_before

    def stop_holding(self) -> None:
        """The form was not ready in time: it gets the keys held as it is."""
        if (form := self.opening_form()) is not None:
            form.welcome_keys()
        else:
            self.welcome()

    def welcome(self) -> None:
        """The form is ready: the keys held go on, in order, to where focus is now."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.in_turn is None:
            self.send_next()

    def send_next(self) -> None:
        """The next held key; the one after it once this one has acted. A key that acts
        through a binding (ctrl+u in a field) acts only as it comes back from the
        focused widget: sent in one burst, the letters typed after it would act first
        (and ctrl+u then clear them)."""
        if not self.keys:
            return
        key = self.in_turn = self.keys.pop(0)
        self.in_turn_arrived = False
        self.sent.append(key)
        self.app.post_message(key)
        self.app.call_after_refresh(self.acted, key, time.monotonic() + SEND_SECONDS)

    def acted(self, key: events.Key, until: float = 0.0) -> None:
        """`key` has acted (come back through its binding, or taken by the widget that
        stopped it; or `until` has passed): the next one goes."""
        if key is not self.in_turn:
            return  # gone on already
        if not is_stopped(key) and time.monotonic() < until:
            # still on its way: looked at again shortly (not after every refresh, which
            # on a still screen would spin)
            self.app.set_timer(SEND_POLL, partial(self.acted, key, until))
            return
        self.in_turn = None
        self.send_next()
