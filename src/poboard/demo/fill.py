"""The sample board: a growth-marketing team ("growth-team") six weeks into its quarter.

`fill_demo` plays the story in `demo_data` onto an empty board through the Board's public
methods only, so every gate holds and every change lands in the events log. Each step runs
at a simulated moment (the board's clock) as a named team member (the board's user): two
closed sprints with their history and goal outcomes, an active one half-way through, a
planned one, retros, goals with key-result check-ins (confidence and notes), experiments
decided before their acceptance. `extra_items` adds generated items for speed tests.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import Any

from ..board import Board
from ..domain.models import SCORE_INPUTS, CriterionState, Horizon, Kind
from ..domain.planning import Goal
from . import data
from .data import ANALYST, PRODUCT_OWNER, TEAM, Seed, SprintPlan
from .items import add_generated_items

SEED = 42
FIRST_DAY = -45  # the board is set up six and a half weeks before today


class _SimClock:
    """The board's clock while the demo plays: a settable moment, in UTC."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.now = self.at(FIRST_DAY, "09:00")

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: int, hhmm: str, minutes: int = 0) -> datetime:
        hour, minute = (int(part) for part in hhmm.split(":"))
        moment = datetime.combine(self.today + timedelta(days=day), time(hour, minute), UTC)
        return moment + timedelta(minutes=minutes)

    def tick(self, minutes: float = 1) -> None:
        self.now += timedelta(minutes=minutes)


@dataclass(order=True)
class _Step:
    when: datetime
    seq: int
    user: str = field(compare=False)
    action: Callable[[], object] = field(compare=False)


def fill_demo(board: Board, extra_items: int = 0, today: date | None = None) -> None:
    """Fill an empty board with the growth team's board (the caller checks it is empty)."""
    today = today or date.today()
    rng = random.Random(SEED)
    user, clock = board.core.user, board.core.clock
    sim = _SimClock(today)
    board.core.clock = sim
    try:
        script = _Script(board, sim, rng)
        script.plan()
        script.play()
        if extra_items:
            sim.now = sim.at(-1, "18:00")
            goal_ids = [g.id for g in board.goals.all() if g.id is not None]
            add_generated_items(board, rng, extra_items, goal_ids, partial(sim.tick, 1 / 60))
    finally:
        board.core.user, board.core.clock = user, clock


