"""The quarterly update from the command palette (issue #23, item 13): written into this
folder as `poboard report --quarter current` writes it; in a served session, only how to
print it on one's own computer, and no file on the server."""

from __future__ import annotations

from pathlib import Path

import pytest

from poboard.board import Board
from poboard.paths import SERVED
from poboard.render.quarter_markdown import quarter_markdown

from .conftest import USER, make_app, running, settle, toasts, wait_until
from .test_palette import choose


async def test_the_palette_writes_the_quarterly_update(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    folder = tmp_path / "updates"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "quarterly", "Write the quarterly update")
        await app.workers.wait_for_complete()
        await settle(pilot)
        target = folder / "2026-q4-update.md"
        assert await wait_until(pilot, target.exists)
        assert any(f"2026-Q4 update written to {target}" in t for t in toasts(app)), toasts(app)
    board = Board.open(seeded, USER)
    try:
        expected = quarter_markdown(board.reports.quarter_report("current", today=app.today))
    finally:
        board.close()
    text = target.read_text(encoding="utf-8")
    assert text == expected
    assert "Lift trial activation" in text


async def test_a_quarterly_update_that_cannot_be_written_says_why(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "2026-q4-update.md").mkdir()  # a folder where the file would go
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "quarterly", "Write the quarterly update")
        assert await wait_until(
            pilot,
            lambda: any(
                t.startswith("Report not written\n") and "2026-q4-update.md" in t
                for t in toasts(app)
            ),
        ), toasts(app)
        assert app.is_running


async def test_a_served_palette_says_how_to_print_the_quarterly_update(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv(SERVED, "1")
    folder = tmp_path / "server"
    folder.mkdir()
    monkeypatch.chdir(folder)
    app = make_app(seeded)
    async with running(app) as pilot:
        await choose(pilot, "quarterly", "Quarterly update: print it on your own computer")
        assert await wait_until(
            pilot,
            lambda: any(
                "ssh HOST report --quarter current > quarterly-update.md" in t for t in toasts(app)
            ),
        ), toasts(app)
    assert list(folder.iterdir()) == []
