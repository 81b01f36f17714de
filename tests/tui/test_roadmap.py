"""Roadmap: Now | Next | Later lanes, moving and ordering cards, goals and key results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Input

from poboard.board import Board
from poboard.domain.models import Horizon
from poboard.tui.app import PoboardApp
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.dialogs import ChoicePopup
from poboard.tui.widgets.footer import BoardFooter
from poboard.tui.widgets.forms import GoalDialog
from poboard.tui.widgets.item_editor import ItemEditor

from .conftest import (
    READY,
    USER,
    make_app,
    paste,
    running,
    settle,
    stored,
    text_of,
    toasts,
    type_text,
)


def fill(path: Path) -> None:
    """Two goals; three cards now, one next, one later; #2 is not ready."""
    board = Board.open(path, USER)
    try:
        activation = board.goals.add_goal(
            "Lift activation", "2026-Q4", False, ["activation %:30:40"]
        )
        pipeline = board.goals.add_goal("Grow pipeline", "2026-Q4", False, ["pipeline $k:400:600"])
        board.items.add(
            "Onboarding emails",
            criteria=["legal ok"],
            horizon="now",
            goal_id=activation.id,
            value=5,
            urgency=4,
            **READY,
        )
        board.items.add("Pricing page test", horizon="now", goal_id=activation.id, value=1)
        board.items.add(
            "Q1 webinar", criteria=["speakers"], horizon="now", goal_id=pipeline.id, **READY
        )
        board.items.add("In-app checklist", horizon="next", goal_id=activation.id)
        board.items.add("Community program", horizon="later")
    finally:
        board.close()


@pytest.fixture
def roadmap_db(db_path: Path) -> Path:
    fill(db_path)
    return db_path


def lane(app: PoboardApp, horizon: Horizon) -> CardList:
    return app.screen.query_one(f"#lane-{horizon.value}", CardList)


def goals_panel(app: PoboardApp) -> str:
    return text_of(app.screen.query_one("#goals-text"))


def bar(app: PoboardApp) -> str:
    return text_of(app.screen.query_one("#roadmap-bar"))


