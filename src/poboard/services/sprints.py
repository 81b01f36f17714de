"""The sprint lifecycle: new, commit (Definition of Ready), start, close with rollover,
velocity and whether the sprint goal was met."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import ValidationError

from ..domain import rules
from ..domain.errors import Code, GateRefusal, InvalidInputError, NotFoundError, refuse
from ..domain.models import GoalMet, Item, SprintState, Status, parse_time
from ..domain.planning import Sprint
from ..domain.safe_text import folded_spaces, trimmed
from ..domain.text_types import plain_line
from ..store import item_rows, planning
from ..store import items as item_store
from .core import BoardCore, parse_choice, validation_message
from .items import Items


@dataclass
class CloseResult:
    sprint: Sprint
    done: list[int]
    carried: list[int]
    destination: str


@dataclass(frozen=True)
class SprintProgress:
    """The numbers a sprint header shows."""

    sprint: Sprint
    committed: int
    done: int
    days_left: int


def progress_of(sprint: Sprint, items: Sequence[rules.AnyItem], today: date) -> SprintProgress:
    """Committed and done points and days left, from the sprint's items."""
    done = [i for i in items if i.status is Status.DONE]
    return SprintProgress(
        sprint=sprint,
        committed=rules.points(items),
        done=rules.points(done),
        days_left=days_left(sprint, today),
    )


def days_left(sprint: Sprint, today: date) -> int:
    """Sprint days from today to its last, today included; a sprint not started yet
    counts from its planned start, one that started early from today."""
    first = today if sprint.state is SprintState.ACTIVE else max(today, sprint.start)
    return max(0, (sprint.end - first).days + 1)


def sprint_timing(sprint: Sprint, today: date) -> str:
    """Where a sprint stands in time, as people say it: "3 days left", "starts in 4
    days", "ended Dec 06"."""

    def days(n: int) -> str:
        return f"{n} day{'' if n == 1 else 's'}"

    if sprint.state is SprintState.CLOSED:
        closed = parse_time(sprint.closed_at or "")
        return f"ended {min(sprint.end, closed.date()) if closed else sprint.end:%b %d}"
    if sprint.state is SprintState.PLANNED:
        until = (sprint.start - today).days
        if until > 0:
            return f"starts in {days(until)}"
        return "starts today" if until == 0 else f"was to start {sprint.start:%b %d}"
    return f"{days(days_left(sprint, today))} left"


