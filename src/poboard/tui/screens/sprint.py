"""Sprint: the board of the running sprint, planning mode beside the backlog, and the
sprint's life from plan to close."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ...board import Board, ItemView, MoveResult, progress_of, rules, sprint_timing
from ...domain.errors import Code, GateRefusal, PoboardError
from ...domain.models import CLOSED_STATUSES, SPRINT_COLUMNS, SprintState, Status
from ...domain.planning import Sprint
from ...domain.settings import Settings
from ..text import literal, show
from ..widgets.card_list import CardList
from ..widgets.dialogs import ConfirmScreen
from ..widgets.footer import BoardFooter
from ..widgets.forms import ExperimentResultDialog
from ..widgets.sprint_forms import CloseSprintDialog, NewSprintDialog
from . import sprint_head
from .base import BoardScreen
from .sprint_cards import (
    COLUMN_TITLES,
    MOVE,
    SprintData,
    card,
    load_sprint_data,
    meter,
    peek,
)

NO_CARD = "no card highlighted here: ← → picks another column"
NO_SPRINT = "no sprint yet: n plans one"
NO_PLANNED = "no sprint is planned: n plans one"
REFUSAL_KEYS = {
    Code.CRITERIA_OPEN: "x criteria",
    Code.NO_CRITERIA: "x criteria",
    Code.WAIVER_WITHOUT_REASON: "x criteria",
    Code.DOD_MISSING: "x criteria",
    Code.NOT_READY: "e edit it",
    Code.ALREADY_DONE: "⇧← reopens it",
    Code.REOPEN_FIRST: "⇧← reopens it",
}


class SprintScreen(BoardScreen):
    """To do | Doing | Review | Done, with planning mode on `p`."""

    TITLE = "Sprint"
    SMALL_READ = True
    WRITES = frozenset(
        {"move", "criteria", "edit", "commit", "uncommit"}
        | {"start_sprint", "close_sprint", "new_sprint"}
    )
    BINDINGS = [
        Binding("shift+left", "move(-1)", "Move left", key_display="⇧←", group=MOVE),
        Binding("shift+right", "move(1)", "Move right", key_display="⇧→", group=MOVE),
        Binding("left", "focus_column(-1)", "Column left", show=False),
        Binding("right", "focus_column(1)", "Column right", show=False),
        Binding("x", "criteria", "Criteria"),
        Binding("e,enter", "edit", "Edit"),
        Binding("p", "toggle_planning", "Plan"),
        Binding("c", "commit", "Commit"),
        Binding("u", "uncommit", "Un-commit"),
        Binding("S", "start_sprint", "Start sprint", key_display="S"),
        Binding("C", "close_sprint", "Close sprint", key_display="C"),
        Binding("n", "new_sprint", "New sprint"),
        Binding("escape", "dismiss_refusal", "Dismiss", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.planning_mode = False
        self.data = SprintData(Settings(), None, None, None)
        self.refused_item: int | None = None
        self.placed = False  # the cursor was put on the first card of the board

    def compose_body(self) -> ComposeResult:
        yield Static(id="sprint-head")
        yield Static(id="no-sprint")
        with Horizontal(id="columns"):
            for status in SPRINT_COLUMNS:
                with Vertical(classes="column"):
                    yield Static(id=f"title-{status.value}", classes="column-title")
                    yield CardList("—", id=f"col-{status.value}")
        with Horizontal(id="planning"):
            with Vertical(classes="column"):
                yield Static("BACKLOG", classes="column-title", id="plan-backlog-title")
                yield CardList("the backlog is empty", id="plan-backlog")
            with Vertical(classes="column"):
                yield Static(id="plan-sprint-title", classes="column-title")
                yield Static(id="capacity")
                yield CardList(
                    "nothing committed yet: c commits the highlighted item", id="plan-sprint"
                )
        yield Static(id="peek")
        yield BoardFooter()

    # ----- reading and showing ----------------------------------------------------------

    def load(self, board: Board) -> SprintData:
        return load_sprint_data(board, self.today, self.planning_mode)

    @property
    def today(self) -> date:
        return self.poboard.today or date.today()

    def shown(self, ids: set[int]) -> list[ItemView]:
        return [v for v in [*self.data.views, *(self.data.backlog or [])] if v.item.id in ids]

    def patch(self, views: list[ItemView], gone: set[int], keep: int | None = None) -> None:
        """Re-read items join the sprint they are in now, or the planning backlog."""
        data, fresh = self.data, {v.item.id for v in views} | gone
        data.views = [v for v in data.views if v.item.id not in fresh]
        data.views += [v for v in views if v.item.sprint_id in data.sprint_ids]
        data.views.sort(key=lambda v: (v.item.rank, v.item.id))
        if data.backlog is not None:
            data.backlog = [v for v in data.backlog if v.item.id not in fresh]
            data.backlog += [
                v
                for v in views
                if v.item.sprint_id is None and v.item.status not in CLOSED_STATUSES
            ]
            data.backlog.sort(key=lambda v: (v.item.rank, v.item.id))
        blockers = {b for v in data.views for b in v.item.blocked_by} - set(data.statuses)
        data.statuses.update({v.item.id: v.item.status for v in views})
        data.statuses.update(self.board.lists.statuses(blockers))
        if data.sprint is not None:
            mine = [v.item for v in data.views if v.item.sprint_id == data.sprint.id]
            data.progress = progress_of(data.sprint, mine, self.today)
        self.apply(data, keep)
        self.poboard.refresh_header(data.progress)

    def apply(self, data: SprintData, keep: int | None = None) -> None:
        self.data = data
        has_sprint = data.sprint is not None
        self.query_one("#no-sprint").display = not has_sprint
        self.query_one("#columns").display = has_sprint and not self.planning_mode
        self.query_one("#planning").display = has_sprint and self.planning_mode
        self.query_one("#peek").display = has_sprint
        if not has_sprint:
            self.planning_mode = False
            self._show_empty()
            self.refresh_bindings()
            return
        self._show_head()
        if self.planning_mode:
            self._show_planning(keep)
        else:
            self._show_columns(keep)
        self.refresh_bindings()

    def _show_empty(self) -> None:
        show(self.query_one("#sprint-head", Static), Content.styled("Sprint", "bold"))
        show(self.query_one("#no-sprint", Static), sprint_head.no_sprint(self.data))

    def _show_head(self) -> None:
        text = sprint_head.head(self.data, self.planning_mode, self.today, self.size.width - 2)
        show(self.query_one("#sprint-head", Static), text)

    def on_resize(self) -> None:
        if self.data.sprint is not None and self.data.progress is not None:
            self._show_head()

    def _show_columns(self, keep: int | None) -> None:
        sprint = self.data.sprint
        assert sprint is not None
        mine = [v for v in self.data.views if v.item.sprint_id == sprint.id]
        counts = {s.value: sum(1 for v in mine if v.item.status is s) for s in SPRINT_COLUMNS}
        breaches = rules.wip_breaches(counts, self.data.settings.wip)
        for status in SPRINT_COLUMNS:
            chosen = [v for v in mine if v.item.status is status]
            cards = [line for v in chosen for line in card(v, self.data.statuses)]
            title = f"{COLUMN_TITLES[status]} ({breaches.get(status.value, len(chosen))})"
            widget = self.query_one(f"#title-{status.value}", Static)
            breach = " ⚠ over limit" if status.value in breaches else ""
            show(widget, Content.styled(title + breach, "bold"))
            widget.set_class(status.value in breaches, "-breach")
            self.query_one(f"#col-{status.value}", CardList).show(cards, keep)
        if keep is not None:
            self.focus_card(keep)
        elif not self.placed and mine:
            self.placed = True  # once: then the cursor stays where the user puts it
            focused = self.focused_cards
            if focused is None or focused.current_id is None:
                first = next(s for s in SPRINT_COLUMNS if counts[s.value])
                self.query_one(f"#col-{first.value}", CardList).focus()

    def _show_planning(self, keep: int | None) -> None:
        target = self.data.planning
        assert target is not None
        backlog = sorted(self.data.backlog or [], key=lambda v: not v.ready)
        committed = [v for v in self.data.views if v.item.sprint_id == target.id]
        ready = sum(1 for v in backlog if v.ready)
        show(
            self.query_one("#plan-backlog-title", Static),
            literal(f"BACKLOG · ready ✓ first · {ready} of {len(backlog)} ready", "bold"),
        )
        self.query_one("#plan-backlog", CardList).show(
            [line for v in backlog for line in card(v, self.data.statuses, planning=True)], keep
        )
        self.query_one("#plan-sprint", CardList).show(
            [line for v in committed for line in card(v, self.data.statuses)], keep
        )
        points = rules.points([v.item for v in committed])
        over = points > target.capacity
        show(
            self.query_one("#plan-sprint-title", Static),
            literal(f"{target.name.upper()} “{target.goal}”", "bold"),
        )
        text = f"capacity {meter(points, target.capacity)} {points}/{target.capacity} pts"
        if over:
            text += f" · over by {points - target.capacity}"
        capacity = self.query_one("#capacity", Static)
        show(capacity, Content(text))
        capacity.set_class(over, "-over")
        if keep is not None:
            self.focus_card(keep)

    # ----- helpers ----------------------------------------------------------------------

    @property
    def focused_cards(self) -> CardList | None:
        focused = self.focused
        return focused if isinstance(focused, CardList) else None

    @property
    def current_id(self) -> int | None:
        cards = self.focused_cards
        return cards.current_id if cards else None

    def view(self, item_id: int) -> ItemView | None:
        return next((v for v in self.data.views if v.item.id == item_id), None)

    def place(self, view: ItemView) -> str:
        return COLUMN_TITLES.get(view.item.status, view.item.status.value).capitalize()

    @on(CardList.Highlighted)
    def show_peek(self) -> None:
        """The highlighted card in full below the board (titles are cut in a column)."""
        item_id = self.current_id
        views = [*self.data.views, *(self.data.backlog or [])]
        found = next((v for v in views if v.item.id == item_id), None)
        show(self.query_one("#peek", Static), peek(found))

    def on_descendant_focus(self) -> None:
        self.show_peek()

    def unavailable(self, action: str) -> str | None:
        """The keys that cannot act in this state: the board's without a sprint or in
        planning, planning's outside it, and starting or closing one as the sprints
        stand."""
        sprint = self.data.sprint
        active = sprint is not None and sprint.state is SprintState.ACTIVE
        if action in ("move", "criteria", "toggle_planning", "edit") and sprint is None:
            return NO_SPRINT
        if action in ("move", "criteria") and self.planning_mode:
            return "planning shows the backlog beside the sprint: p goes back to the board"
        if action in ("commit", "uncommit") and not self.planning_mode:
            return f"{'c commits' if action == 'commit' else 'u un-commits'} in planning: p plans"
        if action == "start_sprint" and (active or self.data.planning is None):
            return "a sprint is running: C closes it first" if active else NO_PLANNED
        if action == "close_sprint" and not active:
            return "no sprint is running: S starts the planned one, n plans one"
        return None

    def refuse_item(self, item_id: int | None, error: PoboardError, codes: set[Code]) -> None:
        """Refuse a write to this item, with the keys that act on it (x and e then act on
        the refused item, wherever the cursor is), chosen by the refusal's codes."""
        self.refused_item = item_id
        keys = [key for code, key in REFUSAL_KEYS.items() if code in codes]
        self.refuse(error, "   ".join(dict.fromkeys(keys)))

    def action_dismiss_refusal(self) -> None:
        """Esc, or the write that follows, puts a refused item's refusal away."""
        if self.refused_item is not None or self.refused is not None:
            self.app.clear_notifications()
        self.refused_item = None
        self.refused = None

    # ----- board actions ----------------------------------------------------------------

    def action_focus_column(self, step: int) -> None:
        if self.data.sprint is None or self.planning_mode:
            return  # no columns of the board are shown
        columns = [self.query_one(f"#col-{s.value}", CardList) for s in SPRINT_COLUMNS]
        current = self.focused_cards
        index = columns.index(current) if current in columns else 0
        columns[max(0, min(len(columns) - 1, index + step))].focus()

    def action_move(self, step: int) -> None:
        item_id = self.current_id
        view = self.view(item_id) if item_id else None
        if view is None:
            self.refuse(NO_CARD)
            return
        order = list(SPRINT_COLUMNS)
        index = order.index(view.item.status) if view.item.status in order else 0
        if not 0 <= index + step < len(order):
            return
        target = order[index + step]
        item_id = view.item.id
        self.generation += 1

        def moved(result: MoveResult) -> None:
            late = self.write_came_late()
            self.action_dismiss_refusal()
            for notice in result.warnings:
                self.notify(notice.sentence, title="Warning", severity="warning", timeout=6)
            self.refresh_items([item_id], keep=None if late else item_id)

        def refused(error: PoboardError) -> None:
            late = self.poboard.writes.late
            if isinstance(error, GateRefusal):
                if error.codes == {Code.EXPERIMENT_UNDECIDED} and not late:
                    self.decide_experiment(view, step)
                    return
                self.refuse_item(item_id, error, set(error.codes))
                self.note_refusal(error)
                return
            self.refuse_item(item_id, error, set())
            self.refresh_items([item_id], keep=None if late else item_id)

        self.poboard.writes.run(
            lambda board: board.items.move(item_id, target, seen=view.item), moved, refused
        )

    def decide_experiment(self, view: ItemView, step: int) -> None:
        """An experiment reaches Done with its decision: ask for it, then move on."""
        item_id = view.item.id

        def decided(saved: object) -> None:
            if saved is None:
                return
            self.refresh_items([item_id], keep=item_id)
            self.action_move(step)

        self.app.push_screen(ExperimentResultDialog(self.board, view.item), decided)

    def action_criteria(self) -> None:
        item_id = self.refused_item or self.current_id
        if item_id:
            self.app.push_screen(self.poboard.item_editor(item_id, tab="criteria"), self.after_edit)
        else:
            self.refuse(NO_CARD)

    def action_edit(self) -> None:
        """Edit the highlighted card; after a refusal in planning, the refused item, on
        the first field it still needs."""
        refused = self.refused_item if self.planning_mode else None
        item_id = refused or self.current_id
        if item_id:
            editor = self.poboard.item_editor(item_id, focus_missing=refused is not None)
            self.app.push_screen(editor, self.after_edit)
        else:
            self.refuse(NO_CARD)

    def action_toggle_planning(self) -> None:
        self.planning_mode = not self.planning_mode
        self.action_dismiss_refusal()
        if self.planning_mode and self.data.backlog is None:
            self.reload()  # the backlog is read when planning needs it
        self.apply(self.data)
        first = "#plan-backlog" if self.planning_mode else f"#col-{Status.TODO.value}"
        self.query_one(first, CardList).focus()

    def action_commit(self) -> None:
        target = self.data.planning
        item_id = self.query_one("#plan-backlog", CardList).current_id
        if target is None or item_id is None:
            return
        self.generation += 1

        def committed(_: object) -> None:
            late = self.write_came_late()
            self.action_dismiss_refusal()
            self.refresh_items([item_id], keep=None if late else item_id)
            if not late:
                self.query_one("#plan-backlog", CardList).focus()

        def refused(error: PoboardError) -> None:
            self.refuse_item(item_id, error, {error.code})
            self.note_refusal(error)

        self.poboard.writes.run(
            lambda board: board.sprints.commit([item_id], target.name), committed, refused
        )

    def action_uncommit(self) -> None:
        item_id = self.query_one("#plan-sprint", CardList).current_id
        view = self.view(item_id) if item_id else None
        if view is None:
            return
        self.attempt(
            lambda board: board.sprints.uncommit(view.item.id, view.item.version),
            keep=view.item.id,
            touched=[view.item.id],
            then=self.query_one("#plan-sprint", CardList).focus,
        )

    def action_new_sprint(self) -> None:
        def created(sprint: Sprint | None) -> None:
            if sprint is not None:
                self.notify(f"{sprint.name} planned: p plans its work, S starts it", timeout=5)
                self.reload()

        self.app.push_screen(NewSprintDialog(self.board), created)

    def action_start_sprint(self) -> None:
        target = self.data.planning
        if target is None:
            return

        early = target.start > self.today

        def answered(start: bool | None) -> None:
            if start:
                self.attempt(
                    lambda board: board.sprints.start_sprint(target.name),  # asked: early or not
                    success=f"{target.name} started",
                )

        question = f"Start {target.name} “{target.goal}” ({target.start} – {target.end})?"
        if early:
            question = (
                f"{target.name} is planned to start {target.start:%a %b %d}; "
                "start it today instead?"
            )
        self.app.push_screen(ConfirmScreen(question, "Start today" if early else "Start"), answered)

    def action_close_sprint(self) -> None:
        """Close the running sprint; before its last day, only once the user confirms."""
        sprint = self.data.sprint
        if sprint is None or sprint.state is not SprintState.ACTIVE:
            return
        unfinished = [
            v.item
            for v in self.data.views
            if v.item.sprint_id == sprint.id and v.item.status not in CLOSED_STATUSES
        ]

        def closed(result: object) -> None:
            if result is not None:
                self.notify(f"{sprint.name} closed; velocity recorded", timeout=5)
                self.planning_mode = False
                self.reload()
                self.poboard.refresh_header()

        def close() -> None:
            self.app.push_screen(CloseSprintDialog(self.board, sprint, unfinished), closed)

        if self.today >= sprint.end:
            close()
            return
        left = sprint_timing(sprint, self.today)
        open_items = f", {len(unfinished)} items unfinished" if unfinished else ""
        self.app.push_screen(
            ConfirmScreen(
                f"{sprint.name} ends {sprint.end:%b %d} ({left}{open_items}). Close it early?",
                "Close early",
            ),
            lambda yes: close() if yes else None,
        )
