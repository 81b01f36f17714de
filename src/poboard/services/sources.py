"""Imports from Jira, Trello and GitHub: the parsed export is planned item by item
against this board and its gates, then written all at once, or shown (`--dry-run`).

An item keeps its source and key, so importing the same export again updates what
changed (one versioned change per item, logged) and adds what is new. The gates hold:
done work arrives accepted as history (see `source_drafts.settle`), and work in
progress at the source enters a sprint here only if it is ready and a sprint of the
same name is open; otherwise it waits in the backlog, and its history says why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from pydantic import ValidationError

from ..domain import rules
from ..domain.errors import BadRowError, InvalidInputError
from ..domain.models import Event, Item, SprintState, Status
from ..domain.planning import Sprint
from ..domain.readiness import labels
from ..domain.safe_text import visible
from ..domain.settings import Settings
from ..store import events as event_store
from ..store import items as item_store
from ..store import planning
from ..store.connection import snapshot
from .core import BoardCore, validation_message
from .items import Items
from .source_drafts import (
    Draft,
    comment_events,
    draft,
    gate_problem,
    merge_criteria,
    move_note,
    settle,
    settled_notes,
    source_name,
    unmapped_note,
)
from .source_plan import Action, ImportPlan, Refused, Step

if TYPE_CHECKING:  # the parsers load when an import runs, not with every command
    from ..importers import SourceFile, SourceItem


class Sources:
    """Imports from Jira, Trello, GitHub and poboard's own files: planned from one
    snapshot, applied in one transaction; new sprint work gets the Definition of Done
    through `items`."""

    def __init__(self, core: BoardCore, items: Items) -> None:
        self.core = core
        self.db = core.db
        self.items = items

    @staticmethod
    def export_format(text: str) -> str | None:
        """Which export this is (jira, trello, github, poboard-json, poboard-csv), judged
        by its content; None when it is none poboard knows."""
        from .. import importers

        try:
            return importers.detect(text)
        except importers.ImportFormatError:
            return None

    @staticmethod
    def read_export(text: str, source: str | None = None, pairs: Sequence[str] = ()) -> SourceFile:
        """The export parsed (`pairs` are `--map SOURCE=TARGET`), or one line saying why not."""
        from .. import importers

        try:
            return importers.parse(text, source, importers.parse_mapping(pairs))
        except importers.ImportFormatError as error:
            raise InvalidInputError(visible(str(error), multiline=False)) from None

    def plan_import(self, export: SourceFile) -> ImportPlan:
        """What importing would do, read from one snapshot; nothing is written."""
        with snapshot(self.db):
            return self._plan(export)

    def import_export(self, export: SourceFile) -> ImportPlan:
        """Import every item, or none: the first refused row refuses the file."""
        with self.core.writing():
            plan = self._plan(export)
            if plan.refused:
                first = plan.refused[0]
                raise BadRowError(f"{first}; nothing was imported", first.row, first.key)
            for step in plan.steps:
                self._write(step, export.source)
            if plan.count("new") or plan.count("update"):  # the same file again writes nothing
                counts = f"{plan.count('new')} new, {plan.count('update')} updated"
                self.core.log(self.core.event("import", None, export.source, None, counts))
        return plan

    # ----- planning ------------------------------------------------------------------------

    def _plan(self, export: SourceFile) -> ImportPlan:
        from .. import importers

        now, settings = self.core.now(), self.core.settings()
        held = item_store.source_ids(self.db, export.source)
        sprints = {s.name.casefold(): s for s in planning.load_sprints(self.db)}
        plan = ImportPlan(
            export.source,
            status_map=dict(export.status_map),
            unmapped_columns=list(export.unmapped_columns),
            warnings=[(row, visible(text, multiline=False)) for row, text in export.warnings],
            refused=[Refused(row, None, reason) for row, reason in export.problems],
        )
        first_row: dict[str, int] = {}
        for s in export.items:
            if s.key in first_row:
                reason = f"{s.key} appears twice in the file (first in row {first_row[s.key]})"
                plan.refused.append(Refused(s.row, s.key, reason))
                continue
            first_row[s.key] = s.row
            hostile = importers.refusal(s)
            if hostile is not None:
                plan.refused.append(Refused(s.row, s.key, hostile))
                continue
            try:
                found = draft(s, self.core.user, now)
            except (ValidationError, ValueError) as error:
                reason = (
                    validation_message(error) if isinstance(error, ValidationError) else str(error)
                )
                plan.refused.append(Refused(s.row, s.key, reason))
                continue
            if s.key in held:
                step = self._update_step(s, found, self.core.item(held[s.key]), sprints, settings)
            else:
                step = self._new_step(s, found, sprints, settings)
            moved = step.current is None or step.current.status is not step.item.status
            problem = gate_problem(step.item, self.core.user, settings.ready) if moved else None
            if problem is not None:
                plan.refused.append(Refused(s.row, s.key, problem))
                continue
            plan.steps.append(step)
        plan.refused.sort(key=lambda refused: refused.row)
        return plan

    def _new_step(
        self, s: SourceItem, found: Draft, sprints: dict[str, Sprint], settings: Settings
    ) -> Step:
        item, notes = found.item, [n for n in (found.title_note, found.estimate_note) if n]
        if s.status is None and s.status_name:
            notes.append(unmapped_note(s))
        joined = None
        if item.status in rules.SPRINT_WORK:
            joined = self._place(item, s, sprints, settings, notes)
        said = [line for line in (found.accepted, joined) if line]
        return Step(s, found, item, "new", notes, said=said)

    def _update_step(
        self,
        s: SourceItem,
        found: Draft,
        current: Item,
        sprints: dict[str, Sprint],
        settings: Settings,
    ) -> Step:
        """The item as the source has it now, where the source says anything: a value
        the source leaves empty never clears one set here, and a done item is settled."""
        after, wanted = current.model_copy(deep=True), found.item
        notes: list[str] = []
        said: list[str] = []
        if wanted.title != current.title:
            after.title = wanted.title
            notes += [found.title_note] if found.title_note else []
        for name, given in (
            ("description", wanted.description),
            ("kind", s.kind),
            ("owner", s.owner),
            ("horizon", s.horizon),
            ("source_url", s.url),
        ):
            if given:
                setattr(after, name, getattr(wanted, name))
        here, there = current.status, s.status
        if here in (Status.DONE, Status.DROPPED):
            notes += settled_notes(s, current, wanted)
        else:
            if wanted.estimate is not None and wanted.estimate != current.estimate:
                after.estimate = wanted.estimate
                notes += [found.estimate_note] if found.estimate_note else []
            by, at = s.owner or self.core.user, found.moments.of(there or here)
            after.criteria = merge_criteria(current.criteria, s.criteria, by, at)
            if there is Status.DONE:
                said.append(settle(after, s, found.moments, self.core.user))
                after.status = Status.DONE
            elif there is Status.DROPPED:
                after.status = Status.DROPPED
            elif here is Status.BACKLOG and there is None and s.status_name:
                notes.append(unmapped_note(s))
            elif here is Status.BACKLOG and there in rules.SPRINT_WORK:
                after.status = there
                joined = self._place(after, s, sprints, settings, notes)
                said += [joined] if joined else []
        history = event_store.for_item(self.db, current.id or 0)
        noted = {e.new for e in history if e.action == "note"}
        heard = {(e.user, e.at, e.new) for e in history if e.action == "comment"}
        comments = [
            e
            for e in comment_events(current.id or 0, s, found.moments.changed)
            if (e.user, e.at, e.new) not in heard
        ]
        notes = [note for note in notes if note not in noted]
        changed = after.model_dump() != current.model_dump() or notes or comments
        action: Action = "update" if changed else "same"
        return Step(s, found, after, action, notes, current, comments, said)

    def _place(
        self,
        item: Item,
        s: SourceItem,
        sprints: dict[str, Sprint],
        settings: Settings,
        notes: list[str],
    ) -> str | None:
        """Work in progress at the source enters the sprint of the same name if that
        sprint is open here and the item is ready (a planned sprint's work waits in
        todo); otherwise it waits in the backlog, and a note says why. Returns what
        the report says of an item that joins a sprint."""
        there = f"{s.status_name} in {source_name(s.source)}"
        sprint = sprints.get(s.sprint.casefold()) if s.sprint else None
        missing = rules.missing_for_ready(item, settings.ready)
        why = None
        if missing:
            why = f"it is not ready here (missing {labels(missing)})"
        elif s.sprint is None:
            why = "it is in no sprint there"
        elif sprint is None:
            why = f"this board has no sprint named {s.sprint!r}"
        elif sprint.state is SprintState.CLOSED:
            why = f"{sprint.name} is closed here"
        if why is not None or sprint is None:
            item.status = Status.BACKLOG
            notes.append(f"{there}, but {why}, so it waits in the backlog")
            return None
        item.sprint_id = sprint.id
        self.items.attach_dod(item, settings)
        if sprint.state is SprintState.PLANNED and item.status is not Status.TODO:
            item.status = Status.TODO
            notes.append(f"{there}; {sprint.name} has not started here, so it waits in todo")
        return f"{there}: ready here, so it joins {sprint.name} in {item.status.value}"

    # ----- writing -------------------------------------------------------------------------

    def _write(self, step: Step, source: str) -> None:
        """A new item with its history at the source's times, or an update as one
        versioned change; then its new comments, and the notes on what was decided."""
        if step.action == "same":
            return
        moments, item = step.draft.moments, step.item
        if step.current is None:
            item.rank = item_store.rank_bounds(self.db)[1] + 1
            item.id = self.core.insert(item)
            note = f"imported from {source_name(source)} {item.source_key}"
            created = self.core.creation_events(item, note=note)
            moved = move_note(step.source, item.status, moments)
            events = self._timed(created, item, moments.of(item.status), moved)
            head, events = events[:1], events[1:]
            events += comment_events(item.id, step.source, moments.changed)
        else:
            head, events, current = [], list(step.comments), step.current
            if item.model_dump() != current.model_dump():
                moved = move_note(step.source, item.status, moments)
                retime = _status_at(moments.of(item.status), moved)
                self.core.change(current.id or 0, current.version, _replace_by(item), retime)
        now = self.core.now()
        notes = [
            Event(
                at=now, user=self.core.user, item_id=item.id, action="note", field=source, new=text
            )
            for text in step.notes
        ]
        self.core.log(*head, *sorted(events, key=lambda e: e.at), *notes)

    def _timed(self, events: list[Event], item: Item, status_at: str, moved: str) -> list[Event]:
        """A new item's creation events at the source's times: created when and by whom
        the source says, moved when it reached that status there, each criterion ticked
        when and by whom it was; its joining a sprint here happens now."""
        criteria = {c.uid: c for c in item.criteria}
        timed = []
        for event in events:
            at, user, note = item.created_at, event.user, event.note
            if event.action == "create":
                user = item.created_by
            elif event.field == "status":
                at, note = status_at, moved
            elif event.action == "sprint":
                at = event.at
            elif event.action == "criterion" and event.ref in criteria:
                at = criteria[event.ref].at or at
                user = criteria[event.ref].by or user
            update = {"at": max(at, item.created_at), "user": user, "note": note}
            timed.append(event.model_copy(update=update))
        return timed


def _replace_by(wanted: Item) -> Callable[[Item], None]:
    def apply(target: Item) -> None:
        for name in Item.model_fields:
            setattr(target, name, getattr(wanted, name))

    return apply


def _status_at(at: str, note: str) -> Callable[[Event], Event]:
    """On a re-import, a move is dated when the source made it, and says why."""

    def retime(event: Event) -> Event:
        if event.field != "status":
            return event
        return event.model_copy(update={"at": at, "note": note})

    return retime
