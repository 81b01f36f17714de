"""What the Requests screen looks like, for the product owner and for the stakeholder who
asked, pinned as SVG snapshots at 80×24 and 160×48 (requests made at a fixed time).

Update after a deliberate change with
`pytest tests/tui/test_snapshots_requests.py --snapshot-update` and look at the new SVGs
before committing them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from poboard.board import Board
from poboard.tui.app import PoboardApp, create_app

from .conftest import pressing

TODAY = date(2026, 11, 25)
SnapCompare = Callable[..., bool]


def asked(path: Path) -> None:
    """ana the product owner; sam, a stakeholder, asked three things; one is accepted,
    one declined."""
    clock = lambda: datetime.combine(TODAY, time(10), UTC)  # noqa: E731
    board = Board.open(path, "ana", clock)
    try:
        board.items.add("Onboarding email series", horizon="now", owner="dana", estimate=3)
        board.config.configure("product_owners", "ana")
        board.members.add_member("sam", [], role="stakeholder")
    finally:
        board.close()
    sam = Board.open(path, "sam", clock)
    try:
        sam.requests.add(
            "SSO for enterprise trials",
            audience="enterprise trial admins",
            promise="log in with their IdP on day 1",
            proof="4 lost deals cite SSO",
            metric="enterprise trial to paid",
            why="Sales hears it every week",
            needed_by="2026-12-20",
        )
        sam.requests.add("Roadmap as a PDF for the board meeting", audience="the exec team")
        sam.requests.add("A welcome email in Spanish for the LATAM trials", promise="activation")
    finally:
        sam.close()
    po = Board.open(path, "ana", clock)
    try:
        po.requests.accept(4, "next")
        po.requests.decline(3, "the board meeting deck is made by hand: not a product need")
    finally:
        po.close()


@pytest.fixture
def apps(db_path: Path) -> Iterator[Callable[[str], PoboardApp]]:
    asked(db_path)
    made: list[PoboardApp] = []

    def app(user: str) -> PoboardApp:
        made.append(create_app(db_path, user, today=TODAY))
        return made[-1]

    yield app
    for each in made:
        each.board.close()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_requests_for_the_product_owner(
    snap_compare: SnapCompare, apps: Callable[[str], PoboardApp], size: tuple[int, int]
) -> None:
    assert snap_compare(apps("ana"), terminal_size=size, run_before=pressing("6"))


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_requests_for_the_stakeholder(
    snap_compare: SnapCompare, apps: Callable[[str], PoboardApp], size: tuple[int, int]
) -> None:
    assert snap_compare(apps("sam"), terminal_size=size, run_before=pressing("6", "down"))
