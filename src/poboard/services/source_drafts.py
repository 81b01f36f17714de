"""What one Jira issue, Trello card or GitHub issue becomes on the board, before the board
places it, and what the gates ask of it: pure functions from a `SourceItem` to an `Item`.

Fields poboard has are filled; what it has no field for (priority, labels, reporter,
parent, due date, the source's sprint and resolution) goes into a footer of the
description, so it stays readable and searchable without inventing fields. Done work
arrives settled, as history: criteria met at the source are met, by its assignee and at
its date; open ones are waived with a reason that says where and when it was accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..domain import rules
from ..domain.models import (
    CLOSED_STATUSES,
    ESTIMATES,
    SOURCE_NAMES,
    Criterion,
    CriterionState,
    Event,
    Horizon,
    Item,
    Kind,
    Status,
    stamp,
    template_missing,
)
from ..domain.readiness import labels

if TYPE_CHECKING:  # the parsers' records load only when an import runs
    from ..importers import SourceCriterion, SourceItem


@dataclass(frozen=True)
class Moments:
    """When things happened at the source, as event times: creation, the last change
    (what a move to todo, doing or review is dated), and closing (done or dropped)."""

    created: str
    changed: str
    closed: str

    def of(self, status: Status) -> str:
        """When the item reached `status` at the source, as far as the export tells."""
        return self.closed if status in (Status.DONE, Status.DROPPED) else self.changed


@dataclass
class Draft:
    """A source item as an item, when things happened to it, and what its history should
    say where a value had to change to fit this board (an estimate, a long title)."""

    item: Item
    moments: Moments
    estimate_note: str | None = None
    title_note: str | None = None
    accepted: str | None = None  # how done work was settled, for the report


TITLE_ROOM = 200  # Item.title's max_length
CRITERION_ROOM = 500  # Criterion.text's


def source_name(source: str) -> str:
    return SOURCE_NAMES.get(source, source)


def moments_of(s: SourceItem, now: str) -> Moments:
    """A missing time falls back to the nearest earlier one the source gave, else now;
    nothing is dated before the item's creation."""
    created = stamp(s.created_at) if s.created_at else now
    changed = max(created, stamp(s.updated_at) if s.updated_at else created)
    closed = max(created, stamp(s.resolved_at) if s.resolved_at else changed)
    return Moments(created, changed, closed)


def snap_estimate(points: float) -> int:
    """The nearest allowed estimate; halfway between two, the larger (plan for more)."""
    return min(ESTIMATES, key=lambda allowed: (abs(allowed - points), -allowed))


def footer(s: SourceItem) -> str:
    """The source's facts that have no field here, one line under a rule."""
    facts = [
        ("priority", s.priority),
        ("labels", ", ".join(s.labels) or None),
        ("reporter", s.reporter),
        ("parent", s.parent),
        ("due", s.due.isoformat() if s.due else None),
        ("sprint", s.sprint),
        ("resolution", s.closed_reason),
    ]
    shown = " · ".join(f"{name} {value}" for name, value in facts if value)
    return f"**From {source_name(s.source)}:** {shown}" if shown else ""


def description_of(s: SourceItem, full_title: str | None = None) -> str:
    """The source's description, headed by the full title when the title had to be
    shortened, with the footer of facts under a rule."""
    body, tail = s.description.strip(), footer(s)
    if full_title:
        body = f"**{full_title}**\n\n{body}".strip()
    if body and tail:
        return f"{body}\n\n---\n\n{tail}"
    return body or tail


def fitted_title(title: str) -> tuple[str, str | None]:
    """A title that fits the board (Jira allows 255 characters, Trello thousands), and
    the note its history gets when it had to be shortened."""
    title = " ".join(title.split())
    if len(title) <= TITLE_ROOM:
        return title, None
    note = f"title shortened to {TITLE_ROOM} characters; the full title heads the description"
    return title[: TITLE_ROOM - 1].rstrip() + "…", note


def acceptance_reason(s: SourceItem, moments: Moments) -> str:
    """Where, when and (if the source says) by whom the work was accepted."""
    who = f" by {s.owner}" if s.owner else ""
    return f"accepted in {source_name(s.source)} on {moments.closed[:10]}{who}"


def draft(s: SourceItem, user: str, now: str) -> Draft:
    """The item as the source has it: status as mapped (an unmapped one waits in the
    backlog), criteria as ticked there, done work settled. Raises ValueError (or
    pydantic's ValidationError) for a value the board cannot hold: a criterion longer
    than a criterion may be."""
    moments = moments_of(s, now)
    estimate, estimate_note = None, None
    if s.estimate is not None:
        estimate = snap_estimate(s.estimate)
        if estimate != s.estimate:
            estimate_note = (
                f"estimate {s.estimate:g} in {source_name(s.source)} is {estimate} here "
                f"(points are {' '.join(map(str, ESTIMATES))})"
            )
    for n, wanted in enumerate(s.criteria, start=1):
        if len(wanted.text.strip()) > CRITERION_ROOM:
            raise ValueError(
                f"acceptance criterion {n} has {len(wanted.text.strip())} characters; "
                f"a criterion holds at most {CRITERION_ROOM}"
            )
    status, kind = s.status or Status.BACKLOG, s.kind or Kind.STORY
    by = s.owner or user
    at = moments.closed if status is Status.DONE else moments.changed
    criteria = [
        Criterion(
            text=c.text,
            state=CriterionState.MET if c.met else CriterionState.OPEN,
            by=by if c.met else None,
            at=at if c.met else None,
        )
        for c in s.criteria
    ]
    if status not in CLOSED_STATUSES:  # open work starts with its kind's checklist, as added
        texts = (c.text for c in criteria)
        criteria = [Criterion(text=t) for t in template_missing(kind, texts)] + criteria
    title, title_note = fitted_title(s.title)
    full_title = " ".join(s.title.split()) if title_note else None
    item = Item(
        title=title,
        kind=kind,
        description=description_of(s, full_title),
        owner=s.owner,
        estimate=estimate,
        horizon=s.horizon or Horizon.UNPLANNED,
        status=status,
        criteria=[c.model_copy(update={"n": n}) for n, c in enumerate(criteria, start=1)],
        source=s.source,
        source_key=s.key,
        source_url=s.url,
        created_by=s.reporter or user,
        created_at=moments.created,
        updated_by=user,
        updated_at=now,
    )
    accepted = settle(item, s, moments, user) if status is Status.DONE else None
    return Draft(item, moments, estimate_note, title_note, accepted)


