"""Goals and key results corrected: a goal's title, quarter and North Star, its archive
(it leaves the lists and keeps its history), a key result renamed or re-baselined, and a
check-in corrected or deleted. Each change is logged with what it was, old → new."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from ..domain.errors import InvalidInputError, NotFoundError
from ..domain.okr import parse_confidence, quarter_name
from ..domain.planning import CheckIn, Goal, KeyResult
from ..domain.safe_text import folded_spaces
from ..store import planning
from .core import BoardCore, validation_message
from .goals import Goals

NO_CONFIDENCE = ("", "none", "-", "—")  # what clears a check-in's confidence


def checkin_said(checkin: CheckIn) -> str:
    """A check-in in one line, as the events log keeps it: day, value, confidence, note."""
    confidence = checkin.confidence.value if checkin.confidence else "no confidence"
    note = f" · {checkin.note}" if checkin.note else ""
    return f"{checkin.day} {checkin.value:g} · {confidence}{note}"


def yes_no(value: object) -> str:
    return "yes" if value else "no"


def settle_current(kr: KeyResult) -> None:
    """The key result's current value: its latest check-in's, else its baseline."""
    kr.checkins.sort(key=lambda c: (c.day, c.id or 0))
    kr.current = kr.checkins[-1].value if kr.checkins else kr.baseline


def find_checkin(kr: KeyResult, which: str) -> CheckIn:
    """One of a key result's check-ins, by its day (`2026-12-01`, when only one was made
    that day) or its id (`12` or `#12`, as `goal show` lists them)."""
    text = which.strip()
    listed = ", ".join(f"#{c.id} {c.day} {c.value:g}" for c in kr.checkins) or "none yet"
    try:
        day: date | None = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None:
        that_day = [c for c in kr.checkins if c.day == day]
        if len(that_day) == 1:
            return that_day[0]
        if not that_day:
            raise NotFoundError(
                f"{kr.key} {kr.metric} has no check-in on {day}; its check-ins: {listed}"
            )
        ids = ", ".join(f"#{c.id}" for c in that_day)
        raise InvalidInputError(
            f"{kr.key} has {len(that_day)} check-ins on {day}: name one by id ({ids})"
        )
    digits = text.removeprefix("#")
    if not digits.isdecimal():
        raise InvalidInputError(
            f"check-in {which!r} should be a day (YYYY-MM-DD) or an id such as #12"
        )
    found = next((c for c in kr.checkins if c.id == int(digits)), None)
    if found is None:
        raise NotFoundError(
            f"{kr.key} {kr.metric} has no check-in #{digits}; its check-ins: {listed}"
        )
    return found


class GoalEdits:
    """Corrections: a goal's title and quarter, a key result renamed or
    re-baselined, a check-in edited or deleted, a goal archived or restored. Finds them
    through `goals`."""

    def __init__(self, core: BoardCore, goals: Goals) -> None:
        self.core = core
        self.db = core.db
        self.goals = goals

    def edit_goal(
        self,
        ref: int | str,
        title: str | None = None,
        quarter: str | None = None,
        north_star: bool | None = None,
    ) -> Goal:
        """Change what is given (None keeps it; a blank quarter clears it); one North Star
        at most, so marking this one unmarks the other."""
        with self.core.writing():
            goal = self.goals.find_goal(ref)
            changes: dict[str, object] = {}
            if title is not None:
                changes["title"] = title
            if quarter is not None:
                changes["quarter"] = quarter_name(quarter)
            if north_star is not None:
                changes["north_star"] = north_star
            try:
                edited = Goal.model_validate({**goal.model_dump(), **changes})
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            planning.update_goal(self.db, edited)
            for field in ("title", "quarter", "north_star"):
                old, new = getattr(goal, field), getattr(edited, field)
                if old != new:
                    name = field.replace("_", " ")
                    was, now = (yes_no(old), yes_no(new)) if field == "north_star" else (old, new)
                    self.core.log(self.core.event("goal", None, name, was, now, ref=f"G{goal.id}"))
            return self.goals.goal(goal.id or 0)

    def archive_goal(self, ref: int | str, restore: bool = False) -> Goal:
        """Archive a goal (it leaves the lists, reports and pickers; its key results and
        check-ins stay), or bring an archived one back."""
        with self.core.writing():
            goal = self.goals.find_goal(ref)
            if (goal.archived_at is not None) != restore:
                return goal
            edited = goal.model_copy(update={"archived_at": None if restore else self.core.now()})
            planning.update_goal(self.db, edited)
            said = ("archived", "live") if restore else ("live", "archived")
            self.core.log(self.core.event("goal", None, "archived", *said, ref=f"G{goal.id}"))
            return self.goals.goal(goal.id or 0)

    def edit_key_result(
        self,
        goal_ref: int | str,
        metric: str,
        new_metric: str | None = None,
        baseline: float | None = None,
        target: float | None = None,
    ) -> KeyResult:
        """Rename a key result or set its baseline or target again; its check-ins stay
        (with none yet, its current value follows the baseline)."""
        with self.core.writing():
            kr = self.goals.key_result_of(self.goals.find_goal(goal_ref), metric)
            changes: dict[str, object] = {}
            if new_metric is not None:
                changes["metric"] = folded_spaces(new_metric)
                if not changes["metric"]:
                    raise InvalidInputError("a key result needs a metric: name what is measured")
            if baseline is not None:
                changes["baseline"] = baseline
            if target is not None:
                changes["target"] = target
            try:
                edited = KeyResult.model_validate({**kr.model_dump(), **changes})
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            settle_current(edited)
            planning.update_key_result(self.db, edited)
            for field in ("metric", "baseline", "target"):
                old, new = getattr(kr, field), getattr(edited, field)
                if old != new:
                    self.core.log(
                        self.core.event("key-result-edit", None, field, old, new, ref=kr.key)
                    )
            return edited

    def edit_checkin(
        self,
        goal_ref: int | str,
        metric: str,
        which: str,
        value: float | None = None,
        confidence: str | None = None,
        note: str | None = None,
    ) -> CheckIn:
        """Correct a check-in (named by day or id): its value, confidence ("none" clears
        it) or note (blank clears it); the log keeps what it was. The key result's
        current value follows its latest check-in."""
        with self.core.writing():
            kr = self.goals.key_result_of(self.goals.find_goal(goal_ref), metric)
            checkin = find_checkin(kr, which)
            changes: dict[str, object] = {}
            if value is not None:
                changes["value"] = value
            if confidence is not None:
                blank = confidence.strip().lower() in NO_CONFIDENCE
                changes["confidence"] = None if blank else parse_confidence(confidence)
            if note is not None:
                changes["note"] = note
            try:
                edited = CheckIn.model_validate({**checkin.model_dump(), **changes})
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            if edited == checkin:
                return checkin
            planning.update_checkin(self.db, edited)
            kr.checkins = [edited if c.id == checkin.id else c for c in kr.checkins]
            self._settle(kr, checkin, edited)
            return edited

    def delete_checkin(self, goal_ref: int | str, metric: str, which: str) -> CheckIn:
        """Delete a check-in made by mistake (named by day or id); the log keeps what it
        was, and the key result's current value falls back to the latest one left."""
        with self.core.writing():
            kr = self.goals.key_result_of(self.goals.find_goal(goal_ref), metric)
            checkin = find_checkin(kr, which)
            planning.delete_checkin(self.db, checkin.id or 0)
            kr.checkins = [c for c in kr.checkins if c.id != checkin.id]
            self._settle(kr, checkin, None)
            return checkin

    def _settle(self, kr: KeyResult, was: CheckIn, now: CheckIn | None) -> None:
        settle_current(kr)
        planning.update_key_result(self.db, kr)
        self.core.log(
            self.core.event(
                "check-in",
                None,
                kr.metric,
                checkin_said(was),
                checkin_said(now) if now is not None else None,
                note="corrected" if now is not None else "deleted",
                ref=f"{kr.key} #{was.id}",
            )
        )
