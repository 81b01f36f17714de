"""What each assistant tool does, as plain calls on `Board` that return JSON-able data.

No SDK here: the server only declares the tools and turns these answers, or the
board's refusals, into tool results. Every write is a `Board` call, so the gates hold
as they do for the TUI and the CLI; every item is the object `Board.items_json` writes,
so an assistant and `poboard show --json` see the same object.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..board import Board, parse_key
from ..contracts.goals import CheckInResultJson, GoalJson, checkin_result_json, goal_json
from ..contracts.item_options import item_fields
from ..contracts.items import ItemJson, item_text, item_texts
from ..contracts.moves import CriterionChangeJson, MoveJson, criterion_json, move_json
from ..contracts.sprints import CommitJson, SprintStatusJson, sprint_json
from ..domain.errors import InvalidInputError
from ..domain.models import SPRINT_COLUMNS, Status

if TYPE_CHECKING:
    from ..contracts.reports import SprintReportJson


def goal_id(goal: str) -> int:
    """A goal named as `list_goals` gives it: 3 or G3."""
    text = goal.strip().upper().removeprefix("G")
    if not text.isdigit():
        raise InvalidInputError(f"{goal!r} is not a goal; give its id (3) or key (G3)")
    return int(text)


class BoardAnswers:
    """The tools' work for one board and one user (the board's)."""

    def __init__(self, board: Board) -> None:
        self.board = board

    # ----- items -------------------------------------------------------------------------

    def items_json(self, **conditions: Any) -> list[ItemJson]:
        """Items as `list --json` prints them."""
        return [json.loads(found) for found in item_texts(self.board, **conditions)]

    def get_item(self, key: str) -> ItemJson:
        """One item as `show --json` prints it."""
        found: ItemJson = json.loads(item_text(self.board, key))
        return found

    def list_items(
        self, status: str | None, horizon: str | None, sprint: str | None
    ) -> list[ItemJson]:
        board = self.board
        sprint_id = board.sprints.find_sprint(sprint).id if sprint else None
        return self.items_json(status=status, horizon=horizon, sprint_id=sprint_id)

    def add_item(
        self, title: str, acceptance_criteria: Sequence[str], options: dict[str, Any]
    ) -> ItemJson:
        """Options named as `add`'s (goal is the goal's id); the new item as `show` has it."""
        item = self.board.items.add(title, criteria=acceptance_criteria, **_fields(options))
        return self.get_item(item.key)

    def update_item(
        self,
        key: str,
        acceptance_criteria: Sequence[str],
        expect_version: int | None,
        options: dict[str, Any],
        unblock: Sequence[str] = (),
    ) -> ItemJson:
        """As `edit`: the fields given change, criteria given are added, blockers named
        in `unblock` are removed."""
        changes = _fields(options)
        if not changes and not acceptance_criteria and not unblock:
            raise InvalidInputError("nothing to change: give at least one field")
        removed = [parse_key(k) for k in unblock]
        item = self.board.items.edit(
            key, changes, expect_version, append_criteria=acceptance_criteria, unblock=removed
        )
        return self.get_item(item.key)

    def move_item(self, key: str, to: str, expect_version: int | None) -> MoveJson:
        return move_json(self.board.items.move(key, to, expect_version))

    def set_criterion(
        self, key: str, n: int, state: str, reason: str | None, expect_version: int | None
    ) -> CriterionChangeJson:
        """Met (`check`), open (`uncheck`) or waived with a reason (`waive`)."""
        board = self.board
        if state == "waived":
            item = board.items.waive(key, n, reason or "", expect_version)
        elif reason:
            raise InvalidInputError("a reason goes with waived only")
        elif state == "met":
            item = board.items.check(key, n, expect_version)
        elif state == "open":
            item = board.items.uncheck(key, n, expect_version)
        else:
            raise InvalidInputError(f"{state!r} is not a criterion state; use met, open or waived")
        return criterion_json(item, n)

    # ----- sprints -----------------------------------------------------------------------

    def commit_to_sprint(self, keys: Sequence[str], sprint: str | None) -> CommitJson:
        """As `sprint commit`: all ready, all committed; else none, and why."""
        board = self.board
        if not keys:
            raise InvalidInputError("give at least one item key to commit")
        committed = board.sprints.commit(keys, sprint)
        target = board.sprints.find_sprint(sprint) if sprint else board.sprints.planning_target()
        points = board.sprints.progress(target, board.today()).committed
        warnings = [f"{target.name} is over capacity"] if points > target.capacity else []
        return {
            "committed": [f"#{k}" for k in committed],
            "sprint": target.name,
            "committed_points": points,
            "capacity": target.capacity,
            "warnings": warnings,
        }

    def sprint_status(self, sprint: str | None) -> SprintStatusJson:
        """The Sprint screen as data: header figures and the items by column."""
        board = self.board
        found = board.sprints.find_sprint(sprint or "current")
        today = board.today()
        progress = board.sprints.progress(found, today)
        items = self.items_json(sprint_id=found.id)
        order = [s.value for s in (*SPRINT_COLUMNS, Status.BACKLOG, Status.DROPPED)]
        columns: dict[str, list[ItemJson]] = {s.value: [] for s in SPRINT_COLUMNS}
        for item in sorted(items, key=lambda i: order.index(i["status"])):
            columns.setdefault(item["status"], []).append(item)
        return {
            "sprint": sprint_json(found),
            "today": today.isoformat(),
            "days_left": progress.days_left,
            "committed": progress.committed,
            "done": progress.done,
            "capacity": found.capacity,
            "columns": columns,
        }

    def sprint_report(self, sprint: str | None, fmt: str) -> SprintReportJson | str:
        """`report --format json` (data) or `--format md` (the stakeholders' page)."""
        from ..contracts.reports import report_data
        from ..render.report_markdown import report_markdown

        built = self.board.reports.sprint_report(sprint)
        if fmt == "md":
            return report_markdown(built)
        if fmt != "json":
            raise InvalidInputError(f"{fmt!r} is not a report format; use json or md")
        return report_data(built)

    # ----- goals ---------------------------------------------------------------------------

    def list_goals(self) -> list[GoalJson]:
        return [goal_json(g) for g in self.board.goals.all()]

    def check_in_key_result(
        self,
        goal: str,
        metric: str,
        value: float,
        confidence: str | None = None,
        note: str | None = None,
    ) -> CheckInResultJson:
        """Check in the goal's key result for `metric` (named as `list_goals` shows it,
        any case, or KR3): today's value, with how sure the team is and why."""
        board = self.board
        found = board.goals.goal(goal_id(goal))
        previous = board.goals.key_result_of(found, metric)
        board.goals.check_in(found.id or 0, previous.key, value, confidence, note)
        updated = board.goals.key_result_of(board.goals.goal(found.id or 0), previous.key)
        return checkin_result_json(found, updated, previous.current, note)


def _fields(options: dict[str, Any]) -> dict[str, Any]:
    """Tool inputs named as the CLI's options, as item fields (`item_fields` does the
    CLI's own conversion; `--goal` is stored as goal_id)."""
    named = dict(options)
    if "goal" in named:
        named["goal_id"] = named.pop("goal")
    return item_fields(named)
