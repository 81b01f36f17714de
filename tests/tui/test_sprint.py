"""Sprint: the board of the running sprint, the acceptance gate at Done, planning mode
with its capacity meter, and a sprint's life from plan to close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from poboard.board import Board
from poboard.domain.models import CriterionState, ExperimentResult, GoalMet, SprintState, Status
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.dialogs import ConfirmScreen
from poboard.tui.widgets.forms import ExperimentResultDialog
from poboard.tui.widgets.item_editor import ItemEditor
from poboard.tui.widgets.sprint_forms import CloseSprintDialog, NewSprintDialog

from .conftest import (
    READY,
    USER,
    make_app,
    paste,
    running,
    settle,
    text_of,
    toasts,
    type_text,
)

HEAD = (
    "Sprint 14 · “Lift trial activation” · Nov 17 – Nov 28 · 4 days left · "
    "done 2 / committed 20 / capacity 34"
)
NARROW_HEAD = (  # 80 columns: the goal, then the facts
    "Sprint 14 · “Lift trial activation”\n"
    "Nov 17 – Nov 28 · 4 days left · done 2 / committed 20 / capacity 34"
)
OPEN_CRM = 'criterion 1 "registration tracked in CRM" is open'


def fill(path: Path) -> None:
    """Sprint 14 is running: #1 and #5 to do (#5 blocked by #3), #2 doing, #3 in review
    with its first criterion open, #4 done. #6 is ready in the backlog, #7 is not."""
    board = Board.open(path, USER)
    try:
        board.items.add("Onboarding emails", criteria=["legal ok"], **READY)
        board.items.add("Pricing test", criteria=["holdout set"], **{**READY, "estimate": 3})
        board.items.add(
            "Q1 webinar",
            criteria=["registration tracked in CRM", "speakers confirmed"],
            **{**READY, "estimate": 8},
        )
        board.items.add("Trial FAQ", criteria=["reviewed"], **{**READY, "estimate": 2})
        board.items.add(
            "Ads refresh", criteria=["budget ok"], blocked_by=[3], **{**READY, "estimate": 2}
        )
        board.items.add("In-app checklist", criteria=["copy ok"], **READY)
        board.items.add(
            "Partner webinars", owner="dana", audience="partners", promise="leads", metric="SQLs"
        )
        board.sprints.new_sprint(
            "Sprint 14", "Lift trial activation", date(2026, 11, 17), date(2026, 11, 28), 34
        )
        board.sprints.commit([1, 2, 3, 4, 5], "Sprint 14")
        board.sprints.start_sprint("Sprint 14")
        board.items.move(2, "doing")
        board.items.move(3, "doing")
        board.items.move(3, "review")
        board.items.check(3, 2)
        board.items.check(4, 1)
        board.items.move(4, "done")
    finally:
        board.close()


@pytest.fixture
def sprint_db(db_path: Path) -> Path:
    fill(db_path)
    return db_path


def column(app: PoboardApp, status: str) -> CardList:
    return app.screen.query_one(f"#col-{status}", CardList)


def shown(app: PoboardApp, widget_id: str) -> str:
    return text_of(app.screen.query_one(f"#{widget_id}"))


def refusal(app: PoboardApp) -> str | None:
    """The refusal on screen, shown as every screen shows one: a toast titled Refused."""
    shown = [t.removeprefix("Refused\n") for t in toasts(app) if t.startswith("Refused\n")]
    return shown[-1] if shown else None