class _Script:
    """Every step of the demo story, scheduled first, then played in time order."""

    def __init__(self, board: Board, clock: _SimClock, rng: random.Random) -> None:
        self.board, self.clock, self.rng = board, clock, rng
        self.steps: list[_Step] = []
        self.seeds = {seed.slug: seed for seed in data.SEEDS}
        self.ids: dict[str, int] = {}
        self.goals: dict[str, Goal] = {}
        self.cards: dict[tuple[str, int], int] = {}
        self.retro_id = 0

    def at(
        self,
        day: int,
        hhmm: str,
        user: str,
        action: Callable[..., object],
        *args: Any,
        minutes: int = 0,
    ) -> None:
        when = self.clock.at(day, hhmm, minutes)
        self.steps.append(_Step(when, len(self.steps), user, partial(action, *args)))

    def play(self) -> None:
        for step in sorted(self.steps):
            self.clock.now = step.when
            self.board.core.user = step.user
            step.action()

    # ----- the plan ----------------------------------------------------------------------

    def plan(self) -> None:
        po, board = PRODUCT_OWNER, self.board
        self.at(FIRST_DAY, "09:00", po, board.config.configure, "name", "growth-team")
        self.at(FIRST_DAY, "09:01", po, board.config.configure, "product_owners", po)
        self.at(
            FIRST_DAY,
            "09:02",
            po,
            board.config.configure,
            "definition_of_done",
            ";".join(data.DEFINITION_OF_DONE),
        )
        for n, goal in enumerate(data.GOALS):
            self.at(FIRST_DAY, "09:10", po, self._goal, *goal, minutes=n)
        for n, (key, checkins) in enumerate(data.KR_CHECKINS.items()):
            for day, checkin in zip(data.KR_DAYS, checkins, strict=True):
                self.at(day, "09:15", ANALYST, self._check_in, *key, *checkin, minutes=n)
        self._plan_items()
        for plan in data.SPRINTS:
            self._plan_sprint(plan)
        self._plan_retros()
        self.at(-21, "08:45", po, self._wip_limit)  # the Sprint 12 retro action, done
        for day, hhmm, user, slug, changes in data.EDITS:
            self.at(day, hhmm, user, self._edit, slug, changes)
        for day, hhmm, user, slug in data.DROPPED:
            self.at(day, hhmm, user, self._move, slug, "dropped")
        self.at(-2, "10:00", po, board.items.rank_by_score)
        self.at(-2, "10:05", po, self._top, "g2-reviews")
        self.at(-2, "10:06", po, self._top, "unsubscribe-bug")

    def _plan_items(self) -> None:
        """Each item is written a few days before its first use, by its owner or the PO."""
        first_use: dict[str, int] = {}
        for plan in data.SPRINTS:
            for slug, *_ in plan.flows:
                first_use.setdefault(slug, min(plan.start - 1, -1))
        later = [(e[0], e[3]) for e in data.EDITS] + [(d[0], d[3]) for d in data.DROPPED]
        for day, slug in later:
            first_use[slug] = min(first_use.get(slug, 0), day)
        for seed in reversed(data.SEEDS):  # a blocker is written before the items it blocks
            for blocker in seed.blocked_by:
                first_use[blocker] = min(first_use.get(blocker, -2), first_use.get(seed.slug, -2))
        created: dict[str, datetime] = {}
        for seed in data.SEEDS:
            latest = first_use.get(seed.slug, -2) - 1
            earliest = max(
                [
                    FIRST_DAY + 1,
                    latest - 8,
                    *((created[b] - self.clock.at(0, "00:00")).days for b in seed.blocked_by),
                ]
            )
            day = self.rng.randint(earliest, latest)
            when = self.clock.at(day, f"{self.rng.randint(9, 16)}:{self.rng.randint(0, 59):02}")
            for blocker in seed.blocked_by:
                when = max(when, created[blocker] + timedelta(minutes=20))
            created[seed.slug] = when
            author = seed.owner if seed.owner and self.rng.random() < 0.6 else PRODUCT_OWNER
            self.steps.append(_Step(when, len(self.steps), author, partial(self._create, seed)))

    def _plan_sprint(self, plan: SprintPlan) -> None:
        po, start = PRODUCT_OWNER, plan.start
        self.at(plan.created, "11:00", po, self._new_sprint, plan)
        commit_day = min(start - 1, -1)
        self.at(commit_day, "17:00", po, self._commit, [f[0] for f in plan.flows], plan.name)
        if start < 0:
            self.at(start, "09:00", po, self.board.sprints.start_sprint, plan.name)
        for j, (slug, final, doing, review, done) in enumerate(plan.flows):
            owner, m = self.seeds[slug].owner or po, 10 * j
            if doing is not None:
                self.at(start + doing, "09:30", owner, self._move, slug, "doing", minutes=m)
                if final == "doing":
                    self.at(start + doing + 1, "16:00", owner, self._tick_first, slug, minutes=m)
            if review is not None:
                self.at(
                    start + review, "13:00", owner, self._settle, slug, final == "review", minutes=m
                )
                self.at(start + review, "15:00", owner, self._move, slug, "review", minutes=m)
                if slug in data.RESULTS:  # an experiment is accepted with its decision
                    self.at(start + review, "15:30", owner, self._result, slug, minutes=m)
            if done is not None:
                hhmm = "16:45" if done == review else "10:00"
                self.at(start + done, hhmm, po, self._accept, slug, minutes=m)
                if slug in data.REWORK:
                    after, criterion = data.REWORK[slug]
                    day = start + done + after
                    self.at(day, "09:15", po, self._reopen, slug, criterion)
                    self.at(day, "11:00", owner, self._settle, slug, False, minutes=m)
                    self.at(day, "11:30", owner, self._move, slug, "review", minutes=m)
                    self.at(day, "14:00", po, self._accept, slug, minutes=m)
        if plan.close is not None:
            day, to, reason, met, note = plan.close
            self.at(start + day, "15:00", po, self._close, to, reason, met, note)

    def _plan_retros(self) -> None:
        for retro in data.RETROS:
            self.at(retro.day, "15:30", PRODUCT_OWNER, self._new_retro, retro.sprint)
            votes = 0
            for n, (column, author, text, voters) in enumerate(retro.cards):
                user = author or TEAM[n % len(TEAM)]
                self.at(
                    retro.day,
                    "15:35",
                    user,
                    self._card,
                    retro.sprint,
                    n,
                    column,
                    text,
                    author is None,
                    minutes=2 * n,
                )
                for voter in voters.split():
                    self.at(retro.day, "16:00", voter, self._vote, retro.sprint, n, minutes=votes)
                    votes += 1
            for n, (text, owner, due) in enumerate(retro.actions):
                self.at(
                    retro.day,
                    "16:30",
                    PRODUCT_OWNER,
                    self._action,
                    retro.sprint,
                    text,
                    owner,
                    self.clock.today + timedelta(days=due),
                    minutes=n,
                )

    # ----- the steps ---------------------------------------------------------------------

    def _goal(self, slug: str, title: str, north_star: bool, krs: Sequence[str]) -> None:
        today = self.clock.today
        quarter = None if north_star else f"{today.year}-Q{(today.month - 1) // 3 + 1}"
        self.goals[slug] = self.board.goals.add_goal(title, quarter, north_star, krs)

    def _wip_limit(self) -> None:
        """Sprint 12's retro asked for a WIP limit on Doing; set it, and close the action."""
        self.board.config.configure("wip.doing", "3")
        for retro in self.board.retros.all():
            for action in retro.actions:
                if action.text.startswith("Set a WIP limit"):
                    self.board.retros.set_action_state(action.id or 0, "done")

    def _check_in(
        self, slug: str, index: int, value: float, confidence: str, note: str | None
    ) -> None:
        goal = self.goals[slug]
        self.board.goals.check_in(
            goal.id or 0, goal.key_results[index].metric, value, confidence, note
        )

    def _close(self, to: str, reason: str, met: str, note: str) -> None:
        self.board.sprints.close_sprint(to, reason, goal_met=met, goal_note=note)

    def _create(self, seed: Seed) -> None:
        fields: dict[str, Any] = dict(
            zip(SCORE_INPUTS, (int(ch) for ch in seed.scores), strict=True)
        )
        if seed.experiment:
            keys = ("hypothesis", "success_metric", "guardrail_metric", "decision_rule")
            fields.update(zip(keys, seed.experiment, strict=True))
        item = self.board.items.add(
            seed.title,
            seed.criteria,
            kind=Kind(seed.kind),
            description=seed.description,
            owner=seed.owner,
            audience=seed.audience,
            promise=seed.promise,
            proof=seed.proof,
            metric=seed.metric,
            partners=[p for p in seed.partners.split(",") if p],
            goal_id=self.goals[seed.goal].id if seed.goal else None,
            key_result_id=self._key_result_id(seed),
            horizon=Horizon(seed.horizon),
            estimate=seed.estimate,
            blocked_by=[self.ids[b] for b in seed.blocked_by],
            **fields,
        )
        self.ids[seed.slug] = item.id or 0

    def _key_result_id(self, seed: Seed) -> int | None:
        if seed.goal is None or seed.key_result is None:
            return None
        return self.goals[seed.goal].key_results[seed.key_result].id

    def _edit(self, slug: str, changes: dict[str, Any]) -> None:
        self.board.items.edit(self.ids[slug], changes)

    def _move(self, slug: str, status: str) -> None:
        self.board.items.move(self.ids[slug], status)

    def _accept(self, slug: str) -> None:
        self.board.items.accept(self.ids[slug])

    def _top(self, slug: str) -> None:
        self.board.items.rank(self.ids[slug], top=True)

    def _result(self, slug: str) -> None:
        result, note = data.RESULTS[slug]
        self.board.items.edit(self.ids[slug], {"result": result, "result_note": note})

    def _new_sprint(self, plan: SprintPlan) -> None:
        start = self.clock.today + timedelta(days=plan.start)
        end = start + timedelta(days=plan.length - 1)
        self.board.sprints.new_sprint(plan.name, plan.goal, start, end, plan.capacity)

    def _commit(self, slugs: Sequence[str], sprint: str) -> None:
        """Commit what is not in the sprint yet (carried-over items already are)."""
        sprint_id = self.board.sprints.find_sprint(sprint).id
        keys = [
            self.ids[s] for s in slugs if self.board.items.get(self.ids[s]).sprint_id != sprint_id
        ]
        self.board.sprints.commit(keys, sprint)

    def _tick_first(self, slug: str) -> None:
        item = self.board.items.get(self.ids[slug])
        n = next(n for n, c in enumerate(item.criteria, 1) if c.state is CriterionState.OPEN)
        self.board.items.check(item.id or 0, n)

    def _settle(self, slug: str, leave_last_open: bool) -> None:
        """The owner ticks what is open; the analyst verifies tracking; the PO waives."""
        owner, key = self.board.core.user, self.ids[slug]
        criteria = self.board.items.get(key).criteria
        last = len(criteria) if leave_last_open else 0
        for n, criterion in enumerate(criteria, start=1):
            if criterion.state is not CriterionState.OPEN or n == last:
                continue
            reason = data.WAIVERS.get(slug, {}).get(criterion.text)
            if reason:
                self.board.core.user = PRODUCT_OWNER
                self.board.items.waive(key, n, reason)
            else:
                tracking = criterion.dod and criterion.text == data.DEFINITION_OF_DONE[0]
                self.board.core.user = ANALYST if tracking else owner
                self.board.items.check(key, n)
            self.clock.tick()
        self.board.core.user = owner

    def _reopen(self, slug: str, criterion: str) -> None:
        """The PO finds a gap after acceptance: a new criterion, and the item is reopened."""
        key = self.ids[slug]
        self.board.items.move(key, "doing")
        self.clock.tick()
        self.board.items.edit(key, {}, append_criteria=[criterion])

    def _new_retro(self, sprint: str) -> None:
        self.retro_id = (
            self.board.retros.new_retro(self.board.sprints.find_sprint(sprint).id).id or 0
        )

    def _card(self, sprint: str, n: int, column: str, text: str, anonymous: bool) -> None:
        card = self.board.retros.add_card(self.retro_id, column, text, anonymous)
        self.cards[sprint, n] = card.id or 0

    def _vote(self, sprint: str, n: int) -> None:
        self.board.retros.vote(self.cards[sprint, n])

    def _action(self, sprint: str, text: str, owner: str, due: date) -> None:
        self.board.retros.add_action(self.retro_id, text, owner, due)
