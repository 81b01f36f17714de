"""A whole planning session through keys only, from an empty board to a closed sprint."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from poboard.board import Board
from poboard.domain.models import GoalMet, SprintState, Status
from poboard.tui.app import PoboardApp, create_app
from poboard.tui.widgets.card_list import CardList
from poboard.tui.widgets.choice import Choice
from poboard.tui.widgets.forms import GoalDialog
from poboard.tui.widgets.item_editor import ItemEditor
from poboard.tui.widgets.sprint_forms import CloseSprintDialog, NewSprintDialog

from .conftest import wait_until

TODAY = date(2026, 11, 25)
ITEMS = (
    ("Emails", 3, "legal ok"),
    ("Pricing", 5, "holdout"),
    ("Webinar", 2, "recording"),
)


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*text)


async def add_ready_item(pilot: Pilot[None], title: str, estimate: int, criterion: str) -> None:
    """Backlog `a`, fill every Definition of Ready field, one criterion, ctrl+s."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ItemEditor)
    for value in (title, "dana", "trials", "value", "quotes", "activation"):
        await type_text(pilot, value)
        await pilot.press("tab")
    editor = pilot.app.screen
    editor.query_one("#estimate").focus()
    await pilot.press("enter")
    await pilot.pause()
    steps = (0, 1, 2, 3, 5, 8, 13, 21).index(estimate) + 1
    await pilot.press(*["down"] * steps, "enter")
    await pilot.press("ctrl+t")
    await pilot.pause()
    await type_text(pilot, criterion)
    await pilot.press("enter", "ctrl+s")
    # it closes once saved: on a loaded machine that can take more than one pause
    assert await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ItemEditor))


def column(app: PoboardApp, status: Status) -> CardList:
    return app.screen.query_one(f"#col-{status.value}", CardList)


async def test_a_planning_session_runs_end_to_end_on_keys_alone(tmp_path: Path) -> None:
    path = tmp_path / "board.db"
    app = create_app(path, "ana", today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:  # refusals
        # A goal, on the roadmap.
        await pilot.press("2", "n")
        await pilot.pause()
        assert isinstance(app.screen, GoalDialog)
        await type_text(pilot, "Activation")
        await pilot.press("tab")
        await type_text(pilot, "2026-Q4")
        await pilot.press("tab")
        await type_text(pilot, "activation %:31:40")
        await pilot.press("ctrl+s")
        await pilot.pause()
        goals_text = str(app.screen.query_one("#goals-text", Static).render())
        assert "G1 Activation (2026-Q4)" in goals_text

        # Three ready items, in the backlog.
        await pilot.press("1")
        await pilot.pause()
        for title, estimate, criterion in ITEMS:
            await add_ready_item(pilot, title, estimate, criterion)

        # A new sprint, planned against capacity, then started.
        await pilot.press("3")
        await pilot.pause()
        assert "No sprint yet" in str(app.screen.query_one("#no-sprint", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewSprintDialog)
        app.screen.query_one("#goal", Input).focus()
        await type_text(pilot, "Activate")
        app.screen.query_one("#capacity", Input).value = ""
        app.screen.query_one("#capacity", Input).focus()
        await type_text(pilot, "9")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("c", "c", "c")
        await pilot.pause()
        capacity = str(app.screen.query_one("#capacity", Static).render())
        assert "10/9 pts" in capacity and "over by 1" in capacity
        await pilot.press("S")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()

        # Across the board: the first item is refused at Done until its criterion is met.
        todo = column(app, Status.TODO)
        todo.focus()
        first = todo.current_id
        await pilot.press("shift+right")
        await pilot.pause()
        assert first in column(app, Status.DOING).card_ids
        await pilot.press("shift+right", "shift+right")
        await pilot.pause()

        def refused() -> bool:
            shown = "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))
            return "can't move to done" in shown and '"legal ok" is open' in shown

        assert await wait_until(pilot, refused)
        assert first in column(app, Status.REVIEW).card_ids
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ItemEditor)
        await pilot.press("up", "space", "ctrl+s")  # from the new criterion's box to the list
        await pilot.pause()
        column(app, Status.REVIEW).focus()
        await pilot.press("shift+right")
        await pilot.pause()
        assert first in column(app, Status.DONE).card_ids

        # The second item starts; the third never does.
        todo = column(app, Status.TODO)
        todo.focus()
        second = todo.current_id
        await pilot.press("shift+right")
        await pilot.pause()

        # Close early (confirmed): the goal was partly met; a reason for each item left.
        await pilot.press("C")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, CloseSprintDialog)
        await pilot.press("enter", "down", "down", "enter")  # the goal: partly
        await pilot.pause()
        assert dialog.query_one("#goal-met", Choice).value == "partly"
        for field in dialog.query("Input.reason"):
            field.focus()
            await type_text(pilot, "legal slow")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "What comes next" in str(app.screen.query_one("#no-sprint", Static).render())

    board = Board.open(path, "checker")
    try:
        sprint = board.sprints.all()[0]
        assert sprint.state is SprintState.CLOSED
        assert sprint.goal_met is GoalMet.PARTLY
        items = {item.id: item for item in board.items.all()}
        assert items[first].status is Status.DONE
        assert sprint.velocity == items[first].estimate
        assert sprint.committed_points == 10
        carried = [i for i in items.values() if i.id != first]
        assert all(i.status is Status.BACKLOG and i.sprint_id is None for i in carried)
        assert all(i.slipped == 1 for i in carried)
        assert items[second].slipped == 1
        rollovers = [e for e in board.events() if e.action == "rollover"]
        assert len(rollovers) == 2
        assert {e.note for e in rollovers} == {"legal slow"}
        actions = [e.action for e in board.items.history(first)]
        assert actions.count("move") == 4 and "criterion" in actions
        assert board.goals.all()[0].key_results[0].target == 40
    finally:
        board.close()