async def open_sprint(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press("3", *keys)
    await settle(pilot)


# ----- the board ---------------------------------------------------------------------------


async def test_header_and_columns_show_the_running_sprint(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = make_app(sprint_db)
    async with running(app, size=(160, 40)) as pilot:
        await open_sprint(pilot)
        assert app.screen.title == "Sprint"
        assert shown(app, "sprint-head") == HEAD
        assert [shown(app, f"title-{s}") for s in ("todo", "doing", "review", "done")] == [
            "TO DO (2)",
            "DOING (1)",
            "REVIEW (1)",
            "DONE (1)",
        ]
        assert column(app, "todo").texts() == [
            "#1 Onboarding emails dana 5",
            "#5 Ads refresh ⚠ dana 2",
            "   ⚠ blocked by #3",
        ]
        assert column(app, "doing").texts() == ["#2 Pricing test dana 3"]
        assert column(app, "review").texts()[0] == "#3 Q1 webinar dana 8"
        assert column(app, "done").texts() == ["#4 Trial FAQ dana 2"]
        assert app.screen.focused is column(app, "todo")
        header = shown(app, "header-line")
        assert "Sprint 14 “Lift trial activation” · 4d left · 2/20 pts done · cap 34" in header
        assert not app.screen.query_one("#no-sprint").display

    board = open_board()
    assert [i.status.value for i in board.sprints.sprint_items("Sprint 14")] == [
        "todo",
        "doing",
        "review",
        "done",
        "todo",
    ]


async def test_a_review_card_counts_its_open_criteria_in_words(
    sprint_db: Path, open_board: Callable[..., Board]
):
    """sprint.py card() writes "○ 1 criteria open"; SCREENS.md §3 sketches
    "○ 1 criterion open"."""
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot)
        assert column(app, "review").texts()[1] == "   ○ 1 criterion open"

    assert [c.state for c in open_board().items.get(3).criteria] == [
        CriterionState.OPEN,
        CriterionState.MET,
    ]


async def test_shift_arrows_move_cards_and_every_move_is_logged(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "shift+right")
        await settle(pilot)
        assert column(app, "todo").card_ids == [5, 5]
        assert column(app, "doing").card_ids == [1, 2]  # rank order
        assert app.screen.focused is column(app, "doing")
        assert column(app, "doing").current_id == 1
        await pilot.press("shift+right")
        await settle(pilot)
        assert column(app, "review").card_ids == [1, 1, 3, 3]  # #1 has an open criterion
        assert column(app, "review").texts()[0] == "#1 Onboarding emails dana 5"
        assert column(app, "review").current_id == 1
        await pilot.press("shift+left")
        await settle(pilot)
        assert column(app, "doing").card_ids == [1, 2]
        assert column(app, "doing").current_id == 1
        assert shown(app, "title-doing") == "DOING (2)"
        assert refusal(app) is None

    board = open_board()
    assert board.items.get(1).status is Status.DOING
    moves = [(e.old, e.new, e.user) for e in board.items.history(1) if e.action == "move"]
    assert moves[-3:] == [
        ("todo", "doing", USER),
        ("doing", "review", USER),
        ("review", "doing", USER),
    ]


async def test_done_with_an_open_criterion_is_refused_then_x_ticks_it_and_done_works(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "right", "right")
        assert column(app, "review").current_id == 3
        await pilot.press("shift+right")
        await settle(pilot)
        assert refusal(app) == f"#3 can't move to done: {OPEN_CRM} — x criteria"
        assert column(app, "review").card_ids == [3, 3]
        assert column(app, "done").card_ids == [4]
        assert open_board().items.get(3).status is Status.REVIEW

        await pilot.press("x")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, ItemEditor)
        assert editor.query_one("TabbedContent").active == "tab-criteria"
        assert editor.focused is editor.query_one("#criterion-input")  # typing is text
        await pilot.press("up", "space", "ctrl+s")  # ↑ to the list, then tick
        await settle(pilot)
        assert app.screen.title == "Sprint"
        assert column(app, "review").texts() == ["#3 Q1 webinar dana 8"]  # nothing left open
        assert column(app, "review").current_id == 3

        await pilot.press("shift+right")
        await settle(pilot)
        assert refusal(app) is None
        assert column(app, "done").card_ids == [3, 4]
        assert column(app, "done").current_id == 3
        assert "done 10 / committed 20" in shown(app, "sprint-head")

    board = open_board()
    item = board.items.get(3)
    assert item.status is Status.DONE
    assert [(c.state, c.by) for c in item.criteria] == [
        (CriterionState.MET, USER),
        (CriterionState.MET, USER),
    ]
    assert [(e.old, e.new) for e in board.items.history(3) if e.action == "move"][-1] == (
        "review",
        "done",
    )


async def test_escape_dismisses_the_refusal_and_stores_nothing(
    sprint_db: Path, open_board: Callable[..., Board]
):
    before = open_board().items.get(3).version
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "right", "right", "shift+right")
        await settle(pilot)
        assert OPEN_CRM in (refusal(app) or "")
        await pilot.press("escape")
        await settle(pilot)
        assert refusal(app) is None

    item = open_board().items.get(3)
    assert (item.status, item.version) == (Status.REVIEW, before)


