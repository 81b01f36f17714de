"""Board settings in the TUI: a product owner changes them and the screens behind follow;
a refusal stays in the form, with what was typed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from poboard.board import Board
from poboard.domain.models import Status
from poboard.tui.app import PoboardApp
from poboard.tui.screens.settings import SettingsScreen, field_id
from poboard.tui.widgets.dialogs import HelpScreen

from .conftest import USER, make_app, rows, running, settle, text_of, toasts, type_text


def configure(path: Path, user: str = USER, **values: str) -> None:
    board = Board.open(path, user)
    try:
        for key, value in values.items():
            board.config.configure(key.replace("__", "."), value)
    finally:
        board.close()


def settings_of(path: Path) -> tuple[Board, list[str]]:
    """The board as a fresh connection sees it, and the config events it holds."""
    board = Board.open(path, "tester")
    return board, [
        f"{e.user} {e.field} {e.old} → {e.new}" for e in board.events() if e.action == "config"
    ]


def field(app: PoboardApp, key: str) -> Input:
    return app.screen.query_one(f"#{field_id(key)}", Input)


def dod(app: PoboardApp) -> TextArea:
    return app.screen.query_one(f"#{field_id('definition_of_done')}", TextArea)


def error_line(app: PoboardApp) -> str:
    notice = app.screen.query_one("#settings-error", Static)
    return text_of(notice) if notice.display else ""


async def open_settings(pilot: Pilot[None]) -> None:
    await pilot.press("comma")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)


async def save(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


@pytest.fixture
def owned(seeded: Path) -> Path:
    """The seeded board with ana (the app's user) as its product owner."""
    configure(seeded, product_owners=USER)
    return seeded


# ----- a product owner saves -----------------------------------------------------------------


async def test_a_product_owner_changes_wip_done_and_votes(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        await open_settings(pilot)
        assert app.screen.focused is field(app, "name")
        await pilot.press("tab", "tab")  # product owners, then the WIP limit of Doing
        assert app.screen.focused is field(app, "wip.doing")
        await type_text(pilot, "2")  # focus selects what the field held: typing replaces it
        field(app, "retro.votes").value = "5"
        dod(app).text = "Tracking checked; in analytics\nLegal sign-off"
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert any(
            t.startswith("Settings saved\n")
            and "Definition of Done" in t
            and "WIP limit of Doing" in t
            and "retro votes" in t
            for t in toasts(app)
        ), toasts(app)

    board, events = settings_of(owned)
    try:
        settings = board.settings()
        assert settings.wip["doing"] == 2
        assert settings.retro_votes == 5
        assert settings.definition_of_done == ["Tracking checked; in analytics", "Legal sign-off"]
        assert f"{USER} wip.doing  → 2" in events
        assert f"{USER} retro.votes 3 → 5" in events
    finally:
        board.close()


async def test_a_wip_limit_saved_shows_on_the_sprint_board_behind(owned: Path):
    setup = Board.open(owned, USER)
    try:
        setup.sprints.commit([1, 3])
        setup.items.move(1, Status.DOING)
        setup.items.move(3, Status.DOING)
    finally:
        setup.close()
    app = make_app(owned)
    async with running(app) as pilot:
        await pilot.press("3")
        await settle(pilot)
        title = app.screen.query_one("#title-doing", Static)
        assert text_of(title) == "DOING (2)"
        await open_settings(pilot)
        field(app, "wip.doing").value = "1"
        await save(pilot)
        assert text_of(title) == "DOING (2/1 WIP) ⚠ over limit"
        assert title.has_class("-breach")


async def test_new_weights_rescore_the_backlog_behind(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        before = {row["key"]: row["score"] for row in rows(app)}
        await open_settings(pilot)
        field(app, "weights.value").value = "10"
        await save(pilot)
        after = {row["key"]: row["score"] for row in rows(app)}
        assert after["#1"] != before["#1"]  # #1 has value 5: its score moves with the weight
        assert float(after["#1"]) > float(before["#1"])
    board, _ = settings_of(owned)
    try:
        assert board.settings().weights["value"] == 10
    finally:
        board.close()


async def test_the_board_name_reaches_the_header(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        await open_settings(pilot)
        field(app, "name").value = "[bold]Growth[/] team"
        await save(pilot)
        header = app.screen.query_one("#header-line", Static)
        assert "[bold]Growth[/] team" in text_of(header)  # shown as typed, never as markup


async def test_nothing_changed_stores_nothing(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        await open_settings(pilot)
        field(app, "weights.value").value = "1.0"  # the same weight, written otherwise
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen)
    board, events = settings_of(owned)
    try:
        assert events == [f"{USER} product_owners  → {USER}"]
    finally:
        board.close()


async def test_escape_leaves_every_setting_as_it_was(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        await open_settings(pilot)
        field(app, "wip.doing").value = "9"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
    board, _ = settings_of(owned)
    try:
        assert board.settings().wip["doing"] is None
    finally:
        board.close()


# ----- refusals ------------------------------------------------------------------------------


async def test_a_non_owner_is_refused_and_what_they_typed_stays(seeded: Path):
    configure(seeded, product_owners="dana")  # ana, the app's user, is not one now
    app = make_app(seeded)
    async with running(app) as pilot:
        await open_settings(pilot)
        who = text_of(app.screen.query_one("#settings-who", Static))
        assert who.startswith("Only the product owners (dana) change product owners,")
        field(app, "wip.doing").value = "2"
        field(app, "weights.value").value = "4"
        dod(app).text = "Legal sign-off"
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert error_line(app) == (
            "Not saved: only the product owners (dana) may change definition_of_done, "
            "weights.value — ask a product owner, or put the marked fields back (esc drops "
            "every change)"
        )
        assert field(app, "wip.doing").value == "2"
        assert field(app, "weights.value").value == "4"
        assert dod(app).text == "Legal sign-off"
        assert dod(app).has_class("-refused")
        assert field(app, "weights.value").has_class("-refused")
        assert not field(app, "wip.doing").has_class("-refused")  # the team's to change

        # Putting the product owner's settings back, the rest is saved.
        field(app, "weights.value").value = "1"
        dod(app).text = ""
        await settle(pilot)
        assert not field(app, "weights.value").has_class("-refused")
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen)

    board, events = settings_of(seeded)
    try:
        settings = board.settings()
        assert settings.wip["doing"] == 2
        assert settings.weights["value"] == 1
        assert settings.definition_of_done == []
        assert events == [f"{USER} product_owners  → dana", f"{USER} wip.doing  → 2"]
    finally:
        board.close()


async def test_a_served_member_who_is_not_a_product_owner_changes_no_setting(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
):
    """Issue 22: over `poboard serve` every setting is the product owners' (a member set
    themselves product owner before); the server alone sets POBOARD_SERVED."""
    configure(seeded, product_owners="dana")
    monkeypatch.setenv("POBOARD_SERVED", "1")
    app = make_app(seeded)
    async with running(app) as pilot:
        await open_settings(pilot)
        who = text_of(app.screen.query_one("#settings-who", Static))
        assert who == "Only the product owners (dana) change every setting."
        field(app, "name").value = "anas-board"
        field(app, "wip.doing").value = "2"
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert error_line(app).startswith(
            "Not saved: only the product owners (dana) may change name, wip.doing"
        )
        assert field(app, "name").has_class("-refused")
        assert field(app, "wip.doing").has_class("-refused")
    board, events = settings_of(seeded)
    try:
        assert board.settings().wip["doing"] != 2
        assert events == [f"{USER} product_owners  → dana"]
    finally:
        board.close()


@pytest.mark.parametrize(
    ("key", "typed", "said"),
    [
        ("wip.doing", "abc", "wip.doing takes a whole number of 1 or more, or 'off'"),
        ("weights.risk", "11", "weights.risk takes a number from 0 to 10, not '11'"),
        ("retro.votes", "0", "retro.votes takes a whole number from 1 to 20"),
        ("name", "", "name cannot be empty"),
    ],
)
async def test_a_bad_value_is_refused_in_one_line(owned: Path, key: str, typed: str, said: str):
    app = make_app(owned)
    async with running(app) as pilot:
        await open_settings(pilot)
        field(app, "retro.votes" if key != "retro.votes" else "wip.review").value = "4"
        field(app, key).value = typed
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert error_line(app) == f"Not saved: {said} — fix the marked field, then ctrl+s"
        assert app.screen.focused is field(app, key)
        assert field(app, key).has_class("-refused")
        assert field(app, key).value == typed
    board, events = settings_of(owned)
    try:
        assert board.settings().retro_votes == 3 and board.settings().wip["review"] is None
        assert len(events) == 1  # naming the product owner, before the test
    finally:
        board.close()


# ----- reaching it -----------------------------------------------------------------------------


async def test_comma_opens_settings_on_every_screen_and_help_lists_it(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        for screen_key in "12345":
            await pilot.press(screen_key)
            await settle(pilot)
            await open_settings(pilot)
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(text_of(s) for s in app.screen.query("Static"))
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert ", board settings: owners, Done, WIP, weights, votes" in lines


async def test_comma_in_a_form_is_typed_not_a_shortcut(owned: Path):
    app = make_app(owned)
    async with running(app) as pilot:
        await open_settings(pilot)
        await pilot.press("tab")
        await type_text(pilot, "ana,dana")
        assert field(app, "product_owners").value == "ana,dana"
        assert len(app.screen_stack) == 2  # one settings dialog over the backlog
