"""Roadmap: Now | Next | Later lanes of cards, grouped or filtered by goal, with the goals
and their key results below."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...board import Board, ItemView
from ...domain.models import CLOSED_STATUSES, Horizon
from ...domain.planning import CheckIn, Goal
from ..text import bar, literal, show
from ..widgets.card_list import CardList, Line
from ..widgets.footer import BoardFooter
from ..widgets.forms import GoalDialog
from ..widgets.okr_forms import CheckInDialog, KeyResultDialog, checked_in
from .archived_goals import ArchivedGoalsScreen
from .base import BoardScreen
from .goal import GoalScreen

LANES = (
    (Horizon.UNPLANNED, "UNPLANNED", "to sort"),
    (Horizon.NOW, "NOW", "2–4 weeks"),
    (Horizon.NEXT, "NEXT", "1–2 quarters"),
    (Horizon.LATER, "LATER", "2+ quarters"),
)
LANE = Binding.Group("Lane", compact=True)
ORDER = Binding.Group("Order", compact=True)
BAR_CELLS = 8


def progress_bar(fraction: float, cells: int = BAR_CELLS) -> str:
    return f"{bar(fraction, cells)} {fraction:.0%}"


def goal_heading(goal: Goal | None) -> str:
    if goal is None:
        return "No goal"
    star = "★ " if goal.north_star else ""
    return f"{star}G{goal.id} {goal.title} {progress_bar(goal.progress, 5)}"


def kr_ids(goal: Goal) -> set[int | None]:
    return {kr.id for kr in goal.key_results}


def goal_lines(goals: list[Goal]) -> list[Content]:
    lines = []
    for goal in goals:
        label = "★ North Star: " if goal.north_star else f"G{goal.id} "
        quarter = f" ({goal.quarter})" if goal.quarter else ""
        results = " · ".join(
            f"{kr.metric} {kr.baseline:,g} → {kr.current:,g} → {kr.target:,g}"
            for kr in goal.key_results
        )
        lines.append(
            Content.assemble(
                (label, "bold"),
                literal(f"{goal.title}{quarter} "),
                (progress_bar(goal.progress), "bold"),
                literal(f"  {results}"),
            )
        )
    if not lines:
        lines.append(
            Content.styled("No goals yet: n adds an objective with its key results.", "dim")
        )
    return lines


@dataclass
class RoadmapData:
    goals: list[Goal] = field(default_factory=list)
    views: dict[int, ItemView] = field(default_factory=dict)


class RoadmapScreen(BoardScreen):
    """Where the work sits in time, and which outcome it serves."""

    TITLE = "Roadmap"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    WRITES = frozenset(
        {"lane", "order", "horizon", "edit", "check_in", "new_goal", "add_key_result"}
    )
    BINDINGS = [
        Binding("shift+left", "lane(-1)", "Lane left", key_display="⇧←", group=LANE),
        Binding("shift+right", "lane(1)", "Lane right", key_display="⇧→", group=LANE),
        Binding("shift+up", "order(-1)", "Order up", key_display="⇧↑", group=ORDER),
        Binding("shift+down", "order(1)", "Order down", key_display="⇧↓", group=ORDER),
        Binding("left", "focus_lane(-1)", "Lane focus left", show=False),
        Binding("right", "focus_lane(1)", "Lane focus right", show=False),
        Binding("h", "horizon", "Horizon"),
        Binding("e,enter", "edit", "Edit"),
        Binding("k", "check_in", "Check in"),
        Binding("o", "open_goal", "Open goal"),
        Binding("n", "new_goal", "New goal"),
        Binding("K", "add_key_result", "Add key result"),
        Binding("g", "toggle_group", "Group by goal"),
        Binding("f", "filter_goal", "Filter goal"),
        Binding("A", "archived_goals", "Archived goals", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.data = RoadmapData()
        self.grouped = True
        self.goal_filter: int | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="roadmap-bar")
        with Horizontal(id="lanes"):
            for horizon, name, _span in LANES:
                with Vertical(classes="lane"):
                    yield Static(id=f"lane-title-{horizon.value}", classes="column-title")
                    yield Lane(horizon, f"nothing planned for {name.lower()}")
        with VerticalScroll(id="goals"):
            yield Static(id="goals-text")
        yield BoardFooter()

    def on_mount(self) -> None:
        self.lane(Horizon.NOW).focus()

    # ----- reading and showing ----------------------------------------------------------

    def load(self, board: Board) -> RoadmapData:
        views = {v.item.id: v for v in board.lists.list_views(open_only=True)}
        return RoadmapData(board.goals.all(), views)

    def first_read(self) -> None:
        """The backlog has read the open items already: start from those."""
        shared = self.poboard.open_views
        if shared is None:
            self.reload()
            return
        seen, views = shared
        self.show_now(seen, RoadmapData(self.board.goals.all(), {v.item.id: v for v in views}))

    def shown(self, ids: set[int]) -> list[ItemView]:
        return [self.data.views[i] for i in ids if i in self.data.views]

    def patch(self, views: list[ItemView], gone: set[int], keep: int | None = None) -> None:
        """Re-read items take their new place; only the lanes they left or joined redraw."""
        lanes = {v.item.horizon for v in self.shown({*gone, *(v.item.id for v in views)})}
        for item_id in gone:
            self.data.views.pop(item_id, None)
        for view in views:
            if view.item.status in CLOSED_STATUSES:
                self.data.views.pop(view.item.id, None)
            else:
                self.data.views[view.item.id] = view
            lanes.add(view.item.horizon)
        for horizon, _, _ in LANES:
            if horizon in lanes:
                self.show_lane(horizon, keep)
        self.fold_unplanned()
        self._show_bar()

    def apply(self, data: RoadmapData, keep: int | None = None) -> None:
        self.data = data
        if self.goal_filter is not None and all(g.id != self.goal_filter for g in data.goals):
            self.goal_filter = None
        for horizon, _, _ in LANES:
            self.show_lane(horizon, keep)
        self.fold_unplanned()
        show(self.query_one("#goals-text", Static), Content("\n").join(goal_lines(data.goals)))
        self._show_bar()

    def _show_bar(self) -> None:
        unplanned = sum(1 for v in self.data.views.values() if v.item.horizon is Horizon.UNPLANNED)
        goal = next((g for g in self.data.goals if g.id == self.goal_filter), None)
        parts = [
            ("group: ", "dim"),
            ("goal" if self.grouped else "none", "bold"),
            ("   filter: ", "dim"),
            (f"G{goal.id} {goal.title}" if goal else "all goals", "bold"),
        ]
        if unplanned:
            parts.append((f"   {unplanned} unplanned: h or ⇧→ gives each a horizon", "dim"))
        show(self.query_one("#roadmap-bar", Static), Content.assemble(*parts))

    def fold_unplanned(self) -> None:
        """The Unplanned lane folds away when nothing waits in it (and the focus, if it
        was there, moves to Now)."""
        lane = self.lane(Horizon.UNPLANNED)
        empty = not lane.card_ids
        box = lane.parent
        if box is not None and box.display == empty:
            box.display = not empty
        if empty and lane.has_focus:
            self.lane(Horizon.NOW).focus()

    def lane_views(self, horizon: Horizon) -> list[ItemView]:
        chosen = [
            v
            for v in self.data.views.values()
            if v.item.horizon is horizon
            and (self.goal_filter is None or v.item.goal_id == self.goal_filter)
        ]
        order = {g.id: n for n, g in enumerate(self.data.goals)}
        if self.grouped:
            chosen.sort(key=lambda v: (order.get(v.item.goal_id, len(order)), v.item.rank))
        else:
            chosen.sort(key=lambda v: v.item.rank)
        return chosen

    def show_lane(self, horizon: Horizon, keep: int | None = None) -> None:
        views = self.lane_views(horizon)
        goals = {g.id: g for g in self.data.goals}
        wide = self.size.width >= 120
        lines: list[Line] = []
        heading: object = object()
        for view in views:
            if self.grouped and view.item.goal_id != heading:
                heading = view.item.goal_id
                goal = goals.get(view.item.goal_id)
                lines.append(Line(goal_heading(goal), tone="heading"))
            lines.extend(self.card(view, wide))
        name, span = next((n, s) for h, n, s in LANES if h is horizon)
        show(
            self.query_one(f"#lane-title-{horizon.value}", Static),
            Content.assemble((f"{name} ", "bold"), (span, "dim"), f"  ({len(views)})"),
        )
        self.lane(horizon).show(lines, keep)

    def card(self, view: ItemView, wide: bool) -> list[Line]:
        """Key and title; score and readiness always in view; slips on a second line.
        (Made for every open item of a lane, so it is kept plain.)"""
        item = view.item
        right = f"{view.score:.1f} {'✗' if item.missing else '✓'}"
        if wide:
            right = f"{item.kind} {right}"
        if item.goal_id and not self.grouped:
            right = f"G{item.goal_id} {right}"
        lines = [Line(f"#{item.id} {item.title}", item.id, right, "", True)]
        if item.slipped:
            lines.append(Line(f"   slipped ×{item.slipped}", item.id, "", "muted"))
        return lines

    # ----- helpers ----------------------------------------------------------------------

    @property
    def focused_lane(self) -> Horizon | None:
        focused = self.focused
        return focused.horizon if isinstance(focused, Lane) else None

    @property
    def current(self) -> ItemView | None:
        focused = self.focused
        item_id = focused.current_id if isinstance(focused, CardList) else None
        return self.data.views.get(item_id) if item_id else None

    # ----- actions ----------------------------------------------------------------------

    def lane(self, horizon: Horizon) -> CardList:
        return self.query_one(f"#lane-{horizon.value}", CardList)

    def place(self, view: ItemView) -> str:
        return next(name.capitalize() for h, name, _ in LANES if h is view.item.horizon)

    def lane_shown(self, horizon: Horizon) -> bool:
        box = self.lane(horizon).parent
        return box is None or bool(box.display)

    def action_focus_lane(self, step: int) -> None:
        shown = [h for h, _, _ in LANES if self.lane_shown(h)]
        current = self.focused_lane or Horizon.NOW
        index = shown.index(current) if current in shown else 0
        self.lane(shown[max(0, min(len(shown) - 1, index + step))]).focus()

    def action_horizon(self) -> None:
        view = self.current
        if view is None:
            return
        item_id = view.item.id

        def follow() -> None:
            """Focus the lane the card went to, with the card under the cursor."""
            moved = self.data.views.get(item_id)
            if moved is not None:
                self.lane(moved.item.horizon).focus()
                self.lane(moved.item.horizon).select(item_id)

        self.choose_horizon(view, lambda: self.call_after_refresh(follow))

    def action_lane(self, step: int) -> None:
        view, lane = self.current, self.focused_lane
        if view is None or lane is None:
            return
        lanes = [h for h, _, _ in LANES]
        index = lanes.index(lane) + step
        if not 0 <= index < len(lanes):
            return
        target = lanes[index]
        item_id = view.item.id

        def follow() -> None:
            cards = self.lane(target)
            cards.focus()
            cards.select(item_id)

        self.attempt(
            lambda board: board.items.edit(item_id, {"horizon": target}, view.item.version),
            keep=item_id,
            touched=[item_id],
            then=follow,
        )

    def action_order(self, step: int) -> None:
        view, lane = self.current, self.focused_lane
        if view is None or lane is None:
            return
        siblings = [
            v
            for v in self.lane_views(lane)
            if not self.grouped or v.item.goal_id == view.item.goal_id
        ]
        index = next(n for n, v in enumerate(siblings) if v.item.id == view.item.id)
        if not 0 <= index + step < len(siblings):
            return
        neighbour = siblings[index + step].item.id
        item_id = view.item.id
        if step < 0:
            self.attempt(
                lambda board: board.items.rank(item_id, before=neighbour),
                item_id,
                touched=[item_id],
            )
        else:
            self.attempt(
                lambda board: board.items.rank(item_id, after=neighbour), item_id, touched=[item_id]
            )

    def action_edit(self) -> None:
        view = self.current
        if view is not None:
            self.app.push_screen(self.poboard.item_editor(view.item.id), self.after_edit)

    def action_toggle_group(self) -> None:
        self.grouped = not self.grouped
        self.apply(self.data, self.current.item.id if self.current else None)

    def action_filter_goal(self) -> None:
        ids: list[int | None] = [None, *(g.id for g in self.data.goals)]
        position = ids.index(self.goal_filter) if self.goal_filter in ids else 0
        self.goal_filter = ids[(position + 1) % len(ids)]
        self.apply(self.data)

    def action_new_goal(self) -> None:
        self.app.push_screen(GoalDialog(self.board), lambda goal: self.reload())

    def action_archived_goals(self) -> None:
        self.app.push_screen(ArchivedGoalsScreen(self.board), lambda _: self.reload())

    def goal_in_view(self) -> Goal | None:
        """The goal of the card under the cursor, else the one the lanes are filtered on."""
        view = self.current
        goal_id = (view.item.goal_id if view else None) or self.goal_filter
        return next((g for g in self.data.goals if g.id == goal_id), None)

    def action_check_in(self) -> None:
        """Check in a key result: the one the card serves, else the first of its goal."""
        goals = self.board.goals.all()
        if not any(g.key_results for g in goals):
            self.refuse(
                "No key results yet: K adds one to a goal"
                if goals
                else "No goals yet: press n to add one first"
            )
            return
        view, goal = self.current, self.goal_in_view()
        chosen = view.item.key_result_id if view else None
        if chosen is None and goal is not None and goal.key_results:
            chosen = goal.key_results[0].id
        self.app.push_screen(CheckInDialog(self.board, goals, chosen), self.after_check_in)

    def after_check_in(self, checkin: CheckIn | None) -> None:
        if checkin is None:
            return
        served = [g for g in self.board.goals.all() if checkin.key_result_id in kr_ids(g)]
        if served:
            self.notify(checked_in(served[0], checkin), timeout=2.5)  # over the KR band
        self.after_board_change()

    def action_open_goal(self) -> None:
        """The goal of the card under the cursor (or the filtered one, or the first)."""
        if not self.data.goals:
            self.refuse("No goals yet: press n to add one first")
            return
        goal = self.goal_in_view() or self.data.goals[0]
        ids = [g.id or 0 for g in self.data.goals]
        self.app.push_screen(
            GoalScreen(self.board, ids, goal.id or 0), lambda _: self.after_board_change()
        )

    def action_add_key_result(self) -> None:
        if not self.data.goals:
            self.refuse("No goals yet: press n to add one first")
            return
        goal = self.goal_in_view()
        self.app.push_screen(
            KeyResultDialog(self.board, self.board.goals.all(), goal.id if goal else None),
            lambda added: self.after_board_change() if added is not None else None,
        )


class Lane(CardList):
    """The cards of one horizon of the roadmap, and which horizon that is."""

    def __init__(self, horizon: Horizon, empty: str) -> None:
        super().__init__(empty, id=f"lane-{horizon.value}")
        self.horizon = horizon
