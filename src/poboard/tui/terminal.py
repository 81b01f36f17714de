"""The board ends when its terminal goes away.

Started where no hang-up reaches it (`su USER -c poboard`, `setsid`, `sudo`, a
container's exec), a board whose terminal then closed ran on for good: Textual's input
thread reads end-of-file again and again (~60 % of a core), and the board file stayed
open. (Textual's PR https://github.com/Textualize/textual/pull/6690 stops that thread
instead; the app would still run, with no one to see it.) A closed terminal, like a
pipe whose writer is gone, is a hang-up that `poll` reports on its own, without being
asked for input: a thread here waits for that, reading none of the user's keys, and
then ends the app its normal way, which closes the board.

On its controlling terminal (a login, `poboard serve`'s sessions) the kernel's hang-up
(SIGHUP) ends the board first, at once; this is for a board that has none, or that
ignores hang-ups (`nohup`). Input that never was a terminal or a pipe (`</dev/null`, a
file) has no end to report and is not watched.

In a member's session under `poboard serve`, the driver starts no browser either.
"""

from __future__ import annotations

import asyncio
import os
import select
import sys
import threading
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message
from textual.message_pump import MessagePump

from ..paths import served

EVENTS_AHEAD = 64  # input events the driver reads ahead of the app, at most (about)
HUNG_UP = 129  # the app's return code: as a shell reports a program ended by a hang-up
# poll reports a hang-up or an error whether asked or not; a socket whose peer stopped
# sending only when asked (Linux).
ENDS = select.POLLHUP | select.POLLERR | select.POLLNVAL | getattr(select, "POLLRDHUP", 0)


def has_ended(fd: int) -> bool:
    """Whether this descriptor is hung up or failed, now, asking nothing else of it."""
    poll = select.poll()
    poll.register(fd, ENDS)
    return bool(poll.poll(0))


class InputWatch:
    """A thread that waits for the input to hang up or fail, and then calls `ended`
    once; `stop` ends the thread without a call."""

    def __init__(self, fd: int, ended: Callable[[], object]) -> None:
        self.fd = fd
        self.ended = ended
        self._wake, self._waker = os.pipe()
        self._thread = threading.Thread(target=self._watch, name="poboard-input-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        os.write(self._waker, b"\0")
        self._thread.join()
        os.close(self._wake)
        os.close(self._waker)

    def _watch(self) -> None:
        poll = select.poll()
        poll.register(self.fd, ENDS)
        poll.register(self._wake, select.POLLIN)
        ready = dict(poll.poll())
        if self._wake in ready:
            return
        if ready[self.fd] & select.POLLNVAL and _is_open(self.fd):
            return  # a platform whose poll cannot watch this input (macOS's, for devices)
        self.ended()


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


class TerminalDriver(LinuxDriver):
    """Textual's terminal driver, ending the app when its input goes away, and reading
    no further ahead of the app than EVENTS_AHEAD input events."""

    def __init__(self, app: App[Any], **options: Any) -> None:
        super().__init__(app, **options)
        self.driven_app = app
        self.watch: InputWatch | None = None
        self.output_gone = False
        self.ahead = 0  # input events sent since the app last caught up

    def process_message(self, message: Message) -> None:
        """(On the input thread.) Every EVENTS_AHEAD input events, wait for the app to
        have handled them before reading more. Textual's input thread reads all there is
        and queues an event per key, without bound: keys typed (or sent by a program)
        faster than the app takes them grew a board to a gigabyte, where now they wait
        in the terminal, and over `poboard serve` with the member's client."""
        super().process_message(message)
        if not isinstance(message, events.InputEvent):
            return
        self.ahead += 1
        if self.ahead >= EVENTS_AHEAD:
            self.ahead = 0
            self.catch_up()

    def catch_up(self) -> None:
        """(On the input thread.) Until the widget the keys go to has handled every event
        sent before now (or the app is stopping)."""
        handled = threading.Event()
        app = self.driven_app

        def behind_the_keys() -> None:  # the app has passed on what came before
            try:
                target: MessagePump = app.focused or app.screen
            except ScreenStackError:  # no screen yet, or none left
                target = app
            if not target.call_later(handled.set):
                handled.set()

        if not app.call_later(behind_the_keys):
            return
        while not handled.wait(0.1):
            if self.exit_event.is_set() or not app.is_running:
                return

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        loop = asyncio.get_running_loop()
        self.watch = InputWatch(self.fileno, lambda: loop.call_soon_threadsafe(self.input_gone))
        self.watch.start()

    def input_gone(self) -> None:
        """(On the app's loop.) The output too, when it was the same terminal: then
        nothing more is written, or a write could wait for good on Textual's output
        thread, which died on the first failed write."""
        self.output_gone = has_ended(sys.__stderr__.fileno()) if sys.__stderr__ else True
        self.driven_app.exit(return_code=HUNG_UP)

    def stop_application_mode(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        super().stop_application_mode()

    def write(self, data: str) -> None:
        if not self.output_gone:
            super().write(data)

    def close(self) -> None:
        if not self.output_gone:
            super().close()

    def open_url(self, url: str, new_tab: bool = True) -> None:
        """A browser, locally. A served session's app shows a link to the member instead
        (`served_session`); whoever else asks, no browser starts on the server."""
        if not served():
            super().open_url(url, new_tab)


def watching_terminal(driver_class: type[Driver]) -> type[Driver]:
    """The driver to use for Textual's choice: in a terminal (Linux, macOS), one that
    ends the app when the terminal goes away; any other (Windows, a driver named by
    TEXTUAL_DRIVER) as it is."""
    return TerminalDriver if driver_class is LinuxDriver else driver_class