async def test_only_a_product_owner_may_accept(sprint_db: Path, open_board: Callable[..., Board]):
    """Done ends the row: ⇧→ on a done card asks nothing of the board, so the TUI starts
    no acceptance of done work (the board refuses a member's, issue 21)."""
    setup = Board.open(sprint_db, USER)
    setup.config.configure("product_owners", "dana")
    setup.items.check(3, 1)
    before = {key: (setup.items.get(key), setup.items.history(key)) for key in (3, 4)}
    setup.close()

    app = make_app(sprint_db)  # ana, who is not a product owner now
    async with running(app) as pilot:
        await open_sprint(pilot, "right", "right", "shift+right")
        await settle(pilot)
        assert refusal(app) == "#3 can't move to done: only the product owners (dana) may accept"
        assert column(app, "done").card_ids == [4]
        assert "ana (PO)" not in shown(app, "header-line")
        await pilot.press("escape", "right")
        assert (app.screen.focused, app.screen.current_id) == (column(app, "done"), 4)
        await pilot.press("shift+right")  # #4, done already
        await settle(pilot)
        assert refusal(app) is None
        assert column(app, "done").card_ids == [4]

    board = open_board()
    assert board.items.get(3).status is Status.REVIEW
    assert {key: (board.items.get(key), board.items.history(key)) for key in (3, 4)} == before
    dana = Board.open(sprint_db, "dana")
    try:
        assert dana.items.move(3, "done").item.status is Status.DONE  # the PO may
    finally:
        dana.close()


async def test_a_wip_limit_breach_shows_on_the_column_and_warns(
    sprint_db: Path, open_board: Callable[..., Board]
):
    setup = Board.open(sprint_db, USER)
    setup.config.configure("wip.doing", "1")
    setup.close()

    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot)
        assert shown(app, "title-doing") == "DOING (1)"
        await pilot.press("shift+right")
        await settle(pilot)
        title = app.screen.query_one("#title-doing")
        assert text_of(title) == "DOING (2/1 WIP) ⚠ over limit"
        assert title.has_class("-breach")
        assert "Warning\ndoing is over its WIP limit (2/1 WIP)" in toasts(app)
        assert column(app, "doing").card_ids == [1, 2]

    board = open_board()
    assert board.items.get(1).status is Status.DOING
    assert board.settings().wip["doing"] == 1


async def test_moving_a_blocked_item_to_doing_warns_naming_the_blocker(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "down", "shift+right")
        await settle(pilot)
        assert "Warning\n#5 is blocked by #3" in toasts(app)
        assert column(app, "doing").texts() == [
            "#2 Pricing test dana 3",
            "#5 Ads refresh ⚠ dana 2",
            "   ⚠ blocked by #3",
        ]
        assert column(app, "doing").current_id == 5

    item = open_board().items.get(5)
    assert (item.status, item.blocked_by) == (Status.DOING, [3])


# ----- planning mode -----------------------------------------------------------------------


async def test_planning_mode_commits_and_uncommits_against_the_capacity_meter(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "p")
        assert app.screen.query_one("#planning").display
        assert not app.screen.query_one("#columns").display
        assert shown(app, "plan-backlog-title") == "BACKLOG · ready ✓ first · 1 of 2 ready"
        assert shown(app, "plan-sprint-title") == "SPRINT 14 “Lift trial activation”"
        assert shown(app, "capacity") == "capacity ▓▓▓▓▓▓▓░░░░░ 20/34 pts"
        backlog = app.screen.query_one("#plan-backlog", CardList)
        assert backlog.texts() == [
            "#6 In-app checklist ✓ dana 5",
            "#7 Partner webinars ✗ dana",
            "   missing proof, estimate, acceptance criteria",
        ]
        assert app.screen.focused is backlog
        assert shown(app, "sprint-head") == (
            "Planning Sprint 14 · “Lift trial activation” · Nov 17 – Nov 28 · capacity 34"
        )

        await pilot.press("c")
        await settle(pilot)
        sprint = app.screen.query_one("#plan-sprint", CardList)
        assert sprint.card_ids[-1] == 6
        assert 6 not in backlog.card_ids
        assert shown(app, "capacity") == "capacity ▓▓▓▓▓▓▓▓▓░░░ 25/34 pts"
        assert "done 2/25" not in shown(app, "header-line")
        assert "2/25 pts done" in shown(app, "header-line")
        assert open_board().items.get(6).status is Status.TODO

        app.screen.query_one("#plan-sprint", CardList).focus()
        await pilot.press("end", "u")
        await settle(pilot)
        assert 6 in backlog.card_ids
        assert 6 not in sprint.card_ids
        assert shown(app, "capacity") == "capacity ▓▓▓▓▓▓▓░░░░░ 20/34 pts"

        await pilot.press("p")
        await settle(pilot)
        assert app.screen.query_one("#columns").display
        assert shown(app, "sprint-head") == NARROW_HEAD  # 80 columns: what fits

    board = open_board()
    item = board.items.get(6)
    assert (item.sprint_id, item.status) == (None, Status.BACKLOG)
    assert [(e.action, e.old, e.new) for e in board.items.history(6) if e.field == "sprint"] == [
        ("sprint", None, "Sprint 14"),
        ("sprint", "Sprint 14", None),
    ]


