"""Textual bugs poboard works around, each shown in a process that would freeze without
the fix (so a regression fails the test instead of hanging the suite)."""

from __future__ import annotations

import subprocess
import sys

STALE_TOAST = """
import asyncio, time
from textual.app import App
from textual.notifications import Notification
from textual.widgets._toast import Toast
import poboard.tui.app  # applies the fixes

class Board(App[None]):
    async def on_mount(self) -> None:
        notice = Notification("#3 → review", timeout=4)
        notice.raised_at = time.time() - 5  # ran out before its toast was built
        await self.mount(Toast(notice))

async def main() -> None:
    app = Board()
    async with app.run_test() as pilot:
        await pilot.pause(0.2)
        assert not app.query(Toast), "the stale toast went"
    print("still answering")

asyncio.run(main())
"""


def test_a_toast_whose_notice_ran_out_before_it_showed_does_not_freeze_the_app() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STALE_TOAST], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "still answering"
