"""Several real processes on one board file: what another process commits shows up on the
Sprint and Retro screens without a key press."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import date
from pathlib import Path

from poboard.board import Board
from poboard.domain.models import Status
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.card_list import CardList

from .conftest import READY, USER, make_app, running, settle, text_of, wait_until

POBOARD = str(Path(sys.executable).parent / "poboard")
CARDS_EACH = 20
ADD_CARDS = """
import sys
from poboard.board import Board

path, user, retro_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
board = Board.open(path, user)
sys.stdin.readline()  # both writers start together, on the test's word
try:
    columns = ("Went well", "To improve", "Standardize")
    for n in range(count):
        board.retros.add_card(retro_id, columns[n % 3], f"{user} card {n}")
finally:
    board.close()
"""


def running_sprint(path: Path) -> None:
    board = Board.open(path, USER)
    try:
        board.items.add("Onboarding emails", criteria=["legal ok"], **READY)
        board.items.add("Pricing test", criteria=["holdout"], **{**READY, "estimate": 3})
        board.sprints.new_sprint(
            "Sprint 14", "Activation", date(2026, 11, 17), date(2026, 11, 28), 34
        )
        board.sprints.commit([1, 2], "Sprint 14")
        board.sprints.start_sprint("Sprint 14")
    finally:
        board.close()


def column(app: PoboardApp, status: str) -> CardList:
    return app.screen.query_one(f"#col-{status}", CardList)


async def test_a_move_by_another_process_shows_on_the_sprint_board_unasked(db_path: Path):
    running_sprint(db_path)
    app = make_app(db_path, poll_seconds=0.1)
    async with running(app) as pilot:
        await pilot.press("3", "down")
        await settle(pilot)
        assert column(app, "todo").card_ids == [1, 2]
        assert column(app, "todo").current_id == 2

        done = await asyncio.to_thread(
            subprocess.run,
            [POBOARD, "--db", str(db_path), "--user", "dana", "move", "#1", "doing"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert done.returncode == 0, done.stderr
        assert await wait_until(pilot, lambda: column(app, "doing").card_ids == [1])
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert column(app, "todo").card_ids == [2]
        assert column(app, "todo").current_id == 2  # the cursor stays on its card
        assert app.screen.focused is column(app, "todo")
        assert text_of(app.screen.query_one("#title-doing")) == "DOING (1)"

    board = Board.open(db_path, "tester")
    try:
        assert board.items.get(1).status is Status.DOING
        assert [(e.user, e.old, e.new) for e in board.items.history(1) if e.action == "move"][
            -1
        ] == (
            "dana",
            "todo",
            "doing",
        )
    finally:
        board.close()


async def test_two_processes_adding_retro_cards_at_once_lose_none(db_path: Path):
    board = Board.open(db_path, USER)
    try:
        board.sprints.new_sprint("Sprint 13", "Pipeline", date(2026, 11, 4), date(2026, 11, 17), 20)
        board.sprints.start_sprint("Sprint 13")
        board.sprints.close_sprint()
        retro_id = board.retros.open_retro().id or 0
    finally:
        board.close()

    app = make_app(db_path, poll_seconds=0.1)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert text_of(app.screen.query_one("#retro-head")).startswith("Retro · Sprint 13")

        writers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                ADD_CARDS,
                str(db_path),
                user,
                str(retro_id),
                str(CARDS_EACH),
                stdin=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for user in ("dana", "sam")
        ]
        results = await asyncio.gather(*(w.communicate(b"go\n") for w in writers))
        assert [w.returncode for w in writers] == [0, 0], [err for _, err in results]

        def cards_shown() -> int:
            lists = [app.screen.query_one(f"#retro-col-{n}", CardList) for n in range(3)]
            return sum(len(set(cards.card_ids)) for cards in lists)

        assert await wait_until(pilot, lambda: cards_shown() == 2 * CARDS_EACH)
        await app.workers.wait_for_complete()
        await settle(pilot)
        titles = [text_of(app.screen.query_one(f"#retro-title-{n}")) for n in range(3)]
        assert titles == ["WENT WELL (14)", "TO IMPROVE (14)", "STANDARDIZE (12)"]
        first = app.screen.query_one("#retro-col-0", CardList).texts()
        assert "dana card 0 ▲0" in first and "sam card 0 ▲0" in first

    board = Board.open(db_path, "tester")
    try:
        cards = board.retros.retro(retro_id).cards
        assert len(cards) == 2 * CARDS_EACH
        assert sorted(c.text for c in cards) == sorted(
            f"{user} card {n}" for user in ("dana", "sam") for n in range(CARDS_EACH)
        )
        assert {c.author for c in cards} == {"dana", "sam"}
    finally:
        board.close()