async def test_committing_an_unready_item_is_refused_and_e_opens_it(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "p", "down", "c")
        await settle(pilot)
        assert refusal(app) == (
            "#7 is not ready: missing proof, estimate, acceptance criteria — e edit it"
        )
        assert 7 not in app.screen.query_one("#plan-sprint", CardList).card_ids
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ItemEditor)
        assert text_of(app.screen.query_one("#editor-title")).startswith("Edit #7 Partner")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Sprint"

    item = open_board().items.get(7)
    assert (item.sprint_id, item.status, item.version) == (None, Status.BACKLOG, 1)


async def test_over_capacity_the_meter_says_by_how_much(
    sprint_db: Path, open_board: Callable[..., Board]
):
    setup = Board.open(sprint_db, USER)
    setup.items.add("Big launch", criteria=["press kit"], **{**READY, "estimate": 13})
    setup.close()

    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "p")
        backlog = app.screen.query_one("#plan-backlog", CardList)
        assert backlog.card_ids[:2] == [6, 8]
        await pilot.press("down", "c")
        await settle(pilot)
        meter = app.screen.query_one("#capacity")
        assert text_of(meter) == "capacity ▓▓▓▓▓▓▓▓▓▓▓▓ 33/34 pts"
        assert not meter.has_class("-over")
        await pilot.press("home", "c")  # #6, 5 points more
        await settle(pilot)
        assert text_of(meter) == "capacity ▓▓▓▓▓▓▓▓▓▓▓▓ 38/34 pts · over by 4"
        assert meter.has_class("-over")

    board = open_board()
    assert sorted(i.id for i in board.sprints.sprint_items("Sprint 14")) == [1, 2, 3, 4, 5, 6, 8]
    assert sum(i.estimate or 0 for i in board.sprints.sprint_items("Sprint 14")) == 38


# ----- a sprint's life ---------------------------------------------------------------------


