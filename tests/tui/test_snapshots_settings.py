"""What the board settings look like, pinned as SVG snapshots of the demo board on a fixed
day: as its product owner opens them, and as a team member is refused a weight.

Update after a deliberate change with
`pytest tests/tui/test_snapshots_settings.py --snapshot-update` and look at the new SVGs
before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from poboard.tui.app import PoboardApp, create_app

from .conftest import pressing, pressing_at_rest
from .test_snapshots_boards import TODAY, demo

SnapCompare = Callable[..., bool]


def demo_app(path: Path, user: str) -> Iterator[PoboardApp]:
    demo(path).close()
    made = create_app(path, user, today=TODAY)
    yield made
    made.board.close()


@pytest.fixture
def app(db_path: Path) -> Iterator[PoboardApp]:
    yield from demo_app(db_path, "ana")  # the demo board's product owner


@pytest.fixture
def member_app(db_path: Path) -> Iterator[PoboardApp]:
    yield from demo_app(db_path, "ben")


def test_settings_80x24(snap_compare: SnapCompare, app: PoboardApp):
    assert snap_compare(app, terminal_size=(80, 24), run_before=pressing("comma"))


def test_settings_160x48(snap_compare: SnapCompare, app: PoboardApp):
    assert snap_compare(app, terminal_size=(160, 48), run_before=pressing_at_rest("comma"))


def test_settings_refused_80x24(snap_compare: SnapCompare, member_app: PoboardApp):
    """ben raises the value weight: only ana may; the line says so and the 4 stays."""
    keys = ("comma", *["tab"] * 5, "4", "ctrl+s")
    assert snap_compare(member_app, terminal_size=(80, 24), run_before=pressing(*keys))
