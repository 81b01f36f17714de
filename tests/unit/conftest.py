"""Shared fixtures for the unit tests: real board files in tmp_path, a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from poboard.board import Board
from poboard.domain.models import Item

FIXED = datetime(2024, 5, 6, 14, 2, tzinfo=UTC)

READY_FIELDS: dict[str, Any] = {
    "owner": "ana",
    "audience": "B2B marketers",
    "promise": "Plan a launch in one afternoon",
    "proof": "Three pilot customers",
    "metric": "Trial sign-ups",
    "estimate": 3,
}


@pytest.fixture
def board_path(tmp_path: Path) -> Path:
    return tmp_path / "board.db"


@pytest.fixture
def open_board(board_path: Path) -> Iterator[Callable[..., Board]]:
    """Open the same board file as any user; every board opened is closed afterwards."""
    opened: list[Board] = []

    def _open(user: str = "ana", **kwargs: Any) -> Board:
        board = Board.open(board_path, user, clock=kwargs.pop("clock", lambda: FIXED))
        opened.append(board)
        return board

    yield _open
    for board in opened:
        board.close()


@pytest.fixture
def board(open_board: Callable[..., Board]) -> Board:
    return open_board("ana")


@pytest.fixture
def add_ready() -> Callable[..., Item]:
    """Add an item that meets the Definition of Ready (override any field)."""

    def _add(board: Board, title: str = "Spring launch email", **fields: Any) -> Item:
        data = {**READY_FIELDS, **fields}
        criteria = data.pop("criteria", ["Copy approved by legal"])
        return board.items.add(title, criteria=criteria, **data)

    return _add


@pytest.fixture
def running() -> Callable[..., None]:
    """Plan and start "Sprint 1" with these items committed: sprint columns hold sprint work."""

    def _start(board: Board, *keys: str, name: str = "Sprint 1") -> None:
        board.sprints.new_sprint(
            name, "Ship the spring launch", date(2024, 5, 6), date(2024, 5, 17), 40
        )
        if keys:
            board.sprints.commit(list(keys), name)
        board.sprints.start_sprint(name)

    return _start