async def test_with_no_sprint_the_screen_explains_and_n_plans_the_first(db_path: Path):
    Board.open(db_path, USER).close()
    app = make_app(db_path)
    async with running(app) as pilot:
        await open_sprint(pilot)
        assert app.screen.query_one("#no-sprint").display
        assert not app.screen.query_one("#columns").display
        text = shown(app, "no-sprint")
        assert text.startswith("No sprint yet.")
        assert "Press n to plan your first one" in text
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewSprintDialog)
        assert dialog.query_one("#name", Input).value == "Sprint 1"
        assert "No closed sprint yet: no velocity to guide capacity." in [
            text_of(s) for s in dialog.query(".hint")
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.title == "Sprint"

    board = Board.open(db_path, "tester")
    try:
        assert board.sprints.all() == []
    finally:
        board.close()


async def test_closing_early_confirms_then_asks_the_goal_and_each_items_way_and_reason(
    sprint_db: Path, open_board: Callable[..., Board]
):
    """With days left, C asks first. The dialog asks whether the goal was met, and for
    each unfinished item where it goes (the next planned sprint by default) and why;
    ctrl+a gives all the same; an empty reason is asked about once. After the close the
    board shows the sprint that ended above the one that comes next."""
    setup = Board.open(sprint_db, USER)
    setup.sprints.new_sprint(
        "Sprint 15", "Convert webinar leads", date(2026, 11, 30), date(2026, 12, 11), 30
    )
    setup.close()

    app = make_app(sprint_db)
    async with running(app, size=(100, 40)) as pilot:
        await open_sprint(pilot, "C")
        assert isinstance(app.screen, ConfirmScreen)
        question = text_of(app.screen.query_one(Label))
        assert question == (
            "Sprint 14 ends Nov 28 (4 days left, 4 items unfinished). Close it early?"
        )
        await pilot.press("y")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CloseSprintDialog)
        walked = [text_of(s) for s in dialog.query(".close-item")]
        assert walked == [
            "#1 Onboarding emails · todo",
            "#2 Pricing test · doing",
            "#3 Q1 webinar · review",
            "#5 Ads refresh · todo",
        ]
        assert all(dialog.query_one(f"#to-{n}", Choice).value == "next" for n in (1, 2, 3, 5))
        assert dialog.focused is dialog.query_one("#goal-met", Choice)

        await pilot.press("ctrl+s")  # the goal's outcome is asked for
        await settle(pilot)
        assert "say whether the sprint goal was met" in text_of(dialog.query_one("#form-error"))
        dialog.query_one("#goal-met", Choice).value = "partly"
        dialog.query_one("#goal-note", Input).focus()
        await type_text(pilot, "activation up, emails late")
        dialog.query_one("#why-1", Input).focus()
        await type_text(pilot, "legal review")
        await pilot.press("ctrl+a")  # the same way and reason for all
        await settle(pilot)
        assert all(dialog.query_one(f"#why-{n}", Input).value == "legal review" for n in (2, 3, 5))
        dialog.query_one("#to-3", Choice).value = "backlog"
        dialog.query_one("#why-3", Input).value = ""
        await pilot.press("ctrl+s")  # an empty reason is asked about once
        await settle(pilot)
        assert app.screen is dialog
        assert "no reason for #3" in text_of(dialog.query_one("#form-error"))
        await pilot.press("ctrl+s")  # on purpose
        await settle(pilot)

        assert app.screen.title == "Sprint"
        assert "Sprint 14 closed; velocity recorded" in toasts(app)
        head = shown(app, "sprint-head").splitlines()
        assert head[0] == (
            "✓ Sprint 14 “Lift trial activation” ended Nov 28 · velocity 2 of 20 pts committed"
            " · cap 34 · goal met: partly (activation up, emails late)"
        )
        assert head[1:] == [
            "Sprint 15 (planned) · “Convert webinar leads”",
            "Nov 30 – Dec 11 · starts in 5 days · done 0 / committed 10 / capacity 30",
        ]  # not "14 days left"
        assert column(app, "doing").texts() == []  # a planned sprint's work waits in To do
        assert "#2 Pricing test dana 3" in column(app, "todo").texts()

    board = open_board()
    closed = board.sprints.find_sprint("Sprint 14")
    assert (closed.state, closed.velocity, closed.committed_points) == (SprintState.CLOSED, 2, 20)
    assert (closed.goal_met, closed.goal_note) == (GoalMet.PARTLY, "activation up, emails late")
    assert {
        i.id: (i.status.value, i.sprint_id, i.slipped) for i in board.items.all() if i.slipped
    } == {
        1: ("todo", 2, 1),
        2: ("todo", 2, 1),
        3: ("backlog", None, 1),
        5: ("todo", 2, 1),
    }
    rollovers = [
        (e.item_id, e.old, e.new, e.note) for e in board.events() if e.action == "rollover"
    ]
    assert rollovers == [
        (1, "Sprint 14", "Sprint 15", "legal review"),
        (2, "Sprint 14", "Sprint 15", "legal review"),
        (3, "Sprint 14", "backlog", None),
        (5, "Sprint 14", "Sprint 15", "legal review"),
    ]


