"""What the Backlog looks like, pinned as SVG snapshots of a fixed board on a fixed day.

Update after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the new SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from poboard.tui.app import PoboardApp

from .conftest import make_app, paste, pressing, pressing_at_rest, seed, settle

SEEDED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # the detail at 160 shows when


@pytest.fixture
def app(db_path: Path) -> Iterator[PoboardApp]:
    seed(db_path, lambda: SEEDED_AT)
    made = make_app(db_path)
    yield made
    made.board.close()


SnapCompare = Callable[..., bool]


def test_backlog_80x24(snap_compare: SnapCompare, app: PoboardApp):
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing())


def test_backlog_160x48(snap_compare: SnapCompare, app: PoboardApp):
    assert snap_compare(app, terminal_size=(160, 48), run_before=pressing_at_rest())


def test_editor_open_80x24(snap_compare: SnapCompare, app: PoboardApp):
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing("e"))


def test_editor_criteria_tab_100x30(snap_compare: SnapCompare, app: PoboardApp):
    assert snap_compare(app, terminal_size=(100, 30), run_before=pressing("e", "ctrl+t"))


def test_commit_refused_for_an_unready_item(snap_compare: SnapCompare, app: PoboardApp):
    async def refuse(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("down", "c")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=refuse)


def test_filter_active_80x24(snap_compare: SnapCompare, app: PoboardApp):
    async def filter_not_ready(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "ready:no")
        await pilot.press("enter")

    assert snap_compare(app, terminal_size=(80, 24), run_before=filter_not_ready)
