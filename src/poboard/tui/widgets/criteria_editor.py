"""Edit an item's acceptance criteria in place: add, edit, remove, reorder, met, waive."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.models import CRITERION_SYMBOLS, Criterion, CriterionState, new_uid
from ..text import CONTROL_PICTURES, literal, visible
from .dialogs import PromptScreen

NEW = "New criterion: type it and press enter"


class CriteriaList(OptionList):
    """The criteria, one option each; its keys act on the highlighted one."""

    BINDINGS = [
        Binding("space", "toggle_met", "Met/open", show=False),
        Binding("w", "waive", "Waive", show=False),
        Binding("e", "edit", "Edit text", show=False),
        Binding("x,delete", "remove", "Remove", show=False),
        Binding("shift+up", "shift(-1)", "Move up", show=False),
        Binding("shift+down", "shift(1)", "Move down", show=False),
        Binding("n", "new", "New", show=False),
    ]

    def _owner(self) -> CriteriaEditor | None:
        """The editor, when its criteria may change; a settled item's say why not."""
        owner = self.query_ancestor(CriteriaEditor)
        if owner.locked:
            self.app.notify(owner.locked, title="Settled", severity="warning", timeout=6)
            return None
        return owner

    def action_toggle_met(self) -> None:
        if owner := self._owner():
            owner.toggle_met()

    def action_waive(self) -> None:
        if owner := self._owner():
            owner.ask_waiver()

    def action_edit(self) -> None:
        if owner := self._owner():
            owner.start_edit()

    def action_remove(self) -> None:
        if owner := self._owner():
            owner.remove_highlighted()

    def action_shift(self, step: int) -> None:
        if owner := self._owner():
            owner.shift(step)

    def action_new(self) -> None:
        if owner := self._owner():
            owner.start_new()


class CriterionInput(Input):
    """Where a criterion is typed (focus starts here: letters typed are text, never the
    list's keys); ↑ goes up to the list."""

    BINDINGS = [Binding("up", "to_list", "To the list", show=False)]

    def action_to_list(self) -> None:
        self.query_ancestor(CriteriaEditor).query_one(CriteriaList).focus()


