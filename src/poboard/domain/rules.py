"""The gates and the arithmetic of the board, as pure functions.

Every interface reaches these through `board.py`; nothing else decides readiness,
acceptance, score or rollover.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from .errors import Code, Refusal
from .models import (
    CLOSED_STATUSES,
    Criterion,
    CriterionState,
    Item,
    ItemRow,
    Kind,
    SprintState,
    Status,
)
from .planning import Sprint
from .readiness import READY_FIELDS, ReadyField, labels

# The score's arithmetic lives in `scoring`; every interface reaches it from here.
from .scoring import input_scorer as input_scorer
from .scoring import score as score
from .scoring import score_explained as score_explained
from .scoring import scorer as scorer
from .settings import DEFAULT_READY

AnyItem = Item | ItemRow  # a whole item, or a list's row of it


ReadyRule = Mapping[str, Sequence[ReadyField]]  # kind's value → what it needs (settings.ready)


def ready_needs(kind: Kind, rule: ReadyRule | None = None) -> tuple[ReadyField, ...]:
    """What the Definition of Ready asks of this kind: the team's rule, else the default."""
    if rule is not None and kind.value in rule:
        return tuple(rule[kind.value])
    return DEFAULT_READY[kind]


def missing_terms(
    needs: Iterable[ReadyField], present: Callable[[ReadyField], object]
) -> list[ReadyField]:
    """The needed fields an item lacks, in a form's order. `present(field)` tells what
    the item holds for it (for criteria: its own, or None)."""
    wanted = set(needs)
    return [f for f in READY_FIELDS if f in wanted and not _filled(present(f))]


def _filled(value: object) -> bool:
    """A blank text is no answer; an estimate of 0 is one."""
    return bool(value.strip()) if isinstance(value, str) else value is not None


def missing_for_ready(item: Item, rule: ReadyRule | None = None) -> list[ReadyField]:
    """What keeps an item from its kind's Definition of Ready, in the order a form shows it."""

    def present(field: ReadyField) -> object:
        if field is ReadyField.CRITERIA:
            return own_criteria(item.criteria) or None
        return getattr(item, field.value)

    return missing_terms(ready_needs(item.kind, rule), present)


def is_ready(item: Item, rule: ReadyRule | None = None) -> bool:
    return not missing_for_ready(item, rule)


def not_ready(item: Item, rule: ReadyRule | None = None) -> Refusal | None:
    """The Definition of Ready's refusal for this item, naming what it lacks."""
    missing = missing_for_ready(item, rule)
    if not missing:
        return None
    return Refusal(Code.NOT_READY, f"#{item.id} is not ready: missing {labels(missing)}")


def commit_refusals(items: Iterable[Item], rule: ReadyRule | None = None) -> list[Refusal]:
    """Why these items may not enter a sprint: each unready one names what it lacks;
    done work was accepted already and is reopened first, not re-planned."""
    reasons = []
    for item in items:
        if item.status is Status.DONE:
            reasons.append(
                Refusal(Code.ALREADY_DONE, f"#{item.id} is done already; reopen it first")
            )
        elif refusal := not_ready(item, rule):
            reasons.append(refusal)
    return reasons


SPRINT_WORK = (Status.TODO, Status.DOING, Status.REVIEW)


def column_entry(
    item: Item,
    target: Status,
    sprint: Sprint | None,
    active: Sprint | None,
    rule: ReadyRule | None = None,
) -> tuple[Sprint | None, list[Refusal]]:
    """To do, Doing and Review hold sprint work. Moving an item there keeps it in its
    open sprint, or commits it to the active sprint through the Definition of Ready.

    `sprint` is the item's sprint now. Returns the sprint the item must be committed to
    (None when it stays where it is), or why it may not move. A planned sprint's items
    wait in To do until it starts; a closed sprint holds only finished work.
    """
    if target not in SPRINT_WORK:
        return None, []
    if sprint is not None and sprint.state is SprintState.ACTIVE:
        return None, []
    if sprint is not None and sprint.state is SprintState.PLANNED:
        if target is Status.TODO:
            return None, []
        text = (
            f"#{item.id} is planned for {sprint.name}, which has not started: "
            f"start {sprint.name} first, or keep it in todo"
        )
        return None, [Refusal(Code.SPRINT_NOT_STARTED, text)]
    if active is None:
        text = (
            f"#{item.id} is in no sprint and no sprint is active: {target.value} holds "
            "sprint work, so plan and start a sprint first"
        )
        return None, [Refusal(Code.NO_ACTIVE_SPRINT, text)]
    refusal = not_ready(item, rule)
    if refusal is not None:
        text = f"{refusal.text}, so it cannot enter {active.name}"
        return None, [Refusal(Code.NOT_READY, text)]
    return active, []


OWNER_SETTINGS = ("product_owners", "definition_of_done", "weights.", "ready.")


def owner_refusal(user: str, product_owners: Sequence[str], what: str) -> Refusal | None:
    """Once a board names product owners, some things are theirs alone to change."""
    if not product_owners or user in product_owners:
        return None
    names = ", ".join(product_owners)
    return Refusal(Code.NOT_PRODUCT_OWNER, f"only the product owners ({names}) may {what}")


