"""Goals, their key results, and check-ins: a key result read on a day, with how sure the
team is and why. A check-in sets the key result's current value; the history is the
check-ins themselves."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import ValidationError

from ..domain.errors import InvalidInputError, NotFoundError
from ..domain.models import Confidence
from ..domain.okr import parse_confidence, quarter_name
from ..domain.planning import CheckIn, Goal, KeyResult
from ..store import planning
from .core import BoardCore, validation_message


def parse_key_result(text: str) -> KeyResult:
    """`metric:baseline:target` (current starts at baseline); the metric may hold colons."""
    parts = text.rsplit(":", 2)
    if len(parts) != 3 or not parts[0].strip():
        raise InvalidInputError(f'key result {text!r} should read "metric:baseline:target"')
    try:
        baseline, target = float(parts[1].replace(",", "")), float(parts[2].replace(",", ""))
    except ValueError:
        raise InvalidInputError(
            f"key result {text!r}: baseline and target must be numbers"
        ) from None
    return KeyResult(metric=parts[0].strip(), baseline=baseline, target=target, current=baseline)


def parse_goal_ref(ref: int | str) -> int | None:
    """`2`, `G2` and `g2` name goal 2; anything else is not an id (maybe a title)."""
    text = str(ref).strip()
    digits = text[1:] if text[:1] in ("G", "g") else text
    return int(digits) if digits.isdecimal() else None


class Goals:
    """Goals, their key results and check-ins."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db

    def add_goal(
        self,
        title: str,
        quarter: str | None = None,
        north_star: bool = False,
        key_results: Sequence[str] = (),
    ) -> Goal:
        try:
            goal = Goal(
                title=title,
                quarter=quarter_name(quarter),
                north_star=north_star,
                key_results=[parse_key_result(kr) for kr in key_results],
                created_by=self.core.user,
                created_at=self.core.now(),
            )
        except ValidationError as error:
            raise InvalidInputError(validation_message(error)) from None
        with self.core.writing():
            goal.id = planning.insert_goal(self.db, goal)
            self.core.log(self.core.event("goal", None, "goal", None, f"G{goal.id} {goal.title}"))
        return planning.load_goal(self.db, goal.id) or goal

    def add_key_result(self, goal_id: int, text: str) -> KeyResult:
        kr = parse_key_result(text)
        with self.core.writing():
            goal = self.goal(goal_id)
            kr.id = planning.insert_key_result(self.db, goal_id, kr)
            kr.goal_id = goal_id
            self.core.log(
                self.core.event(
                    "key-result",
                    None,
                    kr.metric,
                    None,
                    kr.current,
                    note=f"added to {goal.title}: {kr.baseline:g} → {kr.target:g}",
                    ref=kr.key,
                )
            )
        return kr

    def all(self) -> list[Goal]:
        """Every live goal (North Star first) with its key results and their check-ins:
        what lists, reports and pickers show (an archived goal is not among them)."""
        return planning.load_goals(self.db, archived=False)

    def archived_goals(self) -> list[Goal]:
        """The goals archived, with the key results and check-ins they keep."""
        return planning.load_goals(self.db, archived=True)

    def goal(self, goal_id: int) -> Goal:
        """A goal with its key results and their check-ins."""
        found = planning.load_goal(self.db, goal_id)
        if found is None:
            raise NotFoundError(f"goal {goal_id} does not exist")
        return found

    def find_goal(self, ref: int | str) -> Goal:
        """A goal by id (`2`, `G2`) or by title (exact, else the one that matches
        ignoring case), archived or not; the refusal names the live goals there are."""
        goal_id = parse_goal_ref(ref)
        if goal_id is not None:
            found = planning.load_goal(self.db, goal_id)
            if found is not None:
                return found
        text = " ".join(str(ref).split())
        everyone = planning.load_goals(self.db)
        goals = [g for g in everyone if g.archived_at is None]
        for pool in (goals, everyone):  # a live goal first, then an archived one
            exact = [g for g in pool if g.title == text]
            folded = [g for g in pool if g.title.casefold() == text.casefold()]
            if exact or len(folded) == 1:
                return (exact or folded)[0]
        known = "; ".join(f"G{g.id} {g.title}" for g in goals)
        there = f"goals: {known}" if goals else "add one with: poboard goal add"
        raise NotFoundError(f"no goal {text!r} (name it by id, e.g. G2, or exact title); {there}")

    def key_result_of(self, goal: Goal, metric: str) -> KeyResult:
        """One of the goal's key results, by metric (exact, else ignoring case) or as
        `KR3`; the refusal names the goal's metrics."""
        text = " ".join(metric.split())
        krs = goal.key_results
        found = [kr for kr in krs if kr.metric == text] or [
            kr for kr in krs if kr.metric.casefold() == text.casefold() or kr.key == text.upper()
        ]
        if len(found) == 1:
            return found[0]
        named = f'G{goal.id} "{goal.title}"'
        if not krs:
            raise NotFoundError(f"{named} has no key results yet")
        metrics = "; ".join(kr.metric for kr in krs)
        raise NotFoundError(f"{named} has no key result {text!r}; its key results: {metrics}")

    def check_in(
        self,
        goal: int | str,
        metric: str,
        value: float,
        confidence: Confidence | str | None = None,
        note: str | None = None,
        day: date | None = None,
    ) -> CheckIn:
        """Record a key result's value on a day (today by default), with the team's
        confidence and a note; the key result's current value becomes its latest."""
        stated = parse_confidence(confidence)
        with self.core.writing():
            found = self.find_goal(goal)
            return self._check_in(self.key_result_of(found, metric), value, stated, note, day)

    def update_key_result(self, kr_id: int, current: float) -> KeyResult:
        """A check-in of a value alone, today (what `k` on the Roadmap records)."""
        with self.core.writing():
            found = planning.key_result_goal(self.db, kr_id)
            if found is None:
                raise NotFoundError(f"key result {kr_id} does not exist")
            kr = next(kr for kr in self.goal(found[0]).key_results if kr.id == kr_id)
            self._check_in(kr, current, None, None, None)
            return kr

    def _check_in(
        self,
        kr: KeyResult,
        value: float,
        confidence: Confidence | None,
        note: str | None,
        day: date | None,
    ) -> CheckIn:
        today = self.core.today()
        day = day or today
        if day > today:
            raise InvalidInputError(f"a check-in records what was measured: {day} is after today")
        try:
            checkin = CheckIn(
                key_result_id=kr.id,
                day=day,
                value=value,
                confidence=confidence,
                note=note,
                by=self.core.user,
                at=self.core.now(),
            )
        except ValidationError as error:
            raise InvalidInputError(validation_message(error)) from None
        checkin.id = planning.insert_checkin(self.db, checkin)
        old = kr.current
        kr.checkins = sorted([*kr.checkins, checkin], key=lambda c: (c.day, c.id or 0))
        kr.current = kr.checkins[-1].value
        planning.update_key_result(self.db, kr)
        said = [
            f"for {day}" if day != today else "",
            checkin.confidence.value if checkin.confidence else "",
            checkin.note or "",
        ]
        self.core.log(
            self.core.event(
                "key-result",
                None,
                kr.metric,
                old,
                checkin.value,
                note=" · ".join(part for part in said if part) or None,
                ref=kr.key,
            )
        )
        return checkin
