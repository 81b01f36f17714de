"""The item editor: every field, the criteria, and the item's history, in one modal.

Values are validated by the pydantic `Item` model field by field and saved through the
board. A failed save keeps everything typed; a conflict merges the other person's change
into the fields this user did not touch.
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
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Input,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.input import Selection

from ...board import Board, describe, local_time, rules
from ...errors import ConflictError, PoboardError
from ...merge import Side, merge
from ...models import (
    Item,
    Kind,
    Status,
    template_missing,
)
from ..text import literal
from ..textual_fixes import KeptStyles, start_level
from ..writes import board_writes, dismiss_once_shown
from .choice import Choice
from .criteria_editor import CriteriaEditor
from .dialogs import ConfirmScreen
from .footer import BoardFooter
from .item_form import (
    EXPERIMENT_FORM,
    FORM_FIELDS,
    LABELS,
    details,
    experiment_details,
    experiment_inputs,
    show_problems,
    to_fields,
    values_of,
)
from .merge_dialog import MergeScreen, merged_notice

AddItem = Callable[..., Item]  # (board, title, criteria, **fields) -> the item added


class ItemEditor(KeptStyles[int | None], ModalScreen[int | None]):
    """Returns the saved item's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+t", "next_tab", "Next tab", priority=True),
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
        self.base = self.board.item(item_id) if item_id is not None else Item(title="untitled")
        self.is_new = item_id is None
        self.draft = draft if self.is_new else None
        self.adding = add
        self.heading = heading
        ready = self.board.settings().ready if focus_missing else {}
        missing = rules.missing_for_ready(self.draft or self.base, ready) if focus_missing else []
        self.first_field = "title"
        if missing and missing[0] == "acceptance criteria":
            tab = "criteria"
        elif missing:
            name = missing[0].replace(" ", "_")  # "success metric": its field
            # an experiment's fields are mounted as the form shows: not focusable yet
            self.first_field = "title" if name in EXPERIMENT_FORM else name
        self.first_tab = f"tab-{tab}"
        self.settled = (
            f"{self.base.key} is done: its criteria and estimate are settled. Reopen it "
            "(move it out of Done) to change them."
            if self.base.status is Status.DONE
            else None
        )
        if self.is_mounted:
            self.reset()
        return self

    # ----- building the form -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="editor"):
            yield Static(id="editor-title")
            yield Static(id="editor-notice", classes="notice")
            with TabbedContent(initial=self.first_tab):
                with TabPane("Details", id="tab-details"), VerticalScroll(id="details-scroll"):
                    yield from details()
                with TabPane("Criteria", id="tab-criteria"):
                    yield CriteriaEditor([], id="criteria")
                with TabPane("History", id="tab-history"), VerticalScroll(id="history-scroll"):
                    yield Static(id="history")
            yield BoardFooter()

    class Opened(Message):
        """The editor is built and its first field focused: keys may reach it."""

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Show `base` afresh: its values, no errors, no notice, the first tab."""
        known = self.board.goals()
        goals = self.query_one("#goal_id", Choice)
        goals.set_options([(literal(f"G{g.id} {g.title}"), g.id or 0) for g in known])
        self.goal_of_kr = {kr.id or 0: g.id or 0 for g in known for kr in g.key_results}
        self.query_one("#key_result_id", Choice).set_options(
            [(literal(f"G{g.id} · {kr.metric}"), kr.id or 0) for g in known for kr in g.key_results]
        )
        estimate = self.query_one("#estimate", Choice)
        estimate.disabled = self.settled is not None
        estimate.tooltip = self.settled
        self.query_one(CriteriaEditor).set_locked(self.settled)
        self.fill(self.base)
        self.template_added = []
        if self.draft is not None:
            self.fill(self.draft)
        elif self.is_new:
            self.query_one("#title", Input).value = ""
        show_problems(self, {})
        self._show_title()
        self._show_history()
        self.notice(None)
        self.query_one("#details-scroll").scroll_home(animate=False)
        tabs = self.query_one(TabbedContent)
        if tabs.active != self.first_tab:
            tabs.active = self.first_tab
        else:
            self._focus_tab(self.first_tab)
        self.call_after_refresh(self.post_message, self.Opened())

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
                self.query_one("#description", TextArea).text = value
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

    def read(self) -> dict[str, Any]:
        """The form as raw values, comparable with `item_form.values_of`."""
        values: dict[str, Any] = {}
        for name in FORM_FIELDS:
            if name in EXPERIMENT_FORM and not self.experiment_fields:
                values[name] = self.experiment_values[name]
            elif name == "criteria":
                values[name] = self.query_one(CriteriaEditor).criteria
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
        if self.is_new:
            fields = {k: v for k, v in changes.items() if k not in ("title", "criteria")}
            criteria = copy.deepcopy(self.query_one(CriteriaEditor).criteria)
            title = self.read()["title"]
            add = self.adding or Board.add
            writes.run(
                lambda board: add(board, title, criteria, **fields), self.saved, self.refused
            )
            return
        if not changes:
            self.dismiss(self.base.id)
            return
        item_id, version = self.base.id or 0, self.base.version
        writes.run(
            lambda board: board.edit(item_id, changes, expected_version=version),
            self.saved,
            self.refused,
        )

    def saved(self, item: Item) -> None:
        dismiss_once_shown(self, item.id)

    def refused(self, error: PoboardError) -> None:
        if isinstance(error, ConflictError):
            self.merge_newer(error)
        else:
            self.notice(f"Not saved: {error}", error=True)

    def merge_newer(self, error: ConflictError) -> None:
        """Someone saved first: merge their version and this form field by field and
        criterion by criterion; where both changed one thing, show both and ask."""
        fresh = self.board.item(self.base.id or 0)
        base, mine, theirs = values_of(self.base), self.read(), values_of(fresh)
        first = merge(base, mine, theirs, labels=LABELS)

        def settle(choices: dict[str, Side] | None) -> None:
            if choices is None:
                self.notice(f"Not saved: {error} — ctrl+s shows both versions again", error=True)
                return
            merged = merge(base, mine, theirs, choices, LABELS)
            self.base = fresh
            self.fill_values(merged.values)
            self._show_title()
            self._show_history()
            self.notice(merged_notice(str(error), merged, choices), error=True)

        if not first.clashes:
            settle({})
            return
        when = local_time(fresh.updated_at)
        self.app.push_screen(MergeScreen(fresh.key, first.clashes, fresh.updated_by, when), settle)

    def action_cancel(self) -> None:
        if board_writes(self).keeps_open(self):
            return
        changes, _ = self.changes()
        untouched = self.draft is not None and (
            to_fields(self.read(), self.base)[0] == to_fields(values_of(self.draft), self.base)[0]
        )
        blank = self.is_new and set(changes) <= {"title"} and not self.read()["title"]
        if not changes or untouched or blank:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard your unsaved changes?", "Discard"), answered)

    def action_next_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        order = ["tab-details", "tab-criteria", "tab-history"]
        self.set_focus(None)  # else the focused widget pulls the tabs back to its pane
        tabs.active = order[(order.index(tabs.active) + 1) % len(order)]

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self._focus_tab(event.pane.id or "")

    def _focus_tab(self, pane: str) -> None:
        """Focus moves into the tab shown (a focused widget in a hidden tab would pull
        the tabs back to it); on Details, to the end of the title, never selecting it."""
        first = f"#{self.first_field}"
        target = {"tab-details": first, "tab-history": "#history-scroll"}.get(pane, "")
        if pane == "tab-criteria":
            editor = self.query_one(CriteriaEditor)
            target = "#criteria-list" if editor.criteria or editor.locked else "#criterion-input"
        if not target:
            return
        widget = self.query_one(target)
        widget.focus()
        if target != "#title":
            widget.scroll_visible(animate=False)
        if isinstance(widget, Input):
            widget.selection = Selection.cursor(len(widget.value))

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

    def _show_title(self) -> None:
        text = (
            self.heading
            if self.is_new
            else f"Edit {self.base.key} {self.base.title} · version {self.base.version}"
        )
        self.query_one("#editor-title", Static).update(literal(text, "bold"))

    def _show_history(self) -> None:
        if self.is_new:
            self.query_one("#history", Static).update(Content("Not saved yet."))
            return
        lines = [literal(describe(event)) for event in self.board.history(self.base.id or 0)]
        self.query_one("#history", Static).update(Content("\n").join(lines))
