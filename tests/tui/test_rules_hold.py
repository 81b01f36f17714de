"""Rules that hold in the terminal too (issue 23, items 9 and 12): a kind's Definition of
Ready set in the settings screen re-marks its items at once (the R column, the detail
pane's missing list); an experiment decided without a note does not reach Done."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, Static

from poboard.board import Board
from poboard.domain.models import ExperimentResult, Status
from poboard.domain.readiness import FULL_READY, ReadyField
from poboard.tui.screens.settings import SettingsScreen
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.forms import ExperimentResultDialog

from .conftest import (
    READY,
    USER,
    detail,
    keys,
    make_app,
    rows,
    running,
    settle,
    table,
    text_of,
    type_text,
    wait_until,
)

DESIGN = {
    "hypothesis": "per-team pricing lifts trials",
    "success_metric": "trials",
    "guardrail_metric": "refunds",
    "decision_rule": "ship if trials +10%",
}


def add_bug(path: Path) -> int:
    board = Board.open(path, USER)
    try:
        bug = board.items.add(
            "Fix broken UTM", kind="bug", owner="raj", estimate=1, criteria=["UTM kept"]
        )
        return bug.id or 0
    finally:
        board.close()


async def test_a_kinds_rule_set_in_settings_re_marks_its_items(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    bug = add_bug(seeded)
    app = make_app(seeded)
    async with running(app, size=(120, 40)) as pilot:
        row = keys(app).index(f"#{bug}")
        assert rows(app)[row]["ready"] == "✓"  # a bug needs no audience by default
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#set-ready-bug", Input)
        assert field.value == "owner,estimate,criteria"
        field.focus()
        field.value = ""
        await type_text(pilot, "full")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        row = keys(app).index(f"#{bug}")
        assert await wait_until(
            pilot, lambda: rows(app)[keys(app).index(f"#{bug}")]["ready"] == "✗"
        )
        await pilot.press(*["down"] * (row - table(app).cursor_row))
        await settle(pilot)
        assert table(app).current_id == bug
        assert "missing audience, promise, proof, metric" in detail(app)

    board = open_board()
    assert board.settings().ready["bug"] == list(FULL_READY)
    assert board.lists.view(bug).missing == [
        ReadyField.AUDIENCE, ReadyField.PROMISE, ReadyField.PROOF, ReadyField.METRIC
    ]  # fmt: skip


async def test_an_experiment_decided_without_a_note_does_not_reach_done(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    setup = Board.open(seeded, USER)
    item = setup.items.add(
        "Per-seat pricing test",
        kind="experiment",
        criteria=["ran two weeks"],
        **DESIGN,
        **{**READY, "estimate": 2},
    )
    key = item.id or 0
    setup.sprints.commit([key], "Sprint 14")
    for status in ("doing", "review"):
        setup.items.move(key, status)
    setup.items.check(key, 1)
    setup.items.edit(key, {"result": "kill"})  # decided elsewhere, without a note
    setup.close()

    app = make_app(seeded)
    async with running(app, size=(120, 40)) as pilot:
        await pilot.press("3")
        await settle(pilot)
        review = app.screen.query_one("#col-review", CardList)
        review.focus()
        assert review.select(key)
        await pilot.press("shift+right")  # to Done: the gate asks for the note
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExperimentResultDialog)
        dialog.query_one("#result", Choice).value = "kill"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # refused: still asking
        said = text_of(dialog.query_one("#error-note", Static))
        assert said == "↳ write what was learned: the evidence behind the decision"
        assert open_board().items.get(key).status is Status.REVIEW
        await type_text(pilot, "no lift")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.title == "Sprint"
        assert key in app.screen.query_one("#col-done", CardList).card_ids

    done = open_board().items.get(key)
    assert (done.status, done.result, done.result_note) == (
        Status.DONE,
        ExperimentResult.KILL,
        "no lift",
    )


async def test_an_undesigned_experiment_is_refused_and_e_opens_its_editor(
    seeded: Path, open_board: Callable[..., Board]
) -> None:
    setup = Board.open(seeded, USER)
    test = setup.items.add("Exit survey test", kind="experiment", criteria=["Ran"], **READY).id or 0
    setup.close()
    app = make_app(seeded)
    async with running(app, size=(120, 40)) as pilot:
        row = keys(app).index(f"#{test}")
        assert rows(app)[row]["ready"] == "✗"
        await pilot.press(*["down"] * (row - table(app).cursor_row))
        await settle(pilot)
        assert "missing hypothesis, success metric, guardrail metric, decision rule" in detail(app)
        await pilot.press("c")  # commit to the sprint: refused by the Definition of Ready
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        focused = app.screen.focused
        assert focused is not None and focused.id == "title"  # its design is below
        assert isinstance(app.screen.query_one("#title"), Input)
    assert open_board().items.get(test).sprint_id is None