async def test_lanes_show_cards_with_key_title_score_and_readiness(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        assert lane(app, Horizon.NOW).texts() == [
            "G1 Lift activation ░░░░░ 0%",
            "#1 Onboarding emails 5.7 ✓",
            "#2 Pricing page test 3.7 ✗",
            "G2 Grow pipeline ░░░░░ 0%",
            "#3 Q1 webinar 4.5 ✓",
        ]
        assert lane(app, Horizon.NEXT).texts() == [
            "G1 Lift activation ░░░░░ 0%",
            "#4 In-app checklist 4.5 ✗",
        ]
        assert lane(app, Horizon.LATER).texts() == ["No goal", "#5 Community program 4.5 ✗"]
        titles = [text_of(app.screen.query_one(f"#lane-title-{h}")) for h in ("now", "next")]
        assert titles == ["NOW 2–4 weeks  (3)", "NEXT 1–2 quarters  (1)"]
        assert lane(app, Horizon.NOW).current_id == 1
        panel = goals_panel(app)
        assert "G1 Lift activation (2026-Q4)" in panel
        assert "activation % 30 → 30 → 40" in panel

    board = open_board()
    assert [(i.key, i.horizon.value) for i in board.items.all()] == [
        ("#1", "now"),
        ("#2", "now"),
        ("#3", "now"),
        ("#4", "next"),
        ("#5", "later"),
    ]


async def test_shift_arrows_move_a_card_between_lanes_and_the_cursor_follows(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "down", "shift+right")
        await settle(pilot)
        assert 2 not in lane(app, Horizon.NOW).card_ids
        assert lane(app, Horizon.NEXT).card_ids == [2, 4]
        assert app.screen.focused is lane(app, Horizon.NEXT)
        assert lane(app, Horizon.NEXT).current_id == 2

        await pilot.press("shift+right")
        await settle(pilot)
        assert lane(app, Horizon.LATER).card_ids == [2, 5]
        assert app.screen.focused is lane(app, Horizon.LATER)
        assert lane(app, Horizon.LATER).current_id == 2
        assert "#2 Pricing page test 3.7 ✗" in lane(app, Horizon.LATER).texts()

        await pilot.press("shift+right")  # no lane beyond Later: nothing happens
        await pilot.press("shift+left")
        await settle(pilot)
        assert lane(app, Horizon.NEXT).card_ids == [2, 4]
        assert lane(app, Horizon.NEXT).current_id == 2
        assert app.screen.focused is lane(app, Horizon.NEXT)

    board = open_board()
    item = board.items.get(2)
    assert item.horizon is Horizon.NEXT
    moves = [(e.old, e.new, e.user) for e in board.items.history(2) if e.field == "horizon"]
    assert moves == [("now", "next", USER), ("next", "later", USER), ("later", "next", USER)]


async def test_shift_up_and_down_reorder_within_a_lane_and_store_the_rank(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "g")  # ungrouped: the whole lane is one order
        await settle(pilot)
        assert lane(app, Horizon.NOW).card_ids == [1, 2, 3]
        await pilot.press("down", "down", "shift+up")
        await settle(pilot)
        assert lane(app, Horizon.NOW).card_ids == [1, 3, 2]
        assert lane(app, Horizon.NOW).current_id == 3
        await pilot.press("shift+up")
        await settle(pilot)
        assert lane(app, Horizon.NOW).card_ids == [3, 1, 2]
        assert lane(app, Horizon.NOW).current_id == 3
        await pilot.press("shift+up")  # already first
        await pilot.press("down", "shift+down")
        await settle(pilot)
        assert lane(app, Horizon.NOW).card_ids == [3, 2, 1]
        assert lane(app, Horizon.NOW).current_id == 1

    board = open_board()
    now = [i.id for i in board.items.all() if i.horizon is Horizon.NOW]
    assert now == [3, 2, 1]


async def test_grouped_reordering_stays_inside_the_goal(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "down", "shift+down")  # #2 is the last card of G1
        await settle(pilot)
        assert lane(app, Horizon.NOW).card_ids == [1, 2, 3]
        await pilot.press("shift+up")
        await settle(pilot)
        assert lane(app, Horizon.NOW).card_ids == [2, 1, 3]
        assert lane(app, Horizon.NOW).texts()[0] == "G1 Lift activation ░░░░░ 0%"
        assert lane(app, Horizon.NOW).current_id == 2

    board = open_board()
    assert [i.id for i in board.items.all()][:3] == [2, 1, 3]


async def test_g_toggles_grouping_by_goal(roadmap_db: Path, open_board: Callable[..., Board]):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "down")
        await settle(pilot)
        assert "group: goal" in bar(app)
        await pilot.press("g")
        await settle(pilot)
        assert "group: none" in bar(app)
        assert lane(app, Horizon.NOW).texts() == [
            "#1 Onboarding emails G1 5.7 ✓",
            "#2 Pricing page test G1 3.7 ✗",
            "#3 Q1 webinar G2 4.5 ✓",
        ]
        assert lane(app, Horizon.LATER).texts() == ["#5 Community program 4.5 ✗"]
        assert lane(app, Horizon.NOW).current_id == 2  # the cursor stays on its card
        await pilot.press("g")
        await settle(pilot)
        assert "group: goal" in bar(app)
        assert [t for t in lane(app, Horizon.NOW).texts() if not t.startswith("#")] == [
            "G1 Lift activation ░░░░░ 0%",
            "G2 Grow pipeline ░░░░░ 0%",
        ]
        assert lane(app, Horizon.NOW).current_id == 2

    # Grouping is a view: nothing about the items changed.
    board = open_board()
    assert [i.version for i in board.items.all()] == [1, 1, 1, 1, 1]


async def test_f_cycles_the_goal_filter(roadmap_db: Path, open_board: Callable[..., Board]):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2")
        await settle(pilot)
        assert "filter: all goals" in bar(app)
        await pilot.press("f")
        await settle(pilot)
        assert "filter: G1 Lift activation" in bar(app)
        assert lane(app, Horizon.NOW).card_ids == [1, 2]
        assert lane(app, Horizon.NEXT).card_ids == [4]
        assert lane(app, Horizon.LATER).card_ids == []
        await pilot.press("f")
        await settle(pilot)
        assert "filter: G2 Grow pipeline" in bar(app)
        assert lane(app, Horizon.NOW).card_ids == [3]
        assert lane(app, Horizon.NEXT).card_ids == []
        await pilot.press("f")
        await settle(pilot)
        assert "filter: all goals" in bar(app)
        assert lane(app, Horizon.NOW).card_ids == [1, 2, 3]

    board = open_board()
    assert [i.goal_id for i in board.items.all()] == [1, 1, 2, 1, None]


