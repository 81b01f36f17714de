"""Item writes: add, edit, move (through the acceptance gate), criteria, and rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ..domain import rules
from ..domain.errors import GateRefusal, InvalidInputError
from ..domain.models import (
    CLOSED_STATUSES,
    Criterion,
    CriterionState,
    Event,
    Item,
    ItemRow,
    Kind,
    SprintState,
    Status,
    template_missing,
)
from ..domain.planning import Sprint
from ..domain.readiness import Notice, NoticeCode
from ..domain.settings import Settings
from ..domain.text_types import plain_line
from ..store import events as event_store
from ..store import item_rows, planning
from ..store import items as item_store
from .core import BoardCore, parse_choice, validation_message


@dataclass
class MoveResult:
    """The item as it stands after a move, and what the move warns of."""

    item: Item
    warnings: list[Notice] = field(default_factory=list)


# What a move writes: a teammate's change to anything else since the mover looked (a
# criterion ticked, a description) does not clash with it (see `Items.move`).
MOVE_TOUCHES = frozenset({"status", "sprint_id"})

# Status and sprint change only through move/commit (the gates); where an item was
# imported from names it for the next import (see sources); the rest is bookkeeping.
NOT_EDITABLE = frozenset(
    {
        "id",
        "source",
        "source_key",
        "status",
        "sprint_id",
        "slipped",
        "rank",
        "version",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
    }
)


def refuse_not_editable(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(Item.model_fields)
    if unknown:
        raise InvalidInputError(f"items have no field {sorted(unknown)[0]!r}")
    fixed = sorted(set(fields) & NOT_EDITABLE)
    if fixed:
        hint = {
            "status": " (use move)",
            "sprint_id": " (use sprint commit)",
            "source": " (set by import)",
            "source_key": " (set by import)",
        }.get(fixed[0], "")
        raise InvalidInputError(f"{fixed[0]} cannot be set directly{hint}")


class Items:
    """Item writes (add, edit, move through the acceptance gate, criteria, rank,
    blockers) and one item read whole, with its history."""

    def __init__(self, core: BoardCore) -> None:
        self.core = core
        self.db = core.db

    def get(self, key: str | int) -> Item:
        """One item, whole (criteria, blockers); `12` and `#12` both name item 12."""
        return self.core.item(key)

    def all(self) -> list[Item]:
        return item_store.load_items(self.db)

    def count(self) -> int:
        return item_store.count_items(self.db)

    def history(self, key: str | int) -> list[Event]:
        return event_store.for_item(self.db, self.core.item(key).id or 0)

    def add(self, title: str, criteria: Sequence[str | Criterion] = (), **fields: Any) -> Item:
        """A new item at the bottom of the backlog, in one write. Its kind's template
        criteria (a launch's readiness checklist) come first unless already given."""
        refuse_not_editable(fields)
        now = self.core.now()
        try:
            given = [c if isinstance(c, Criterion) else Criterion(text=c) for c in criteria]
            template = template_missing(fields.get("kind", Kind.STORY), (c.text for c in given))
            merged = [Criterion(text=t) for t in template] + given
            for criterion in merged:
                if criterion.state is not CriterionState.OPEN and criterion.by is None:
                    criterion.by, criterion.at = self.core.user, now
            item = Item(
                title=title,
                criteria=[c.model_copy(update={"n": n}) for n, c in enumerate(merged, 1)],
                created_by=self.core.user,
                created_at=now,
                updated_by=self.core.user,
                updated_at=now,
                **fields,
            )
        except ValidationError as error:
            raise InvalidInputError(validation_message(error)) from None
        with self.core.writing():
            self.align_goal(item, goal_given=item.goal_id is not None)
            self.core.check_references(item)
            item.rank = item_store.rank_bounds(self.db)[1] + 1
            item.id = self.core.insert(item)
            self.core.log(*self.core.creation_events(item))
        return self.core.item(item.id)

    def edit(
        self,
        key: str | int,
        changes: dict[str, Any],
        expected_version: int | None = None,
        append_criteria: Sequence[str] = (),
        unblock: Sequence[int] = (),
    ) -> Item:
        """Change fields (criteria included) and append criteria, as one versioned change;
        status and sprint change only through the gates. `unblock` removes those blockers
        from the ones the item has when the change is made."""
        refuse_not_editable(changes)
        if unblock and "blocked_by" in changes:
            raise InvalidInputError("give the blockers, or the ones to remove, not both")
        try:
            appended = [Criterion(text=text) for text in append_criteria]
        except ValidationError as error:
            raise InvalidInputError(validation_message(error)) from None

        def apply(item: Item) -> None:
            data = item.model_dump()
            data.update(changes)
            if unblock:
                data["blocked_by"] = self.unblocked(item, unblock)
            try:
                updated = Item.model_validate(data)
            except ValidationError as error:
                raise InvalidInputError(validation_message(error)) from None
            given = "goal_id" in changes and updated.goal_id != item.goal_id
            self.align_goal(updated, goal_given=given)
            self.core.check_references(updated)
            self.refuse_cycle(item, updated.blocked_by)
            for criterion in updated.criteria:
                settled = criterion.state is not CriterionState.OPEN
                if settled and criterion.by is None:
                    criterion.by, criterion.at = self.core.user, self.core.now()
                elif not settled:
                    criterion.by = criterion.at = criterion.reason = None
            added = list(appended)
            if updated.kind is not item.kind and updated.status not in CLOSED_STATUSES:
                # a new kind's template (a launch's checklist) joins the item's criteria
                texts = [c.text for c in (*updated.criteria, *appended)]
                added += [Criterion(text=t) for t in template_missing(updated.kind, texts)]
            for name in Item.model_fields:
                setattr(item, name, getattr(updated, name))
            for criterion in added:
                item.criteria.append(criterion.model_copy(update={"n": len(item.criteria) + 1}))

        return self.core.change(key, expected_version, apply)

    def move(
        self,
        key: str | int,
        status: Status | str,
        expected_version: int | None = None,
        seen: Item | ItemRow | None = None,
    ) -> MoveResult:
        """Move an item. Done passes the acceptance gate (only a product owner moves an
        item there, even one there already); To do, Doing and Review hold sprint work, so
        an item from outside the sprint enters it through the Definition of Ready (see
        `rules.column_entry`). Given the item as the mover `seen` it, a teammate's change
        since to anything but its status and sprint (a criterion ticked) does not stop
        the move: the gates judge the item as it is now (`BoardCore.change`)."""
        if seen is not None and expected_version is None:
            expected_version = seen.version
        target = parse_choice(Status, status, "{value} is not a status; use one of {names}")
        warnings: list[Notice] = []

        def apply(item: Item) -> None:
            settings = self.core.settings()
            if target is Status.DONE:
                refusals = rules.move_to_done_refusals(
                    item, self.core.user, settings.product_owners, settings.definition_of_done
                )
                if refusals:
                    raise GateRefusal(
                        refusals,
                        f"#{item.id} can't move to done: " + "; ".join(map(str, refusals)),
                        item.id,
                    )
            sprint = self.sprint_of(item)
            joining, refusals = rules.column_entry(
                item, target, sprint, planning.active_sprint(self.db), settings.ready
            )
            if refusals:
                raise GateRefusal(refusals, item_id=item.id)
            if joining is not None:
                item.sprint_id = joining.id
            if target in rules.SPRINT_WORK:
                self.attach_dod(item, settings)
            if (
                target is Status.BACKLOG
                and sprint is not None
                and sprint.state is not SprintState.CLOSED
            ):
                item.sprint_id = None
            if target is Status.DOING and item.status is not Status.DOING:
                blockers = rules.open_blockers(item, item_store.statuses(self.db, item.blocked_by))
                if blockers:
                    names = ", ".join(f"#{b}" for b in blockers)
                    text = f"#{item.id} is blocked by {names}"
                    warnings.append(Notice(NoticeCode.BLOCKED, text))
            item.status = target
            warnings.extend(self._wip_warnings(item, settings))

        moved = self.core.change(key, expected_version, apply, seen=seen, touches=MOVE_TOUCHES)
        return MoveResult(moved, warnings)

    def align_goal(self, item: Item, goal_given: bool) -> None:
        """An item that serves a key result serves its goal: the goal follows the key
        result; a goal given (or changed) alongside that is not the key result's is
        refused rather than one of the two quietly winning."""
        if item.key_result_id is None:
            return
        found = planning.key_result_goal(self.db, item.key_result_id)
        if found is None:
            raise InvalidInputError(f"key result {item.key_result_id} does not exist")
        goal_id, metric = found
        if goal_given and item.goal_id != goal_id:
            kr = f"key result KR{item.key_result_id} ({metric}) belongs to G{goal_id}"
            raise InvalidInputError(
                f"{kr}: unlink the key result to leave the item without a goal"
                if item.goal_id is None
                else f"{kr}, not G{item.goal_id}: choose a key result of G{item.goal_id}, or none"
            )
        item.goal_id = goal_id

    @staticmethod
    def unblocked(item: Item, unblock: Sequence[int]) -> list[int]:
        """The item's blockers without those named; naming one it does not have is refused."""
        for other in unblock:
            if other not in item.blocked_by:
                raise InvalidInputError(f"#{item.id} is not blocked by #{other}")
        return [b for b in item.blocked_by if b not in unblock]

    def refuse_cycle(self, item: Item, blocked_by: Sequence[int]) -> None:
        """New blockers may not close a ring of items each waiting for the next."""
        added = [b for b in blocked_by if b not in item.blocked_by]
        if not added or item.id is None:
            return
        cycle = rules.blocker_cycle(item.id, added, item_rows.blocker_links(self.db))
        if cycle is not None:
            raise GateRefusal(rules.cycle_refusal(cycle), item_id=item.id)

    def sprint_of(self, item: Item) -> Sprint | None:
        if item.sprint_id is None:
            return None
        return planning.load_sprint(self.db, sprint_id=item.sprint_id)

    def accept(self, key: str | int, expected_version: int | None = None) -> MoveResult:
        return self.move(key, Status.DONE, expected_version)

    def check(self, key: str | int, n: int, expected_version: int | None = None) -> Item:
        return self._set_criterion(key, n, CriterionState.MET, None, expected_version)

    def uncheck(self, key: str | int, n: int, expected_version: int | None = None) -> Item:
        return self._set_criterion(key, n, CriterionState.OPEN, None, expected_version)

    def waive(
        self, key: str | int, n: int, reason: str, expected_version: int | None = None
    ) -> Item:
        if not reason.strip():
            raise InvalidInputError("a waiver needs a reason")
        text = plain_line(reason.strip(), "reason")
        return self._set_criterion(key, n, CriterionState.WAIVED, text, expected_version)

    def _set_criterion(
        self,
        key: str | int,
        n: int,
        state: CriterionState,
        reason: str | None,
        expected_version: int | None,
    ) -> Item:
        def apply(item: Item) -> None:
            if not 1 <= n <= len(item.criteria):
                raise InvalidInputError(
                    f"#{item.id} has no criterion {n} (it has {len(item.criteria)})"
                )
            criterion = item.criteria[n - 1]
            settled = state is not CriterionState.OPEN
            criterion.state = state
            criterion.reason = reason
            criterion.by = self.core.user if settled else None
            criterion.at = self.core.now() if settled else None

        return self.core.change(key, expected_version, apply)

    def attach_dod(self, item: Item, settings: Settings) -> None:
        """Copy the board's Definition of Done onto the item, so it is ticked like a criterion."""
        for line in rules.dod_lines_to_attach(item, settings.definition_of_done):
            item.criteria.append(Criterion(n=len(item.criteria) + 1, text=line, dod=True))

    def _wip_warnings(self, item: Item, settings: Settings) -> list[Notice]:
        column = item.status.value
        limit = settings.wip.get(column)
        if limit is None or item.sprint_id is None:
            return []
        others = item_store.count_in_column(self.db, item.sprint_id, column, item.id or 0)
        breach = rules.wip_breaches({column: others + 1}, {column: limit})
        return [
            Notice(NoticeCode.OVER_WIP, f"{column} is over its WIP limit ({text})")
            for text in breach.values()
        ]

    # ----- rank --------------------------------------------------------------------------

    def rank(
        self,
        key: str | int,
        *,
        top: bool = False,
        bottom: bool = False,
        before: str | int | None = None,
        after: str | int | None = None,
    ) -> Item:
        """Place an item in the manual order. Rank is the board's order, not the item's
        content: it is logged, but does not bump the item's version."""
        anchor_key = before if before is not None else after
        if sum([top, bottom, anchor_key is not None]) != 1 or (before and after):
            raise InvalidInputError("choose one of --top, --bottom, --before KEY, --after KEY")
        with self.core.writing():
            item = self.core.item(key)
            old_position = item_store.rank_position(self.db, item.rank, item.id or 0)
            low, high = item_store.rank_bounds(self.db)
            if top:
                new_rank = low - 1
            elif bottom:
                new_rank = high + 1
            else:
                anchor = self.core.item(anchor_key or 0)
                if anchor.id == item.id:
                    raise InvalidInputError("an item cannot be ranked relative to itself")
                new_rank = self._rank_beside(anchor.id or 0, item.id or 0, before is not None)
            item_store.set_rank(self.db, item.id or 0, new_rank)
            item.rank = new_rank
            new_position = item_store.rank_position(self.db, new_rank, item.id or 0)
            if new_position != old_position:
                self.core.log(self.core.event("rank", item.id, "rank", old_position, new_position))
        return item

    def _rank_beside(self, anchor_id: int, item_id: int, before: bool) -> float:
        """A rank just before or after the anchor, renumbering when the gap runs out."""
        for _ in range(2):
            anchor = self.core.item(anchor_id)
            neighbour = item_store.neighbour_rank(self.db, anchor.rank, before, item_id)
            if neighbour is None:
                return anchor.rank - 1 if before else anchor.rank + 1
            middle = (anchor.rank + neighbour) / 2
            if middle not in (anchor.rank, neighbour):
                return middle
            item_store.renumber_ranks(self.db, item_store.ids_in_rank_order(self.db))
        raise InvalidInputError("could not find room in the rank order")

    def rank_by_score(self) -> int:
        """Reorder the open items by score in one step; done and dropped ones follow."""
        with self.core.writing():
            open_rows = item_rows.select_rows(self.db, open_only=True)
            scored = rules.scorer(self.core.settings().weights)
            blocks = item_rows.blocking_counts(self.db)
            ordered = sorted(open_rows, key=lambda row: -scored(row, blocks.get(row.id, 0)))
            moved = sum(1 for a, b in zip(open_rows, ordered, strict=True) if a.id != b.id)
            opened = {row.id for row in open_rows}
            closed = [i for i in item_store.ids_in_rank_order(self.db) if i not in opened]
            item_store.renumber_ranks(self.db, [row.id for row in ordered] + closed)
            self.core.log(
                self.core.event("rank-by-score", None, "rank", None, f"{moved} items moved")
            )
        return moved
