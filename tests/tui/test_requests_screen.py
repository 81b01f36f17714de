"""The Requests screen (6) and a stakeholder's TUI (issue 25): the product owner triages
with a, d and m; the stakeholder asks with n and follows what became of each ask; every
other key of theirs is left out of the footer and, pressed, says why and stores nothing.
Each step is checked on screen and in the file (a fresh Board.open)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList

from poboard.board import Board
from poboard.domain.requests import RequestStatus
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.lines import Lines
from poboard.tui.widgets.request_forms import DeclineDialog, ItemPicker, RequestDialog

from .conftest import TODAY, footer_keys, running, settle, text_of, toasts, type_text, wait_until

PO = "ana"
ASKER = "sam"
STAKEHOLDER_WORDS = "sam is a stakeholder: a stakeholder reads the whole board"


@pytest.fixture
def board_file(db_path: Path) -> Path:
    """ana the product owner, sam a stakeholder with three requests, two items."""
    board = Board.open(db_path, PO)
    try:
        board.items.add("Onboarding email series", horizon="now")
        board.items.add("Pricing page test", kind="experiment")
        board.config.configure("product_owners", PO)
        board.members.add_member(ASKER, [], role="stakeholder")
    finally:
        board.close()
    asker = Board.open(db_path, ASKER)
    try:
        asker.requests.add(
            "SSO for enterprise trials",
            audience="enterprise trial admins",
            promise="log in with their IdP on day 1",
            needed_by="2026-12-20",
        )
        asker.requests.add("Roadmap as a PDF", audience="the exec team")
        asker.requests.add("Welcome email in Spanish", promise="activation in LATAM")
    finally:
        asker.close()
    return db_path


def app_of(path: Path, user: str) -> PoboardApp:
    return create_app(path, user, today=TODAY, poll_seconds=0.1)


def requests_of(path: Path) -> dict[str, tuple[RequestStatus, str | None, int | None]]:
    """Each request as a fresh connection reads it: title → status, reason, item."""
    board = Board.open(path, PO)
    try:
        return {r.title: (r.status, r.reason, r.item) for r in board.requests.all()}
    finally:
        board.close()


def everything(path: Path) -> object:
    board = Board.open(path, PO)
    try:
        return board.transfer.export_data(), board.events(), board.requests.all()
    finally:
        board.close()


def prompts(app: PoboardApp) -> list[str]:
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(n).prompt) for n in range(hits.option_count)]


def listed(app: PoboardApp) -> list[str]:
    return app.screen.query_one("#requests-list", CardList).texts()


def detail(app: PoboardApp) -> str:
    return app.screen.query_one("#request-lines", Lines).render().plain


def highlighted(app: PoboardApp) -> int | None:
    return app.screen.query_one("#requests-list", CardList).current_id


async def test_the_product_owner_triages_with_a_d_and_m(board_file: Path) -> None:
    app = app_of(board_file, PO)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert "6 Requests 3 new" in text_of(app.screen.query_one("#tabs-line"))
        assert app.screen.title == "Requests"
        lines = listed(app)
        assert lines[0].startswith(" NEW (3)")
        assert [line.split(" ", 2)[1] for line in lines[1:]] == ["#5", "#4", "#3"]
        assert footer_keys(app)[:4] == ["a", "d", "m", "n"]
        assert "Asked      by sam on" in detail(app)
        assert "Status     new: waiting for a product owner" in detail(app)

        # a: the horizon picker, then it is an item of the backlog with its number
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("x")  # Next
        await settle(pilot)
        assert requests_of(board_file)["Welcome email in Spanish"][0] is RequestStatus.ACCEPTED
        board = Board.open(board_file, PO)
        try:
            item = board.items.get(5)
            assert (item.title, item.horizon.value, item.created_by) == (
                "Welcome email in Spanish",
                "next",
                ASKER,
            )
        finally:
            board.close()
        assert "6 Requests 2 new" in text_of(app.screen.query_one("#tabs-line"))
        assert highlighted(app) == 4  # the next new one: triage goes down the list

        # d: a reason is required, said under its field; nothing is stored without one
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeclineDialog)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeclineDialog)
        assert "a decline needs a reason: sam reads it" in text_of(
            app.screen.query_one("#error-reason")
        )
        assert requests_of(board_file)["Roadmap as a PDF"][0] is RequestStatus.NEW
        await type_text(pilot, "not before Q2")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert requests_of(board_file)["Roadmap as a PDF"] == (
            RequestStatus.DECLINED,
            "not before Q2",
            None,
        )
        assert await wait_until(pilot, lambda: highlighted(app) == 3)

        # m: the item picker searches the board; enter merges into the item found
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ItemPicker)
        await type_text(pilot, "onboard")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert requests_of(board_file)["SSO for enterprise trials"] == (
            RequestStatus.MERGED,
            None,
            1,
        )
        assert await wait_until(pilot, lambda: listed(app)[0].startswith(" DECIDED (3)"))
        tabs = text_of(app.screen.query_one("#tabs-line"))
        assert "6 Requests" in tabs and "new" not in tabs  # none waits
        assert "Status     merged into #1 by ana" in detail(app)
        # a decided request is not triaged again: the keys leave the footer and say why
        assert "a" not in footer_keys(app)
        await pilot.press("a")
        await settle(pilot)
        assert toasts(app)[-1] == "Refused\n#3 was merged already"


async def test_esc_on_a_decline_loses_nothing(board_file: Path) -> None:
    app = app_of(board_file, PO)
    async with running(app) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        await type_text(pilot, "dup")
        await pilot.press("escape")  # asks: save, discard or keep editing
        await settle(pilot)
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert isinstance(app.screen, DeclineDialog)
        assert app.screen.value("reason") == "dup"
        assert requests_of(board_file)["Welcome email in Spanish"][0] is RequestStatus.NEW


async def test_a_stakeholder_reads_every_screen_and_changes_nothing(board_file: Path) -> None:
    before = everything(board_file)
    app = app_of(board_file, ASKER)
    async with running(app) as pilot:
        assert app.screen.title == "Backlog"
        assert footer_keys(app) == ["/", "?", "^p"]  # a, e, ⇧↑↓, h, c: all left out
        for key in ("e", "a", "c", "h", "d", "shift+up"):
            await pilot.press(key)
            await settle(pilot)
            assert toasts(app)[-1].startswith(f"Refused\n{STAKEHOLDER_WORDS}"), key
        assert len(app.screen_stack) == 1  # no editor, no dialog opened
        await pilot.press("comma")  # the board's settings
        await settle(pilot)
        assert len(app.screen_stack) == 1
        await pilot.press("question_mark")  # the keys help lists only what they can do
        await settle(pilot)
        helped = text_of(app.screen.query_one("HelpScreen Static"))
        assert "Filter" in helped and "6" in helped
        assert "Commit" not in helped and "board settings" not in helped
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert not {"h", "e", "k", "n", "K"} & set(footer_keys(app))
        for key in ("n", "h", "k"):
            await pilot.press(key)
            await settle(pilot)
            assert toasts(app)[-1].startswith(f"Refused\n{STAKEHOLDER_WORDS}"), key
        await pilot.press("3")
        await settle(pilot)
        assert not {"c", "n", "e", "x", "S"} & set(footer_keys(app))
        await pilot.press("n")
        await settle(pilot)
        assert toasts(app)[-1].startswith(f"Refused\n{STAKEHOLDER_WORDS}")
        assert "6 Requests" in toasts(app)[-1]  # where their own writes are
    assert everything(board_file) == before


async def test_a_stakeholders_palette_offers_no_writes(board_file: Path) -> None:
    app = app_of(board_file, ASKER)
    async with running(app) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press("o")  # one letter: the actions only, no search of items
        assert await wait_until(pilot, lambda: any("Go to Roadmap" in p for p in prompts(app)))
        offered = prompts(app)
        assert "Show/hide detail" in " ".join(offered)  # the reads stay
        for write in ("Horizon", "Commit", "Drop", "Rank by score", "Board settings"):
            assert not any(write in p for p in offered), (write, offered)


async def test_a_stakeholder_asks_and_follows_their_request_live(board_file: Path) -> None:
    app = app_of(board_file, ASKER)
    async with running(app, size=(80, 24)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert "YOUR REQUESTS (3, 3 waiting)" in text_of(app.screen.query_one("#requests-head"))
        assert footer_keys(app)[0] == "n"  # a, d, m are the product owner's
        await pilot.press("a")
        await settle(pilot)
        assert toasts(app)[-1].startswith(f"Refused\n{STAKEHOLDER_WORDS}")

        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RequestDialog)
        await pilot.press("ctrl+s")  # no title: said under the field, nothing sent
        await settle(pilot)
        assert "a request needs a title" in text_of(app.screen.query_one("#error-title"))
        await type_text(pilot, "Dark mode")
        await pilot.press("tab")
        await type_text(pilot, "night owls")
        await pilot.press("ctrl+s")
        await settle(pilot)
        asked = requests_of(board_file)
        assert asked["Dark mode"] == (RequestStatus.NEW, None, None)
        assert await wait_until(pilot, lambda: highlighted(app) == 6)
        assert "Audience   night owls" in detail(app)

        # the product owner, in another connection, accepts it: sam sees where it is
        po = Board.open(board_file, PO)
        try:
            po.requests.accept(6, "now")
        finally:
            po.close()
        assert await wait_until(pilot, lambda: "Now        #6 in the backlog" in detail(app))
        assert "Status     accepted by ana" in detail(app)


async def test_another_process_request_shows_up(board_file: Path) -> None:
    app = app_of(board_file, PO)
    async with running(app, size=(160, 48)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert len(listed(app)) == 4
        asker = Board.open(board_file, ASKER)
        try:
            asker.requests.add("Slack alerts for churn risk", metric="logo churn")
        finally:
            asker.close()
        assert await wait_until(pilot, lambda: any("Slack alerts" in t for t in listed(app)))
        assert "6 Requests 4 new" in text_of(app.screen.query_one("#tabs-line"))


async def test_a_member_made_a_stakeholder_loses_the_write_keys_live(board_file: Path) -> None:
    app = app_of(board_file, "dana")
    async with running(app) as pilot:
        assert "a" in footer_keys(app)
        po = Board.open(board_file, PO)
        try:
            po.members.add_member("dana", [], role="stakeholder")
        finally:
            po.close()
        assert await wait_until(pilot, lambda: "a" not in footer_keys(app))
        await pilot.press("a")
        await settle(pilot)
        assert toasts(app)[-1].startswith("Refused\ndana is a stakeholder")
        assert len(app.screen_stack) == 1