async def test_closing_on_the_last_day_asks_no_confirmation_and_then_says_what_is_next(
    sprint_db: Path, open_board: Callable[..., Board]
):
    app = create_app(sprint_db, USER, today=date(2026, 11, 28))
    async with running(app, size=(100, 40)) as pilot:
        await open_sprint(pilot, "C")
        dialog = app.screen
        assert isinstance(dialog, CloseSprintDialog)  # no "close early?" on the last day
        assert dialog.query_one("#to-1", Choice).value == "backlog"  # nothing planned yet
        dialog.query_one("#goal-met", Choice).value = "no"
        await pilot.press("ctrl+s", "ctrl+s")  # empty reasons, on purpose
        await settle(pilot)
        assert app.screen.title == "Sprint"
        text = shown(app, "no-sprint")
        assert text.startswith("✓ Sprint 14 “Lift trial activation” ended Nov 28")
        assert "goal met: no" in text
        assert "What comes next: press n to plan the next one" in text
        assert "No sprint yet" not in text
    assert open_board().sprints.find_sprint("Sprint 14").goal_met is GoalMet.NO


async def test_n_plans_a_sprint_guided_by_last_velocity_and_s_starts_it(
    sprint_db: Path, open_board: Callable[..., Board]
):
    setup = Board.open(sprint_db, USER)
    setup.sprints.close_sprint()
    setup.close()

    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot)
        # The closed sprint is all there is: the screen explains and offers n.
        assert app.screen.query_one("#no-sprint").display
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewSprintDialog)
        assert dialog.query_one("#start", Input).value == "2026-11-29"
        assert dialog.query_one("#end", Input).value == "2026-12-12"
        assert dialog.query_one("#capacity", Input).value == "2"
        assert [text_of(s) for s in dialog.query(".hint")] == [
            "Last velocity: 2 points (Sprint 14)"
        ]
        assert dialog.focused is dialog.query_one("#name", Input)
        await pilot.press("home", "ctrl+k")
        await paste(pilot, "Sprint 15")
        await pilot.press("tab")
        await paste(pilot, "More leads")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Sprint"
        assert "Sprint 15 planned: p plans its work, S starts it" in toasts(app)
        ended, head, facts = shown(app, "sprint-head").splitlines()
        assert ended.startswith("✓ Sprint 14 “Lift trial activation” ended Nov 28")
        assert head == "Sprint 15 (planned) · “More leads”"
        assert facts.startswith("Nov 29 – Dec 12 · starts in 4 days · ")
        assert "no sprint running · Sprint 15 starts in 4 days" in shown(app, "header-line")
        assert open_board().sprints.find_sprint("Sprint 15").state is SprintState.PLANNED

        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert "Sprint 15 started" in toasts(app)
        assert shown(app, "sprint-head").startswith("Sprint 15 · “More leads”\nNov 29 – Dec 12")
        assert "ana · Sprint 15 · " in shown(app, "header-line")

    sprint = open_board().sprints.find_sprint("Sprint 15")
    assert (sprint.goal, sprint.capacity, sprint.state) == ("More leads", 2, SprintState.ACTIVE)
    assert (sprint.start, sprint.end) == (date(2026, 11, 29), date(2026, 12, 12))
    assert [e.new for e in open_board().events() if e.action == "sprint"][-2:] == [
        "Sprint 15 planned",
        "Sprint 15 active",
    ]


async def test_the_new_sprint_dialog_proposes_the_name_after_the_last_sprint(
    sprint_db: Path, open_board: Callable[..., Board]
):
    """forms.py NewSprintDialog names the new sprint `Sprint {len(sprints) + 1}`: after
    "Sprint 14" it proposes "Sprint 2" (on the demo board, "Sprint 5" after Sprint 15)."""
    app = make_app(sprint_db)
    async with running(app) as pilot:
        await open_sprint(pilot, "n")
        dialog = app.screen
        assert isinstance(dialog, NewSprintDialog)
        assert dialog.query_one("#name", Input).value == "Sprint 15"

    assert [s.name for s in open_board().sprints.all()] == ["Sprint 14"]


async def test_a_planned_sprint_does_not_claim_more_days_left_than_it_has(
    sprint_db: Path, open_board: Callable[..., Board]
):
    """A 12-day sprint starting in 5 days once showed 17 "days left": a planned sprint
    says when it starts, never days left."""
    setup = Board.open(sprint_db, USER)
    setup.sprints.close_sprint()
    setup.sprints.new_sprint("Sprint 15", "More leads", date(2026, 11, 30), date(2026, 12, 11), 30)
    setup.close()

    app = make_app(sprint_db)
    async with running(app, size=(160, 40)) as pilot:
        await open_sprint(pilot)
        head = shown(app, "sprint-head").splitlines()[-1]
        assert head.startswith("Sprint 15 (planned) · “More leads” · Nov 30 – Dec 11")
        assert "· starts in 5 days ·" in head and "days left" not in head

    assert open_board().sprints.find_sprint("Sprint 15").state is SprintState.PLANNED