async def test_n_adds_a_goal_with_its_key_results(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "n")
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
        await paste(pilot, "Brand demand")
        await pilot.press("tab")
        await type_text(pilot, "2027-Q1")
        await pilot.press("tab")
        await paste(pilot, "clicks:100:200; visits:5:10")
        await pilot.press("tab", "enter", "down", "enter")  # North Star: yes
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        panel = goals_panel(app)
        assert "★ North Star: Brand demand (2027-Q1)" in panel
        assert "clicks 100 → 100 → 200 · visits 5 → 5 → 10" in panel
        assert panel.startswith("★ North Star: Brand demand")  # the North Star leads
        await pilot.press("f")
        await settle(pilot)
        assert "filter: G3 Brand demand" in bar(app)
        assert lane(app, Horizon.NOW).card_ids == []

    board = open_board()
    goal = board.goals.goal(3)
    assert (goal.title, goal.quarter, goal.north_star) == ("Brand demand", "2027-Q1", True)
    assert [(kr.metric, kr.baseline, kr.current, kr.target) for kr in goal.key_results] == [
        ("clicks", 100, 100, 200),
        ("visits", 5, 5, 10),
    ]


async def test_a_goal_with_a_bad_key_result_is_refused_in_the_dialog(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "n")
        await settle(pilot)
        await type_text(pilot, "Bad")
        await pilot.press("tab", "tab")
        await type_text(pilot, "clicks")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, GoalDialog)
        error = text_of(app.screen.query_one("#form-error"))
        assert error == "Not saved: key result 'clicks' should read \"metric:baseline:target\""
        await pilot.press("escape", "d")  # typed, not saved: discarded knowingly
        await settle(pilot)
        assert app.screen.title == "Roadmap"

    board = open_board()
    assert [g.title for g in board.goals.all()] == ["Lift activation", "Grow pipeline"]


