"""The Requests screen's dialogs: a new request with its intake fields, a decline with
its reason, and the item a duplicate request is merged into (found by its key or the
words of its title). The two forms are `FormDialog`s: a refusal is said under its
field, and esc asks before anything typed is lost."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...board import Board
from ...domain.requests import Request
from ..commands import ITEM_HITS, item_prompt
from ..text import literal
from ..writes import Write
from .forms import FormDialog, _Refused, parse_date, row

INTAKE = (  # the fields a request is asked with, as the Definition of Ready reads them
    ("audience", "Audience", "who it is for: trial users, days 1-7"),
    ("promise", "Promise", "what they get: value in the first session"),
    ("proof", "Proof", "why we believe it: 3 customer quotes"),
    ("metric", "Metric", "what moves: trial to activation"),
    ("why", "Why", "anything else the team should know"),
)


class RequestDialog(FormDialog):
    """A new request: its title, the intake fields and the day it is needed by."""

    title_text = "Ask for something"

    def fields(self) -> ComposeResult:
        yield from row("Title", Input(id="title", compact=True), refusable=True)
        for field, label, hint in INTAKE:
            yield from row(label, Input(id=field, compact=True, placeholder=hint))
        yield from row(
            "Needed by",
            Input(id="needed_by", compact=True, placeholder="2026-12-31, or blank"),
            refusable=True,
        )

    def save(self) -> Write[Request]:
        title = self.value("title")
        if not title:
            raise _Refused("a request needs a title: what you are asking for", "title")
        needed = self.value("needed_by")
        try:
            needed_by = parse_date(needed, "needed by") if needed else None
        except _Refused as refused:
            raise _Refused(str(refused), "needed_by") from None
        intake = {field: self.value(field) or None for field, _, _ in INTAKE}
        return lambda board: board.requests.add(title, needed_by=needed_by, **intake)


class DeclineDialog(FormDialog):
    """Decline a request, with the reason its requester will read (required)."""

    title_text = "Decline the request"

    def __init__(self, board: Board, request: Request) -> None:
        super().__init__(board)
        self.request = request

    def fields(self) -> ComposeResult:
        request = self.request
        yield Static(
            Content.assemble(
                literal(f"{request.label} {request.title}", "bold"),
                (f"   asked by {request.requested_by}", "dim"),
            )
        )
        yield from row(
            "Reason",
            Input(id="reason", compact=True, placeholder=f"{request.requested_by} reads this"),
            refusable=True,
        )

    def save(self) -> Write[Request]:
        reason = self.value("reason")
        if not reason:
            raise _Refused(
                f"a decline needs a reason: {self.request.requested_by} reads it", "reason"
            )
        key = self.request.key
        return lambda board: board.requests.decline(key, reason)


class ItemPicker(ModalScreen[int | None]):
    """The item a request merges into: type its key or words of its title (the search
    the command palette makes, one query of a few rows), ↓ and enter pick; esc cancels."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "step(1)", "Next match", show=False),
        Binding("up", "step(-1)", "Previous match", show=False),
    ]

    def __init__(self, board: Board, question: str, search: str = "") -> None:
        super().__init__()
        self.board = board
        self.question = question
        self.search = search

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(literal(self.question, "bold"), classes="form-title")
            yield Input(self.search, placeholder="#12, or words of its title", id="search")
            yield OptionList(id="found")
            yield Static(
                Content.styled("type to search · ↓ enter picks · esc cancels", "dim"),
                id="picker-hint",
            )

    def on_mount(self) -> None:
        self.find(self.search)
        self.query_one("#search", Input).focus()

    @on(Input.Changed, "#search")
    def _typed(self, event: Input.Changed) -> None:
        self.find(event.value)

    def find(self, text: str) -> None:
        found = self.board.lists.find_items(text, ITEM_HITS) if text.strip() else []
        options = self.query_one("#found", OptionList)
        options.set_options(Option(item_prompt(row), id=str(row.id)) for row in found)
        if found:
            options.highlighted = 0
        elif text.strip():
            options.add_option(Option(Content.styled("no item matches", "dim"), disabled=True))

    def action_step(self, step: int) -> None:
        options = self.query_one("#found", OptionList)
        if options.option_count:
            at = (options.highlighted or 0) + step
            options.highlighted = max(0, min(options.option_count - 1, at))

    @on(Input.Submitted, "#search")
    def _enter(self) -> None:
        options = self.query_one("#found", OptionList)
        if options.highlighted is not None and options.option_count:
            picked = options.get_option_at_index(options.highlighted)
            if picked.id is not None:
                self.dismiss(int(picked.id))

    @on(OptionList.OptionSelected, "#found")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))
