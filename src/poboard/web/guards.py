"""What every response of the web pages is wrapped in: a bounded request body, the
security headers, and the limits on how often an address may try to sign in or a
member may send a request."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY_BYTES = 64 * 1024  # a request form is a few kilobytes

# No inline script or style, nothing from elsewhere, never inside another site's frame.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
TOO_LARGE = b"poboard: the request is too large (64 KB at most)\n"


class Guarded:
    """The security headers on every response; a body over `limit` refused with 413
    before the application reads it (by its stated length, or as it streams in)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        stated = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not stated.isdigit() or int(stated) > self.limit:
            await _too_large(send_guarded)
            return
        seen = 0

        async def receive_bounded() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, receive_bounded, send_guarded)
        except BodyTooLarge:
            if not started:
                await _too_large(send_guarded)


class BodyTooLarge(Exception):
    """A body streamed past the limit its length did not state."""


async def _too_large(send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": TOO_LARGE})


class RateLimit:
    """At most `most` events per key within `window` seconds (a sliding window)."""

    def __init__(self, most: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.most = most
        self.window = window
        self.clock = clock
        self.seen: dict[str, deque[float]] = {}
        self.lock = threading.Lock()  # counted on the server's worker threads too

    def allow(self, key: str) -> bool:
        """Count one event for `key`; False when it is one too many."""
        with self.lock:
            return self._allow(key)

    def _allow(self, key: str) -> bool:
        now = self.clock()
        if len(self.seen) > 10_000:  # a flood of addresses must not grow memory unbounded
            self.seen = {k: q for k, q in self.seen.items() if q and q[-1] > now - self.window}
        times = self.seen.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.most:
            return False
        times.append(now)
        return True

    def retry_after(self, key: str) -> int:
        times = self.seen.get(key)
        if not times:
            return 0
        return max(1, int(times[0] + self.window - self.clock()) + 1)
