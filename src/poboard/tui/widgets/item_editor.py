"""The item editor: every field, the criteria, and the item's history, in one modal.

Values are validated by the pydantic `Item` model field by field and saved through the
board. A failed save keeps everything typed; a teammate's change merges into the fields
this user did not touch, as it lands (see `item_live`). Esc asks before it drops an edit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Input,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)

from ...board import Board, describe, rules
from ...domain.errors import ConflictError, PoboardError
from ...domain.models import Item, Kind, Status, template_missing
from ...domain.readiness import ReadyField
from ..text import literal
from ..textual_fixes import KeptStyles, start_level
from ..writes import board_writes, dismiss_once_shown
from .choice import Choice
from .criteria_editor import CriteriaEditor
from .dialogs import leave_form
from .editor_tabs import NEXT_TAB, EditorTabs, FocusedTabs
from .footer import BoardFooter
from .item_form import (
    EXPERIMENT_FORM,
    FORM_FIELDS,
    READY_INPUTS,
    details,
    experiment_details,
    experiment_inputs,
    show_problems,
    to_fields,
    values_of,
)
from .item_live import catch_up, mark_theirs, take_newer
from .okr_forms import goal_label, goals_for

AddItem = Callable[..., Item]  # (board, title, criteria, **fields) -> the item added


class ItemEditor(KeptStyles[int | None], EditorTabs):
    """Returns the saved item's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        NEXT_TAB,
    ]

    def __init__(self, board: Board) -> None:
        """One editor serves the whole app: built once (it has ~80 widgets),
        then `prepare`d for each item it opens."""
        super().__init__()
        start_level(self)
        self.board = board
        self.first_tab = "tab-details"
        self.base = Item(title="untitled")
        self.is_new = True
        self.settled: str | None = None
        self.first_field = "title"  # focused on opening, the cursor at the end of its text
        self.draft: Item | None = None  # a new item's values given up front, unsaved
        self.adding: AddItem | None = None  # how a new item is saved (None: the board's add)
        self.heading = "New item"
        self.template_added: list[str] = []  # criteria a change of kind put in the form
        self.loading_kind: str | None = None
        self.goal_of_kr: dict[int, int] = {}
        self.experiment_values: dict[str, Any] = {}  # held while their fields are unbuilt
        self.experiment_fields: dict[str, Input | Choice[str]] = {}  # once built
        self.marked: list[Widget] = []  # fields a teammate changed while the form was open
        self.seen_version = 0  # the newest version of the item the form has caught up with
        self.dropped: str | None = None  # who dropped the item while it was open
        self.missed = False  # the board changed while a dialog covered the form

    def prepare(
        self,
        item_id: int | None,
        tab: str = "details",
        focus_missing: bool = False,
        draft: Item | None = None,
        add: AddItem | None = None,
        heading: str = "New item",
    ) -> ItemEditor:
        """Load an item (None: a new one, with the `draft`'s values, saved through
        `add` when given, under `heading`) into the form, on the tab given;
        `focus_missing` puts the cursor on the first field the Definition of Ready still
        needs (after a refusal, or in a draft) instead of the title."""
        self.base = self.board.items.get(item_id) if item_id is not None else Item(title="untitled")
        self.is_new = item_id is None
        self.draft = draft if self.is_new else None
        self.adding = add
        self.heading = heading
        ready = self.board.settings().ready if focus_missing else {}
        missing = rules.missing_for_ready(self.draft or self.base, ready) if focus_missing else []
        self.first_field = "title"
        if missing and missing[0] is ReadyField.CRITERIA:
            tab = "criteria"
        elif missing:
            name = READY_INPUTS[missing[0]]
            # an experiment's fields are mounted as the form shows: not focusable yet
            self.first_field = "title" if name in EXPERIMENT_FORM else name
        self.first_tab = f"tab-{tab}"
        self.seen_version, self.dropped, self.missed = self.base.version, None, False
        self.settle_fields()
        self.hold_keys()
        if self.is_mounted:
            self.reset()
        return self

    # ----- building the form -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Static(id="editor-title")
            yield Static(id="editor-notice", classes="notice")
            with FocusedTabs(initial=self.first_tab):
                with TabPane("Details", id="tab-details"), VerticalScroll(id="details-scroll"):
                    yield from details()
                with TabPane("Criteria", id="tab-criteria"):
                    yield CriteriaEditor([], id="criteria")
                with TabPane("History", id="tab-history"), VerticalScroll(id="history-scroll"):
                    yield Static(id="history")
            yield BoardFooter()

    def on_mount(self) -> None:
        self.reset()

    def settle_fields(self) -> None:
        """A done item's criteria and estimate are settled: they may be read only."""
        self.settled = (
            f"{self.base.key} is done: its criteria and estimate are settled. Reopen it "
            "(move it out of Done) to change them."
            if self.base.status is Status.DONE
            else None
        )

    def reset(self) -> None:
        """Show `base` afresh: its values, no errors, no notice, nothing typed left from
        the item before, the first tab shown and its first field focused at once (keys
        typed meanwhile are held by the app until then: see `held_keys`)."""
        known = goals_for(self.board, self.base.goal_id)  # its own, even archived
        goals = self.query_one("#goal_id", Choice)
        goals.set_options([(goal_label(g), g.id or 0) for g in known])
        self.goal_of_kr = {kr.id or 0: g.id or 0 for g in known for kr in g.key_results}
        self.query_one("#key_result_id", Choice).set_options(
            [(literal(f"G{g.id} · {kr.metric}"), kr.id or 0) for g in known for kr in g.key_results]
        )
        self.lock_settled()
        mark_theirs(self, [], "")
        self.query_one(CriteriaEditor).clear_typed()
        self.fill(self.base)
        self.template_added = []
        if self.draft is not None:
            self.fill(self.draft)
        elif self.is_new:
            self.query_one("#title", Input).value = ""
        show_problems(self, {})
        self.show_title()
        self.show_history()
        self.notice(None)
        self.query_one("#details-scroll").scroll_home(animate=False)
        self.query_one(TabbedContent).active = self.first_tab
        self.focus_tab(self.first_tab)

    def lock_settled(self) -> None:
        estimate = self.query_one("#estimate", Choice)
        estimate.disabled = self.settled is not None
        estimate.tooltip = self.settled
        self.query_one(CriteriaEditor).set_locked(self.settled)

    def fill(self, item: Item) -> None:
        """Put the item's values into the form."""
        self.fill_values(values_of(item))

    def fill_values(self, values: dict[str, Any]) -> None:
        """Put form values (as `item_form.values_of` gives them) into the form."""
        self.loading_kind = values["kind"]  # a kind put here is no change of the user's
        self.experiment_values = {name: values[name] for name in EXPERIMENT_FORM}
        for name in FORM_FIELDS:
            value = values[name]
            if name in EXPERIMENT_FORM and not self.experiment_fields:
                continue
            if name == "criteria":
                self.query_one(CriteriaEditor).load(value)
            elif name == "description":
                area = self.query_one("#description", TextArea)
                if area.text != value:  # (setting it moves the cursor home)
                    area.text = value
            elif isinstance(widget := self.widget_of(name), Input):
                widget.value = value
            elif isinstance(widget, Choice):
                widget.value = Choice.NULL if value is None else value
        self.show_experiment(values["kind"] == Kind.EXPERIMENT.value)

    def widget_of(self, name: str) -> Widget:
        """A field's widget (an experiment's, held from when they were built: as they
        are mounted, they are not yet found by a query)."""
        found = self.experiment_fields.get(name)
        return found if found is not None else self.query_one(f"#{name}")

    def show_experiment(self, shown: bool) -> None:
        """Show or hide the experiment's fields, building them the first time they show
        (see `item_form.experiment_inputs`)."""
        self.set_class(shown, "-experiment")
        if shown and not self.experiment_fields:
            self.experiment_fields = experiment_inputs(self.experiment_values)
            fields = experiment_details(self.experiment_fields)
            self.query_one("#details-scroll").mount(fields, after=".fields")

    # ----- reading the form --------------------------------------------------------------

    def read(self, typed: bool = True) -> dict[str, Any]:
        """The form as raw values, comparable with `item_form.values_of`; `typed`: with
        the criterion typed in its box and not yet entered (what a save saves)."""
        values: dict[str, Any] = {}
        for name in FORM_FIELDS:
            if name in EXPERIMENT_FORM and not self.experiment_fields:
                values[name] = self.experiment_values[name]
            elif name == "criteria":
                criteria = self.query_one(CriteriaEditor)
                values[name] = criteria.with_typed() if typed else criteria.criteria
            elif name == "description":
                values[name] = self.query_one("#description", TextArea).text
            elif isinstance(widget := self.widget_of(name), Input):
                values[name] = widget.value.strip()
            elif isinstance(widget, Choice):
                values[name] = None if widget.value is Choice.NULL else widget.value
        return values

    def changes(self) -> tuple[dict[str, Any], dict[str, str]]:
        fields, problems = to_fields(self.read(), self.base)
        base = to_fields(values_of(self.base), self.base)[0]
        return {k: v for k, v in fields.items() if v != base[k]}, problems

    # ----- actions -----------------------------------------------------------------------

    def action_save(self) -> None:
        changes, problems = self.changes()
        show_problems(self, problems)
        if problems:
            self.notice(f"Not saved: fix {len(problems)} field(s) marked ↳", error=True)
            self.query_one(TabbedContent).active = "tab-details"
            return
        # The write may wait for the board on another thread: it takes the form as it is.
        changes = copy.deepcopy(changes)
        writes = board_writes(self)
        if self.is_new or (self.dropped and changes):
            if self.dropped:  # dropped by someone else: the edits become a new item
                changes = copy.deepcopy(to_fields(self.read(), self.base)[0])
            fields = {k: v for k, v in changes.items() if k not in ("title", "criteria")}
            criteria = copy.deepcopy(self.read()["criteria"])
            title = self.read()["title"]
            adding = self.adding

            def add(board: Board) -> Item:
                if adding is not None:
                    return adding(board, title, criteria, **fields)
                return board.items.add(title, criteria, **fields)

            writes.run(add, self.saved, self.refused)
            return
        if not changes:
            self.dismiss(self.base.id)
            return
        item_id, version = self.base.id or 0, self.base.version
        writes.run(
            lambda board: board.items.edit(item_id, changes, expected_version=version),
            self.saved,
            self.refused,
        )

    def saved(self, item: Item) -> None:
        if self.dropped and item.id != self.base.id:
            self.app.notify(
                f"Saved as {item.key}, a new item in the backlog; {self.base.key} stays dropped"
            )
        dismiss_once_shown(self, item.id)

    def refused(self, error: PoboardError) -> None:
        if isinstance(error, ConflictError):
            self.merge_newer(error)
        else:
            self.notice(f"Not saved: {error}", error=True)

    def merge_newer(self, error: ConflictError) -> None:
        """Someone saved first: merge their version and this form field by field and
        criterion by criterion; where both changed one thing, show both and ask."""
        take_newer(self, self.board.items.get(self.base.id or 0), saving=True)

    def catch_up(self) -> None:
        """The board changed (the app polls it): a teammate's save of this item shows now
        (see `item_live`). Not while this form's own write waits for the board."""
        if not self.is_new and board_writes(self).waiting_on is not self:
            catch_up(self)

    def on_screen_resume(self) -> None:
        """Back from a dialog over the form: what the board did meanwhile shows."""
        if self.missed:
            self.missed = False
            self.catch_up()

    def action_cancel(self) -> None:
        """Esc: closes at once when nothing was changed; else asks (see `leave_form`)."""
        if board_writes(self).keeps_open(self):
            return
        changes, _ = self.changes()
        untouched = self.draft is not None and (
            to_fields(self.read(), self.base)[0] == to_fields(values_of(self.draft), self.base)[0]
        )
        blank = self.is_new and set(changes) <= {"title"} and not self.read()["title"]
        changed = bool(changes) and not untouched and not blank
        leave_form(self, changed, self.action_save, lambda: self.dismiss(None))

    @on(Choice.Changed, "#key_result_id")
    def _key_result_changed(self, event: Choice.Changed) -> None:
        """A key result belongs to a goal: choosing it chooses its goal too."""
        if isinstance(event.value, int) and event.value in self.goal_of_kr:
            self.query_one("#goal_id", Choice).value = self.goal_of_kr[event.value]

    @on(Choice.Changed, "#kind")
    def _kind_changed(self, event: Choice.Changed) -> None:
        """A kind with a template (a launch's readiness checklist) brings its criteria
        into the form as the user picks it, and takes them back if the user changes
        their mind before saving."""
        self.show_experiment(event.value == Kind.EXPERIMENT.value)
        if event.value == self.loading_kind:
            self.loading_kind = None
            return
        self.loading_kind = None
        criteria = self.query_one(CriteriaEditor)
        if self.template_added:
            criteria.remove_untouched(self.template_added)
            self.template_added = []
        if self.settled is not None or event.value is Choice.NULL:
            return
        kind = Kind(str(event.value))
        added = template_missing(kind, (c.text for c in criteria.criteria))
        if added:
            criteria.add_texts(added)
            self.template_added = added
            self.notice(
                f"The {kind.value} checklist joins the criteria ({len(added)} added): "
                "ctrl+t shows them"
            )

    # ----- display -----------------------------------------------------------------------

    def notice(self, message: str | None, error: bool = False) -> None:
        notice = self.query_one("#editor-notice", Static)
        notice.display = message is not None
        notice.set_class(error, "-error")
        notice.update(literal(message or ""))

    def show_title(self) -> None:
        text = (
            self.heading
            if self.is_new
            else f"Edit {self.base.key} {self.base.title} · version {self.base.version}"
        )
        self.query_one("#editor-title", Static).update(literal(text, "bold"))

    def show_history(self) -> None:
        if self.is_new:
            self.query_one("#history", Static).update(Content("Not saved yet."))
            return
        lines = [literal(describe(event)) for event in self.board.items.history(self.base.id or 0)]
        self.query_one("#history", Static).update(Content("\n").join(lines))