STAKEHOLDER_CAN = (
    "a stakeholder reads the whole board, adds requests (poboard request add) and follows "
    "their own (poboard request list --mine), and changes nothing else"
)


def role_refusal(user: str, stakeholder: bool) -> Refusal | None:
    """A stakeholder's write (but a request of their own) is refused: saying what they can."""
    if not stakeholder:
        return None
    return Refusal(Code.NOT_ALLOWED, f"{user} is a stakeholder: {STAKEHOLDER_CAN}")


def triage_refusal(user: str, product_owners: Sequence[str], stakeholder: bool) -> Refusal | None:
    """Product owners triage requests (naming none: the team); never a stakeholder."""
    refusal = role_refusal(user, stakeholder)
    if refusal is None and product_owners:
        return owner_refusal(user, product_owners, "accept, decline or merge a request")
    return refusal


def admin_refusal(
    user: str, product_owners: Sequence[str], served: bool, what: str
) -> Refusal | None:
    """Who may change the members, and every setting, is the product owners' alone over
    `poboard serve`; while the board names none, only the account that serves it (the
    command line on the server) may, so no member can take the board over. Locally,
    once the board names product owners, they alone change the members."""
    if served and not product_owners:
        return Refusal(
            Code.NOT_PRODUCT_OWNER,
            f"the board names no product owner, so only its owner on the server may {what} "
            "(there: poboard config set product_owners NAME)",
        )
    return owner_refusal(user, product_owners, what)


def config_refusal(
    user: str, product_owners: Sequence[str], *keys: str, served: bool = False
) -> Refusal | None:
    """Who accepts, what Done means and how work is ranked are the product owners' to
    change once there are any; the rest of the settings are the team's (over `poboard
    serve`, every setting is the product owners'). Several keys changed at once get one
    refusal naming each of theirs."""
    gated = [key for key in keys if served or key.startswith(OWNER_SETTINGS)]
    if not gated:
        return None
    return admin_refusal(user, product_owners, served, f"change {', '.join(gated)}")


def settled_refusal(before: Item, after: Item) -> Refusal | None:
    """A Done item is settled: its criteria, estimate and (an experiment's) result change
    only once it is reopened (moved out of Done), so what was accepted, the velocity it
    counted for and the decision taken hold; nor does done work become an experiment
    without a decision. (An experiment accepted before results were asked for may still
    be given its first one.)"""
    if before.status is not Status.DONE or after.status is not Status.DONE:
        return None
    changed = []
    if criteria_state(before.criteria) != criteria_state(after.criteria):
        changed.append("criteria")
    if before.estimate != after.estimate:
        changed.append("estimate")
    if after.kind is Kind.EXPERIMENT and before.result not in (None, after.result):
        changed.append("result")
    elif undecided(after) and not undecided(before):
        changed.append("kind")
    if not changed:
        return None
    are = "are" if len(changed) > 1 or changed == ["criteria"] else "is"
    return Refusal(
        Code.REOPEN_FIRST,
        f"#{before.id} is done, so its {' and '.join(changed)} {are} settled: reopen it "
        "first (move it out of done)",
    )


def criteria_state(criteria: Iterable[Criterion]) -> list[tuple[str, str, bool, str | None]]:
    """What a criterion list says, without who ticked it when."""
    return [(c.text, c.state.value, c.dod, c.reason) for c in criteria]


def own_criteria(criteria: Iterable[Criterion]) -> list[Criterion]:
    """The item's own criteria, without the lines copied from the Definition of Done."""
    return [c for c in criteria if not c.dod]


def is_settled(criterion: Criterion) -> bool:
    return criterion.state is CriterionState.MET or (
        criterion.state is CriterionState.WAIVED and bool(criterion.reason)
    )


def unsettled(criteria: Iterable[Criterion]) -> int:
    """How many criteria are neither met nor waived with a reason (kept with the row)."""
    return sum(1 for c in criteria if not is_settled(c))


def dod_lines_to_attach(item: Item, definition_of_done: Sequence[str]) -> list[str]:
    """Definition of Done lines the item does not carry yet (attached when committed)."""
    present = {c.text for c in item.criteria if c.dod}
    return [line for line in definition_of_done if line not in present]