async def test_enter_opens_the_item_editor_and_a_save_shows_on_the_card(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2", "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        assert text_of(app.screen.query_one("#editor-title")) == "Edit #3 Q1 webinar · version 1"
        title = app.screen.query_one("#title", Input)
        assert app.screen.focused is title
        await pilot.press("end")
        await type_text(pilot, " EU")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Roadmap"
        assert "#3 Q1 webinar EU 4.5 ✓" in lane(app, Horizon.NOW).texts()
        assert lane(app, Horizon.NOW).current_id == 3

    board = open_board()
    item = board.items.get(3)
    assert (item.title, item.version, item.horizon) == ("Q1 webinar EU", 2, Horizon.NOW)


async def test_a_stale_lane_move_is_refused_and_reloaded(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    app = make_app(roadmap_db, poll_seconds=60)  # no live refresh: the view goes stale
    async with running(app) as pilot:
        await pilot.press("2")
        await settle(pilot)
        open_board("dana").items.edit(1, {"title": "Onboarding emails v2"})
        await pilot.press("shift+right")
        await settle(pilot)
        assert any("#1 was changed by dana" in t for t in toasts(app))
        assert lane(app, Horizon.NOW).texts()[1] == "#1 Onboarding emails v2 5.7 ✓"
        assert 1 not in lane(app, Horizon.NEXT).card_ids

    board = open_board()
    item = board.items.get(1)
    assert (item.title, item.horizon, item.version) == ("Onboarding emails v2", Horizon.NOW, 2)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_a_slipped_card_keeps_its_score_and_readiness_in_view(
    db_path: Path, size: tuple[int, int]
):
    """A slipped card keeps its score and ✓/✗ in view (after its title, wrapped onto a
    second line when the lane is narrow), and says "slipped ×1" on the line after (the
    demo board's #9 once lost its readiness mark at 80×24 and 160×48)."""
    board = Board.open(db_path, USER)
    try:
        board.items.add(
            "Customer story video: Acme Logistics",
            criteria=["approved"],
            horizon="now",
            kind="content",
            **READY,
        )
        board.sprints.new_sprint("Sprint 1", "First", date(2026, 11, 2), date(2026, 11, 13), 10)
        board.sprints.commit([1], "Sprint 1")
        board.sprints.start_sprint("Sprint 1")
        board.sprints.close_sprint(reason="customer on holiday")
    finally:
        board.close()

    app = make_app(db_path)
    async with running(app, size=size) as pilot:
        await pilot.press("2", "g")
        await settle(pilot)
        now = lane(app, Horizon.NOW)
        expected = "content 4.5 ✓" if size[0] >= 120 else "4.5 ✓"
        texts = now.texts()
        first = texts.index(f"#1 Customer story video: Acme Logistics {expected}")
        assert texts[first + 1] == "   slipped ×1"
        drawn = [
            now.render_line(n).text.rstrip() for n, line in enumerate(now.lines) if line.item_id
        ]
        assert drawn[-1].strip() == "slipped ×1"
        assert " ".join(" ".join(drawn[:-1]).split()).startswith(
            "#1 Customer story video: Acme Logistics"
        )
        assert drawn[-2].endswith(expected), drawn  # the title wraps to a second line

    assert stored(db_path, 1).slipped == 1


async def test_unplanned_items_wait_in_their_own_lane_and_h_picks_a_horizon(
    roadmap_db: Path, open_board: Callable[..., Board]
):
    """The Unplanned lane folds away while empty; an item without a horizon shows there,
    and `h` then one key sends it to a lane, the cursor going with it."""
    board = open_board()
    board.items.add("Podcast idea", horizon="unplanned")
    board.close()
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        await pilot.press("2")
        await settle(pilot)
        unplanned = lane(app, Horizon.UNPLANNED)
        assert unplanned.parent is not None and unplanned.parent.display
        assert unplanned.card_ids == [6]
        assert "1 unplanned" in bar(app)
        await pilot.press("left")  # from Now to the Unplanned lane
        assert app.screen.focused is unplanned
        await pilot.press("h")
        await settle(pilot)
        assert app.screen.query_one(ChoicePopup).display
        await pilot.press("x")
        await settle(pilot)
        assert lane(app, Horizon.NEXT).card_ids == [4, 6]
        assert app.screen.focused is lane(app, Horizon.NEXT)
        assert lane(app, Horizon.NEXT).current_id == 6
        assert not unplanned.parent.display  # empty again: folded
        assert "unplanned" not in bar(app)
        await pilot.press("left", "left")  # the folded lane is skipped
        assert app.screen.focused is lane(app, Horizon.NOW)

    item = open_board().items.get(6)
    assert (item.horizon, item.version) == (Horizon.NEXT, 2)


async def test_the_footer_fits_its_keys_and_keeps_help_at_80_columns(roadmap_db: Path):
    """No key is cut in half: those that do not fit are left out whole, `?` stays."""
    app = make_app(roadmap_db)
    async with running(app) as pilot:
        for screen_key in "12345":
            await pilot.press(screen_key)
            await settle(pilot)
            footer = app.screen.query_one(BoardFooter)
            line = footer.render().plain
            assert cell_len(line) <= footer.size.width == 80, screen_key
            assert line.rstrip().endswith("▏ ^p palette"), (screen_key, line)
            drawn = [unit for _start, _end, unit in footer.spans]
            assert any(unit.is_help for unit in drawn), screen_key
            for unit in drawn:  # each key whole, with its description
                assert f"{unit.label}{unit.description}" in line, (screen_key, line)
            assert drawn[-1] == footer.palette, screen_key
            if screen_key == "2":  # more keys than 80 columns hold: the first ones, and `?`
                keys = drawn[:-1]
                assert footer.units[-1].is_help and len(keys) < len(footer.units)
                assert keys[:-1] == footer.units[: len(keys) - 1]


async def test_lanes_fit_their_cards_to_a_new_width(roadmap_db: Path):
    """A card's title wraps to its lane's width, and again when the terminal changes."""
    board = Board.open(roadmap_db, USER)
    long = board.items.add("Partner stories hub", horizon="now")
    board.close()
    app = make_app(roadmap_db)
    async with running(app, size=(160, 40)) as pilot:
        await pilot.press("2")
        await settle(pilot)
        now = app.screen.query_one("#lane-now", CardList)

        def card() -> list[str]:
            return [line.text for line in now.lines if line.item_id == long.id]

        assert now.laid_width == now.scrollable_content_region.width
        assert len(card()) == 1, "fits on one line in a wide lane"
        await pilot.resize_terminal(80, 30)
        await settle(pilot)
        assert now.laid_width == now.scrollable_content_region.width < 30
        assert len(card()) == 2, "onto a second line in a narrow one"
