"""Retro: the format's columns of cards with votes, the action items, and last time's
open actions reviewed first so none is silently forgotten."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ...board import Board
from ...domain.errors import NotFoundError, PoboardError
from ...domain.models import Item
from ...domain.planning import Retro
from ...services.retros import cards_by_votes
from ..text import literal, show, visible
from ..widgets.card_list import CardList
from ..widgets.dialogs import ConfirmScreen, PromptScreen
from ..widgets.footer import BoardFooter
from ..widgets.forms import ActionDialog, RetroDialog
from ..writes import Write
from .base import BoardScreen
from .retro_cards import (
    ACTIONS_KEY,
    MAX_COLUMNS,
    RetroColumn,
    RetroData,
    action_line,
    card_lines,
    key_refusal,
    panel_title,
)


class RetroScreen(BoardScreen):
    """What went well, what to improve, what to standardize, and who does what next."""

    TITLE = "Retro"
    SMALL_READ = True
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    WRITES = frozenset(
        {"add_card", "vote", "edit_card", "add_action", "to_backlog", "done", "carry_over"}
        | {"delete_or_drop", "unvote", "new_retro"}
    )
    BINDINGS = [  # most used first: the footer shows those that fit
        Binding("a", "add_card(False)", "Card"),
        Binding("v", "vote", "Vote"),
        Binding(
            ACTIONS_KEY,
            "focus_actions",
            "Actions",
            tooltip="Go to the actions (the review of earlier ones first); again: the cards",
        ),
        Binding("e", "edit_card", "Edit card"),
        Binding("t", "add_action", "New action"),
        Binding(
            "b",
            "to_backlog",
            "To backlog",
            tooltip="Action → backlog item: the editor opens on its text, owner and retro",
        ),
        Binding("d", "done", "Done"),
        Binding("o", "carry_over", "Carry over"),
        Binding(
            "x", "delete_or_drop", "Delete/drop", tooltip="Delete your card, or drop an action"
        ),
        Binding("A", "add_card(True)", "Anonymous card", key_display="A"),
        Binding("V", "unvote", "Unvote", key_display="V"),
        Binding("s", "toggle_sort", "Sort by votes"),
        Binding("n", "new_retro", "Start retro"),
        Binding("left", "focus_column(-1)", "Column left", show=False),
        Binding("right", "focus_column(1)", "Column right", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data = RetroData()
        self.by_votes = False
        self.last_column: RetroColumn | None = None  # where the actions key returns to

    def compose_body(self) -> ComposeResult:
        yield Static(id="retro-head")
        yield Static(id="retro-empty")
        with Vertical(id="review-box"):
            yield Static(id="review-title", classes="column-title")
            yield CardList("", id="review")
        with Horizontal(id="retro-columns"):
            for n in range(MAX_COLUMNS):
                with Vertical(classes="column", id=f"retro-column-{n}"):
                    yield Static(id=f"retro-title-{n}", classes="column-title")
                    yield RetroColumn(n)
        with Vertical(id="actions-box"):
            yield Static(id="actions-title", classes="column-title")
            yield CardList("no actions yet: t adds one", id="actions")
        yield BoardFooter()

    def on_mount(self) -> None:
        self.query_one("#retro-col-0", CardList).focus()

    # ----- reading and showing ----------------------------------------------------------

    def load(self, board: Board) -> RetroData:
        sprints = board.sprints.all()
        names = {s.id: s.name for s in sprints}
        retros = board.retros.all()
        try:
            last = board.retros.retro_sprint()
        except NotFoundError:
            last = None
        waiting = last if last and not any(r.sprint_id == last.id for r in retros) else None
        retro_names = {r.id: names.get(r.sprint_id, "") for r in retros}
        retro = retros[-1] if retros else None
        if retro is None:
            return RetroData(waiting=waiting, retro_sprints=retro_names)
        sprint = next((s for s in sprints if s.id == retro.sprint_id), None)
        return RetroData(
            retro,
            sprint,
            waiting,
            board.retros.previous_open_actions(retro.id or 0),
            board.retros.votes_left(retro.id or 0),
            retro_names,
        )

    def apply(self, data: RetroData, keep: int | None = None) -> None:
        self.data = data
        retro = data.retro
        self.query_one("#retro-empty").display = retro is None
        for part in ("#review-box", "#retro-columns", "#actions-box"):
            self.query_one(part).display = retro is not None
        if retro is None:
            self._show_empty()
        else:
            self._show_retro(retro, keep)
        self.refresh_bindings()

    def _show_empty(self) -> None:
        show(self.query_one("#retro-head", Static), Content.styled("Retro", "bold"))
        waiting = self.data.waiting
        if waiting is None:
            text = (
                "No retro yet. A retro follows a closed sprint: close one on the Sprint "
                "screen (3), then come back here."
            )
        else:
            text = f"{waiting.name} is closed and has no retro yet. Press n to start it."
        show(self.query_one("#retro-empty", Static), literal(text))

    def _show_retro(self, retro: Retro, keep: int | None) -> None:
        columns = retro.columns
        name = self.data.sprint.name if self.data.sprint else "no sprint"
        waiting = (
            f"   · {self.data.waiting.name} has no retro yet: n starts it"
            if self.data.waiting
            else ""
        )
        show(
            self.query_one("#retro-head", Static),
            Content.assemble(
                (f"Retro · {visible(name)} · ", "bold"),
                literal(" / ".join(columns)),
                (f" · votes left: {self.data.votes_left}", "bold"),
                (waiting, "dim"),
            ),
        )
        for n in range(MAX_COLUMNS):
            box = self.query_one(f"#retro-column-{n}")
            box.display = n < len(columns)
            if n >= len(columns):
                continue
            cards = [c for c in retro.cards if c.column == columns[n]]
            if self.by_votes:
                cards = cards_by_votes(cards)
            show(
                self.query_one(f"#retro-title-{n}", Static),
                literal(f"{columns[n].upper()} ({len(cards)})", "bold"),
            )
            width = self.size.width // len(columns)
            self.query_one(f"#retro-col-{n}", CardList).show(
                [line for c in cards for line in card_lines(c, self.board.user, width)], keep
            )
        review = self.data.review
        today = self.poboard.today or self.board.today()
        self.query_one("#review-box").display = bool(review)
        if review:
            show(
                self.query_one("#review-title", Static),
                panel_title(
                    f"REVIEW FIRST ({len(review)})", "d done · o carry over · x drop · b to backlog"
                ),
            )
            self.query_one("#review", CardList).show(
                [
                    action_line(a, today, self.data.retro_sprints.get(a.retro_id, ""))
                    for a in review
                ],
                keep,
            )
        show(
            self.query_one("#actions-title", Static),
            panel_title(
                f"ACTIONS ({len(retro.actions)})", "t add · b to backlog · d done · x drop"
            ),
        )
        self.query_one("#actions", CardList).show(
            [action_line(a, today) for a in retro.actions], keep
        )

    # ----- focus ------------------------------------------------------------------------

    @property
    def focused_list(self) -> str:
        focused = self.focused
        if isinstance(focused, RetroColumn):
            return "cards"
        if not isinstance(focused, CardList) or not focused.id:
            return ""
        return focused.id  # the review or the actions

    def focused_column(self) -> str | None:
        focused = self.focused
        retro = self.data.retro
        if retro is None or not isinstance(focused, CardList):
            return None
        return retro.columns[focused.index if isinstance(focused, RetroColumn) else 0]

    def current_id(self) -> int | None:
        focused = self.focused
        return focused.current_id if isinstance(focused, CardList) else None

    def unavailable(self, action: str) -> str | None:
        return key_refusal(action, self.data, self.focused_list, self.current_id() is not None)

    @on(CardList.Highlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    @on(events.DescendantFocus)
    def _remember_column(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, RetroColumn):
            self.last_column = event.widget

    def action_focus_actions(self) -> None:
        """The review of earlier actions first (when there is one), then this retro's
        actions, then back to the column the cursor came from."""
        where = self.focused_list
        if where == "actions":
            target = self.last_column or self.query_one("#retro-col-0", CardList)
        elif where == "review" or not self.data.review:
            target = self.query_one("#actions", CardList)
        else:
            target = self.query_one("#review", CardList)
        target.focus()

    def action_focus_column(self, step: int) -> None:
        retro = self.data.retro
        if retro is None:
            return
        focused = self.focused
        index = focused.index if isinstance(focused, RetroColumn) else 0
        index = max(0, min(len(retro.columns) - 1, index + step))
        self.query_one(f"#retro-col-{index}", CardList).focus()

    # ----- actions ----------------------------------------------------------------------

    def write(
        self, change: Write[Any], keep: int | None = None, success: str | None = None
    ) -> None:
        focused = self.focused
        then = focused.focus if focused is not None else None
        self.attempt(change, keep=keep, success=success, then=then)

    def action_add_card(self, anonymous: bool) -> None:
        retro, column = self.data.retro, self.focused_column()
        if retro is None or column is None:
            return
        who = "anonymously" if anonymous else f"as {self.board.user}"

        def add(text: str | None) -> None:
            if text:
                self.write(
                    lambda board: board.retros.add_card(retro.id or 0, column, text, anonymous)
                )

        self.app.push_screen(PromptScreen(f"A card for {column}, {who}:"), add)

    def action_edit_card(self) -> None:
        card_id = self.current_id()
        if card_id is None:
            return
        try:
            card = self.board.retros.own_card(card_id, "edit")
        except PoboardError as error:
            self.refuse(error)
            return

        def edit(text: str | None) -> None:
            if text:
                self.write(lambda board: board.retros.edit_card(card_id, text), keep=card_id)

        self.app.push_screen(PromptScreen("Edit your card:", card.text), edit)

    def action_vote(self) -> None:
        card_id = self.current_id()
        if card_id is not None:
            self.write(lambda board: board.retros.vote(card_id), keep=card_id)

    def action_unvote(self) -> None:
        card_id = self.current_id()
        if card_id is not None:
            self.write(lambda board: board.retros.unvote(card_id), keep=card_id)

    def action_toggle_sort(self) -> None:
        self.by_votes = not self.by_votes
        self.apply(self.data)

    def action_delete_or_drop(self) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        if self.focused_list != "cards":
            self.write(
                lambda board: board.retros.review_action(item_id, "dropped"), success="Dropped"
            )
            return
        try:
            self.board.retros.own_card(item_id, "delete")
        except PoboardError as error:
            self.refuse(error)
            return

        def delete(yes: bool | None) -> None:
            if yes:
                self.write(lambda board: board.retros.delete_card(item_id))

        self.app.push_screen(ConfirmScreen("Delete this card?", "Delete"), delete)

    def action_done(self) -> None:
        action_id = self.current_id()
        if action_id is None:
            return
        if self.focused_list == "review":
            self.write(lambda board: board.retros.review_action(action_id, "done"), success="Done")
        else:
            self.write(
                lambda board: board.retros.set_action_state(action_id, "done"), keep=action_id
            )

    def action_carry_over(self) -> None:
        action_id = self.current_id()
        if action_id is not None:
            self.write(
                lambda board: board.retros.review_action(action_id, "carried"),
                success="Carried over into this retro",
            )

    def action_add_action(self) -> None:
        retro = self.data.retro
        if retro is not None:
            self.app.push_screen(
                ActionDialog(self.board, retro.id or 0), lambda action: self.reload()
            )

    def action_to_backlog(self) -> None:
        """The item editor on the action's draft (its text, owner and retro), the cursor
        on the first thing the Definition of Ready still needs; saving adds the item
        and links the action to it, esc leaves the action as it was."""
        action_id = self.current_id()
        if action_id is None:
            return
        try:
            draft = self.board.retros.action_item_draft(action_id)
        except PoboardError as error:
            self.refuse(error)
            return

        def add(board: Board, title: str, criteria: Any, **fields: Any) -> Item:
            return board.retros.action_to_item(action_id, title, criteria, **fields)

        editor = self.poboard.item_editor(
            None,
            focus_missing=True,
            draft=draft,
            add=add,
            heading="New backlog item from a retro action (ctrl+s adds it and links the action)",
        )
        self.app.push_screen(editor, partial(self._action_item_added, action_id))

    def _action_item_added(self, action_id: int, item_id: int | None) -> None:
        if item_id is None:
            return
        self.generation += 1  # the editor wrote: a read begun before is stale
        self.notify(f"#{item_id} added to the backlog; the action links to it", timeout=4)
        self.reload(action_id)
        self.poboard.refresh_header()

    def action_new_retro(self) -> None:
        waiting = self.data.waiting
        if waiting is not None:
            self.app.push_screen(RetroDialog(self.board, waiting), lambda retro: self.reload())