def settle(item: Item, s: SourceItem, moments: Moments, user: str) -> str:
    """Done at the source is accepted: each open criterion is waived with the reason,
    and work that had none gets one ("Accepted in Jira (MKT-42)"), waived the same way.
    Returns what was done, for the report."""
    reason = acceptance_reason(s, moments)
    said = "its criteria were met there"
    if not any(not c.dod for c in item.criteria):
        name = f"Accepted in {source_name(s.source)} ({s.key})"
        item.criteria.append(Criterion(n=len(item.criteria) + 1, text=name))
        said = f"it had no criteria there, so {name!r} is waived"
    waived = 0
    for criterion in item.criteria:
        if criterion.state is CriterionState.OPEN or (
            criterion.state is CriterionState.WAIVED and not criterion.reason
        ):
            criterion.state = CriterionState.WAIVED
            criterion.reason = reason
            criterion.by, criterion.at = user, moments.closed
            waived += 1
    if waived and said.startswith("its"):
        said = f"{waived} open criteria waived"
    return f"arrives done, {reason}: {said}"


def merge_criteria(
    current: Sequence[Criterion], source: Sequence[SourceCriterion], by: str, at: str
) -> list[Criterion]:
    """A re-import adds the source's criteria this item lacks and ticks those met there;
    it never unticks or removes one (the team may have moved on here)."""
    merged = [c.model_copy() for c in current]
    by_text: dict[str, Criterion] = {}
    for criterion in merged:
        by_text.setdefault(criterion.text, criterion)
    for wanted in source:
        found = by_text.get(wanted.text.strip())
        if found is None:
            found = Criterion(n=len(merged) + 1, text=wanted.text)
            merged.append(found)
            by_text[found.text] = found
        if wanted.met and found.state is CriterionState.OPEN:
            found.state, found.by, found.at = CriterionState.MET, by, at
    return merged


def unmapped_note(s: SourceItem) -> str:
    return (
        f"status {s.status_name!r} in {source_name(s.source)} maps to no status here, so it "
        f"waits in the backlog (import with --map '{s.status_name}=STATUS' to place it)"
    )


def move_note(s: SourceItem, status: Status, moments: Moments) -> str:
    """What a move the import makes rests on: the acceptance, or the source's status."""
    if status is Status.DONE:
        return acceptance_reason(s, moments)
    name = source_name(s.source)
    if status is not Status.DROPPED:
        return f"{s.status_name} in {name}"
    if s.source == "trello":  # a closed card is archived, whatever list it was in
        return f"archived in {name} (list {s.status_name})"
    return f"closed in {name}: {s.closed_reason or s.status_name}"


def comment_events(item_id: int, s: SourceItem, when: str) -> list[Event]:
    """Each comment as a line of the item's history, by its author at its time (an
    undated one at `when`, the item's last change at the source)."""
    return [
        Event(
            at=stamp(c.at) if c.at else when,
            user=c.author or "someone",
            item_id=item_id,
            action="comment",
            field=s.source,
            new=c.text,
        )
        for c in s.comments
    ]


def gate_problem(item: Item, user: str, ready: rules.ReadyRule) -> str | None:
    """The gates, asked of the item as it would stand: done work is accepted (as history:
    the product-owner rule and today's Definition of Done are not asked again), and
    sprint work is in a sprint and ready."""
    if item.status is Status.DONE:
        refusals = rules.acceptance_refusals(item, user, [], [])
        if refusals:
            return f"is done but {refusals[0]}"
    if item.status in rules.SPRINT_WORK:
        missing = rules.missing_for_ready(item, ready)
        if item.sprint_id is None or missing:
            return f"is {item.status.value} but not ready: missing {labels(missing)}"
    return None


def settled_notes(s: SourceItem, current: Item, wanted: Item) -> list[str]:
    """What a re-import leaves alone on a done or dropped item, said once in its history."""
    here, name = current.status.value, source_name(s.source)
    notes = []
    if s.status is not None and s.status is not current.status:
        hint = " (reopen it here if the work is open again)" if here == "done" else ""
        notes.append(f"{here} here and {s.status_name} in {name}: it stays {here}{hint}")
    if current.status is Status.DONE:
        ours = [(c.text, c.state) for c in rules.own_criteria(current.criteria)]
        theirs = [(c.text, c.state) for c in rules.own_criteria(wanted.criteria)]
        changed = [what for what, differs in (
            ("criteria", ours != theirs and s.status is Status.DONE),
            ("estimate", wanted.estimate is not None and wanted.estimate != current.estimate),
        ) if differs]  # fmt: skip
        if changed:
            verb = "stays" if changed == ["estimate"] else "stay"
            notes.append(
                f"done here, so its {' and '.join(changed)} {verb} as accepted ({name} differs)"
            )
    return notes