async def test_over_capacity_at_80x24_the_meter_shows_by_how_much(
    sprint_db: Path, open_board: Callable[..., Board]
):
    """#capacity is one line high (styles/sprint.tcss); at 80×24 half the width cannot hold
    "capacity ▓▓▓▓▓▓▓▓▓▓▓▓ 38/34 pts · over by 4", so the line wraps and "over by 4" is
    cut off: the one fact the meter is there to show."""
    setup = Board.open(sprint_db, USER)
    setup.items.add("Big launch", criteria=["press kit"], **{**READY, "estimate": 13})
    setup.sprints.commit([6, 8], "Sprint 14")
    setup.close()

    app = make_app(sprint_db)
    async with running(app, size=(80, 24)) as pilot:
        await open_sprint(pilot, "p")
        meter = app.screen.query_one("#capacity")
        text = text_of(meter)
        assert text.endswith("38/34 pts · over by 4")
        room = meter.content_region
        assert cell_len(text) <= room.width * room.height, (text, room)

    assert sum(i.estimate or 0 for i in open_board().sprints.sprint_items("Sprint 14")) == 38


async def test_at_80x24_a_card_takes_two_lines_and_the_peek_shows_it_whole(sprint_db: Path):
    """A narrow column wraps the title onto a second line that ends with owner and
    points; the peek below the board shows the highlighted card in full."""
    board = Board.open(sprint_db, USER)
    try:
        board.items.edit(1, {"title": "Onboarding emails for trials that never made a board"})
    finally:
        board.close()
    app = make_app(sprint_db)
    async with running(app, size=(80, 24)) as pilot:
        await open_sprint(pilot)
        todo = column(app, "todo")
        drawn = [
            todo.render_line(n).text.rstrip() for n, ln in enumerate(todo.lines) if ln.item_id == 1
        ]
        assert len(drawn) == 2
        assert drawn[0].strip().startswith("#1 Onboarding")
        assert drawn[1].endswith("dana 5")
        peek = shown(app, "peek")
        assert peek.splitlines() == [
            "#1 Onboarding emails for trials that never made a board",
            "todo · dana · 5 pts · 1 criterion open",
        ]
        await pilot.press("down")
        assert shown(app, "peek").startswith("#5 Ads refresh\n")


async def test_an_experiment_moved_to_done_asks_for_its_decision_first(
    sprint_db: Path, open_board: Callable[..., Board]
):
    """Done for an experiment is its decision (ship, iterate, kill) and what was
    learned: ⇧→ from Review asks for it, saves it on the item, then moves on."""
    setup = Board.open(sprint_db, USER)
    setup.items.add(
        "Pricing page test",
        kind="experiment",
        criteria=["ran two weeks"],
        hypothesis="per-team pricing lifts trials",
        success_metric="trials",
        guardrail_metric="refunds",
        decision_rule="ship if trials +10%",
        **{**READY, "estimate": 2},
    )
    setup.sprints.commit([8], "Sprint 14")
    for status in ("doing", "review"):
        setup.items.move(8, status)
    setup.items.check(8, 1)
    setup.close()

    app = make_app(sprint_db)
    async with running(app, size=(120, 40)) as pilot:
        await open_sprint(pilot)
        review = column(app, "review")
        review.focus()
        assert review.select(8)
        await pilot.press("shift+right")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExperimentResultDialog)
        assert "Decision rule: ship if trials +10%" in [text_of(w) for w in dialog.query(Static)]
        await pilot.press("ctrl+s")  # no decision yet: asked for
        await settle(pilot)
        assert "choose the result" in text_of(dialog.query_one("#form-error"))
        dialog.query_one("#result", Choice).value = "ship"
        dialog.query_one("#note", Input).focus()
        await type_text(pilot, "trials +14%")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Sprint"
        assert 8 in column(app, "done").card_ids
        assert refusal(app) is None

    item = open_board().items.get(8)
    assert (item.status, item.result, item.result_note) == (
        Status.DONE,
        ExperimentResult.SHIP,
        "trials +14%",
    )