class CriteriaEditor(Vertical):
    """Holds a working copy of the criteria; the item editor saves it with the item,
    and with it what is typed in the box and not yet entered (`with_typed`)."""

    # One line in the editor at 80 columns (78 inside its border): no key alone on a line.
    HELP = "↑ list: space met/open · w waive · e edit · x remove · ⇧↑↓ reorder · n new"

    def __init__(self, criteria: list[Criterion], id: str | None = None) -> None:
        super().__init__(id=id)
        self.criteria = [c.model_copy() for c in criteria]
        self.editing: int | None = None
        self.locked: str | None = None  # why these criteria may not change now

    def compose(self) -> ComposeResult:
        yield Static(Content.styled(self.HELP, "dim"), id="criteria-help")
        yield CriteriaList(id="criteria-list")
        yield CriterionInput(placeholder=NEW, id="criterion-input", highlighter=CONTROL_PICTURES)

    def set_locked(self, why: str | None) -> None:
        """Settled criteria (a done item's) may be read, not changed; `why` says so."""
        self.locked = why
        self.query_one("#criteria-help", Static).update(
            Content.styled(why, "bold $text-warning") if why else Content.styled(self.HELP, "dim")
        )
        self.query_one("#criterion-input", Input).disabled = why is not None

    def on_mount(self) -> None:
        self.refresh_list()

    def load(self, criteria: list[Criterion]) -> None:
        """Show these criteria; what is typed in the box stays (see `clear_typed`)."""
        self.criteria = [c.model_copy() for c in criteria]
        if self.editing is not None and self.editing >= len(self.criteria):
            self.editing = None
        self.refresh_list()

    def clear_typed(self) -> None:
        """Empty the box, editing nothing: for the next item the editor opens."""
        self.editing = None
        field = self.query_one("#criterion-input", Input)
        field.value = ""
        field.placeholder = NEW

    def with_typed(self) -> list[Criterion]:
        """The criteria as they will be saved: with the text typed in the box and not yet
        entered, as a new criterion or the edit of the one being edited."""
        text = self.query_one("#criterion-input", Input).value.strip()
        if not text or self.locked:
            return self.criteria
        found = [c.model_copy() for c in self.criteria]
        if self.editing is not None:
            found[self.editing].text = text
            return found
        try:
            found.append(Criterion(n=len(found) + 1, text=text))
        except ValidationError:  # too long: the item's check says so, nothing is lost
            found.append(Criterion.model_construct(n=len(found) + 1, text=text, uid=new_uid()))
        return found

    def add_texts(self, texts: list[str]) -> None:
        """Append criteria (a kind's template) to the working copy."""
        for text in texts:
            self.criteria.append(Criterion(n=len(self.criteria) + 1, text=text))
        self._changed()

    def remove_untouched(self, texts: list[str]) -> None:
        """Take back criteria added from a template, while they are still as added."""
        self.criteria = [
            c for c in self.criteria if not (c.text in texts and c.state is CriterionState.OPEN)
        ]
        self._changed()

    @property
    def highlighted(self) -> int | None:
        index = self.query_one(CriteriaList).highlighted
        return index if index is not None and index < len(self.criteria) else None

    def refresh_list(self, highlight: int | None = None) -> None:
        options = self.query_one(CriteriaList)
        keep = self.highlighted if highlight is None else highlight
        options.clear_options()
        for n, c in enumerate(self.criteria, start=1):
            tag = " (Definition of Done)" if c.dod else ""
            why = f" — waived: {c.reason}" if c.reason else ""
            options.add_option(
                Option(literal(f"{CRITERION_SYMBOLS[c.state]} {n}. {c.text}{tag}{why}"))
            )
        if not self.criteria:
            options.add_option(
                Option(Content.styled("No criteria yet: type one below", "dim"), disabled=True)
            )
        if self.criteria:
            options.highlighted = min(keep or 0, len(self.criteria) - 1)

    def _changed(self, highlight: int | None = None) -> None:
        for n, c in enumerate(self.criteria, start=1):
            c.n = n
        self.refresh_list(highlight)

    def _set_state(self, index: int, state: CriterionState, reason: str | None) -> None:
        criterion = self.criteria[index]
        criterion.state = state
        criterion.reason = reason
        self._changed(index)

    def toggle_met(self) -> None:
        index = self.highlighted
        if index is None:
            return
        met = self.criteria[index].state is CriterionState.MET
        self._set_state(index, CriterionState.OPEN if met else CriterionState.MET, None)

    def ask_waiver(self) -> None:
        index = self.highlighted
        if index is None:
            return

        def waived(reason: str | None) -> None:
            if reason:
                self._set_state(index, CriterionState.WAIVED, reason)

        text = self.criteria[index].text
        self.app.push_screen(PromptScreen(f"Why waive “{text}”?", placeholder="reason"), waived)

    def start_edit(self) -> None:
        index = self.highlighted
        if index is None:
            return
        self.editing = index
        field = self.query_one("#criterion-input", Input)
        field.value = visible(self.criteria[index].text, multiline=False)
        field.placeholder = f"Edit criterion {index + 1}, enter to keep, esc to cancel"
        field.focus()

    def start_new(self) -> None:
        self.clear_typed()
        self.query_one("#criterion-input", Input).focus()

    def remove_highlighted(self) -> None:
        index = self.highlighted
        if index is not None:
            del self.criteria[index]
            self._changed(max(0, index - 1))

    def shift(self, step: int) -> None:
        index = self.highlighted
        if index is None or not 0 <= index + step < len(self.criteria):
            return
        items = self.criteria
        items[index], items[index + step] = items[index + step], items[index]
        self._changed(index + step)

    @on(Input.Submitted, "#criterion-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        if self.editing is not None:
            self.criteria[self.editing].text = text
            index = self.editing
        else:
            self.criteria.append(Criterion(n=len(self.criteria) + 1, text=text))
            index = len(self.criteria) - 1
        self.start_new()
        self._changed(index)