def acceptance_refusals(
    item: Item,
    user: str,
    product_owners: Sequence[str],
    definition_of_done: Sequence[str],
) -> list[Refusal]:
    """Every reason the item may not reach Done now; empty means it may. An experiment
    is accepted with its decision: its result is part of what Done means for it."""
    reasons: list[Refusal] = []
    hint = "" if item.status is Status.REVIEW else "; move it to review"
    if owner := owner_refusal(user, product_owners, f"accept{hint}"):
        reasons.append(owner)
    if not own_criteria(item.criteria):
        reasons.append(Refusal(Code.NO_CRITERIA, "it has no acceptance criteria"))
    for n, criterion in enumerate(item.criteria, start=1):
        if is_settled(criterion):
            continue
        label = "Definition of Done" if criterion.dod else "criterion"
        if criterion.state is CriterionState.WAIVED:
            text = f'{label} {n} "{criterion.text}" is waived without a reason'
            reasons.append(Refusal(Code.WAIVER_WITHOUT_REASON, text))
        else:
            reasons.append(Refusal(Code.CRITERIA_OPEN, f'{label} {n} "{criterion.text}" is open'))
    for line in dod_lines_to_attach(item, definition_of_done):
        text = (
            f'Definition of Done "{line}" is not on #{item.id} yet: it is added when the '
            "item enters a sprint"
        )
        reasons.append(Refusal(Code.DOD_MISSING, text))
    if undecided(item):
        reasons.append(Refusal(Code.EXPERIMENT_UNDECIDED, UNDECIDED_TEXT))
    elif unexplained(item):
        text = (
            f"the experiment's decision ({item.result}) has no note: record what was "
            "learned with it"
        )
        reasons.append(Refusal(Code.EXPERIMENT_UNDECIDED, text))
    return reasons


def move_to_done_refusals(
    item: Item,
    user: str,
    product_owners: Sequence[str],
    definition_of_done: Sequence[str],
) -> list[Refusal]:
    """Why this user may not move the item to Done. Accepting is the product owners'
    whatever the item's state: a Done item accepted again stays as it is for them (it
    was accepted already) and is refused to anyone else, so a member never reads an
    acceptance as theirs. Work not yet Done passes the whole acceptance gate."""
    if item.status is not Status.DONE:
        return acceptance_refusals(item, user, product_owners, definition_of_done)
    owner = owner_refusal(user, product_owners, "accept; it is done already")
    return [owner] if owner else []


def undecided(item: AnyItem) -> bool:
    """An experiment without its result (ship, iterate or kill) has not been decided."""
    return item.kind is Kind.EXPERIMENT and item.result is None


def unexplained(item: AnyItem) -> bool:
    """An experiment decided without a note of what was learned is not decided yet."""
    note = item.result_note
    return item.kind is Kind.EXPERIMENT and item.result is not None and not (note and note.strip())


UNDECIDED_TEXT = (
    "the experiment is undecided: record its result: ship, iterate or kill, with a note"
)


def is_reopen(old: Status, new: Status) -> bool:
    """Leaving Done for any other state is rework."""
    return old is Status.DONE and new is not Status.DONE


def open_blockers(item: AnyItem, statuses: Mapping[int, Status]) -> list[int]:
    """The items blocking this one that are neither done nor dropped."""
    return [b for b in item.blocked_by if statuses.get(b) not in CLOSED_STATUSES]


def blocker_cycle(
    item_id: int, blocked_by: Iterable[int], links: Mapping[int, Sequence[int]]
) -> list[int] | None:
    """The chain that would lead back to the item if it were blocked by `blocked_by`,
    given who blocks whom now (`links`: item → its blockers): [3, 6, 3] when #6, which
    #3 would wait for, waits for #3. None when no chain closes."""
    for first in blocked_by:
        path = [item_id, first]
        stack = [iter(links.get(first, ()))]
        seen = {first}
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                path.pop()
            elif step == item_id:
                return [*path, item_id]
            elif step not in seen:
                seen.add(step)
                path.append(step)
                stack.append(iter(links.get(step, ())))
    return None


def cycle_refusal(cycle: Sequence[int]) -> Refusal:
    """Blockers may not wait on each other in a ring: the refusal names the ring."""
    chain = " → ".join(f"#{n}" for n in cycle)
    return Refusal(
        Code.BLOCKER_CYCLE,
        f"#{cycle[0]} cannot be blocked by #{cycle[1]}: the blockers would form a cycle "
        f"({chain}, each blocked by the next)",
    )


def rollover(items: Iterable[Item]) -> tuple[list[Item], list[Item]]:
    """Split a closing sprint's items into (done, carried over); dropped items stay put."""
    done: list[Item] = []
    carried: list[Item] = []
    for item in items:
        if item.status is Status.DONE:
            done.append(item)
        elif item.status is not Status.DROPPED:
            carried.append(item)
    return done, carried


def last_closed(sprints: Iterable[Sprint]) -> Sprint | None:
    """The sprint that ended (and closed) most recently."""
    closed = [s for s in sprints if s.state is SprintState.CLOSED]
    return max(closed, key=lambda s: (s.end, s.closed_at or "", s.id or 0), default=None)


def velocity(done: Iterable[AnyItem]) -> int:
    return sum(item.estimate or 0 for item in done)


def points(items: Iterable[AnyItem]) -> int:
    return sum(item.estimate or 0 for item in items if item.status is not Status.DROPPED)


def wip_breaches(counts: Mapping[str, int], limits: Mapping[str, int | None]) -> dict[str, str]:
    """Columns over their WIP limit, with the text a header shows ("4/3 WIP")."""
    breaches: dict[str, str] = {}
    for column, limit in limits.items():
        if limit is not None and counts.get(column, 0) > limit:
            breaches[column] = f"{counts[column]}/{limit} WIP"
    return breaches