class Sprints:
    """Sprints: planning, commitment through the Definition of Ready, the start
    (early only when asked) and the close with carry-over. Moves items and attaches the
    Definition of Done through `items`."""

    def __init__(self, core: BoardCore, items: Items) -> None:
        self.core = core
        self.db = core.db
        self.items = items

    def all(self) -> list[Sprint]:
        return planning.load_sprints(self.db)

    def active(self) -> Sprint | None:
        return planning.active_sprint(self.db)

    def progress(self, sprint: Sprint, today: date) -> SprintProgress:
        rows = item_rows.select_rows(self.db, sprint_id=sprint.id)
        return progress_of(sprint, rows, today)

    # ----- sprints -------------------------------------------------------------------------

    # ----- sprints -------------------------------------------------------------------------

    def new_sprint(self, name: str, goal: str, start: date, end: date, capacity: int) -> Sprint:
        try:
            sprint = Sprint(name=name, goal=trimmed(goal), start=start, end=end, capacity=capacity)
        except ValidationError as error:
            raise InvalidInputError(validation_message(error)) from None
        with self.core.writing():
            if planning.load_sprint(self.db, name=sprint.name) is not None:
                raise InvalidInputError(f"a sprint named {sprint.name!r} already exists")
            sprint.id = planning.insert_sprint(self.db, sprint)
            self.core.log(self.core.event("sprint", None, "sprint", None, f"{sprint.name} planned"))
        return sprint

    def find_sprint(self, name: str) -> Sprint:
        """A sprint by name; `current` is the active one."""
        if name == "current":
            found = planning.active_sprint(self.db)
            if found is None:
                raise NotFoundError("no sprint is active")
            return found
        found = planning.load_sprint(self.db, name=name)
        if found is None:
            raise NotFoundError(f"no sprint is named {name!r}")
        return found

    def planning_target(self) -> Sprint:
        """Where commits go by default: the active sprint, else the next planned one."""
        active = planning.active_sprint(self.db)
        if active is not None:
            return active
        planned = self.next_planned()
        if planned is None:
            raise refuse(Code.NO_SPRINT, "no sprint to commit to: plan one first")
        return planned

    def start_sprint(self, name: str, *, early: bool = True) -> Sprint:
        """Start a planned sprint, recording the moment it started. Before its planned
        first day only when `early` (the interfaces ask first: `starts_early`)."""
        with self.core.writing():
            sprint = self.find_sprint(name)
            if sprint.state is not SprintState.PLANNED:
                code = (
                    Code.SPRINT_ACTIVE if sprint.state is SprintState.ACTIVE else Code.SPRINT_CLOSED
                )
                raise refuse(
                    code, f"{sprint.name} is {sprint.state.value}; only a planned sprint starts"
                )
            active = planning.active_sprint(self.db)
            if active is not None:
                raise refuse(Code.SPRINT_ACTIVE, f"{active.name} is still active; close it first")
            if not early and self.starts_early(sprint):
                raise refuse(
                    Code.SPRINT_NOT_DUE,
                    f"{sprint.name} is planned to start {sprint.start:%a %b %d}, not today",
                )
            self.apply_definition_of_done(self._sprint_items(sprint))
            sprint.state = SprintState.ACTIVE
            sprint.started_at = self.core.now()
            sprint.committed_points = rules.points(self._sprint_items(sprint))  # at the start
            planning.update_sprint(self.db, sprint)
            self.core.log(
                self.core.event("sprint", None, "state", "planned", f"{sprint.name} active")
            )
        return sprint

    def starts_early(self, sprint: Sprint) -> bool:
        """Whether starting the sprint now would start it before its planned first day."""
        return sprint.state is SprintState.PLANNED and sprint.start > self.core.today()

    def commit(self, keys: Sequence[str | int], sprint_name: str | None = None) -> list[int]:
        """Commit items through the Definition of Ready: all of them, or none."""
        with self.core.writing():
            sprint = self.find_sprint(sprint_name) if sprint_name else self.planning_target()
            if sprint.state is SprintState.CLOSED:
                raise refuse(Code.SPRINT_CLOSED, f"{sprint.name} is closed")
            items = [self.core.item(key) for key in keys]
            refusals = rules.commit_refusals(items, self.core.settings().ready)
            if refusals:
                raise GateRefusal(refusals, item_id=items[0].id if len(items) == 1 else None)
            settings = self.core.settings()

            def apply(target: Item) -> None:
                target.sprint_id = sprint.id
                planned = sprint.state is SprintState.PLANNED
                if planned or target.status in (Status.BACKLOG, Status.DROPPED):
                    target.status = Status.TODO
                self.items.attach_dod(target, settings)

            for item in items:
                self.core.change(item.id or 0, None, apply)
        return [i.id or 0 for i in items]

    def uncommit(self, key: str | int, expected_version: int | None = None) -> None:
        with self.core.writing():
            item = self.core.item(key)
            if item.sprint_id is None:
                raise refuse(Code.NOT_IN_SPRINT, f"#{item.id} is not in a sprint", item.id)
            sprint = planning.load_sprint(self.db, sprint_id=item.sprint_id)
            if sprint is not None and sprint.state is SprintState.CLOSED:
                raise refuse(
                    Code.SPRINT_CLOSED,
                    f"#{item.id} belongs to the closed sprint {sprint.name}",
                    item.id,
                )
            if item.status is Status.DONE:
                raise refuse(
                    Code.REOPEN_FIRST,
                    f"#{item.id} is done in {sprint.name if sprint else 'its sprint'}: "
                    "reopen it first",
                    item.id,
                )
            self.items.move(key, Status.BACKLOG, expected_version)

    def apply_definition_of_done(self, items: Sequence[Item]) -> None:
        """Bring open sprint work in line with the board's Definition of Done: lines it
        lacks are added; open lines the Definition no longer holds are taken off."""
        settings = self.core.settings()
        lines = set(settings.definition_of_done)

        def apply(target: Item) -> None:
            target.criteria = [
                c
                for c in target.criteria
                if not (c.dod and c.text not in lines and not rules.is_settled(c))
            ]
            self.items.attach_dod(target, settings)

        for item in items:
            if item.status in rules.SPRINT_WORK:
                self.core.change(item.id or 0, None, apply)

    def open_sprint_items(self) -> list[Item]:
        """Work in the active and planned sprints that is not finished."""
        states = (SprintState.ACTIVE.value, SprintState.PLANNED.value)
        return item_store.load_items(
            self.db,
            "sprint_id IN (SELECT id FROM sprints WHERE state IN (?, ?)) "
            "AND status IN ('todo', 'doing', 'review')",
            states,
        )

    def _sprint_items(self, sprint: Sprint) -> list[Item]:
        return item_store.load_items(self.db, "sprint_id = ?", [sprint.id])

    def sprint_items(self, name: str = "current") -> list[Item]:
        return self._sprint_items(self.find_sprint(name))

    def close_sprint(
        self,
        to: str = "backlog",
        reason: str | None = None,
        decisions: Mapping[int, tuple[str, str | None]] | None = None,
        goal_met: GoalMet | str | None = None,
        goal_note: str | None = None,
    ) -> CloseResult:
        """Close the active sprint: record velocity and whether its goal was met (with a
        note), carry every unfinished item over.

        `decisions` may send single items elsewhere ("backlog" or "next") with their own
        reason; the rest follow `to` and `reason`.
        """
        chosen = {item_id: (dest, why) for item_id, (dest, why) in (decisions or {}).items()}
        if any(dest not in ("backlog", "next") for dest in [to, *(d for d, _ in chosen.values())]):
            raise InvalidInputError("unfinished items go to backlog or next")
        met = None
        if goal_met is not None:
            met = parse_choice(
                GoalMet, str(goal_met).strip().lower(), "goal met {value} should be one of {names}"
            )
        note = plain_line(folded_spaces(goal_note or ""), "goal note") or None
        for why in (reason, *(why for _, why in chosen.values())):
            plain_line(why or "", "reason")
        if note is not None and met is None:
            raise InvalidInputError(
                "a note on the sprint goal goes with whether it was met: yes, partly or no"
            )
        with self.core.writing():
            sprint = planning.active_sprint(self.db)
            if sprint is None:
                raise refuse(Code.NO_ACTIVE_SPRINT, "no sprint is active")
            done, carried = rules.rollover(self._sprint_items(sprint))
            plans = {i.id or 0: chosen.get(i.id or 0, (to, reason)) for i in carried}
            following = None
            if any(dest == "next" for dest, _ in plans.values()):
                following = self.next_planned()
                if following is None:
                    raise refuse(
                        Code.NO_NEXT_SPRINT, "no planned sprint to carry into; plan one first"
                    )
            for item in carried:
                dest, why = plans[item.id or 0]
                target = following if dest == "next" else None
                self._carry(
                    item,
                    target.id if target else None,
                    sprint.name,
                    target.name if target else "backlog",
                    why,
                )
            sprint.state = SprintState.CLOSED
            sprint.velocity = rules.velocity(done)
            sprint.committed_points = rules.points(done) + rules.points(carried)
            sprint.closed_at = self.core.now()
            sprint.goal_met, sprint.goal_note = met, note
            planning.update_sprint(self.db, sprint)
            outcome = "" if met is None else f"; goal met: {met.value}"
            outcome += f" — {note}" if note else ""
            self.core.log(
                self.core.event(
                    "sprint",
                    None,
                    "state",
                    "active",
                    f"{sprint.name} closed",
                    note=f"velocity {sprint.velocity}{outcome}",
                )
            )
        destinations = {dest for dest, _ in plans.values()} or {to}
        destination = " and ".join(
            sorted(following.name if d == "next" and following else "backlog" for d in destinations)
        )
        return CloseResult(
            sprint, [i.id or 0 for i in done], [i.id or 0 for i in carried], destination
        )

    def next_planned(self) -> Sprint | None:
        """The earliest planned sprint: where carried-over work goes next."""
        planned = [s for s in planning.load_sprints(self.db) if s.state is SprintState.PLANNED]
        return planned[0] if planned else None

    def _carry(
        self, item: Item, sprint_id: int | None, old_name: str, destination: str, reason: str | None
    ) -> None:
        settings = self.core.settings()

        def apply(target: Item) -> None:
            """Carried into the next sprint, the work starts again in its To do."""
            target.slipped += 1
            target.sprint_id = sprint_id
            target.status = Status.BACKLOG if sprint_id is None else Status.TODO
            if sprint_id is not None:
                self.items.attach_dod(target, settings)

        self.core.change(item.id or 0, None, apply)
        self.core.log(
            self.core.event(
                "rollover", item.id, "sprint", old_name, destination, note=reason or None
            )
        )
