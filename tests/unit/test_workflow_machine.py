"""The workflow as a state machine: random walks through every write of `Board`, by
several users on one real board file, with the board's promises checked after each step.

CI runs a bounded number of walks (POBOARD_MACHINE_EXAMPLES, default 150, of up to
POBOARD_MACHINE_STEPS steps, default 40). A longer hunt is the same test with bigger
numbers, e.g.:

    POBOARD_MACHINE_EXAMPLES=3000 POBOARD_MACHINE_STEPS=80 \\
        python -m pytest -q tests/unit/test_workflow_machine.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from poboard.board import Board
from poboard.domain import rules
from poboard.domain.changes import replay
from poboard.domain.errors import Code, GateRefusal, PoboardError
from poboard.domain.measures import velocity
from poboard.domain.models import CLOSED_STATUSES, CriterionState, Item, SprintState, Status

EXAMPLES = int(os.environ.get("POBOARD_MACHINE_EXAMPLES", "150"))
STEPS = int(os.environ.get("POBOARD_MACHINE_STEPS", "40"))
USERS = st.sampled_from(["ana", "ben", "mia"])
KEYS = st.integers(min_value=1, max_value=8)
SPRINTS = st.sampled_from(["S1", "S2", "S3", "S4"])
STATUSES = st.sampled_from(list(Status))
READY_FIELDS = {
    "owner": "ben",
    "audience": "trial admins",
    "promise": "value on day one",
    "proof": "3 customer quotes",
    "metric": "activation",
}
SPRINT_WORK = rules.SPRINT_WORK
KEY_RESULTS = ["activation %:30:40", "days to first board:6:3"]
GOAL_CHOICES = st.sampled_from(["unchanged", None, 1, 2])
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """Every board's clock: a minute passes with each step."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def content(item: Item) -> dict[str, Any]:
    """What an item says, without its bookkeeping: a change here must bump the version."""
    return item.model_dump(exclude={"version", "rank", "updated_by", "updated_at"})


class BoardMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="poboard-machine-"))
        self.path = self.folder / "board.db"
        self.clock = Clock()
        self.boards = {
            user: Board.open(self.path, user, clock=self.clock) for user in ("ana", "ben", "mia")
        }
        self.reader = self.boards["ana"]
        self.seen: dict[int, Item] = {}
        # product owners as set after each config event id (acceptance is checked against it)
        self.owners_after: list[tuple[int, list[str]]] = [(0, [])]
        # each closed sprint's figures, read from its items the moment before it closed
        self.closed_figures: dict[str, tuple[int, int]] = {}

    def teardown(self) -> None:
        try:
            if self.seen:
                self.check_export_round_trip()
        finally:
            for board in self.boards.values():
                board.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    # ----- attempting a write ------------------------------------------------------------

    def fingerprint(self) -> tuple[object, ...]:
        board = self.reader
        items = tuple((i.id, i.version, i.status, i.rank, i.sprint_id) for i in board.items.all())
        sprints = tuple((s.name, s.state, s.velocity, s.goal_met) for s in board.sprints.all())
        goals = tuple(g.model_dump_json() for g in board.goals.all())
        return len(board.events()), items, sprints, board.settings(), goals

    def attempt(self, user: str, write: Any, *args: Any, **kwargs: Any) -> Any:
        """Run one write; a refusal must leave the board exactly as it was."""
        self.clock.now += timedelta(minutes=1)
        before = self.fingerprint()
        try:
            part, name = write.split(".")
            result = getattr(getattr(self.boards[user], part), name)(*args, **kwargs)
        except PoboardError as error:
            event(f"{write}: {error.code.value}")
            if isinstance(error, GateRefusal) and Code.EXPERIMENT_UNDECIDED in error.codes:
                event(f"{write}: refused an undecided experiment")
            assert self.fingerprint() == before, f"a refused {write} changed the board"
            return None
        event(f"{write}: done")
        return result

    def item_or_none(self, key: int) -> Item | None:
        try:
            return self.reader.items.get(key)
        except PoboardError:
            return None

    # ----- rules: items ------------------------------------------------------------------

    @initialize(ready=st.lists(st.booleans(), min_size=3, max_size=6), start=st.booleans())
    def a_board_in_use(self, ready: list[bool], start: bool) -> None:
        """Items, some ready, most with criteria, and a sprint (started or not) holding two."""
        for n, is_ready in enumerate(ready, start=1):
            self.add("ana", is_ready, n % 3 + 1 if is_ready else n % 2, 3, "story")
        self.new_sprint("ana", "S1", 10)
        self.commit("ana", [1, 2], "S1")
        if start:
            self.start_sprint("ana", "S1")

    @initialize()
    def goals_with_key_results(self) -> None:
        """G1 with KR1 and KR2, G2 with KR3: what check-ins and items' links name."""
        self.boards["ana"].goals.add_goal("Lift activation", key_results=KEY_RESULTS)
        self.boards["ana"].goals.add_goal("Grow pipeline", key_results=["MQL to SQL %:18:25"])

    @rule(
        user=USERS,
        ready=st.booleans(),
        criteria=st.integers(min_value=0, max_value=3),
        estimate=st.sampled_from([None, 0, 1, 3, 5, 8]),
        kind=st.sampled_from(["story", "campaign", "launch", "chore", "experiment"]),
    )
    def add(self, user: str, ready: bool, criteria: int, estimate: int | None, kind: str) -> None:
        fields: dict[str, Any] = dict(READY_FIELDS) if ready else {"owner": "ben"}
        texts = [f"criterion {n}" for n in range(1, criteria + 1)]
        self.attempt(user, "items.add", f"item {len(self.seen) + 1}", texts, estimate=estimate,
                     kind=kind, **fields)  # fmt: skip

    @rule(
        user=USERS,
        key=KEYS,
        name=st.sampled_from(["owner", "proof", "estimate", "title", "promise", "kind"]),
        value=st.sampled_from([None, "dana", 5, 13, "launch"]),
        stale=st.booleans(),
    )
    def edit_field(self, user: str, key: int, name: str, value: Any, stale: bool) -> None:
        item = self.item_or_none(key)
        if item is None:
            return
        if name == "estimate" and not (value is None or isinstance(value, int)):
            value = 3
        if name in ("title", "kind") and not isinstance(value, str):
            value = "story" if name == "kind" else "renamed"
        if name == "kind" and value not in ("story", "launch"):
            value = "story"
        version = item.version - 1 if stale and item.version > 1 else item.version
        self.attempt(user, "items.edit", key, {name: value}, version)

    @rule(user=USERS, key=KEYS, result=st.sampled_from([None, "ship", "iterate", "kill"]))
    def record_result(self, user: str, key: int, result: str | None) -> None:
        note = None if result is None else f"{result}: activation +3%"
        self.attempt(user, "items.edit", key, {"result": result, "result_note": note})

    @rule(user=USERS, key=KEYS, kr=st.sampled_from([None, 1, 2, 3, 9]), goal=GOAL_CHOICES)
    def link_key_result(self, user: str, key: int, kr: int | None, goal: int | str) -> None:
        changes: dict[str, Any] = {"key_result_id": kr}
        if goal != "unchanged":
            changes["goal_id"] = goal
        self.attempt(user, "items.edit", key, changes)

    @rule(
        user=USERS,
        goal=st.sampled_from([1, "G1", "Lift activation", "G2", "G3"]),
        metric=st.sampled_from(["activation %", "KR2", "MQL to SQL %", "revenue"]),
        value=st.sampled_from([31.0, 35.5, 2.0, float("nan")]),
        confidence=st.sampled_from([None, "on track", "at-risk", "off track", "maybe"]),
        days_ago=st.sampled_from([0, 3, -1]),
    )
    def check_in(
        self,
        user: str,
        goal: int | str,
        metric: str,
        value: float,
        confidence: str | None,
        days_ago: int,
    ) -> None:
        day = (self.clock.now + timedelta(minutes=1)).astimezone().date() - timedelta(days_ago)
        self.attempt(user, "goals.check_in", goal, metric, value, confidence, "weekly", day)

    @rule(user=USERS, key=KEYS, text=st.sampled_from(["links tagged", "legal ok", "live"]))
    def append_criterion(self, user: str, key: int, text: str) -> None:
        self.attempt(user, "items.edit", key, {}, None, [text])

    @rule(user=USERS, key=KEYS, data=st.data())
    def rewrite_criteria(self, user: str, key: int, data: st.DataObject) -> None:
        """As the editor saves them: some removed, reordered, ticked or reworded."""
        item = self.item_or_none(key)
        if item is None or not item.criteria:
            return
        criteria = [c.model_copy() for c in item.criteria]
        change = data.draw(st.sampled_from(["remove", "swap", "tick", "reword", "waive"]))
        n = data.draw(st.integers(min_value=0, max_value=len(criteria) - 1))
        if change == "remove":
            del criteria[n]
        elif change == "swap":
            criteria.reverse()
        elif change == "tick":
            met = criteria[n].state is CriterionState.MET
            criteria[n] = criteria[n].model_copy(
                update={"state": CriterionState.OPEN if met else CriterionState.MET}
            )
        elif change == "reword":
            criteria[n] = criteria[n].model_copy(update={"text": criteria[n].text + "!"})
        else:
            criteria[n] = criteria[n].model_copy(
                update={"state": CriterionState.WAIVED, "reason": "not this time"}
            )
        self.attempt(user, "items.edit", key, {"criteria": criteria}, item.version)

    @rule(user=USERS, key=KEYS, status=STATUSES, stale=st.booleans())
    def move(self, user: str, key: int, status: Status, stale: bool) -> None:
        item = self.item_or_none(key)
        version = (item.version - 1 if stale else item.version) if item else None
        result = self.attempt(user, "items.move", key, status, version)
        if result is not None and status is Status.DONE and item and item.status != status:
            owners = self.owners_now()
            assert not owners or user in owners, f"{user} accepted #{key}; owners {owners}"

    @rule(user=USERS, key=KEYS)
    def accept(self, user: str, key: int) -> None:
        self.attempt(user, "items.accept", key)

    @rule(user=USERS, key=KEYS, n=st.integers(min_value=1, max_value=4), how=st.integers(0, 2))
    def criterion(self, user: str, key: int, n: int, how: int) -> None:
        if how == 0:
            self.attempt(user, "items.check", key, n)
        elif how == 1:
            self.attempt(user, "items.uncheck", key, n)
        else:
            self.attempt(user, "items.waive", key, n, "covered by the launch review")

    @rule(
        user=USERS, key=KEYS, other=KEYS, how=st.sampled_from(["top", "bottom", "before", "after"])
    )
    def rank(self, user: str, key: int, other: int, how: str) -> None:
        if how in ("top", "bottom"):
            self.attempt(user, "items.rank", key, **{how: True})
        else:
            self.attempt(user, "items.rank", key, **{how: other})

    @rule(user=USERS)
    def rank_by_score(self, user: str) -> None:
        self.attempt(user, "items.rank_by_score")

    # ----- rules: sprints ----------------------------------------------------------------

    @rule(user=USERS, name=SPRINTS, capacity=st.integers(min_value=0, max_value=20))
    def new_sprint(self, user: str, name: str, capacity: int) -> None:
        start = date(2026, 3, 2) + timedelta(days=14 * int(name[1:]))
        self.attempt(user, "sprints.new_sprint", name, f"{name} goal", start, start + timedelta(13),
                     capacity)  # fmt: skip

    @rule(user=USERS, name=SPRINTS)
    def start_sprint(self, user: str, name: str) -> None:
        self.attempt(user, "sprints.start_sprint", name)

    @rule(user=USERS, keys=st.lists(KEYS, min_size=1, max_size=3), name=st.none() | SPRINTS)
    def commit(self, user: str, keys: list[int], name: str | None) -> None:
        self.attempt(user, "sprints.commit", keys, name)

    @rule(user=USERS, key=KEYS)
    def uncommit(self, user: str, key: int) -> None:
        self.attempt(user, "sprints.uncommit", key)

    @rule(
        user=USERS,
        to=st.sampled_from(["backlog", "next"]),
        met=st.sampled_from([None, "yes", "partly", "no", "mostly"]),
        data=st.data(),
    )
    def close_sprint(self, user: str, to: str, met: str | None, data: st.DataObject) -> None:
        active = self.reader.sprints.active()
        decisions = {}
        if active is not None:
            items = self.reader.sprints.sprint_items(active.name)
            done = [i for i in items if i.status is Status.DONE]
            carried = [i for i in items if i.status not in CLOSED_STATUSES]
            expected = (rules.points(done) + rules.points(carried), rules.velocity(done))
            for item in carried:
                if data.draw(st.booleans()):
                    decisions[item.id or 0] = ("backlog", "slipped on purpose")
        closed = self.attempt(user, "sprints.close_sprint", to, None, decisions, met)
        if closed is not None:
            assert active is not None
            self.closed_figures[active.name] = expected
            assert closed.sprint.goal_met == met

    # ----- rules: settings and retros ----------------------------------------------------

    @rule(user=USERS, owners=st.sampled_from(["", "mia", "mia,ana"]))
    def set_owners(self, user: str, owners: str) -> None:
        if self.attempt(user, "config.configure", "product_owners", owners) is not None:
            last = self.reader.events()[-1].id or 0
            self.owners_after.append((last, [o for o in owners.split(",") if o]))

    @rule(user=USERS, lines=st.sampled_from(["", "links tagged", "links tagged; legal ok"]))
    def set_definition_of_done(self, user: str, lines: str) -> None:
        self.attempt(user, "config.configure", "definition_of_done", lines)

    @rule(user=USERS, limit=st.sampled_from(["1", "off"]))
    def set_wip(self, user: str, limit: str) -> None:
        self.attempt(user, "config.configure", "wip.doing", limit)

    @rule(user=USERS)
    def retro_action_to_item(self, user: str) -> None:
        if not any(s.state is SprintState.CLOSED for s in self.reader.sprints.all()):
            return
        retro = self.attempt(user, "retros.open_retro")
        if retro is None:
            return
        action = self.attempt(
            user, "retros.add_action", retro.id, "Write the brief template", "ben"
        )
        if action is not None:
            self.attempt(user, "retros.action_to_item", action.id)

    # ----- what must always hold ---------------------------------------------------------

    def owners_now(self) -> list[str]:
        return self.owners_after[-1][1]

    def owners_at(self, event_id: int) -> list[str]:
        return [owners for after, owners in self.owners_after if after < event_id][-1]

    @invariant()
    def promises_hold(self) -> None:
        board = self.reader
        items = {i.id or 0: i for i in board.items.all()}
        sprints = {s.id: s for s in board.sprints.all()}
        events = board.events()
        goals = board.goals.all()
        kr_goals = {kr.id: g.id for g in goals for kr in g.key_results}
        for item in items.values():
            self.check_done(item, events)
            self.check_sprint_work(item, sprints)
            self.check_version(item)
            if item.key_result_id is not None:
                assert item.goal_id == kr_goals[item.key_result_id], (
                    f"#{item.id} serves another goal"
                )
        self.check_key_results(goals, events)
        for view in board.lists.list_views():
            whole = items[view.item.id]
            assert view.item.missing == tuple(rules.missing_for_ready(whole)), "stale readiness"
            assert view.item.criteria_open == rules.unsettled(whole.criteria)
            assert view.item.blocked_by == tuple(whole.blocked_by)
        ranks = [i.rank for i in items.values()]
        assert len(set(ranks)) == len(ranks), "two items share a rank"
        self.check_replay(items, sprints, events)
        self.check_points(board, list(items.values()))
        self.seen = items

    def check_key_results(self, goals: list[Any], events: list[Any]) -> None:
        """A key result's current value is its latest check-in's (else its baseline), and
        every check-in is in the log."""
        for kr in (kr for goal in goals for kr in goal.key_results):
            latest = max(kr.checkins, key=lambda c: (c.day, c.id), default=None)
            assert kr.current == (kr.baseline if latest is None else latest.value), kr.key
            logged = [e for e in events if e.action == "key-result" and e.ref == kr.key and e.old]
            assert len(logged) == len(kr.checkins), f"{kr.key}: a check-in is not in the log"

    def check_done(self, item: Item, events: list[Any]) -> None:
        if item.status is not Status.DONE:
            return
        assert not rules.undecided(item), f"#{item.id} is a done experiment without a result"
        assert rules.own_criteria(item.criteria), f"#{item.id} is done without criteria"
        assert all(rules.is_settled(c) for c in item.criteria), f"#{item.id}: open criterion"
        moves = [e for e in events if e.item_id == item.id and e.field == "status"]
        accepted = moves[-1]
        assert accepted.new == Status.DONE.value
        owners = self.owners_at(accepted.id or 0)
        assert not owners or accepted.user in owners, f"#{item.id} accepted by {accepted.user}"

    def check_sprint_work(self, item: Item, sprints: dict[int | None, Any]) -> None:
        if item.status not in SPRINT_WORK:
            return
        sprint = sprints.get(item.sprint_id)
        assert sprint is not None, f"#{item.id} is in {item.status.value} but in no sprint"
        assert sprint.state is not SprintState.CLOSED, f"#{item.id} works in a closed sprint"
        if sprint.state is SprintState.PLANNED:
            assert item.status is Status.TODO, f"#{item.id} runs ahead of its planned sprint"
        before = self.seen.get(item.id or 0)
        entered = before is None or before.status not in SPRINT_WORK
        if entered:
            assert rules.is_ready(item), f"#{item.id} entered the sprint unready"

    def check_version(self, item: Item) -> None:
        before = self.seen.get(item.id or 0)
        if before is None:
            return
        if content(before) == content(item):
            assert item.version == before.version, f"#{item.id} version moved, nothing changed"
        else:
            assert item.version > before.version, f"#{item.id} changed, version did not"

    def check_replay(
        self, items: dict[int, Item], sprints: dict[int | None, Any], events: list[Any]
    ) -> None:
        replayed = replay(events)
        assert set(replayed) == set(items), "the log does not know every item"
        for item_id, item in items.items():
            told = replayed[item_id]
            sprint = sprints[item.sprint_id].name if item.sprint_id else None
            assert (told.status, told.sprint) == (item.status.value, sprint), f"#{item_id}"
            assert [(c.uid, c.text, c.state, c.dod) for c in told.criteria] == [
                (c.uid, c.text, c.state.value, c.dod) for c in item.criteria
            ], f"#{item_id}: the log tells other criteria"

    def check_points(self, board: Board, items: list[Item]) -> None:
        for figures in velocity(board.sprints.all(), items):
            if figures.state is SprintState.CLOSED:
                assert (figures.committed, figures.done) == self.closed_figures[figures.sprint]
            else:
                mine = [
                    i for i in items if i.sprint_id == board.sprints.find_sprint(figures.sprint).id
                ]
                assert figures.committed == rules.points(mine)
                done = [i for i in mine if i.status is Status.DONE]
                assert figures.done == rules.points(done)
        for sprint in board.sprints.all():
            if sprint.state is not SprintState.CLOSED:
                progress = board.sprints.progress(sprint, date(2026, 3, 10))
                mine = [i for i in items if i.sprint_id == sprint.id]
                assert progress.committed == rules.points(mine)

    def check_export_round_trip(self) -> None:
        exported = self.reader.transfer.export_data()
        copy = Board.open(self.folder / "copy.db", "restorer", clock=self.clock)
        try:
            copy.transfer.import_data(exported)
            again = copy.transfer.export_data()
        finally:
            copy.close()
        assert again["events"][:-1] == exported["events"], "the history changed on the way"
        for part in ("settings", "goals", "sprints", "items", "retros", "members", "requests"):
            assert again[part] == exported[part], f"{part} changed on the way"


BoardMachine.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_workflow = BoardMachine.TestCase
